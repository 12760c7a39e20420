import assert from "node:assert/strict";
import { test } from "node:test";
import { chartKind, decodeProfiles, histogramBars, nullText, profileLines, topValueBars } from "./profile";
// runs/profile.py's Arrow IPC answer (profile.to_ipc) for qty [1, 2, 2, 3, None, 10],
// region ["North", "West", "North", None, "North", "East"], price [1.5, 2.25, None, 3, 4.5, 10]
// and day 2025-01-01..05 and 31, as polars 2.1 writes it.
import fixture from "./profile.fixture.txt";

const profiles = decodeProfiles(new Uint8Array(Buffer.from(fixture.trim(), "base64")));

test("a profile answer decodes to one profile per column", () => {
  assert.deepEqual([...profiles.keys()], ["qty", "region", "price", "day"]);
  const qty = profiles.get("qty");
  assert.ok(qty);
  assert.equal(qty.dtype, "Int64");
  assert.equal(qty.rows, 6);
  assert.equal(qty.nulls, 1);
  assert.equal(qty.distinct, 4);
  assert.deepEqual([qty.min, qty.max, qty.mean], ["1", "10", "3.6"]);
  assert.equal(qty.histogram.length, 10);
  assert.deepEqual(qty.histogram[1], { start: "2", end: "2", count: 2 });
  assert.equal(chartKind(qty), "histogram");
  const region = profiles.get("region");
  assert.ok(region);
  assert.deepEqual(region.top_values, [
    { value: "North", count: 3 },
    { value: "East", count: 1 },
    { value: "West", count: 1 },
  ]);
  assert.equal(chartKind(region), "top");
  assert.equal(profiles.get("day")?.histogram[0]?.start, "2025-01-01");
});

test("histogram bins become bars: the fullest bin fills the height, empty bins are flat", () => {
  const qty = profiles.get("qty");
  assert.ok(qty);
  const bars = histogramBars(qty.histogram, 100, 20);
  assert.equal(bars.length, 10);
  assert.deepEqual(bars.map((b) => b.height), [10, 20, 10, 0, 0, 0, 0, 0, 0, 10]);
  assert.deepEqual(bars.map((b) => b.y), [10, 0, 10, 20, 20, 20, 20, 20, 20, 10]);
  assert.equal(bars[1]?.x, 10);
  assert.equal(bars[1]?.width, 9);
  assert.equal(bars[1]?.label, "2");
  // a bin with a few rows next to a huge one still shows
  const tiny = histogramBars([{ start: "0", end: "1", count: 1 }, { start: "1", end: "2", count: 100000 }], 10, 20);
  assert.equal(tiny[0]?.height, 1);
  assert.equal(tiny[0]?.label, "0 – 1");
  assert.deepEqual(histogramBars([], 100, 20), []);
});

test("top values become segments of one bar, as wide as their share of the rows", () => {
  const region = profiles.get("region");
  assert.ok(region);
  const bars = topValueBars(region.top_values, region.rows, 60, 10);
  assert.deepEqual(bars.map((b) => [b.label, b.x, b.width]), [
    ["North", 0, 29],
    ["East", 30, 9],
    ["West", 40, 9],
  ]);
  assert.deepEqual(topValueBars(region.top_values, 0, 60, 10), []);
});

test("the hover card's lines and the nulls line", () => {
  const price = profiles.get("price");
  assert.ok(price);
  const lines = Object.fromEntries(profileLines(price));
  assert.equal(lines.rows, "6");
  assert.equal(lines.nulls, "1 null (17%)");
  assert.equal(lines.min, "1.5");
  assert.equal(lines.max, "10.0");
  const qty = Object.fromEntries(profileLines({ ...price, dtype: "Int64", min: "-12345", max: "1000000", mean: "3.5000000000000004" }));
  assert.deepEqual([qty.min, qty.max, qty.mean], ["-12,345", "1,000,000", "3.5"]);
  assert.equal(lines.mean, "4.25");
  assert.equal(lines.std, "3.40036762718386");
  assert.equal(nullText({ rows: 5, nulls: 0, null_share: 0 }), "no nulls");
  assert.equal(nullText({ rows: 5, nulls: 5, null_share: 1 }), "all null");
  assert.equal(nullText({ rows: 2000, nulls: 1234, null_share: 0.617 }), "1,234 nulls (62%)");
  const day = Object.fromEntries(profileLines(profiles.get("day") ?? price));
  assert.equal(day.mean, "2025-01-07 16:00:00.000000");
  assert.equal(day.std, undefined);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCount, formatFloat, formatInteger, formatRowChange, formatShare } from "./format";

test("counts and integers get thousands separators; copies do not", () => {
  assert.equal(formatCount(1234567), "1,234,567");
  assert.equal(formatCount(12n ** 20n), "3,833,759,992,447,475,122,176");
  assert.equal(formatInteger(-10001), "-10,001");
  assert.equal(formatInteger(-10001, false), "-10001");
});

test("floats show no noise, keep their .0, and name NaN and infinities as Polars does", () => {
  assert.equal(formatFloat(735.9200000000001), "735.92");
  assert.equal(formatFloat(37382.799999999996), "37,382.8");
  assert.equal(formatFloat(37382.799999999996, false), "37382.8");
  assert.equal(formatFloat(150), "150.0");
  assert.equal(formatFloat(-0.5), "-0.5");
  assert.equal(formatFloat(1.5e-7), "1.5e-7");
  assert.equal(formatFloat(2.5e20), "2.5e20");
  assert.equal(formatFloat(Number.NaN), "NaN");
  assert.equal(formatFloat(Number.NEGATIVE_INFINITY), "-inf");
});

test("shares and changes of rows", () => {
  assert.equal(formatShare(0), "0%");
  assert.equal(formatShare(0.25), "25%");
  assert.equal(formatShare(0.004937), "0.49%");
  assert.equal(formatShare(0.00001), "<0.01%");
  assert.equal(formatShare(1), "100%");
  assert.equal(formatRowChange(-1234), "-1,234 rows");
  assert.equal(formatRowChange(56), "+56 rows");
  assert.equal(formatRowChange(1), "+1 row");
  assert.equal(formatRowChange(0), null);
  assert.equal(formatRowChange(null), null);
});

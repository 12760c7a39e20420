import assert from "node:assert/strict";
import { test } from "node:test";
import { keepKnown, pageOffsets, pageText, toggleSort } from "./paging";

test("a click sorts by one column: ascending, descending, then not at all", () => {
  let s = toggleSort([], "qty", false);
  assert.deepEqual(s, [{ column: "qty", descending: false }]);
  s = toggleSort(s, "qty", false);
  assert.deepEqual(s, [{ column: "qty", descending: true }]);
  assert.deepEqual(toggleSort(s, "qty", false), []);
  // a click on another column replaces the sort, even a sort by several
  const two = [{ column: "a", descending: true }, { column: "b", descending: false }];
  assert.deepEqual(toggleSort(two, "b", false), [{ column: "b", descending: false }]);
});

test("shift-click adds a column, turns it, then drops it, keeping the others", () => {
  let s = toggleSort([{ column: "region", descending: false }], "qty", true);
  assert.deepEqual(s, [{ column: "region", descending: false }, { column: "qty", descending: false }]);
  s = toggleSort(s, "qty", true);
  assert.deepEqual(s, [{ column: "region", descending: false }, { column: "qty", descending: true }]);
  s = toggleSort(s, "region", true);
  assert.deepEqual(s, [{ column: "region", descending: true }, { column: "qty", descending: true }]);
  assert.deepEqual(toggleSort(s, "region", true), [{ column: "qty", descending: true }]);
  assert.deepEqual(keepKnown(s, ["qty"]), [{ column: "qty", descending: true }]);
});

test("paging text and offsets", () => {
  assert.equal(pageText(100, 100, 12345, true), "rows 101–200 of 12,345 matching");
  assert.equal(pageText(0, 100, 600, false), "rows 1–100 of 600");
  assert.equal(pageText(500, 100, 530, false), "rows 501–530 of 530");
  assert.equal(pageText(0, 0, 0, true), "no rows match");
  assert.equal(pageText(0, 0, 0, false), "no rows");
  assert.deepEqual(pageOffsets(0, 100, 600), { prev: null, next: 100 });
  assert.deepEqual(pageOffsets(100, 100, 600), { prev: 0, next: 200 });
  assert.deepEqual(pageOffsets(500, 100, 600), { prev: 400, next: null });
  assert.deepEqual(pageOffsets(50, 100, 120), { prev: 0, next: null });
});

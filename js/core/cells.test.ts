import assert from "node:assert/strict";
import { test } from "node:test";
import { inRange, rangeText } from "./cells";

test("a range of cells copies as tab-separated lines, nulls empty", () => {
  const data = [
    ["1", "a\tb", null],
    ["2", "c", "x"],
  ];
  const text = (r: number, c: number) => data[r]?.[c] ?? null;
  const r = { anchor: { row: 1, col: 2 }, focus: { row: 0, col: 1 } };
  assert.equal(rangeText(r, text), "a b\t\nc\tx");
  assert.equal(rangeText(r, text, ["id", "name", "note"]), "name\tnote\na b\t\nc\tx");
  assert.equal(rangeText({ anchor: { row: 0, col: 0 }, focus: { row: 0, col: 0 } }, text), "1");
  assert.ok(inRange(r, 0, 2) && !inRange(r, 0, 0) && !inRange(null, 0, 0));
});

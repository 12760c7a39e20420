import assert from "node:assert/strict";
import { test } from "node:test";
import { virtualWindow } from "./virtual";

test("renders only the rows in view plus overscan", () => {
  const w = virtualWindow(0, 240, 24, 10000, 5);
  assert.equal(w.start, 0);
  assert.equal(w.end, 16); // 10 visible + 1 partial + 5 overscan
  assert.equal(w.total, 240000);
  const mid = virtualWindow(24 * 500, 240, 24, 10000, 5);
  assert.equal(mid.start, 495);
  assert.equal(mid.end, 516);
  assert.equal(mid.offset, 495 * 24);
});

test("clamps at the end and handles empty tables", () => {
  const end = virtualWindow(1e9, 240, 24, 100, 2);
  assert.equal(end.end, 100);
  assert.ok(end.start >= 100 - 13);
  assert.deepEqual(virtualWindow(0, 240, 24, 0), { start: 0, end: 0, offset: 0, total: 0 });
  const short = virtualWindow(0, 1000, 24, 3);
  assert.deepEqual([short.start, short.end], [0, 3]);
});

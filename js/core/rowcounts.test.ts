import assert from "node:assert/strict";
import { test } from "node:test";
import { changeBadge, changeLines } from "./changes";
import { edgeRows, edgeRowsKey, rowsFlowText } from "./rowcounts";

test("rows along edges, and rows in -> out of a node", () => {
  const rows = edgeRows({ nodes: {}, edges: [{ source: "a", target: "b", port: 1, rows: 1234 }] });
  assert.equal(rows.get(edgeRowsKey({ source: "a", target: "b", port: 1 })), 1234);
  assert.equal(rows.get(edgeRowsKey({ source: "a", target: "b", port: 0 })), undefined);
  assert.equal(rowsFlowText({ rows_in: [600], rows_out: 412, change: -188 }), "600 → 412 rows");
  assert.equal(rowsFlowText({ rows_in: [1200, 5], rows_out: 1, change: -1199 }), "1,200 + 5 → 1 row");
  assert.equal(rowsFlowText({ rows_in: [], rows_out: 600, change: null }), null);
  assert.equal(rowsFlowText({ rows_in: [600], rows_out: null, change: null }), null);
  assert.equal(rowsFlowText(undefined), null);
});

test("a node's change badge and the columns behind it", () => {
  const c = { added: ["revenue", "size"], removed: ["Qty"], retyped: [["qty", "Int64", "Float64"]] };
  assert.equal(changeBadge(c), "+2 -1 ~1");
  assert.equal(changeBadge({ added: [], removed: ["x"], retyped: [] }), "-1");
  assert.equal(changeBadge({ added: [], removed: [], retyped: [] }), null);
  assert.equal(changeBadge(null), null);
  assert.deepEqual(changeLines(c).map((l) => [l.kind, l.column, l.detail]), [
    ["added", "revenue", ""],
    ["added", "size", ""],
    ["removed", "Qty", ""],
    ["retyped", "qty", "Int64 → Float64"],
  ]);
});

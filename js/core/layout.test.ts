import assert from "node:assert/strict";
import { test } from "node:test";
import { GRAPH } from "./fixtures";
import { autoLayout } from "./layout";

test("dagre lays the flow out left to right", () => {
  const boxes = GRAPH.nodes.map((n) => ({ id: n.id, width: 180, height: 60 }));
  const pos = autoLayout(boxes, GRAPH.edges);
  assert.deepEqual(Object.keys(pos).sort(), ["a", "b", "f", "j", "u"]);
  const x = (id: string) => pos[id]?.x ?? NaN;
  assert.ok(x("a") < x("f") && x("f") < x("j") && x("j") < x("u"));
  assert.ok(x("b") < x("j"));
  // no two nodes overlap
  const ids = Object.keys(pos);
  for (const p of ids) for (const q of ids) {
    if (p >= q) continue;
    const A = pos[p]!, B = pos[q]!;
    assert.ok(Math.abs(A.x - B.x) >= 180 || Math.abs(A.y - B.y) >= 60, `${p} overlaps ${q}`);
  }
});

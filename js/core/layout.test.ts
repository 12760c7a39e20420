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

test("a long chain wraps into rows no wider than asked, in reading order", () => {
  const boxes = Array.from({ length: 40 }, (_, i) => ({ id: `n${i}`, width: 180, height: 60 }));
  const edges = boxes.slice(1).map((b, i) => ({ source: `n${i}`, target: b.id, port: 0 }));
  const pos = autoLayout(boxes, edges, 1200);
  const xs = boxes.map((b) => pos[b.id]!.x);
  const ys = boxes.map((b) => pos[b.id]!.y);
  assert.ok(Math.max(...xs) + 180 - Math.min(...xs) <= 1200, "every row fits the width");
  const rows = [...new Set(ys)].sort((a, b) => a - b);
  assert.ok(rows.length >= 7, `${rows.length} rows`);
  for (let i = 1; i < boxes.length; i++) {
    const before = pos[`n${i - 1}`]!, here = pos[`n${i}`]!;
    assert.ok(here.y > before.y || (here.y === before.y && here.x > before.x), `n${i} reads after n${i - 1}`);
  }
});

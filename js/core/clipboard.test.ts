import assert from "node:assert/strict";
import { test } from "node:test";
import { NODE_HEIGHT, copySelection, pasteContent, pasteOffset } from "./clipboard";
import { GRAPH } from "./fixtures";

test("copy keeps the selected nodes and only the edges among them, by index", () => {
  const clip = copySelection(GRAPH, new Set(["f", "j", "b"]));
  assert.ok(clip);
  assert.deepEqual(clip.nodes.map((n) => n.label), ["customers", "big", "join"]);
  assert.deepEqual(clip.edges, [
    { source_index: 1, target_index: 2, port: 0 },
    { source_index: 0, target_index: 2, port: 1 },
  ]);
  assert.equal(copySelection(GRAPH, new Set()), null);
});

test("paste shifts positions and deep-copies settings", () => {
  const clip = copySelection(GRAPH, new Set(["a"]));
  assert.ok(clip);
  const out = pasteContent(clip, { x: 40, y: 40 });
  assert.deepEqual(out.nodes[0]?.position, { x: 40, y: 40 });
  assert.notEqual(out.nodes[0]?.settings, clip.nodes[0]?.settings);
  assert.deepEqual(out.nodes[0]?.settings, { path: "o.csv" });
  assert.deepEqual(clip.nodes[0]?.position, { x: 0, y: 0 });
});

test("a paste lands at the pointer, or below the copied nodes, never on them", () => {
  const clip = copySelection(GRAPH, new Set(["f", "j"]));
  assert.ok(clip);
  assert.deepEqual(pasteOffset(clip, { x: 1000, y: 500 }, 1), { x: 750, y: 500 });
  const below = pasteOffset(clip, null, 1);
  assert.equal(below.x, 0);
  assert.ok(below.y >= 50 + NODE_HEIGHT, "below the lowest copied node");
  assert.ok(pasteOffset(clip, null, 2).y > below.y, "each paste goes one step further");
});

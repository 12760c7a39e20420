import assert from "node:assert/strict";
import { test } from "node:test";
import { copySelection, pasteContent } from "./clipboard";
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

import assert from "node:assert/strict";
import { test } from "node:test";
import { bounds, centeredAt, contains, visibleRect } from "./view";

test("what the pane shows, and whether a node is in it", () => {
  const seen = visibleRect({ x: -100, y: 50, zoom: 0.5 }, 800, 400);
  assert.deepEqual(seen, { x: 200, y: -100, width: 1600, height: 800 });
  assert.ok(contains(seen, { x: 300, y: 0, width: 200, height: 80 }));
  assert.ok(!contains(seen, { x: 1700, y: 0, width: 200, height: 80 }));
  assert.deepEqual(bounds([{ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: -5, width: 5, height: 5 }]), { x: 0, y: -5, width: 25, height: 15 });
  assert.deepEqual(centeredAt({ x: 100, y: 100 }, 200, 80), { x: 0, y: 60 });
});

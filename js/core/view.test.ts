import assert from "node:assert/strict";
import { test } from "node:test";
import { bounds, centeredAt, contains, nudge, visibleRect } from "./view";

test("what the pane shows, and whether a node is in it", () => {
  const seen = visibleRect({ x: -100, y: 50, zoom: 0.5 }, 800, 400);
  assert.deepEqual(seen, { x: 200, y: -100, width: 1600, height: 800 });
  assert.ok(contains(seen, { x: 300, y: 0, width: 200, height: 80 }));
  assert.ok(!contains(seen, { x: 1700, y: 0, width: 200, height: 80 }));
  assert.deepEqual(bounds([{ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: -5, width: 5, height: 5 }]), { x: 0, y: -5, width: 25, height: 15 });
  assert.deepEqual(centeredAt({ x: 100, y: 100 }, 200, 80), { x: 0, y: 60 });
});

test("a node out of view is brought in by the least move, not centred", () => {
  const seen = { x: 0, y: 0, width: 500, height: 300 };
  // hidden past the right edge by 100: the view moves 100 + the margin, no more
  assert.deepEqual(nudge(seen, { x: 420, y: 100, width: 180, height: 80 }, 16), { dx: 116, dy: 0 });
  // above the top: the view moves up
  assert.deepEqual(nudge(seen, { x: 100, y: -50, width: 180, height: 80 }, 16), { dx: 0, dy: -66 });
  // in view already: nothing moves
  assert.deepEqual(nudge(seen, { x: 100, y: 100, width: 180, height: 80 }, 16), { dx: 0, dy: 0 });
  // wider than the view: its start is shown
  assert.deepEqual(nudge(seen, { x: 100, y: 100, width: 900, height: 80 }, 16), { dx: 84, dy: 0 });
});

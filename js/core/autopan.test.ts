import assert from "node:assert/strict";
import { test } from "node:test";
import { BORDER, SPEED, borderPan, nextPan } from "./autopan";

test("the pan grows toward each border and is zero away from them", () => {
  assert.deepEqual(borderPan({ x: 300, y: 200 }, 600, 400), { x: 0, y: 0 });
  assert.deepEqual(borderPan({ x: 0, y: 200 }, 600, 400), { x: SPEED, y: 0 });
  assert.deepEqual(borderPan({ x: -50, y: 200 }, 600, 400), { x: SPEED, y: 0 }); // past it: no faster
  assert.deepEqual(borderPan({ x: 600, y: 400 }, 600, 400), { x: -SPEED, y: -SPEED });
  const near = borderPan({ x: BORDER - 10, y: 200 }, 600, 400).x;
  assert.ok(near > 0 && near < SPEED);
});

test("a drag that starts by the border pans only once it has been away from it", () => {
  const pane = [600, 400] as const;
  let s = nextPan(false, { x: 10, y: 200 }, ...pane); // grabbed by the border
  assert.deepEqual(s, { armed: false, pan: null });
  s = nextPan(s.armed, { x: 15, y: 200 }, ...pane); // still there, carried slowly
  assert.equal(s.pan, null);
  s = nextPan(s.armed, { x: 300, y: 200 }, ...pane); // away
  assert.deepEqual(s, { armed: true, pan: null });
  s = nextPan(s.armed, { x: 5, y: 200 }, ...pane); // back to the border: it pans now
  assert.ok(s.armed && s.pan !== null && s.pan.x > 0);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { placeCard } from "./popover";

const widget = { left: 100, top: 50, width: 800, height: 600 };
const card = { width: 220, height: 200 };

test("a card goes under its column header when it fits there", () => {
  const header = { left: 300, top: 200, width: 140, height: 64 };
  assert.deepEqual(placeCard(header, card, widget), { left: 200, top: 216 });
});

test("in a short preview at the bottom of the widget it opens upward, over the canvas", () => {
  const header = { left: 300, top: 520, width: 140, height: 64 };
  const at = placeCard(header, card, widget);
  assert.equal(at.top + 50 + card.height, 520 - 2); // its bottom edge just above the header
});

test("it never leaves the widget: a header at the right edge pulls it left", () => {
  const header = { left: 850, top: 200, width: 140, height: 64 };
  const at = placeCard(header, card, widget);
  assert.ok(at.left + card.width <= widget.width);
  assert.ok(at.left >= 0 && at.top >= 0 && at.top + card.height <= widget.height);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { hasHiddenWhitespace, showWhitespace, whitespaceParts } from "./whitespace";

test("spaces a reader would not see are marked", () => {
  assert.equal(showWhitespace("Region "), "Region␣");
  assert.equal(showWhitespace(" a  b"), "␣a␣␣b");
  assert.equal(showWhitespace("Order ID"), "Order ID");
  assert.equal(hasHiddenWhitespace("Order ID"), false);
  assert.equal(hasHiddenWhitespace("Region "), true);
  assert.deepEqual(whitespaceParts("Region "), [
    { text: "Region", space: false },
    { text: "␣", space: true },
  ]);
});

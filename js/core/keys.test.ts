import assert from "node:assert/strict";
import { test } from "node:test";
import { keyAction } from "./keys";

const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  keyAction({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

test("undo / redo / copy / paste / delete", () => {
  assert.equal(k("z", { ctrlKey: true }), "undo");
  assert.equal(k("Z", { ctrlKey: true, shiftKey: true }), "redo");
  assert.equal(k("z", { metaKey: true, shiftKey: true }), "redo");
  assert.equal(k("y", { ctrlKey: true }), "redo");
  assert.equal(k("c", { ctrlKey: true }), "copy");
  assert.equal(k("v", { metaKey: true }), "paste");
  assert.equal(k("Delete"), "delete");
  assert.equal(k("Backspace"), "delete");
  assert.equal(k("a", { ctrlKey: true }), "select-all");
});

test("plain letters are not canvas shortcuts", () => {
  assert.equal(k("b"), null);
  assert.equal(k("d"), null);
  assert.equal(k("z"), null);
  assert.equal(k("z", { ctrlKey: true, altKey: true }), null);
  assert.equal(k("Delete", { ctrlKey: true }), null);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import * as draft from "./draft";

const server = { column: "Status", operator: "==", value: "shipped", expr: null };

test("the kernel's echo of a sent edit keeps what the person typed since", () => {
  let s = draft.start(server);
  s = draft.edit(s, { value: "ret" });
  s = draft.markSent(s, "r1", { ...server, value: "ret" });
  s = draft.edit(s, { value: "returned" }); // typing on while r1 travels
  s = draft.serverChanged(s, { ...server, value: "ret" });
  assert.equal(s.values["value"], "returned");
  assert.deepEqual(s.sent, []);
  assert.equal(draft.differs(s, { ...server, value: "returned" }), true);
});

test("any other change of the node (undo, Python) replaces the draft", () => {
  let s = draft.start(server);
  s = draft.chooseMode(s, "", 1);
  s = draft.edit(s, { expr: 'pl.col("Qty") >' });
  s = draft.serverChanged(s, { ...server, value: "returned" });
  assert.deepEqual(s.values, { ...server, value: "returned" });
  assert.deepEqual(s.modes, {});
});

test("a refusal keeps the draft, marked, until the person edits again", () => {
  let s = draft.start(server);
  s = draft.edit(s, { value: 7 });
  s = draft.markSent(s, "r2", { ...server, value: 7 });
  s = draft.refused(s, "other", "nope", {});
  assert.equal(s.refused, null); // not this form's request
  s = draft.refused(s, "r2", "filter: value: bad", { value: "bad" });
  assert.deepEqual(s.refused, { message: "filter: value: bad", fields: { value: "bad" } });
  assert.equal(s.values["value"], 7);
  s = draft.edit(s, { value: 8 });
  assert.equal(s.refused, null);
});

test("settings compare by content, whatever their key order", () => {
  assert.equal(draft.stableJson({ b: 1, a: [{ y: 1, x: 2 }] }), draft.stableJson({ a: [{ x: 2, y: 1 }], b: 1 }));
});

test("an unfinished draft comes back when the person returns to its node", () => {
  const owner = {};
  let s = draft.start(server);
  s = draft.chooseMode(s, "", 1);
  s = draft.edit(s, { expr: 'pl.col("Qty") >' });
  draft.keep(owner, "filter_1", s);
  const back = draft.takeBack(owner, "filter_1", server);
  assert.equal(back?.values["expr"], 'pl.col("Qty") >');
  assert.deepEqual(back?.modes, { "": 1 });
  assert.equal(draft.takeBack(owner, "filter_1", server), null); // taken once
  draft.keep(owner, "filter_1", s);
  assert.equal(draft.takeBack(owner, "filter_1", { ...server, value: "returned" }), null); // stale
});

test("answers to several updates in flight are echoes, in order, not changes from elsewhere", () => {
  let s = draft.start(server);
  s = draft.markSent(draft.edit(s, { value: "r" }), "a", { ...server, value: "r" });
  s = draft.markSent(draft.edit(s, { value: "re" }), "b", { ...server, value: "re" });
  s = draft.edit(s, { value: "ret" });
  s = draft.serverChanged(s, { ...server, value: "r" }); // the answer to a, while b travels
  assert.equal(s.values["value"], "ret");
  assert.deepEqual(s.sent.map((u) => u.id), ["b"]);
  s = draft.serverChanged(s, { ...server, value: "re" });
  assert.equal(s.values["value"], "ret");
  assert.deepEqual(s.sent, []);
});

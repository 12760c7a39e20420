import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeJson } from "./wire";

const encoded = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

test("JSON bytes decode from every buffer form the widget model hands over", () => {
  const states = { a: { status: "valid", error: null, schema: [["naïve", "String"]] } };
  const bytes = encoded(states);
  const padded = new Uint8Array(bytes.length + 4);
  padded.set(bytes, 2);
  assert.deepEqual(decodeJson(bytes, {}), states);
  assert.deepEqual(decodeJson(bytes.buffer, {}), states);
  assert.deepEqual(decodeJson(new DataView(padded.buffer, 2, bytes.length), {}), states);
});

test("nothing received yet gives the fallback; plain objects pass through", () => {
  const fallback = { nodes: [], edges: [] };
  assert.equal(decodeJson(undefined, fallback), fallback);
  assert.equal(decodeJson(null, fallback), fallback);
  assert.equal(decodeJson(new DataView(new ArrayBuffer(0)), fallback), fallback);
  const plain = { nodes: [{ id: "x" }], edges: [] };
  assert.equal(decodeJson(plain, fallback), plain);
});

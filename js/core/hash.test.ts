import assert from "node:assert/strict";
import { test } from "node:test";
import { fnv1a } from "./hash";

test("fnv1a matches the reference 32-bit FNV-1a vectors", () => {
  assert.equal(fnv1a(""), "811c9dc5");
  assert.equal(fnv1a("a"), "e40c292c");
  assert.equal(fnv1a("foobar"), "bf9cf968");
});

test("fnv1a hashes UTF-8 bytes and is stable", () => {
  assert.equal(fnv1a("é"), fnv1a("é"));
  assert.notEqual(fnv1a("é"), fnv1a("e"));
  assert.match(fnv1a("import polars as pl\n"), /^[0-9a-f]{8}$/);
});

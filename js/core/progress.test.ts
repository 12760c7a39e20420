import assert from "node:assert/strict";
import { test } from "node:test";
import type { States } from "../types";
import { overlayProgress } from "./progress";

test("progress messages overlay the states trait", () => {
  const states: States = { a: { status: "valid", error: null, schema: [["x", "Int64"]], input_schemas: [], rows: null, ms: null } };
  assert.equal(overlayProgress(states, {}), states);
  const out = overlayProgress(states, {
    a: { kind: "progress", id: "a", status: "done", rows: 10, ms: 3 },
    b: { kind: "progress", id: "b", status: "running", rows: null, ms: null },
  });
  assert.deepEqual(out["a"], { status: "done", error: null, schema: [["x", "Int64"]], input_schemas: [], rows: 10, ms: 3 });
  assert.equal(out["b"]?.status, "running");
  assert.equal(states["a"]?.status, "valid");
});

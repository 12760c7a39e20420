import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeState, StatePayload } from "../protocol";
import { overlayProgress, withInputSchemas } from "./progress";

test("progress messages overlay the states trait", () => {
  const states: Record<string, StatePayload> = { a: { status: "valid", error: null, schema: [["x", "Int64"]], rows: null, ms: null } };
  assert.equal(overlayProgress(states, {}), states);
  const out = overlayProgress(states, {
    a: { kind: "progress", id: "a", status: "done", rows: 10, ms: 3 },
    b: { kind: "progress", id: "b", status: "running", rows: null, ms: null },
  });
  assert.deepEqual(out["a"], { status: "done", error: null, schema: [["x", "Int64"]], rows: 10, ms: 3 });
  assert.equal(out["b"]?.status, "running");
  assert.equal(states["a"]?.status, "valid");
});

test("input schemas come from the edges, one per port, null when unconnected", () => {
  const a: NodeState = { status: "valid", error: null, schema: [["x", "Int64"]], input_schemas: [], rows: null, ms: null };
  const b: NodeState = { status: "valid", error: null, schema: [["y", "String"]], input_schemas: [], rows: null, ms: null };
  const j: NodeState = { status: "error", error: "input 'left' is not connected", schema: null, input_schemas: [], rows: null, ms: null };
  const graph = { nodes: [], edges: [{ source: "b", target: "j", port: 1 }] };
  const out = withInputSchemas({ a, b, j }, graph);
  assert.deepEqual(out.j?.input_schemas, [null, [["y", "String"]]]);
  assert.deepEqual(out.a?.input_schemas, []);
});

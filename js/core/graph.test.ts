import assert from "node:assert/strict";
import { test } from "node:test";
import { CATALOG, GRAPH } from "./fixtures";
import {
  ancestors,
  catalogIndex,
  inputHandles,
  portIndex,
  portOfHandle,
  reuseUnchanged,
  toFlowEdges,
  toFlowNodes,
  upstreamKey,
  wouldCycle,
} from "./graph";

const cat = catalogIndex(CATALOG);
const view = { selected: new Set(["f"]), measured: new Map(), moved: new Map() };

test("nodes carry catalog entry, state, selection and handles per port", () => {
  const states = { f: { status: "error" as const, error: "bad", schema: null, input_schemas: [], rows: null, ms: null } };
  const nodes = toFlowNodes(GRAPH, cat, states, view);
  assert.equal(nodes.length, 5);
  const f = nodes.find((n) => n.id === "f");
  assert.ok(f);
  assert.equal(f.type, "flow");
  assert.equal(f.selected, true);
  assert.equal(f.data.state?.error, "bad");
  assert.deepEqual(f.data.handles.map((h) => [h.id, h.label]), [["in-0", ""]]);
  const j = nodes.find((n) => n.id === "j");
  assert.deepEqual(j?.data.handles.map((h) => [h.id, h.port, h.label]), [["in-0", 0, "left"], ["in-1", 1, "right"]]);
  // union: two connected inputs + one free handle
  const u = nodes.find((n) => n.id === "u");
  assert.deepEqual(u?.data.handles.map((h) => h.id), ["in-0", "in-1", "in-2"]);
  assert.equal(nodes.find((n) => n.id === "a")?.data.handles.length, 0);
});

test("local positions override the graph while dragging; unchanged nodes keep identity", () => {
  const first = toFlowNodes(GRAPH, cat, {}, view);
  const moved = toFlowNodes(GRAPH, cat, {}, { ...view, moved: new Map([["a", { x: 9, y: 9 }]]) });
  assert.deepEqual(moved.find((n) => n.id === "a")?.position, { x: 9, y: 9 });
  const reused = reuseUnchanged(moved, first);
  assert.equal(reused.find((n) => n.id === "f"), first.find((n) => n.id === "f"));
  assert.notEqual(reused.find((n) => n.id === "a"), first.find((n) => n.id === "a"));
});

test("edges go to the handle of their input index", () => {
  const edges = toFlowEdges(GRAPH, cat, new Set(["f->j:0"]));
  assert.deepEqual(
    edges.map((e) => [e.id, e.targetHandle, e.selected]),
    [
      ["a->f:0", "in-0", false],
      ["f->j:0", "in-0", true],
      ["b->j:1", "in-1", false],
      ["j->u:0", "in-0", false],
      ["b->u:1", "in-1", false],
    ],
  );
  assert.deepEqual(edges[1]?.data?.edge, { source: "f", target: "j", port: 0 });
});

test("port names are accepted in place of indices", () => {
  const named = { ...GRAPH, edges: [{ source: "b", target: "j", port: "right" as unknown as number }] };
  assert.equal(toFlowEdges(named, cat)[0]?.targetHandle, "in-1");
  assert.equal(portIndex("left", cat.get("join")), 0);
  assert.equal(portIndex(3, cat.get("union")), 3);
});

test("handle ids map back to protocol ports", () => {
  assert.equal(portOfHandle("in-3"), 3);
  assert.equal(portOfHandle(null), 0);
  assert.deepEqual(inputHandles(undefined, []), []);
  // a variadic node with nothing connected shows its declared ports, plus one free handle
  assert.deepEqual(inputHandles(cat.get("union"), []).map((h) => h.id), ["in-0"]);
  assert.deepEqual(inputHandles(cat.get("union"), [0, 2]).map((h) => h.id), ["in-0", "in-1", "in-2", "in-3"]);
});

test("cycle detection", () => {
  assert.equal(wouldCycle(GRAPH, "u", "a"), true);
  assert.equal(wouldCycle(GRAPH, "j", "f"), true);
  assert.equal(wouldCycle(GRAPH, "f", "f"), true);
  assert.equal(wouldCycle(GRAPH, "a", "u"), false);
});

test("upstream key changes with upstream settings only", () => {
  assert.deepEqual(ancestors(GRAPH, "f").map((n) => n.id), ["a", "f"]);
  const k = upstreamKey(GRAPH, "f");
  const moved = { ...GRAPH, nodes: GRAPH.nodes.map((n) => (n.id === "a" ? { ...n, position: { x: 5, y: 5 }, label: "x" } : n)) };
  assert.equal(upstreamKey(moved, "f"), k);
  const edited = { ...GRAPH, nodes: GRAPH.nodes.map((n) => (n.id === "a" ? { ...n, settings: { path: "other.csv" } } : n)) };
  assert.notEqual(upstreamKey(edited, "f"), k);
  const downstream = { ...GRAPH, nodes: GRAPH.nodes.map((n) => (n.id === "u" ? { ...n, settings: { x: 1 } } : n)) };
  assert.equal(upstreamKey(downstream, "f"), k);
  assert.equal(upstreamKey(GRAPH, "missing"), "");
});

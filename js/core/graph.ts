// Graph (the `graph` trait) <-> React Flow nodes and edges, and graph queries.
import type { Edge, Node } from "@xyflow/react";
import type { CatalogEntry, Graph, GraphEdge, GraphNode, NodeState, XY } from "../protocol";

export interface FlowNodeData extends Record<string, unknown> {
  node: GraphNode;
  entry: CatalogEntry | undefined;
  state: NodeState | undefined;
  handles: InputHandle[];
}

export type FlowNode = Node<FlowNodeData, "flow">;

export interface FlowEdgeData extends Record<string, unknown> {
  edge: GraphEdge;
}

export type FlowEdge = Edge<FlowEdgeData>;

export interface InputHandle {
  /** React Flow handle id: `in-<port index>` */
  id: string;
  /** protocol port: 0-based index into the target's inputs */
  port: number;
  /** text shown beside the handle, or "" */
  label: string;
}

export function handleId(port: number): string {
  return `in-${port}`;
}

/** The protocol port (input index) of a React Flow target handle id; 0 when absent. */
export function portOfHandle(handle: string | null | undefined): number {
  const m = /^in-(\d+)$/.exec(handle ?? "");
  return m ? Number(m[1]) : 0;
}

/**
 * An edge's port as an input index. The protocol sends integers; a port name (the catalog's
 * `inputs` entry) is accepted too.
 */
export function portIndex(port: unknown, entry: CatalogEntry | undefined): number {
  if (typeof port === "number") return port;
  const i = entry && typeof port === "string" ? entry.inputs.indexOf(port) : -1;
  return i >= 0 ? i : 0;
}

/**
 * One handle per input port. A variadic node (union) shows its declared ports, every connected
 * index, and one free handle after the last connected one (connecting there appends).
 */
export function inputHandles(entry: CatalogEntry | undefined, connected: readonly number[]): InputHandle[] {
  if (!entry) return [];
  if (entry.variadic) {
    const last = connected.length ? Math.max(...connected) : -1;
    const n = Math.max(entry.inputs.length, last + 2);
    return Array.from({ length: n }, (_, i) => ({ id: handleId(i), port: i, label: String(i + 1) }));
  }
  const labelled = entry.inputs.length > 1;
  return entry.inputs.map((name, i) => ({ id: handleId(i), port: i, label: labelled ? name : "" }));
}

export function catalogIndex(catalog: CatalogEntry[]): Map<string, CatalogEntry> {
  return new Map(catalog.map((c) => [c.type, c]));
}

export function edgeId(e: GraphEdge, port: number): string {
  return `${e.source}->${e.target}:${port}`;
}

/** Input index of each edge, in graph order (names resolved through the catalog). */
function edgePorts(graph: Graph, catalog: Map<string, CatalogEntry>): number[] {
  const typeOf = new Map(graph.nodes.map((n) => [n.id, n.type]));
  return graph.edges.map((e) => {
    const t = typeOf.get(e.target);
    return portIndex(e.port, t === undefined ? undefined : catalog.get(t));
  });
}

export function toFlowEdges(
  graph: Graph,
  catalog: Map<string, CatalogEntry>,
  selected: ReadonlySet<string> = new Set(),
): FlowEdge[] {
  const ports = edgePorts(graph, catalog);
  return graph.edges.map((e, i) => {
    const port = ports[i] ?? 0;
    const id = edgeId(e, port);
    return {
      id,
      selected: selected.has(id),
      source: e.source,
      target: e.target,
      targetHandle: handleId(port),
      data: { edge: e },
    };
  });
}

export interface NodeView {
  selected: ReadonlySet<string>;
  /** sizes React Flow measured (it needs them back on every node it is given) */
  measured: ReadonlyMap<string, { width: number; height: number }>;
  /** local positions of nodes being dragged, or dropped and not yet echoed by Python */
  moved: ReadonlyMap<string, XY>;
}

export function toFlowNodes(
  graph: Graph,
  catalog: Map<string, CatalogEntry>,
  states: Record<string, NodeState>,
  view: NodeView,
): FlowNode[] {
  const connected = new Map<string, number[]>();
  const ports = edgePorts(graph, catalog);
  graph.edges.forEach((e, i) => connected.set(e.target, [...(connected.get(e.target) ?? []), ports[i] ?? 0]));
  return graph.nodes.map((n) => {
    const entry = catalog.get(n.type);
    const measured = view.measured.get(n.id);
    const pos = view.moved.get(n.id) ?? n.position;
    return {
      ...(measured ? { measured } : {}),
      id: n.id,
      type: "flow",
      position: { x: pos.x, y: pos.y },
      selected: view.selected.has(n.id),
      data: { node: n, entry, state: states[n.id], handles: inputHandles(entry, connected.get(n.id) ?? []) },
    };
  });
}

/** Reuse the previous object of each node whose inputs did not change (keeps React memo hits). */
export function reuseUnchanged(next: FlowNode[], prev: readonly FlowNode[]): FlowNode[] {
  const old = new Map(prev.map((n) => [n.id, n]));
  return next.map((n) => {
    const p = old.get(n.id);
    if (
      p &&
      p.data.node === n.data.node &&
      p.data.entry === n.data.entry &&
      p.data.state === n.data.state &&
      p.data.handles.length === n.data.handles.length &&
      p.data.handles.every((h, i) => h.id === n.data.handles[i]?.id) &&
      p.selected === n.selected &&
      p.position.x === n.position.x &&
      p.position.y === n.position.y &&
      p.measured?.width === n.measured?.width &&
      p.measured?.height === n.measured?.height
    ) {
      return p;
    }
    return n;
  });
}

/** Whether adding source -> target would close a cycle (or is a self loop). */
export function wouldCycle(graph: Graph, source: string, target: string): boolean {
  if (source === target) return true;
  const out = new Map<string, string[]>();
  for (const e of graph.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}

/** The node and all its ancestors, in graph order. */
export function ancestors(graph: Graph, id: string): GraphNode[] {
  const into = new Map<string, string[]>();
  for (const e of graph.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const keep = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop() as string;
    if (keep.has(cur)) continue;
    keep.add(cur);
    stack.push(...(into.get(cur) ?? []));
  }
  return graph.nodes.filter((n) => keep.has(n.id));
}

/**
 * A string that changes when the node's settings, or anything upstream of it (settings, types,
 * edges), change; moves and labels do not count. Drives preview refreshes.
 */
export function upstreamKey(graph: Graph, id: string): string {
  const nodes = ancestors(graph, id);
  if (!nodes.some((n) => n.id === id)) return "";
  const ids = new Set(nodes.map((n) => n.id));
  return JSON.stringify([
    nodes.map((n) => [n.id, n.type, n.settings]),
    graph.edges.filter((e) => ids.has(e.target)).map((e) => [e.source, e.target, e.port]),
  ]);
}

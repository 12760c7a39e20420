import type { Columns, Graph, NodeState, ProgressMessage, StatePayload, States } from "../protocol";

type Live = Omit<NodeState, "input_schemas">;

const BLANK: Live = { status: "valid", error: null, schema: null, rows: null, ms: null };

/** `states` with the latest `progress` message of each node laid over it. */
export function overlayProgress(
  states: Record<string, StatePayload>,
  progress: Record<string, ProgressMessage>,
): Record<string, Live> {
  const ids = Object.keys(progress);
  if (ids.length === 0) return states;
  const out: Record<string, Live> = { ...states };
  for (const id of ids) {
    const p = progress[id] as ProgressMessage;
    out[id] = { ...(states[id] ?? BLANK), status: p.status, rows: p.rows ?? null, ms: p.ms ?? null };
  }
  return out;
}

/**
 * Each node's `input_schemas` (one per port, for the column pickers), derived from the edges and
 * the states of the nodes feeding it: the kernel sends every schema once, not once per reader.
 */
export function withInputSchemas(states: Record<string, Live>, graph: Graph): States {
  const inputs = new Map<string, (Columns | null)[]>();
  for (const e of graph.edges) {
    const list = inputs.get(e.target) ?? [];
    list[e.port] = states[e.source]?.schema ?? null;
    inputs.set(e.target, list);
  }
  const out: States = {};
  for (const [id, state] of Object.entries(states)) {
    const list = inputs.get(id) ?? [];
    out[id] = { ...state, input_schemas: Array.from(list, (s) => s ?? null) };
  }
  return out;
}

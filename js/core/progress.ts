import type { Columns, Graph, NodeState, ProgressMessage, RowCountsPayload, StatePayload, States } from "../protocol";

type Live = Omit<NodeState, "input_schemas">;

const BLANK: Live = { status: "valid", error: null, schema: null, rows: null, ms: null, changes: null };

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
 * the states of the nodes feeding it: the kernel sends every schema once, not once per reader;
 * and the node's row counts from the last development run (`counts`), where there are some.
 */
export function withInputSchemas(states: Record<string, Live>, graph: Graph, counts?: RowCountsPayload): States {
  const inputs = new Map<string, (Columns | null)[]>();
  for (const e of graph.edges) {
    const list = inputs.get(e.target) ?? [];
    list[e.port] = states[e.source]?.schema ?? null;
    inputs.set(e.target, list);
  }
  const out: States = {};
  for (const [id, state] of Object.entries(states)) {
    const list = inputs.get(id) ?? [];
    const c = counts?.nodes[id];
    out[id] = { ...state, input_schemas: Array.from(list, (s) => s ?? null), ...(c ? { counts: c } : {}) };
  }
  return out;
}

/**
 * The progress to show for a node after `msg`: a node that has just run keeps its "done" (with
 * its time) when a later read of the same result, such as its profile, finds it "cached".
 */
export function nextProgress(prev: ProgressMessage | undefined, msg: ProgressMessage): ProgressMessage {
  if (prev?.status === "done" && msg.status === "cached" && (msg.rows == null || msg.rows === prev.rows)) return prev;
  return msg;
}

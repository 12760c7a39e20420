import type { NodeState, ProgressMessage, States } from "../types";

const BLANK: NodeState = { status: "valid", error: null, schema: null, input_schemas: [], rows: null, ms: null };

/** `states` with the latest `progress` message of each node laid over it. */
export function overlayProgress(states: States, progress: Record<string, ProgressMessage>): States {
  const ids = Object.keys(progress);
  if (ids.length === 0) return states;
  const out: States = { ...states };
  for (const id of ids) {
    const p = progress[id] as ProgressMessage;
    out[id] = { ...(states[id] ?? BLANK), status: p.status, rows: p.rows ?? null, ms: p.ms ?? null };
  }
  return out;
}

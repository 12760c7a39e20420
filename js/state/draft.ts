// A node's settings draft: what the form shows, kept in the browser until it is complete, and
// reconciled with what the node holds (the kernel's `graph`) after each answer.
//
// - Edits change the draft only; the hook sends the draft when `validate` finds no problem.
// - The kernel's echo of what was sent leaves the draft alone (the person may be typing on).
// - Any other change of the node's settings (undo, an edit from Python) resets the draft to it.
// - A refusal keeps the draft, marked as not applied, with the kernel's words under its fields.
import type { Problems } from "../core/validate";

export type Values = Record<string, unknown>;

export interface DraftState {
  /** what the node holds, as last seen */
  base: Values;
  /** what the form shows */
  values: Values;
  /** modes chosen in the form, by path ("" for the settings themselves) */
  modes: Record<string, number>;
  /** text a widget could not convert (a number that is not one yet), by path */
  unparsed: Problems;
  /** updates sent and not answered yet, oldest first (typing on may send several) */
  sent: { id: string; values: Values }[];
  refused: { message: string; fields: Problems } | null;
}

/** JSON with sorted keys: equal settings give equal text whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function start(server: Values): DraftState {
  return { base: server, values: server, modes: {}, unparsed: {}, sent: [], refused: null };
}

export function edit(s: DraftState, patch: Values): DraftState {
  return { ...s, values: { ...s.values, ...patch }, refused: null };
}

export function chooseMode(s: DraftState, path: string, index: number): DraftState {
  return { ...s, modes: { ...s.modes, [path]: index }, refused: null };
}

export function reportUnparsed(s: DraftState, path: string, problem: string | null): DraftState {
  if ((s.unparsed[path] ?? null) === problem) return s;
  const unparsed = { ...s.unparsed };
  if (problem === null) delete unparsed[path];
  else unparsed[path] = problem;
  return { ...s, unparsed };
}

const holds = (server: Values, values: Values): boolean =>
  Object.entries(values).every(([k, v]) => stableJson(v) === stableJson(server[k]));

/** The node's settings changed in the kernel: the answer to one of this draft's updates (the
 * kernel answers them in order), or a change from elsewhere (undo, Python), which wins. */
export function serverChanged(s: DraftState, server: Values): DraftState {
  if (stableJson(server) === stableJson(s.base)) return s;
  const answered = s.sent.findIndex((u) => holds(server, u.values));
  if (answered >= 0) return { ...s, base: server, sent: s.sent.slice(answered + 1) };
  return start(server);
}

export function markSent(s: DraftState, id: string, values: Values): DraftState {
  return { ...s, sent: [...s.sent, { id, values }], refused: null };
}

export function refused(s: DraftState, id: string, message: string, fields: Problems): DraftState {
  if (!s.sent.some((u) => u.id === id)) return s;
  return { ...s, sent: s.sent.filter((u) => u.id !== id), refused: { message, fields } };
}

/** Whether `values` differ from what the node holds (on the keys they carry). */
export function differs(s: DraftState, values: Values): boolean {
  return Object.entries(values).some(([k, v]) => stableJson(v) !== stableJson(s.base[k]));
}

// Drafts left unfinished when the person selects another node: kept, per canvas, and shown
// again when they come back (while the node still holds what the draft started from).
const unfinished = new WeakMap<object, Map<string, DraftState>>();

export function keep(owner: object, nodeId: string, s: DraftState): void {
  let drafts = unfinished.get(owner);
  if (!drafts) unfinished.set(owner, (drafts = new Map()));
  drafts.set(nodeId, { ...s, unparsed: {}, sent: [] });
}

export function forget(owner: object, nodeId: string): void {
  unfinished.get(owner)?.delete(nodeId);
}

/** The unfinished draft of a node, if the node still holds what it started from. */
export function takeBack(owner: object, nodeId: string, server: Values): DraftState | null {
  const s = unfinished.get(owner)?.get(nodeId);
  forget(owner, nodeId);
  return s && stableJson(s.base) === stableJson(server) ? s : null;
}

// What a node did to its first input's columns (`changes` in its state), as a badge.
import type { ChangesPayload } from "../protocol";

/** "+2 -1 ~1": added, removed, retyped; only the parts that are not zero; null if none. */
export function changeBadge(c: ChangesPayload | null | undefined): string | null {
  if (!c) return null;
  const parts: string[] = [];
  if (c.added.length) parts.push(`+${c.added.length}`);
  if (c.removed.length) parts.push(`-${c.removed.length}`);
  if (c.retyped.length) parts.push(`~${c.retyped.length}`);
  return parts.length ? parts.join(" ") : null;
}

export interface ChangeLine {
  kind: "added" | "removed" | "retyped";
  column: string;
  /** "Int64 → Float64" for a retyped column */
  detail: string;
}

/** The columns behind the badge, one line each. */
export function changeLines(c: ChangesPayload | null | undefined): ChangeLine[] {
  if (!c) return [];
  return [
    ...c.added.map((column) => ({ kind: "added" as const, column, detail: "" })),
    ...c.removed.map((column) => ({ kind: "removed" as const, column, detail: "" })),
    ...c.retyped.map(([column = "", before = "", after = ""]) => ({ kind: "retyped" as const, column, detail: `${before} → ${after}` })),
  ];
}

// Sorting and paging of the preview grid: the pure rules (the kernel does the sorting).
import { formatCount } from "./format";
import type { SortColumn } from "../protocol";

export interface SortKey extends SortColumn {
  descending: boolean;
}

/**
 * The sort after a click on `column`'s header. A click sorts by that column alone (ascending,
 * then descending, then not at all); with `add` (shift-click) the column is added after the
 * others, or its direction turned, or it is dropped, leaving the others as they are.
 */
export function toggleSort(sort: readonly SortKey[], column: string, add: boolean): SortKey[] {
  const at = sort.findIndex((k) => k.column === column);
  const cur = sort[at];
  if (!add) {
    if (sort.length === 1 && cur) return cur.descending ? [] : [{ column, descending: true }];
    return [{ column, descending: false }];
  }
  if (!cur) return [...sort, { column, descending: false }];
  if (!cur.descending) return sort.map((k, i) => (i === at ? { column, descending: true } : k));
  return sort.filter((_k, i) => i !== at);
}

/** The sort keys whose columns still exist (an edit may drop one). */
export function keepKnown(sort: readonly SortKey[], columns: readonly string[]): SortKey[] {
  const known = new Set(columns);
  return sort.filter((k) => known.has(k.column));
}

/** "rows 101–200 of 12,345", with "matching" when searching. */
export function pageText(offset: number, shown: number, matching: number, searching: boolean): string {
  if (matching === 0 || shown === 0) return searching ? "no rows match" : "no rows";
  const last = Math.min(offset + shown, matching);
  return `rows ${formatCount(offset + 1)}–${formatCount(last)} of ${formatCount(matching)}${searching ? " matching" : ""}`;
}

/** Offsets of the previous and next pages (null where there is none). */
export function pageOffsets(offset: number, n: number, matching: number): { prev: number | null; next: number | null } {
  return {
    prev: offset > 0 ? Math.max(0, offset - n) : null,
    next: offset + n < matching ? offset + n : null,
  };
}

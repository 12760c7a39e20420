// A rectangle of grid cells picked with the mouse, and its text as a copy carries it.

export interface CellRange {
  /** where the selection started (a click) */
  anchor: { row: number; col: number };
  /** where it ends (the same cell, or a shift-click) */
  focus: { row: number; col: number };
}

export function rangeBounds(r: CellRange): { top: number; bottom: number; left: number; right: number } {
  return {
    top: Math.min(r.anchor.row, r.focus.row),
    bottom: Math.max(r.anchor.row, r.focus.row),
    left: Math.min(r.anchor.col, r.focus.col),
    right: Math.max(r.anchor.col, r.focus.col),
  };
}

export function inRange(r: CellRange | null, row: number, col: number): boolean {
  if (!r) return false;
  const b = rangeBounds(r);
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

/** Tab-separated lines (what spreadsheets paste), with a header line when `names` is given;
 * nulls are empty cells, tabs and newlines inside a value become spaces. */
export function rangeText(
  r: CellRange,
  text: (row: number, col: number) => string | null,
  names?: readonly string[],
): string {
  const b = rangeBounds(r);
  const clean = (s: string | null) => (s ?? "").replace(/[\t\r\n]+/g, " ");
  const lines: string[] = [];
  if (names) lines.push(names.slice(b.left, b.right + 1).map(clean).join("\t"));
  for (let row = b.top; row <= b.bottom; row++) {
    const cells: string[] = [];
    for (let col = b.left; col <= b.right; col++) cells.push(clean(text(row, col)));
    lines.push(cells.join("\t"));
  }
  return lines.join("\n");
}

export interface VirtualWindow {
  /** first row to render (inclusive) */
  start: number;
  /** last row to render (exclusive) */
  end: number;
  /** px from the top of the scroll content to the first rendered row */
  offset: number;
  /** px height of the whole scroll content */
  total: number;
}

/** Rows to render for a fixed row height, with `overscan` extra rows on both sides. */
export function virtualWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 5,
): VirtualWindow {
  const total = Math.max(0, count) * rowHeight;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, total };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, total - viewport));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offset: start * rowHeight, total };
}

// Viewport arithmetic for keeping nodes in sight: all in flow coordinates.
import type { XY } from "../protocol";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The part of the flow the pane shows. */
export function visibleRect(vp: Viewport, paneWidth: number, paneHeight: number): Rect {
  return { x: -vp.x / vp.zoom, y: -vp.y / vp.zoom, width: paneWidth / vp.zoom, height: paneHeight / vp.zoom };
}

export function bounds(rects: Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

export function contains(outer: Rect, inner: Rect, margin = 0): boolean {
  return (
    inner.x >= outer.x + margin &&
    inner.y >= outer.y + margin &&
    inner.x + inner.width <= outer.x + outer.width - margin &&
    inner.y + inner.height <= outer.y + outer.height - margin
  );
}

/** Pixels from the pane's left edge kept free of nodes when the view is moved for them: the zoom
 * buttons (15 px margin, 32 px wide) and a gap. */
export const CONTROLS_CLEAR = 56;

/**
 * How far (in flow units) to move what is seen so `box` is in it with `margin` around it, moving
 * as little as possible: the rest of the flow stays where the person left it. 0 on an axis where
 * the box is seen already; a box larger than what is seen shows its start.
 */
export function nudge(seen: Rect, box: Rect, margin = 0): { dx: number; dy: number } {
  const axis = (start: number, size: number, from: number, length: number) => {
    const lo = start - margin;
    const hi = start + size + margin;
    if (lo < from) return lo - from;
    if (hi > from + length) return Math.min(hi - (from + length), lo - from); // never past its start
    return 0;
  };
  return { dx: axis(box.x, box.width, seen.x, seen.width), dy: axis(box.y, box.height, seen.y, seen.height) };
}

/** Where to put a node so that its center is at `point`. */
export function centeredAt(point: XY, width: number, height: number): XY {
  return { x: Math.round(point.x - width / 2), y: Math.round(point.y - height / 2) };
}

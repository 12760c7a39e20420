// Panning the canvas while the end of a connection is dragged against its border.
import type { XY } from "../protocol";

/** Within this many pixels of the pane's border a dragged end pans the canvas (as React Flow). */
export const BORDER = 40;
/** Pixels per frame with the pointer on (or past) the border. */
export const SPEED = 15;

/** How fast (-1..1) one axis pans: faster the nearer the border, none away from it. */
function axis(at: number, size: number): number {
  if (at < BORDER) return Math.min(BORDER, Math.max(1, BORDER - at)) / BORDER;
  if (at > size - BORDER) return -Math.min(BORDER, Math.max(1, at - (size - BORDER))) / BORDER;
  return 0;
}

/** The pan for one frame with the pointer at `p` (pane pixels); zero away from the border. */
export function borderPan(p: XY, width: number, height: number): XY {
  return { x: axis(p.x, width) * SPEED, y: axis(p.y, height) * SPEED };
}

/**
 * One step of a drag's auto-pan. It is armed once the pointer has been away from the border in
 * this drag: an end grabbed by the border and carried inward never slides the canvas (and the
 * handle aimed at) away under the hand; an end carried to the border pans as usual.
 */
export function nextPan(armed: boolean, p: XY, width: number, height: number): { armed: boolean; pan: XY | null } {
  const pan = borderPan(p, width, height);
  if (pan.x === 0 && pan.y === 0) return { armed: true, pan: null };
  return { armed, pan: armed ? pan : null };
}

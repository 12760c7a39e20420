// Where a hover card goes: under what it describes when it fits there, else above it, and
// always inside the widget (whose edges clip anything past them).

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const GAP = 2;

/** The card's top-left corner, in the coordinates of `bounds`' own box (its top-left is 0, 0). */
export function placeCard(anchor: Box, card: { width: number; height: number }, bounds: Box): { left: number; top: number } {
  const below = anchor.top + anchor.height + GAP;
  const roomBelow = bounds.top + bounds.height - below;
  const roomAbove = anchor.top - GAP - bounds.top;
  const top = card.height <= roomBelow || roomBelow >= roomAbove ? below : anchor.top - GAP - card.height;
  const left = clamp(anchor.left, bounds.left + GAP, bounds.left + bounds.width - card.width - GAP);
  return { left: left - bounds.left, top: clamp(top, bounds.top + GAP, bounds.top + bounds.height - card.height - GAP) - bounds.top };
}

/** `value` within [lo, hi]; `lo` when the range is empty (a card larger than the widget shows its start). */
function clamp(value: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(value, hi));
}

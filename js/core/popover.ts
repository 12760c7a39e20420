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
  const maxLeft = bounds.left + bounds.width - card.width - GAP;
  const left = Math.max(bounds.left + GAP, Math.min(anchor.left, maxLeft));
  const maxTop = bounds.top + bounds.height - card.height - GAP;
  return { left: left - bounds.left, top: Math.max(bounds.top + GAP, Math.min(top, Math.max(maxTop, bounds.top + GAP))) - bounds.top };
}

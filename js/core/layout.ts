// Auto layout: dagre left to right, then long flows wrapped into rows so that a 200-node chain
// reads like a page, not one line. Returns top-left positions (React Flow's convention).
import dagre from "@dagrejs/dagre";
import type { GraphEdge, XY } from "../protocol";

export interface Box {
  id: string;
  width: number;
  height: number;
}

const ROW_GAP = 80;

export function autoLayout(boxes: Box[], edges: GraphEdge[], maxWidth = Number.POSITIVE_INFINITY): Record<string, XY> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const b of boxes) g.setNode(b.id, { width: b.width, height: b.height });
  edges.forEach((e, i) => {
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, {}, `${e.port}#${i}`);
  });
  dagre.layout(g);
  const out: Record<string, XY> = {};
  for (const b of boxes) {
    const n = g.node(b.id);
    out[b.id] = { x: Math.round(n.x - b.width / 2), y: Math.round(n.y - b.height / 2) };
  }
  return wrap(out, boxes, maxWidth);
}

/**
 * Fold a left-to-right layout into rows no wider than `maxWidth`: each column of nodes keeps
 * its place within its row, and every row goes below the one before it.
 */
export function wrap(positions: Record<string, XY>, boxes: Box[], maxWidth: number): Record<string, XY> {
  if (boxes.length === 0 || !Number.isFinite(maxWidth)) return positions;
  const size = new Map(boxes.map((b) => [b.id, b]));
  const xs = [...new Set(boxes.map((b) => (positions[b.id] as XY).x))].sort((a, b) => a - b);
  const right = Math.max(...boxes.map((b) => (positions[b.id] as XY).x + b.width));
  const left = xs[0] as number;
  if (right - left <= maxWidth) return positions;
  // columns into rows: a row takes columns while they fit
  const rowOf = new Map<number, number>();
  let row = 0;
  let rowStart = left;
  for (const x of xs) {
    const width = Math.max(...boxes.filter((b) => (positions[b.id] as XY).x === x).map((b) => b.width));
    if (x + width - rowStart > maxWidth && x !== rowStart) {
      row += 1;
      rowStart = x;
    }
    rowOf.set(x, row);
  }
  const starts = new Map<number, number>();
  for (const [x, r] of rowOf) if (!starts.has(r)) starts.set(r, x);
  const top = Math.min(...boxes.map((b) => (positions[b.id] as XY).y));
  const bottom = Math.max(...boxes.map((b) => (positions[b.id] as XY).y + b.height));
  const band = bottom - top + ROW_GAP;
  const out: Record<string, XY> = {};
  for (const [id, p] of Object.entries(positions)) {
    const r = rowOf.get(p.x) ?? 0;
    const b = size.get(id);
    out[id] = b ? { x: left + p.x - (starts.get(r) as number), y: p.y + r * band } : p;
  }
  return out;
}

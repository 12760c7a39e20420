// Left-to-right auto layout with dagre. Returns top-left positions (React Flow's convention).
import dagre from "@dagrejs/dagre";
import type { GraphEdge, XY } from "../types";

export interface Box {
  id: string;
  width: number;
  height: number;
}

export function autoLayout(boxes: Box[], edges: GraphEdge[]): Record<string, XY> {
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
  return out;
}

// Copy / paste of a selection: the pasted nodes and the edges among them, by index.
import type { Graph, PasteEdge, PasteNode, XY } from "../protocol";

export interface ClipboardData {
  nodes: PasteNode[];
  edges: PasteEdge[];
}

export function copySelection(graph: Graph, selected: ReadonlySet<string>): ClipboardData | null {
  const picked = graph.nodes.filter((n) => selected.has(n.id));
  if (picked.length === 0) return null;
  const index = new Map(picked.map((n, i) => [n.id, i]));
  const nodes = picked.map((n) => ({
    type: n.type,
    label: n.label,
    settings: structuredClone(n.settings),
    position: { ...n.position },
  }));
  const edges: PasteEdge[] = [];
  for (const e of graph.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s !== undefined && t !== undefined) edges.push({ source_index: s, target_index: t, port: e.port });
  }
  return { nodes, edges };
}

/** The paste message content: positions shifted by `offset` (grows with each paste). */
export function pasteContent(clip: ClipboardData, offset: XY): ClipboardData {
  return {
    nodes: clip.nodes.map((n) => ({
      ...n,
      settings: structuredClone(n.settings),
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    })),
    edges: clip.edges.map((e) => ({ ...e })),
  };
}

/** A node's height on the canvas, near enough to keep pasted copies off the originals. */
export const NODE_HEIGHT = 80;
const GAP = 30;

/**
 * How far to shift a paste: its top-left corner to `at` (the pointer, when it is over the
 * canvas); otherwise below the copied nodes, one step further for each repeated paste.
 */
export function pasteOffset(clip: ClipboardData, at: XY | null, count: number): XY {
  const xs = clip.nodes.map((n) => n.position.x);
  const ys = clip.nodes.map((n) => n.position.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  if (at) return { x: Math.round(at.x - left), y: Math.round(at.y - top) };
  const height = Math.max(...ys) - top + NODE_HEIGHT + GAP;
  return { x: 0, y: height * Math.max(1, count) };
}

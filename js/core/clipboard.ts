// Copy / paste of a selection: the pasted nodes and the edges among them, by index.
import type { Graph, PasteEdge, PasteNode, XY } from "../types";

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

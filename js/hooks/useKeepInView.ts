import type { ReactFlowInstance } from "@xyflow/react";
import { type RefObject, useEffect, useRef } from "react";
import type { FlowEdge, FlowNode } from "../core/graph";
import { bounds, CONTROLS_CLEAR, contains, nudge, type Rect, visibleRect } from "../core/view";
import type { Graph } from "../protocol";

const DEFAULT_SIZE = { width: 200, height: 80 };
const MARGIN = 16;
const SETTLE_MS = 60; // let panels that open with a selection take their room first

function rectOf(graph: Graph, measured: ReadonlyMap<string, { width: number; height: number }>, id: string): Rect | null {
  const n = graph.nodes.find((g) => g.id === id);
  if (!n) return null;
  const size = measured.get(id) ?? DEFAULT_SIZE;
  return { x: n.position.x, y: n.position.y, ...size };
}

/**
 * Nodes that appear (added here or from Python, pasted, brought back by undo) and a node that
 * gets selected are panned into view when they are not in it, as little as that takes; the zoom
 * stays as it is unless they cannot fit.
 */
export function useKeepInView(
  rf: ReactFlowInstance<FlowNode, FlowEdge>,
  pane: RefObject<HTMLElement | null>,
  graph: Graph,
  measured: ReadonlyMap<string, { width: number; height: number }>,
  selected: ReadonlySet<string>,
) {
  const known = useRef<Set<string> | null>(null);
  const latest = useRef({ graph, measured });
  latest.current = { graph, measured };

  const reveal = (ids: string[]) => {
    const t = setTimeout(() => {
      const el = pane.current;
      if (!el || el.clientWidth === 0) return;
      const { graph: g, measured: m } = latest.current;
      const box = bounds(ids.map((id) => rectOf(g, m, id)).filter((r): r is Rect => r !== null));
      if (!box) return;
      const vp = rf.getViewport();
      // what is seen, less the strip of the zoom buttons: a node there counts as out of view
      const all = visibleRect(vp, el.clientWidth, el.clientHeight);
      const strip = (CONTROLS_CLEAR - MARGIN) / vp.zoom;
      const seen = { ...all, x: all.x + strip, width: all.width - strip };
      if (contains(seen, box, MARGIN / vp.zoom)) return;
      const fits = box.width * vp.zoom < el.clientWidth - CONTROLS_CLEAR - MARGIN && box.height * vp.zoom < el.clientHeight - 2 * MARGIN;
      if (!fits) return void rf.fitBounds(box, { padding: 0.15, duration: 200 });
      // the least move that shows it: the nodes beside it stay where the person left them
      const { dx, dy } = nudge(seen, box, MARGIN / vp.zoom);
      void rf.setViewport({ x: vp.x - dx * vp.zoom, y: vp.y - dy * vp.zoom, zoom: vp.zoom }, { duration: 200 });
    }, SETTLE_MS);
    return () => clearTimeout(t);
  };

  useEffect(() => {
    const ids = graph.nodes.map((n) => n.id);
    const before = known.current;
    known.current = new Set(ids);
    if (before === null) return; // the first graph: the initial fit shows it
    const fresh = ids.filter((id) => !before.has(id));
    if (fresh.length > 0 && fresh.length < ids.length) return reveal(fresh);
    return undefined;
  }, [graph]); // eslint-disable-line react-hooks/exhaustive-deps

  const only = selected.size === 1 ? [...selected][0] : undefined;
  useEffect(() => (only ? reveal([only]) : undefined), [only]); // eslint-disable-line react-hooks/exhaustive-deps
}

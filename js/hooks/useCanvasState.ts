import type { Connection, EdgeChange, IsValidConnection, NodeChange, OnNodeDrag } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  type FlowEdge,
  type FlowNode,
  portOfHandle,
  reuseUnchanged,
  toFlowEdges,
  toFlowNodes,
  wouldCycle,
} from "../core/graph";
import { type Model, send } from "../state/model";
import type { CatalogEntry, Edit, Graph, States, XY } from "../protocol";

type Size = { width: number; height: number };

/**
 * React Flow's view of the `graph` trait. Python owns the graph; the canvas keeps only what is
 * local: selection, measured sizes, and positions of nodes being dragged (until Python echoes
 * the move). Edits are sent as messages and come back as a new `graph`.
 */
export function useCanvasState(model: Model, graph: Graph, catalog: Map<string, CatalogEntry>, states: States) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(new Map());
  const [moved, setMoved] = useState<ReadonlyMap<string, XY>>(new Map());
  const dragging = useRef(new Set<string>());
  const selectNew = useRef(false);
  const known = useRef(new Set<string>());
  const prevNodes = useRef<FlowNode[]>([]);

  // A new graph from Python: forget local positions (it has them now, or undid them), select
  // the nodes an add/paste just created, drop selections of nodes that are gone.
  useEffect(() => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    const fresh = graph.nodes.filter((n) => !known.current.has(n.id)).map((n) => n.id);
    known.current = ids;
    setMoved((m) => (m.size === 0 ? m : new Map([...m].filter(([id]) => dragging.current.has(id)))));
    if (selectNew.current && fresh.length > 0) {
      selectNew.current = false;
      setSelected(new Set(fresh));
      setSelectedEdges(new Set());
    } else {
      setSelected((s) => ([...s].every((id) => ids.has(id)) ? s : new Set([...s].filter((id) => ids.has(id)))));
    }
  }, [graph]);

  const nodes = useMemo(() => {
    const next = reuseUnchanged(toFlowNodes(graph, catalog, states, { selected, measured, moved }), prevNodes.current);
    prevNodes.current = next;
    return next;
  }, [graph, catalog, states, selected, measured, moved]);

  const edges = useMemo(() => toFlowEdges(graph, catalog, selectedEdges), [graph, catalog, selectedEdges]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const sel: [string, boolean][] = [];
    let dims: Map<string, Size> | null = null;
    let pos: Map<string, XY> | null = null;
    for (const c of changes) {
      if (c.type === "select") {
        sel.push([c.id, c.selected]);
      } else if (c.type === "dimensions" && c.dimensions) {
        (dims ??= new Map()).set(c.id, c.dimensions);
      } else if (c.type === "position" && c.position) {
        if (c.dragging) dragging.current.add(c.id);
        (pos ??= new Map()).set(c.id, c.position);
      }
    }
    if (sel.length > 0) {
      setSelected((s) => {
        const next = new Set(s);
        for (const [id, on] of sel) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      });
    }
    if (dims) {
      const d = dims;
      setMeasured((m) => new Map([...m, ...d]));
    }
    if (pos) {
      const p = pos;
      setMoved((m) => new Map([...m, ...p]));
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const sel = changes.filter((c) => c.type === "select");
    if (sel.length === 0) return;
    setSelectedEdges((s) => {
      const next = new Set(s);
      for (const c of sel) {
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next;
    });
  }, []);

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(
    (_e, _node, dragged) => {
      const positions: Record<string, XY> = {};
      for (const n of dragged) {
        dragging.current.delete(n.id);
        const orig = graph.nodes.find((g) => g.id === n.id)?.position;
        const at = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
        if (!orig || orig.x !== at.x || orig.y !== at.y) positions[n.id] = at;
      }
      const ids = Object.keys(positions);
      if (ids.length === 1) {
        const id = ids[0] as string;
        send(model, { kind: "move", id, position: positions[id] as XY });
      } else if (ids.length > 1) {
        send(model, { kind: "layout", positions });
      }
    },
    [model, graph],
  );

  const connectionPort = useCallback((c: Connection) => portOfHandle(c.targetHandle), []);

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (c) => c.source !== c.target && !wouldCycle(graph, c.source, c.target),
    [graph],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      send(model, { kind: "connect", source: c.source, target: c.target, port: connectionPort(c) });
    },
    [model, connectionPort],
  );

  // Dragging an edge's end elsewhere re-plugs it; dropping it on the pane disconnects it.
  const reconnected = useRef(false);
  const onReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);
  const onReconnect = useCallback(
    (old: FlowEdge, c: Connection) => {
      reconnected.current = true;
      const e = old.data?.edge;
      if (!e) return;
      const port = connectionPort(c);
      if (e.source === c.source && e.target === c.target && e.port === port) return;
      // one gesture, one edit: one undo step, one prediction, one save
      send(model, {
        kind: "batch",
        edits: [
          { kind: "disconnect", ...e },
          { kind: "connect", source: c.source, target: c.target, port },
        ],
      });
    },
    [model, connectionPort],
  );
  const onReconnectEnd = useCallback(
    (_ev: MouseEvent | TouchEvent, old: FlowEdge) => {
      if (!reconnected.current && old.data?.edge) send(model, { kind: "disconnect", ...old.data.edge });
      reconnected.current = false;
    },
    [model],
  );

  /** Remove the selected nodes, and the selected edges that do not go with them: one edit. */
  const deleteSelection = useCallback(() => {
    const ids = graph.nodes.filter((n) => selected.has(n.id)).map((n) => n.id);
    const edits: Edit[] = ids.length > 0 ? [{ kind: "remove", ids }] : [];
    for (const e of edges) {
      const ge = e.data?.edge;
      if (!ge || !selectedEdges.has(e.id) || selected.has(ge.source) || selected.has(ge.target)) continue;
      edits.push({ kind: "disconnect", ...ge });
    }
    if (edits.length === 1) send(model, edits[0] as Edit);
    else if (edits.length > 1) send(model, { kind: "batch", edits });
    setSelectedEdges(new Set());
  }, [model, graph, edges, selected, selectedEdges]);

  const selectAll = useCallback(() => setSelected(new Set(graph.nodes.map((n) => n.id))), [graph]);
  const expectNewNodes = useCallback(() => {
    selectNew.current = true;
  }, []);
  const select = useCallback((ids: string[]) => {
    setSelected(new Set(ids));
    setSelectedEdges(new Set());
  }, []);

  return {
    nodes,
    edges,
    selected,
    onNodesChange,
    onEdgesChange,
    onNodeDragStop,
    isValidConnection,
    onConnect,
    onReconnectStart,
    onReconnect,
    onReconnectEnd,
    deleteSelection,
    selectAll,
    select,
    measured,
    expectNewNodes,
  };
}

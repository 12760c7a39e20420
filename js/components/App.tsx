import { Background, ControlButton, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import {
  type DragEvent,
  type KeyboardEvent,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { createPortal } from "react-dom";
import { type ClipboardData, copySelection, NODE_HEIGHT, pasteContent, pasteOffset } from "../core/clipboard";
import { type FlowEdge, type FlowNode, catalogIndex } from "../core/graph";
import { isTextEntry, keyAction } from "../core/keys";
import { autoLayout } from "../core/layout";
import { nextProgress, overlayProgress, withInputSchemas } from "../core/progress";
import { bounds, CONTROLS_CLEAR, centeredAt } from "../core/view";
import { edgeRows, withEdgeRows } from "../core/rowcounts";
import { useCanvasState } from "../hooks/useCanvasState";
import { useCodeAction } from "../hooks/useCodeAction";
import { useConnectAutoPan } from "../hooks/useConnectAutoPan";
import { useKeepInView } from "../hooks/useKeepInView";
import { useNotices } from "../hooks/useNotices";
import { useSuppressShortcuts } from "../hooks/useSuppressShortcuts";
import type { ProgressMessage, XY } from "../protocol";
import { send, useFlowModel, useJsonTrait, useMessages, useTrait } from "../state/model";
import { CodePanel } from "./CodePanel";
import { ConfigPanel } from "./ConfigPanel";
import { CountedEdge } from "./CountedEdge";
import { FlowNodeComponent } from "./FlowNode";
import { Notices } from "./Notices";
import { DRAG_MIME, Palette } from "./Palette";
import { PreviewPanel } from "./PreviewPanel";
import { ResizeHandle, SplitHandle, clampHeight } from "./ResizeHandle";
import { Toolbar } from "./Toolbar";
import { PortabilityContext } from "../core/portability";
import { useKernelAlive } from "../state/connection";

const nodeTypes = { flow: FlowNodeComponent };
const edgeTypes = { counted: CountedEdge };
/** Below this zoom node text is too small to read: fit view and layout stop there. */
export const READABLE_ZOOM = 0.75;
const NODE_WIDTH = 200;
const CHROME = 76; // toolbar + status line + resize bar, around the body
const MINIMAP_ROOM = { width: 720, height: 400 };
/** Above this many nodes only those in view are in the page (panning then mounts nodes). */
const VIRTUALIZE_FROM = 400;

/** Shared by every canvas on the page, so nodes can be copied from one flow into another. */
let clipboard: ClipboardData | null = null;
let pasteCount = 0;

const minimapColor = (n: FlowNode) => `var(--ff-cat-${n.data.entry?.category ?? "unknown"})`;

interface Placement {
  /** the canvas's own element: React renders into it wherever it is in the page */
  host: HTMLDivElement;
  /** its place in the notebook's output (where the Code event starts, to find the cell) */
  slot: RefObject<HTMLDivElement | null>;
}

function FlowApp({ host, slot }: Placement) {
  const model = useFlowModel();
  const flowName = useTrait("flow_name");
  const catalog = useTrait("catalog");
  const completions = useTrait("completions");
  const graph = useJsonTrait("graph");
  const states = useJsonTrait("states");
  const heightTrait = useTrait("height");
  const code = useTrait("code");
  const canUndo = useTrait("can_undo");
  const canRedo = useTrait("can_redo");
  const targetEngine = useTrait("target_engine");
  const notPortable = useTrait("not_portable");
  const rowCounts = useTrait("row_counts");
  const portability = useMemo(() => ({ engine: targetEngine, reasons: notPortable }), [targetEngine, notPortable]);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const alive = useKernelAlive(model);

  const root = useRef<HTMLDivElement>(null);
  const pane = useRef<HTMLDivElement>(null);
  useSuppressShortcuts(root);
  const { notices, push, dismiss } = useNotices();
  const cat = useMemo(() => catalogIndex(catalog), [catalog]);

  // `progress` messages arrive before the `states` trait catches up: overlay them until it does.
  const [progress, setProgress] = useState<Record<string, ProgressMessage>>({});
  useEffect(() => setProgress({}), [states]);
  const liveStates = useMemo(
    () => withInputSchemas(overlayProgress(states, progress), graph, rowCounts),
    [states, progress, graph, rowCounts],
  );

  useMessages(model, (msg) => {
    if (msg.kind === "notice") push(msg.level, msg.message);
    else if (msg.kind === "progress") setProgress((p) => ({ ...p, [msg.id]: nextProgress(p[msg.id], msg) }));
  });

  const canvas = useCanvasState(model, graph, cat, liveStates);
  const connectPan = useConnectAutoPan();
  const selectedNode = canvas.selected.size === 1 ? graph.nodes.find((n) => canvas.selected.has(n.id)) : undefined;
  const edges = useMemo(() => withEdgeRows(canvas.edges, edgeRows(rowCounts)), [canvas.edges, rowCounts]);

  // The preview follows the selection, unless it is pinned to a node (until that node is gone).
  const [pinnedId, setPinnedId] = useState<string | null>(null);
  const pinnedNode = pinnedId === null ? undefined : graph.nodes.find((n) => n.id === pinnedId);
  useEffect(() => {
    if (pinnedId !== null && !pinnedNode) setPinnedId(null);
  }, [pinnedId, pinnedNode]);
  const previewNode = pinnedNode ?? selectedNode;
  useKeepInView(rf, pane, graph, canvas.measured, canvas.selected);

  // -- room to work ---------------------------------------------------------------------------
  const [height, setHeight] = useState(() => clampHeight(heightTrait));
  useEffect(() => setHeight(clampHeight(heightTrait)), [heightTrait]);
  const [paletteOpen, setPaletteOpen] = useState(true);
  const [settingsOpen, setSettingsOpen] = useState(true);
  const [maximized, setMaximized] = useState(false);
  const [previewShare, setPreviewShare] = useState(0.42);
  const [windowHeight, setWindowHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    if (!maximized) return;
    const onResize = () => setWindowHeight(window.innerHeight);
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, [maximized]);
  const bodyHeight = maximized ? Math.max(300, windowHeight - CHROME) : height;

  // The minimap sits over the canvas: only where there is room for it, and only if wanted.
  const [paneSize, setPaneSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setPaneSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const [minimapWanted, setMinimapWanted] = useState(true);
  const minimapFits = paneSize.width >= MINIMAP_ROOM.width && paneSize.height >= MINIMAP_ROOM.height;
  const previewHeight = previewNode ? Math.round(bodyHeight * previewShare) : 0;

  const notifyInfo = useCallback((m: string) => push("info", m), [push]);
  const codeAction = useCodeAction(model, slot, flowName, notifyInfo, graph);

  // Maximized, the canvas moves to the page's body: an output area clips and transforms what
  // it holds, so nothing inside it can cover the window. React keeps rendering into `host`.
  const wasMaximized = useRef(maximized);
  useLayoutEffect(() => {
    const place = slot.current;
    if (!place || wasMaximized.current === maximized) return; // mounted in place: stay there
    wasMaximized.current = maximized;
    if (maximized) {
      place.style.height = `${place.getBoundingClientRect().height}px`;
      document.body.appendChild(host);
    } else {
      place.style.height = "";
      place.appendChild(host);
    }
    root.current?.focus({ preventScroll: true });
  }, [maximized, host, slot]);

  // -- adding nodes ---------------------------------------------------------------------------
  const paneCenter = useCallback((): XY => {
    const box = pane.current?.getBoundingClientRect();
    if (!box) return { x: 0, y: 0 };
    return rf.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
  }, [rf]);

  const addAfterSelected = useCallback(
    (type: string) => {
      canvas.expectNewNodes();
      const after = selectedNode;
      const connectable = after && cat.get(after.type)?.outputs === 1 && (cat.get(type)?.inputs.length ?? 0) > 0;
      if (after && connectable) {
        send(model, { kind: "add", type, after: after.id }); // the kernel places it beside its input
      } else {
        send(model, { kind: "add", type, position: centeredAt(paneCenter(), NODE_WIDTH, NODE_HEIGHT) });
      }
    },
    [model, canvas, selectedNode, cat, paneCenter],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_MIME);
      if (!type) return;
      e.preventDefault();
      canvas.expectNewNodes();
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      send(model, { kind: "add", type, position: centeredAt(at, NODE_WIDTH, NODE_HEIGHT) });
    },
    [rf, model, canvas],
  );

  // -- view -----------------------------------------------------------------------------------
  /** Fit the flow; when it cannot fit at a readable zoom, show its start at that zoom. */
  const framed = useRef(false); // the view is as the last fit left it (the person has not moved it)
  const fit = useCallback(
    (duration = 200) => {
      const el = pane.current;
      const box = bounds(
        graph.nodes.map((n) => ({ ...n.position, ...(canvas.measured.get(n.id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT }) })),
      );
      if (!el || !box || el.clientWidth === 0) return;
      const pad = 24;
      const left = CONTROLS_CLEAR; // the zoom buttons sit at the bottom left: no node under them
      const room = { width: el.clientWidth - left - pad, height: el.clientHeight - 2 * pad };
      const fitted = Math.min(1, room.width / box.width, room.height / box.height);
      if (fitted >= READABLE_ZOOM) {
        // centred in the room beside the zoom buttons
        const x = left + (room.width - box.width * fitted) / 2 - box.x * fitted;
        const y = pad + (room.height - box.height * fitted) / 2 - box.y * fitted;
        void rf.setViewport({ x, y, zoom: fitted }, { duration });
        framed.current = true;
      } else {
        // too wide (or tall) to read whole: its start, centred in height when its height fits
        const zoom = READABLE_ZOOM;
        const spare = room.height - box.height * zoom;
        const y = pad + Math.max(0, spare / 2) - box.y * zoom;
        void rf.setViewport({ x: left - box.x * zoom, y, zoom }, { duration });
        framed.current = true;
      }
    },
    [rf, graph, canvas.measured],
  );

  // While the person has not moved the view since it was fitted, a pane that changes size (a
  // panel opens or closes, the widget is resized) fits the flow again.
  const fitLatest = useRef(fit);
  fitLatest.current = fit;
  useEffect(() => {
    if (framed.current && paneSize.width > 0) fitLatest.current(0);
  }, [paneSize.width, paneSize.height]);

  // A flow shown with nodes is fitted once they are measured; an empty one never is (its first
  // node stays where it was dropped).
  const fitOnce = useRef(graph.nodes.length === 0);
  useEffect(() => {
    if (fitOnce.current || graph.nodes.length === 0 || canvas.measured.size === 0) return;
    fitOnce.current = true;
    fit(0);
  }, [graph, canvas.measured, fit]);

  const fitNext = useRef(false);
  useEffect(() => {
    if (!fitNext.current) return;
    fitNext.current = false;
    const t = setTimeout(() => fit(), 50);
    return () => clearTimeout(t);
  }, [graph, fit]);

  const layout = useCallback(() => {
    const boxes = canvas.nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? NODE_HEIGHT }));
    if (boxes.length === 0) return;
    fitNext.current = true;
    const width = (pane.current?.clientWidth ?? 900) / 0.75; // a row fits the pane at zoom 0.75
    send(model, { kind: "layout", positions: autoLayout(boxes, graph.edges, Math.max(width, 2 * NODE_WIDTH)) });
  }, [model, canvas.nodes, graph.edges]);

  // -- clipboard ------------------------------------------------------------------------------
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const copy = useCallback(() => {
    const clip = copySelection(graph, canvas.selected);
    if (!clip) return;
    clipboard = clip;
    pasteCount = 0;
    push("info", `Copied ${clip.nodes.length} node${clip.nodes.length === 1 ? "" : "s"}.`);
  }, [graph, canvas.selected, push]);

  const paste = useCallback(() => {
    if (!clipboard) return;
    pasteCount += 1;
    const at = pointer.current ? rf.screenToFlowPosition(pointer.current) : null;
    const { nodes, edges } = pasteContent(clipboard, pasteOffset(clipboard, at, pasteCount));
    canvas.expectNewNodes();
    send(model, { kind: "paste", nodes, edges });
  }, [model, canvas, rf]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (isTextEntry(e.target)) {
      e.stopPropagation(); // typing belongs to the field, never to the notebook
      return;
    }
    if (e.key === "Escape" && maximized) {
      setMaximized(false);
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    const action = keyAction(e);
    if (!action) return;
    if (action === "undo") send(model, { kind: "undo" });
    else if (action === "redo") send(model, { kind: "redo" });
    else if (action === "copy") copy();
    else if (action === "paste") paste();
    else if (action === "delete") canvas.deleteSelection();
    else if (action === "select-all") canvas.selectAll();
    e.preventDefault();
    e.stopPropagation();
  };

  // Clicks on the canvas do not move focus by themselves (d3 cancels mousedown): take it, so
  // keys reach this widget and not the notebook.
  const onPointerDownCapture = (e: React.PointerEvent) => {
    const t = e.target as Element;
    if (isTextEntry(t) || t.closest("button, select, a, .cm-editor")) return;
    root.current?.focus({ preventScroll: true });
  };

  const showSettings = selectedNode !== undefined && settingsOpen;
  return (
    <div
      className={`ff-root${maximized ? " ff-max" : ""}`}
      ref={root}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onPointerDownCapture={onPointerDownCapture}
      data-testid="flowfile-widget"
    >
      <Toolbar
        flowName={flowName}
        canUndo={canUndo}
        canRedo={canRedo}
        codeOpen={codeAction.open}
        paletteOpen={paletteOpen}
        settingsOpen={settingsOpen}
        maximized={maximized}
        onUndo={() => send(model, { kind: "undo" })}
        onRedo={() => send(model, { kind: "redo" })}
        onLayout={layout}
        onFit={() => fit()}
        onCode={codeAction.writeToCell}
        onToggleCode={codeAction.toggle}
        onTogglePalette={() => setPaletteOpen((o) => !o)}
        onToggleSettings={() => setSettingsOpen((o) => !o)}
        onToggleMaximize={() => setMaximized((m) => !m)}
        engine={targetEngine}
        onEngine={(engine) => send(model, { kind: "engine", engine: engine as "" | "duckdb" | "spark" | "sqlframe" })}
      />
      <div className="ff-body" style={{ height: bodyHeight }}>
        <div className="ff-work" style={{ height: bodyHeight - previewHeight - (previewNode ? 6 : 0) }}>
          {paletteOpen ? (
            <Palette catalog={catalog} onAdd={addAfterSelected} onCollapse={() => setPaletteOpen(false)} />
          ) : (
            <button type="button" className="ff-strip" onClick={() => setPaletteOpen(true)} data-testid="palette-reopen" title="Show the node palette">
              <span aria-hidden>»</span>
              <span className="ff-strip-text">Nodes</span>
            </button>
          )}
          <div
            className="ff-canvas"
            ref={pane}
            onDragOver={(e) => e.preventDefault()}
            onDrop={onDrop}
            onPointerMove={(e) => {
              pointer.current = { x: e.clientX, y: e.clientY };
            }}
            onPointerLeave={() => {
              pointer.current = null;
            }}
            data-testid="canvas"
          >
            <PortabilityContext.Provider value={portability}>
            <ReactFlow<FlowNode, FlowEdge>
              nodes={canvas.nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={canvas.onNodesChange}
              onEdgesChange={canvas.onEdgesChange}
              onNodeDragStop={canvas.onNodeDragStop}
              onConnect={canvas.onConnect}
              onMoveStart={(event) => {
                if (event) framed.current = false; // a pan or zoom by the person (not by code)
              }}
              onConnectStart={connectPan.onConnectStart}
              onConnectEnd={connectPan.onConnectEnd}
              autoPanOnConnect={false}
              isValidConnection={canvas.isValidConnection}
              onReconnectStart={canvas.onReconnectStart}
              onReconnect={canvas.onReconnect}
              onReconnectEnd={canvas.onReconnectEnd}
              edgesReconnectable
              deleteKeyCode={null}
              disableKeyboardA11y
              minZoom={0.1}
              maxZoom={2.5}
              onlyRenderVisibleElements={graph.nodes.length > VIRTUALIZE_FROM}
              defaultEdgeOptions={{ type: "counted" }}
            >
              <Background gap={16} size={1} />
              {minimapWanted && minimapFits ? (
                <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} style={{ width: 140, height: 90 }} />
              ) : null}
              <Controls showInteractive={false} showFitView={false}>
                <ControlButton
                  onClick={() => setMinimapWanted((w) => !w)}
                  title={minimapWanted ? "Hide the minimap" : "Show the minimap (when the canvas has room)"}
                  aria-label="Minimap"
                  data-testid="minimap-toggle"
                >
                  ▦
                </ControlButton>
              </Controls>
            </ReactFlow>
            </PortabilityContext.Provider>
            {graph.nodes.length === 0 ? (
              <div className="ff-empty">Drag a node from the palette, or double-click one, to start.</div>
            ) : null}
          </div>
          {showSettings ? (
            <ConfigPanel
              key={selectedNode.id}
              model={model}
              node={selectedNode}
              entry={cat.get(selectedNode.type)}
              state={liveStates[selectedNode.id]}
              completions={completions}
              onDelete={() => send(model, { kind: "remove", ids: [selectedNode.id] })}
            />
          ) : null}
        </div>
        {previewNode ? (
          <>
            <SplitHandle
              onDrag={(dy) => setPreviewShare((s) => Math.min(0.8, Math.max(0.15, s - dy / bodyHeight)))}
            />
            <PreviewPanel
              model={model}
              graph={graph}
              node={previewNode}
              entry={cat.get(previewNode.type)}
              state={liveStates[previewNode.id]}
              height={previewHeight}
              pinned={pinnedNode !== undefined}
              onPin={() => setPinnedId((id) => (id === null ? previewNode.id : null))}
              notify={notifyInfo}
            />
          </>
        ) : null}
      </div>
      <Notices notices={notices} onDismiss={dismiss} />
      {maximized ? null : (
        <ResizeHandle height={height} onResize={setHeight} onResizeEnd={(h) => send(model, { kind: "resize", height: h })} />
      )}
      {codeAction.open ? <CodePanel code={code} extensionMissing={codeAction.extensionMissing} onClose={codeAction.close} /> : null}
      {alive ? null : (
        <div className="ff-gone" role="alert" data-testid="kernel-gone">
          <div className="ff-gone-box">
            <strong>The kernel restarted</strong>
            <span>This canvas is no longer connected to its flow. Run this cell again: the flow comes back from its file, with every edit you made.</span>
          </div>
        </div>
      )}
    </div>
  );
}

export function App() {
  const slot = useRef<HTMLDivElement>(null);
  const [host] = useState(() => document.createElement("div"));
  useLayoutEffect(() => {
    slot.current?.appendChild(host);
    return () => host.remove();
  }, [host]);
  return (
    <div ref={slot} className="ff-slot">
      {createPortal(
        <ReactFlowProvider>
          <FlowApp host={host} slot={slot} />
        </ReactFlowProvider>,
        host,
      )}
    </div>
  );
}

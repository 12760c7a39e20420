import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { type DragEvent, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CodePanel } from "./components/CodePanel";
import { ConfigPanel } from "./components/ConfigPanel";
import { FlowNodeComponent } from "./components/FlowNode";
import { Notices } from "./components/Notices";
import { DRAG_MIME, Palette } from "./components/Palette";
import { PreviewPanel } from "./components/PreviewPanel";
import { ResizeHandle, clampHeight } from "./components/ResizeHandle";
import { Toolbar } from "./components/Toolbar";
import { useCanvasState } from "./hooks/useCanvasState";
import { useCodeAction } from "./hooks/useCodeAction";
import { useNotices } from "./hooks/useNotices";
import { useSuppressShortcuts } from "./hooks/useSuppressShortcuts";
import { type ClipboardData, copySelection, pasteContent } from "./core/clipboard";
import { type FlowEdge, type FlowNode, catalogIndex, positionAfter } from "./core/graph";
import { isTextEntry, keyAction } from "./core/keys";
import { autoLayout } from "./core/layout";
import { PortabilityContext } from "./core/portability";
import { overlayProgress, withInputSchemas } from "./core/progress";
import { send, useFlowModel, useJsonTrait, useMessages, useTrait } from "./model";
import type { ProgressMessage, XY } from "./types";

const nodeTypes = { flow: FlowNodeComponent };
const PASTE_STEP = 40;

/** Shared by every canvas on the page, so nodes can be copied from one flow into another. */
let clipboard: ClipboardData | null = null;
let pasteCount = 0;

const minimapColor = (n: FlowNode) => `var(--ff-cat-${n.data.entry?.category ?? "unknown"})`;

function FlowApp() {
  const model = useFlowModel();
  const flowName = useTrait("flow_name");
  const catalog = useTrait("catalog");
  const graph = useJsonTrait("graph");
  const states = useJsonTrait("states");
  const heightTrait = useTrait("height");
  const code = useTrait("code");
  const canUndo = useTrait("can_undo");
  const canRedo = useTrait("can_redo");
  const targetEngine = useTrait("target_engine");
  const notPortable = useTrait("not_portable");
  const portability = useMemo(() => ({ engine: targetEngine, reasons: notPortable }), [targetEngine, notPortable]);
  const rf = useReactFlow<FlowNode>();

  const root = useRef<HTMLDivElement>(null);
  useSuppressShortcuts(root);
  const { notices, push, dismiss } = useNotices();
  const cat = useMemo(() => catalogIndex(catalog), [catalog]);

  // `progress` messages arrive before the `states` trait catches up: overlay them until it does.
  const [progress, setProgress] = useState<Record<string, ProgressMessage>>({});
  useEffect(() => setProgress({}), [states]);
  const liveStates = useMemo(
    () => withInputSchemas(overlayProgress(states, progress), graph),
    [states, progress, graph],
  );

  useMessages(model, (msg) => {
    if (msg.kind === "notice") push(msg.level === "error" ? "error" : "info", msg.message);
    else if (msg.kind === "progress") setProgress((p) => ({ ...p, [msg.id]: msg }));
  });

  const canvas = useCanvasState(model, graph, cat, liveStates);
  const selectedNode = canvas.selected.size === 1 ? graph.nodes.find((n) => canvas.selected.has(n.id)) : undefined;

  const [height, setHeight] = useState(() => clampHeight(heightTrait));
  useEffect(() => setHeight(clampHeight(heightTrait)), [heightTrait]);

  const notifyInfo = useCallback((m: string) => push("info", m), [push]);
  const codeAction = useCodeAction(model, root, flowName, notifyInfo);

  const add = useCallback(
    (type: string, position: XY, after?: string) => {
      canvas.expectNewNodes();
      send(model, { kind: "add", type, position, ...(after ? { after } : {}) });
    },
    [model, canvas],
  );

  const addAfterSelected = useCallback(
    (type: string) => {
      const sel = graph.nodes.filter((n) => canvas.selected.has(n.id));
      const after = sel.length === 1 ? sel[0] : undefined;
      if (after) {
        const connectable = cat.get(after.type)?.outputs === 1 && (cat.get(type)?.inputs.length ?? 0) > 0;
        add(type, positionAfter(graph, after), connectable ? after.id : undefined);
        return;
      }
      const box = root.current?.querySelector(".react-flow")?.getBoundingClientRect();
      const center = box ? rf.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
      add(type, { x: Math.round(center.x - 90), y: Math.round(center.y - 30) });
    },
    [graph, canvas.selected, cat, add, rf],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_MIME);
      if (!type) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      add(type, { x: Math.round(p.x), y: Math.round(p.y) });
    },
    [rf, add],
  );

  const fitNext = useRef(false);
  useEffect(() => {
    if (!fitNext.current) return;
    fitNext.current = false;
    const t = setTimeout(() => void rf.fitView({ padding: 0.2, duration: 200, maxZoom: 1 }), 50);
    return () => clearTimeout(t);
  }, [graph, rf]);

  const layout = useCallback(() => {
    const boxes = canvas.nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? 200, height: n.measured?.height ?? 80 }));
    if (boxes.length === 0) return;
    fitNext.current = true;
    send(model, { kind: "layout", positions: autoLayout(boxes, graph.edges) });
  }, [model, canvas.nodes, graph.edges]);

  const fit = useCallback(() => void rf.fitView({ padding: 0.2, duration: 200, maxZoom: 1 }), [rf]);

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
    const { nodes, edges } = pasteContent(clipboard, { x: PASTE_STEP * pasteCount, y: PASTE_STEP * pasteCount });
    canvas.expectNewNodes();
    send(model, { kind: "paste", nodes, edges });
  }, [model, canvas]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (isTextEntry(e.target)) {
      e.stopPropagation(); // typing belongs to the field, never to the notebook
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
    if (isTextEntry(t) || t.closest("button, select, a")) return;
    root.current?.focus({ preventScroll: true });
  };

  return (
    <div className="ff-root" ref={root} tabIndex={-1} onKeyDown={onKeyDown} onPointerDownCapture={onPointerDownCapture} data-testid="flowfile-widget">
      <Toolbar
        flowName={flowName}
        canUndo={canUndo}
        canRedo={canRedo}
        codeOpen={codeAction.open}
        onUndo={() => send(model, { kind: "undo" })}
        onRedo={() => send(model, { kind: "redo" })}
        onLayout={layout}
        onFit={fit}
        onCode={codeAction.writeToCell}
        onToggleCode={codeAction.toggle}
        engine={targetEngine}
        onEngine={(engine) => send(model, { kind: "engine", engine: engine as "" | "duckdb" | "spark" | "sqlframe" })}
      />
      <div className="ff-main" style={{ height }}>
        <Palette catalog={catalog} onAdd={addAfterSelected} />
        <div className="ff-canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="canvas">
          <PortabilityContext.Provider value={portability}>
          <ReactFlow<FlowNode, FlowEdge>
            nodes={canvas.nodes}
            edges={canvas.edges}
            nodeTypes={nodeTypes}
            onNodesChange={canvas.onNodesChange}
            onEdgesChange={canvas.onEdgesChange}
            onNodeDragStop={canvas.onNodeDragStop}
            onConnect={canvas.onConnect}
            isValidConnection={canvas.isValidConnection}
            onReconnectStart={canvas.onReconnectStart}
            onReconnect={canvas.onReconnect}
            onReconnectEnd={canvas.onReconnectEnd}
            edgesReconnectable
            deleteKeyCode={null}
            disableKeyboardA11y
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
            minZoom={0.1}
            maxZoom={2.5}
            defaultEdgeOptions={{ type: "smoothstep" }}
          >
            <Background gap={16} size={1} />
            <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} style={{ width: 150, height: 100 }} />
            <Controls showInteractive={false} />
          </ReactFlow>
          </PortabilityContext.Provider>
          {graph.nodes.length === 0 ? (
            <div className="ff-empty">Drag a node from the palette, or double-click one, to start.</div>
          ) : null}
          <Notices notices={notices} onDismiss={dismiss} />
        </div>
        {selectedNode ? (
          <ConfigPanel
            key={selectedNode.id}
            model={model}
            node={selectedNode}
            entry={cat.get(selectedNode.type)}
            state={liveStates[selectedNode.id]}
            onDelete={() => send(model, { kind: "remove", ids: [selectedNode.id] })}
          />
        ) : null}
      </div>
      <ResizeHandle height={height} onResize={setHeight} onResizeEnd={(h) => send(model, { kind: "resize", height: h })} />
      {selectedNode ? <PreviewPanel model={model} graph={graph} node={selectedNode} state={liveStates[selectedNode.id]} /> : null}
      {codeAction.open ? <CodePanel code={code} extensionMissing={codeAction.extensionMissing} onClose={codeAction.close} /> : null}
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <FlowApp />
    </ReactFlowProvider>
  );
}

import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo, useState } from "react";
import type { FlowNode as FlowNodeType } from "../core/graph";
import { useNotPortable } from "../core/portability";
import { verbToShow } from "../core/search";
import type { NodeState } from "../protocol";
import { ColumnList } from "./ColumnList";
import { Glyph } from "./Glyph";

export function formatRows(n: number): string {
  return n.toLocaleString("en-US");
}

export function rowCount(n: number): string {
  return `${formatRows(n)} row${n === 1 ? "" : "s"}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

const STATUS_TEXT: Record<NodeState["status"], string> = {
  valid: "ready",
  error: "error",
  blocked: "blocked",
  queued: "queued",
  running: "running",
  done: "done",
  cached: "cached",
  cancelled: "cancelled",
};

export function StatusBadge({ state }: { state: NodeState | undefined }) {
  const status = state?.status ?? "valid";
  const parts = [STATUS_TEXT[status] ?? status];
  if (state?.rows != null && (status === "done" || status === "cached")) parts.push(rowCount(state.rows));
  if (state?.ms != null && status === "done") parts.push(formatMs(state.ms));
  return (
    <span className={`ff-badge ff-badge-${status}`} data-testid="node-status" data-status={status}>
      {status === "running" || status === "queued" ? <span className="ff-spinner" aria-hidden /> : null}
      {parts.join(" · ")}
    </span>
  );
}

/** The node's type under its name: the type's title when the node has a name of its own, and
 * the Polars verb when the title does not say it. */
export function TypeName({ label, type, named }: { label: string; type: string; named: boolean }) {
  const verb = verbToShow({ label, type });
  return (
    <>
      {named || !verb ? label : null}
      {named && verb ? " · " : null}
      {verb ? <code className="ff-verb">{verb}</code> : null}
    </>
  );
}

function FlowNodeView({ data, selected }: NodeProps<FlowNodeType>) {
  const { node, entry, state, handles } = data;
  const status = state?.status ?? "valid";
  const unknown = !entry;
  // The column list is built only while the pointer is on the node: a large flow's schemas
  // would otherwise be thousands of hidden rows, re-rendered on every edit.
  const [hovered, setHovered] = useState(false);
  const notPortable = useNotPortable(node.id);
  return (
    <div
      className={`ff-node ff-cat-${entry?.category ?? "unknown"} ff-status-${status}${selected ? " ff-selected" : ""}${notPortable ? " ff-not-portable" : ""}`}
      data-testid="flow-node"
      data-type={node.type}
      title={entry?.description ?? ""}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      {handles.map((h, i) => (
        <Handle
          key={h.id}
          id={h.id}
          type="target"
          position={Position.Left}
          className="ff-handle ff-handle-in"
          style={{ top: `${((i + 1) / (handles.length + 1)) * 100}%` }}
          data-testid={`handle-in-${h.id}`}
        >
          {h.label ? <span className="ff-handle-label">{h.label}</span> : null}
        </Handle>
      ))}
      <div className="ff-node-head">
        <Glyph category={entry?.category} label={entry?.label ?? node.type} />
        <div className="ff-node-titles">
          <div className="ff-node-label" data-testid="node-name">
            {node.name}
          </div>
          <div className="ff-node-type">
            {unknown ? `unknown type ${node.type}` : <TypeName label={entry.label} type={node.type} named={node.label !== ""} />}
          </div>
        </div>
      </div>
      <StatusBadge state={state} />
      {state?.error ? (
        <div className="ff-node-error" data-testid="node-error">
          {state.error}
        </div>
      ) : null}
      {notPortable ? (
        <div className="ff-node-not-portable" data-testid="node-not-portable" title={notPortable.reason}>
          not on {notPortable.engine}: {notPortable.reason}
        </div>
      ) : null}
      {hovered && state?.schema && state.schema.length > 0 ? (
        <div className="ff-node-columns-pop">
          <ColumnList columns={state.schema} testid="node-columns" />
        </div>
      ) : null}
      {entry?.outputs === 1 ? (
        <Handle type="source" position={Position.Right} className="ff-handle ff-handle-out" data-testid="handle-out" />
      ) : null}
    </div>
  );
}

export const FlowNodeComponent = memo(FlowNodeView);

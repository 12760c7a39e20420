import { useEffect, useMemo, useState } from "react";
import { useSettingsDraft } from "../hooks/useSettingsDraft";
import { deriveFields } from "../core/schemaForm";
import { type Model, send } from "../model";
import type { CatalogEntry, GraphNode, NodeState } from "../types";
import { ColumnList } from "./ColumnList";
import { StatusBadge } from "./FlowNode";
import { Glyph } from "./Glyph";
import { SchemaForm } from "./SchemaForm";

interface Props {
  model: Model;
  node: GraphNode;
  entry: CatalogEntry | undefined;
  state: NodeState | undefined;
  onDelete: () => void;
}

function LabelInput({ model, node, placeholder }: { model: Model; node: GraphNode; placeholder: string }) {
  const [text, setText] = useState(node.label);
  useEffect(() => setText(node.label), [node.id, node.label]);
  const commit = () => {
    const label = text.trim();
    if (label !== node.label) send(model, { kind: "relabel", id: node.id, label });
  };
  return (
    <input
      className="ff-input ff-label-input"
      value={text}
      placeholder={placeholder}
      title="Node label"
      aria-label="Node label"
      data-testid="node-label-input"
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
        if (e.key === "Escape") setText(node.label);
      }}
    />
  );
}

export function ConfigPanel({ model, node, entry, state, onDelete }: Props) {
  const fields = useMemo(() => (entry ? deriveFields(entry.settings_schema) : []), [entry]);
  const { values, change, flush } = useSettingsDraft(model, node.id, node.settings);
  return (
    <aside className="ff-config" data-testid="config-panel" data-node-id={node.id} onBlur={flush}>
      <div className="ff-config-head">
        <Glyph category={entry?.category} label={entry?.label ?? node.type} />
        <LabelInput model={model} node={node} placeholder={entry?.label ?? node.type} />
      </div>
      <div className="ff-config-meta">
        <span className="ff-muted">{entry ? entry.label : `unknown type ${node.type}`}</span>
        <StatusBadge state={state} />
      </div>
      {entry?.description ? <p className="ff-config-desc">{entry.description}</p> : null}
      {state?.error && !fields.some((f) => f.kind === "expression") ? (
        <div className="ff-config-error" data-testid="config-error">
          {state.error}
        </div>
      ) : null}
      <SchemaForm fields={fields} values={values} onChange={change} entry={entry} state={state} />
      {state?.schema ? (
        <details className="ff-config-columns" open>
          <summary>Output columns ({state.schema.length})</summary>
          <ColumnList columns={state.schema} testid="panel-columns" />
        </details>
      ) : null}
      <div className="ff-config-actions">
        <button type="button" className="ff-btn ff-btn-danger" onClick={onDelete} data-testid="delete-node-button">
          Delete node
        </button>
      </div>
    </aside>
  );
}

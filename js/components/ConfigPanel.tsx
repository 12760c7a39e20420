import { useEffect, useMemo, useState } from "react";
import { deriveFields, modesOf } from "../core/schemaForm";
import { activeMode, inactiveFields } from "../core/validate";
import { useSettingsDraft } from "../hooks/useSettingsDraft";
import type { CatalogEntry, Completions, GraphNode, NodeState } from "../protocol";
import { type Model, send } from "../state/model";
import { ColumnList } from "./ColumnList";
import { StatusBadge, TypeName } from "./FlowNode";
import { SchemaForm } from "./form/SchemaForm";
import { Glyph } from "./Glyph";

interface Props {
  model: Model;
  node: GraphNode;
  entry: CatalogEntry | undefined;
  state: NodeState | undefined;
  completions: Completions;
  onDelete: () => void;
}

function LabelInput({ model, node }: { model: Model; node: GraphNode }) {
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
      placeholder={node.name}
      title="Name this node (its variable name in the generated code)"
      aria-label="Node name"
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

/** Where the draft stands, in words: applied, waiting to be complete, or refused. */
function DraftStatus({ draft }: { draft: ReturnType<typeof useSettingsDraft> }) {
  if (draft.refused) {
    return (
      <div className="ff-draft ff-draft-refused" data-testid="draft-status" data-state="refused" role="alert">
        <span>
          Not applied: {draft.refused.message}. The node keeps its previous settings.
        </span>
        <button type="button" className="ff-btn" onClick={draft.revert} data-testid="draft-revert">
          Revert
        </button>
      </div>
    );
  }
  if (draft.unsent) {
    return (
      <div className="ff-draft ff-draft-unsent" data-testid="draft-status" data-state="incomplete">
        <span>Not applied yet: the node keeps its settings until the marked fields are complete.</span>
        <button type="button" className="ff-btn" onClick={draft.revert} data-testid="draft-revert">
          Revert
        </button>
      </div>
    );
  }
  return <div className="ff-draft ff-draft-ok" data-testid="draft-status" data-state={draft.pending ? "applying" : "applied"} />;
}

export function ConfigPanel({ model, node, entry, state, completions, onDelete }: Props) {
  const fields = useMemo(() => (entry ? deriveFields(entry.settings_schema) : []), [entry]);
  const modes = useMemo(() => (entry ? modesOf(entry.settings_schema) : []), [entry]);
  const draft = useSettingsDraft(model, node.id, node.settings, fields, modes);
  const ctx = {
    entry,
    state,
    completions,
    problems: draft.problems,
    modes: draft.modes,
    chooseMode: draft.chooseMode,
    reportUnparsed: draft.reportUnparsed,
  };
  // the node's error shows under its expression when one is on screen, else above the form
  const off = inactiveFields(modes, activeMode(modes, fields, draft.values, draft.modes[""]));
  const expressionShown = fields.some((f) => f.kind === "expression" && !off.has(f.name));
  return (
    <aside className="ff-config" data-testid="config-panel" data-node-id={node.id} onBlur={draft.flush}>
      <div className="ff-config-head">
        <Glyph category={entry?.category} label={entry?.label ?? node.type} />
        <LabelInput model={model} node={node} />
      </div>
      <div className="ff-config-meta">
        <span className="ff-muted">{entry ? <TypeName label={entry.label} type={node.type} named /> : `unknown type ${node.type}`}</span>
        <StatusBadge state={state} />
      </div>
      {entry?.description ? <p className="ff-config-desc">{entry.description}</p> : null}
      <DraftStatus draft={draft} />
      {state?.error && !(expressionShown && state.status === "error") ? (
        <div className="ff-config-error" data-testid="config-error">
          {state.error}
        </div>
      ) : null}
      <SchemaForm fields={fields} modes={modes} values={draft.values} onChange={draft.change} ctx={ctx} />
      {state?.schema ? (
        <details className="ff-config-columns">
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

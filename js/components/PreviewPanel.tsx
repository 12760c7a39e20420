import { useCallback, useMemo, useState } from "react";
import { ancestors, upstreamKey } from "../core/graph";
import { useElapsed } from "../hooks/useElapsed";
import { usePreview } from "../hooks/usePreview";
import type { Graph, GraphNode, NodeState } from "../protocol";
import type { Model } from "../state/model";
import { formatMs, formatRows, rowCount } from "./FlowNode";
import { PreviewTable } from "./PreviewTable";

interface Props {
  model: Model;
  graph: Graph;
  node: GraphNode;
  state: NodeState | undefined;
  height: number;
}

const SIZES = [100, 1000, 10000];
const SLOW_S = 3; // from then on the time shows
const STUCK_S = 20; // from then on the run is called out as long, with Cancel beside it

export function PreviewPanel({ model, graph, node, state, height }: Props) {
  const [n, setN] = useState(100);
  const [sample, setSample] = useState(false);
  const refreshKey = useMemo(() => upstreamKey(graph, node.id), [graph, node.id]);
  const upstream = useMemo(() => new Set(ancestors(graph, node.id).map((g) => g.id)), [graph, node.id]);
  const cannotRun = state?.status === "error" || state?.status === "blocked";
  const settingsOf = useCallback((nodeId: string) => graph.nodes.find((g) => g.id === nodeId)?.settings, [graph]);
  const p = usePreview(model, {
    id: node.id,
    refreshKey,
    enabled: !cannotRun,
    n,
    sample,
    schema: state?.schema,
    upstream,
    settingsOf,
  });
  const a = p.answer;
  const elapsed = useElapsed(p.loading);

  let body;
  if (cannotRun) {
    body = <div className="ff-preview-msg ff-error-text">{state?.error ?? `This node is ${state?.status}.`}</div>;
  } else if (p.error) {
    body = (
      <div className="ff-preview-msg ff-error-text" data-testid="preview-error">
        {p.error}
      </div>
    );
  } else if (p.table) {
    body = <PreviewTable table={p.table} />;
  } else if (!p.loading) {
    body = <div className="ff-preview-msg ff-muted">No preview yet.</div>;
  }

  return (
    <section className="ff-preview" style={{ height }} data-testid="preview-panel" data-node-id={node.id}>
      <div className="ff-preview-head">
        <strong className="ff-preview-title" data-testid="preview-title">
          {node.name}
        </strong>
        {a && !p.loading && !p.error ? (
          <span className="ff-muted" data-testid="preview-meta">
            {a.rows_total != null ? rowCount(a.rows_total) : ""}
            {a.truncated && p.table ? ` · first ${formatRows(p.table.numRows)} shown` : ""}
            {a.cached ? " · cached" : ""}
            {a.ms != null ? ` · ${formatMs(a.ms)}` : ""}
            {a.note ? (
              <span className="ff-preview-note" data-testid="preview-note" title={a.note}>
                {` · first rows only: ${a.note}`}
              </span>
            ) : null}
          </span>
        ) : null}
        {p.loading ? (
          <span className="ff-preview-loading" data-testid="preview-loading">
            <span className="ff-spinner" aria-hidden />{" "}
            {elapsed < SLOW_S ? "computing…" : elapsed < STUCK_S ? `computing… ${elapsed} s` : (
              <span className="ff-preview-stuck" data-testid="preview-stuck">
                still running after {elapsed} s: Cancel stops it
              </span>
            )}
            <button type="button" className="ff-btn" onClick={p.cancel} data-testid="preview-cancel">
              Cancel
            </button>
          </span>
        ) : null}
        <span className="ff-spacer" />
        <label className="ff-muted ff-inline" title="A random sample instead of the first rows">
          <input type="checkbox" checked={sample} onChange={(e) => setSample(e.target.checked)} data-testid="preview-sample" /> sample
        </label>
        <select className="ff-input ff-input-small" value={n} onChange={(e) => setN(Number(e.target.value))} aria-label="Rows" data-testid="preview-n">
          {SIZES.map((s) => (
            <option key={s} value={s}>
              {formatRows(s)} rows
            </option>
          ))}
        </select>
        <button type="button" className="ff-btn" onClick={p.refresh} title="Compute again" data-testid="preview-refresh">
          ↻
        </button>
      </div>
      <div className="ff-preview-body">{body}</div>
    </section>
  );
}

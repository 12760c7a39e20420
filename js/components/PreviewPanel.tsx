import { useCallback, useEffect, useMemo, useState } from "react";
import { ancestors, upstreamKey } from "../core/graph";
import { formatCount } from "../core/format";
import { keepKnown, pageOffsets, pageText, type SortKey, toggleSort } from "../core/paging";
import { type DataQuery, type Side, useDataView } from "../hooks/useDataView";
import { useElapsed } from "../hooks/useElapsed";
import { usePreview } from "../hooks/usePreview";
import type { CatalogEntry, Graph, GraphNode, NodeState } from "../protocol";
import type { Model } from "../state/model";
import { ExportMenu } from "./ExportMenu";
import { formatMs, formatRows, rowCount } from "./FlowNode";
import { JoinBar } from "./JoinBar";
import { PreviewTable } from "./PreviewTable";

interface Props {
  model: Model;
  graph: Graph;
  node: GraphNode;
  entry: CatalogEntry | undefined;
  state: NodeState | undefined;
  height: number;
  /** the preview stays on this node while others are selected */
  pinned: boolean;
  onPin: () => void;
  notify: (message: string) => void;
}

const SIZES = [100, 1000, 10000];
const SLOW_S = 3; // from then on the time shows
const STUCK_S = 20; // from then on the run is called out as long, with Cancel beside it
const SEARCH_DELAY_MS = 300;
const NO_QUERY: DataQuery = { sort: [], search: "", offset: 0 };

/** A node joins two inputs named left and right: its rows that found no partner can be shown. */
function joinsTwoSides(entry: CatalogEntry | undefined): boolean {
  return entry !== undefined && entry.inputs.length === 2 && entry.inputs[0] === "left" && entry.inputs[1] === "right";
}

export function PreviewPanel({ model, graph, node, entry, state, height, pinned, onPin, notify }: Props) {
  const [n, setN] = useState(100);
  const [sample, setSample] = useState(false);
  const [query, setQuery] = useState<DataQuery>(NO_QUERY);
  const [typed, setTyped] = useState("");
  const [side, setSide] = useState<Side | null>(null);
  const refreshKey = useMemo(() => upstreamKey(graph, node.id), [graph, node.id]);
  const upstream = useMemo(() => new Set(ancestors(graph, node.id).map((g) => g.id)), [graph, node.id]);
  // predicted problems only: a run that failed (a progress status with no predicted error) is
  // asked again, and its answer says why in the node's own words
  const cannotRun = (state?.status === "error" && state.error != null) || state?.status === "blocked";
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
  const joins = joinsTwoSides(entry);
  const view = useDataView(model, {
    id: node.id,
    preview: p.answer,
    schema: state?.schema,
    n,
    query,
    joins,
    side,
    inputSchemas: state?.input_schemas ?? [],
  });
  const a = p.answer;
  const elapsed = useElapsed(p.loading);

  // another node shown: its own sort, search and page
  useEffect(() => {
    setQuery(NO_QUERY);
    setTyped("");
    setSide(null);
  }, [node.id]);

  // an edit dropped a sorted column: sort by the others
  const columns = useMemo(() => (state?.schema ?? []).map(([c]) => c), [state?.schema]);
  useEffect(() => {
    if (columns.length === 0) return;
    setQuery((q) => {
      const sort = keepKnown(q.sort, columns);
      return sort.length === q.sort.length ? q : { ...q, sort, offset: 0 };
    });
  }, [columns]);

  // the search goes to the kernel once typing pauses
  useEffect(() => {
    if (typed === query.search) return;
    const t = setTimeout(() => setQuery((q) => ({ ...q, search: typed, offset: 0 })), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [typed, query.search]);

  const onSort = useCallback((column: string, add: boolean) => {
    setSample(false); // a sort is over the whole result, not a sample of it
    setQuery((q) => ({ ...q, sort: toggleSort(q.sort, column, add) as SortKey[], offset: 0 }));
  }, []);
  const goTo = (offset: number) => {
    setSample(false);
    setQuery((q) => ({ ...q, offset }));
  };

  // -- what the grid shows: the preview's rows, a page of the whole result, or unmatched rows
  let table = p.table;
  let rowOffset = 0;
  let error = p.error;
  let paging: { text: string; prev: number | null; next: number | null } | null = null;
  const searching = query.search !== "";
  if (side) {
    table = view.unmatched.table;
    error = view.unmatched.error;
    const u = view.unmatched.answer;
    if (u && !u.error) {
      const count = side === "left" ? u.left_unmatched : u.right_unmatched;
      paging = { text: `${formatCount(count ?? 0)} unmatched ${side} row${count === 1 ? "" : "s"}${(count ?? 0) > (u.rows ?? 0) ? `, first ${formatRows(u.rows ?? 0)} shown` : ""}`, prev: null, next: null };
    }
  } else if (view.paged && (view.page.answer || view.page.error)) {
    const pa = view.page.answer;
    table = view.page.table ?? table;
    error = view.page.error;
    rowOffset = pa?.offset ?? 0;
    if (pa && !pa.error) {
      paging = { text: pageText(pa.offset ?? 0, pa.rows ?? 0, pa.matching ?? 0, searching), ...pageOffsets(pa.offset ?? 0, n, pa.matching ?? 0) };
    }
  } else if (a && p.table && !a.error) {
    const total = a.rows_total ?? p.table.numRows;
    paging = sample
      ? { text: `a random sample of ${formatRows(p.table.numRows)} of ${rowCount(total)}`, prev: null, next: null }
      : { text: pageText(0, p.table.numRows, total, false), ...pageOffsets(0, n, total) };
  }
  const busy = p.loading || (view.paged && view.page.loading) || (side !== null && view.unmatched.loading);

  let body;
  if (cannotRun) {
    body = <div className="ff-preview-msg ff-error-text">{state?.error ?? "An input of this node has an error; fix that one first."}</div>;
  } else if (error) {
    body = (
      <div className="ff-preview-msg ff-error-text" data-testid="preview-error">
        {error}
      </div>
    );
  } else if (table) {
    body = (
      <PreviewTable
        table={table}
        rowOffset={rowOffset}
        profiles={side ? undefined : (view.profiles ?? undefined)}
        sort={side ? [] : query.sort}
        onSort={side ? undefined : onSort}
      />
    );
  } else if (!busy) {
    body = <div className="ff-preview-msg ff-muted">No preview yet.</div>;
  }

  return (
    <section className={`ff-preview${pinned ? " ff-pinned" : ""}`} style={{ height }} data-testid="preview-panel" data-node-id={node.id} data-pinned={pinned ? "true" : "false"}>
      <div className="ff-preview-head">
        <button
          type="button"
          className={`ff-btn ff-pin${pinned ? " ff-on" : ""}`}
          onClick={onPin}
          aria-pressed={pinned}
          title={pinned ? "Pinned: the preview stays on this node while you select others. Click to follow the selection again." : "Pin: keep showing this node while you select and edit others"}
          data-testid="preview-pin"
        >
          <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden>
            <path d="M5 1h6v1.5L10 3.5v3.5l2.5 2.5V11H8.75v4L8 16l-.75-1V11H3.5V9.5L6 7V3.5L5 2.5z" fill="currentColor" />
          </svg>
        </button>
        <strong className="ff-preview-title" data-testid="preview-title">
          {node.name}
        </strong>
        {a && !p.loading && !p.error ? (
          <span className="ff-muted" data-testid="preview-meta">
            {a.rows_total != null ? rowCount(a.rows_total) : ""}
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
        {side ? null : (
          <input
            className="ff-input ff-input-small ff-search"
            type="search"
            placeholder="Search all rows"
            value={typed}
            spellCheck={false}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") setQuery((q) => ({ ...q, search: typed, offset: 0 }));
              if (e.key === "Escape") setTyped("");
            }}
            aria-label="Search all rows"
            data-testid="preview-search"
          />
        )}
        <label className="ff-muted ff-inline" title="A random sample instead of the first rows">
          <input type="checkbox" checked={sample} onChange={(e) => {
              setSample(e.target.checked);
              if (e.target.checked) {
                setQuery(NO_QUERY); // a sample is of the first rows' kind: no sort, no search
                setTyped("");
              }
            }} data-testid="preview-sample" /> sample
        </label>
        <select className="ff-input ff-input-small" value={n} onChange={(e) => { setN(Number(e.target.value)); setQuery((q) => ({ ...q, offset: 0 })); }} aria-label="Rows" data-testid="preview-n">
          {SIZES.map((s) => (
            <option key={s} value={s}>
              {formatRows(s)} rows
            </option>
          ))}
        </select>
        {cannotRun ? null : <ExportMenu model={model} nodeId={node.id} onDone={notify} />}
        <button type="button" className="ff-btn" onClick={p.refresh} title="Compute again" data-testid="preview-refresh">
          ↻
        </button>
      </div>
      {joins && !cannotRun ? <JoinBar answer={view.unmatched.answer} side={side} onSide={setSide} /> : null}
      <div className="ff-preview-body">{body}</div>
      {paging && !cannotRun ? (
        <div className="ff-paging">
          <span data-testid="paging-text">{paging.text}</span>
          {busy ? <span className="ff-spinner" aria-hidden data-testid="page-loading" /> : null}
          <span className="ff-spacer" />
          {query.sort.length && !side ? (
            <button type="button" className="ff-link" onClick={() => setQuery((q) => ({ ...q, sort: [], offset: 0 }))} data-testid="sort-clear">
              unsort
            </button>
          ) : null}
          <button type="button" className="ff-btn" disabled={paging.prev === null} onClick={() => paging?.prev != null && goTo(paging.prev)} data-testid="page-prev" title="Previous rows">
            ‹ Prev
          </button>
          <button type="button" className="ff-btn" disabled={paging.next === null} onClick={() => paging?.next != null && goTo(paging.next)} data-testid="page-next" title="Next rows">
            Next ›
          </button>
        </div>
      ) : null}
    </section>
  );
}

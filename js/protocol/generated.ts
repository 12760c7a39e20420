// Generated from flowfile_jupyter/jupyter/protocol.py: do not edit.
// python -m flowfile_jupyter.jupyter.typescript > js/protocol/schema.json && npm run protocol

export type Edit = UpdateRequest | MoveRequest | ConnectRequest | DisconnectRequest | RemoveRequest | RelabelRequest;
export type Message =
  | NoticeMessage
  | RefusedAnswer
  | ProgressMessage
  | CodeAnswer
  | PreviewAnswer
  | ProfileAnswer
  | PageAnswer
  | UnmatchedAnswer
  | ExportAnswer;
export type Request =
  | AddRequest
  | UpdateRequest
  | MoveRequest
  | LayoutRequest
  | ConnectRequest
  | DisconnectRequest
  | RemoveRequest
  | RelabelRequest
  | PasteRequest
  | BatchRequest
  | UndoRequest
  | RedoRequest
  | PreviewRequest
  | CancelRequest
  | CodeRequest
  | ResizeRequest
  | EngineRequest
  | ProfileRequest
  | PageRequest
  | UnmatchedRequest
  | ExportRequest;

export interface Protocol {
  edit: Edit;
  message: Message;
  request: Request;
  traits: Traits;
}
export interface UpdateRequest {
  id: string;
  kind: "update";
  request_id?: string | null;
  settings: {
    [k: string]: unknown;
  };
}
export interface MoveRequest {
  id: string;
  kind: "move";
  position: XY;
  request_id?: string | null;
}
export interface XY {
  x: number;
  y: number;
}
export interface ConnectRequest {
  kind: "connect";
  port: number;
  request_id?: string | null;
  source: string;
  target: string;
}
export interface DisconnectRequest {
  kind: "disconnect";
  port?: number | null;
  request_id?: string | null;
  source: string;
  target: string;
}
export interface RemoveRequest {
  ids: string[];
  kind: "remove";
  request_id?: string | null;
}
export interface RelabelRequest {
  id: string;
  kind: "relabel";
  label: string;
  request_id?: string | null;
}
/**
 * An event worth a line at the bottom of the canvas (never a form's validation).
 */
export interface NoticeMessage {
  kind: "notice";
  level: "error" | "info";
  message: string;
}
/**
 * An edit sent with a ``request_id`` was refused; the flow is unchanged. ``fields`` maps
 * setting paths (``aggs.2.column``; "" for the whole) to their problem.
 */
export interface RefusedAnswer {
  fields: {
    [k: string]: string;
  };
  kind: "refused";
  message: string;
  request_id: string;
}
export interface ProgressMessage {
  id: string;
  kind: "progress";
  ms: number | null;
  rows: number | null;
  status: "queued" | "running" | "done" | "cached" | "error" | "cancelled";
}
export interface CodeAnswer {
  absorbed: string | null;
  code: string;
  kind: "code";
  request_id: string | null;
}
/**
 * A preview's rows come as one Arrow IPC buffer beside this message; ``error`` is set and
 * the rest absent when there are none.
 */
export interface PreviewAnswer {
  bytes?: number;
  cached?: boolean;
  error: string | null;
  id: string;
  kind: "preview";
  max_chars?: number;
  ms?: number;
  node?: string;
  note?: string | null;
  request_id: string | null;
  rows?: number;
  rows_total?: number | null;
  sample?: boolean;
  truncated?: boolean;
}
/**
 * Column profiles of the node's whole result as an Arrow IPC buffer (runs/profile.py has
 * its columns); ``error`` is set and the rest absent when there are none.
 */
export interface ProfileAnswer {
  bytes?: number;
  cached?: boolean;
  columns?: number;
  error: string | null;
  id: string;
  kind: "profile";
  max_chars?: number;
  ms?: number;
  node?: string;
  note?: string | null;
  request_id: string | null;
  rows_total?: number | null;
}
/**
 * ``matching`` rows match the search; these are the ones from ``offset``.
 */
export interface PageAnswer {
  bytes?: number;
  cached?: boolean;
  error: string | null;
  id: string;
  kind: "page";
  matching?: number;
  max_chars?: number;
  ms?: number;
  node?: string;
  note?: string | null;
  offset?: number;
  request_id: string | null;
  rows?: number;
  rows_total?: number;
  sample?: boolean;
  truncated?: boolean;
}
/**
 * The first unmatched rows of ``side``; counts for both sides.
 */
export interface UnmatchedAnswer {
  bytes?: number;
  cached?: boolean;
  error: string | null;
  id: string;
  kind: "unmatched";
  left_rows?: number;
  left_unmatched?: number;
  max_chars?: number;
  ms?: number;
  node?: string;
  note?: string | null;
  request_id: string | null;
  right_rows?: number;
  right_unmatched?: number;
  rows?: number;
  rows_total?: number;
  sample?: boolean;
  side?: "left" | "right";
  truncated?: boolean;
}
export interface ExportAnswer {
  error: string | null;
  id: string;
  kind: "export";
  ms?: number;
  name?: string | null;
  node?: string;
  path?: string | null;
  request_id: string | null;
  rows?: number;
  to?: "csv" | "parquet" | "variable";
}
export interface AddRequest {
  after?: string | null;
  kind: "add";
  position?: XY | null;
  request_id?: string | null;
  type: string;
}
export interface LayoutRequest {
  kind: "layout";
  positions: {
    [k: string]: XY;
  };
  request_id?: string | null;
}
export interface PasteRequest {
  /**
   * @maxItems 10000
   */
  edges?: PasteEdge[];
  kind: "paste";
  /**
   * @maxItems 1000
   */
  nodes: PasteNode[];
  request_id?: string | null;
}
export interface PasteEdge {
  port: number;
  source_index: number;
  target_index: number;
}
export interface PasteNode {
  label?: string;
  position: XY;
  settings?: {
    [k: string]: unknown;
  };
  type: string;
}
/**
 * Several edits as one: one undo step, one prediction, one save (re-plugging an edge,
 * deleting a selection). If one edit is refused, none is applied.
 */
export interface BatchRequest {
  /**
   * @minItems 1
   * @maxItems 10000
   */
  edits: (UpdateRequest | MoveRequest | ConnectRequest | DisconnectRequest | RemoveRequest | RelabelRequest)[];
  kind: "batch";
  request_id?: string | null;
}
export interface UndoRequest {
  kind: "undo";
}
export interface RedoRequest {
  kind: "redo";
}
export interface PreviewRequest {
  id: string;
  kind: "preview";
  n?: number;
  request_id?: string | null;
  sample?: boolean;
}
export interface CancelRequest {
  kind: "cancel";
}
export interface CodeRequest {
  kind: "code";
  request_id?: string | null;
}
export interface ResizeRequest {
  height: number;
  kind: "resize";
}
/**
 * Show which nodes cannot run on this engine ("" : Polars, every node can).
 */
export interface EngineRequest {
  engine: "" | "duckdb" | "spark" | "sqlframe";
  kind: "engine";
}
/**
 * Column profiles of the node's whole result (answered with Arrow IPC).
 */
export interface ProfileRequest {
  id: string;
  kind: "profile";
  request_id?: string | null;
}
/**
 * Rows ``offset``.. of the node's whole result, sorted and searched by Polars.
 */
export interface PageRequest {
  id: string;
  kind: "page";
  n?: number;
  offset?: number;
  request_id?: string | null;
  search?: string;
  /**
   * @maxItems 16
   */
  sort?: SortColumn[];
}
export interface SortColumn {
  column: string;
  descending?: boolean;
}
/**
 * A join's unmatched rows: counts for both sides, the first rows of ``side``.
 */
export interface UnmatchedRequest {
  id: string;
  kind: "unmatched";
  n?: number;
  request_id?: string | null;
  side?: "left" | "right";
}
/**
 * Write the node's whole result to a file (``path``) or a notebook variable (``name``).
 */
export interface ExportRequest {
  id: string;
  kind: "export";
  name?: string | null;
  overwrite?: boolean;
  path?: string | null;
  request_id?: string | null;
  to: "csv" | "parquet" | "variable";
}
/**
 * The widget's synced traits (``graph`` and ``states`` travel as JSON bytes).
 */
export interface Traits {
  can_redo: boolean;
  can_undo: boolean;
  catalog: CatalogEntry[];
  code: string;
  completions: Completions;
  flow_name: string;
  graph: GraphPayload;
  height: number;
  not_portable: {
    [k: string]: string;
  };
  row_counts: RowCountsPayload;
  states: {
    [k: string]: StatePayload;
  };
  target_engine: string;
}
export interface CatalogEntry {
  category: "input" | "transform" | "combine" | "aggregate" | "output";
  defaults: {
    [k: string]: unknown;
  };
  description: string;
  inputs: string[];
  label: string;
  outputs: number;
  settings_schema: {
    [k: string]: unknown;
  };
  type: string;
  variadic: boolean;
}
/**
 * What the expression editor may suggest: ``pl.`` functions, expression methods, and
 * the methods of each namespace (``.str``, ``.dt``...).
 */
export interface Completions {
  functions: Completion[];
  methods: Completion[];
  namespaces: {
    [k: string]: Completion[];
  };
}
export interface Completion {
  info: string;
  name: string;
}
export interface GraphPayload {
  edges: EdgePayload[];
  nodes: NodePayload[];
}
export interface EdgePayload {
  port: number;
  source: string;
  target: string;
}
export interface NodePayload {
  id: string;
  label: string;
  name: string;
  position: PositionPayload;
  settings: {
    [k: string]: unknown;
  };
  type: string;
}
export interface PositionPayload {
  x: number;
  y: number;
}
/**
 * The ``row_counts`` trait: counts from development runs, only where known.
 */
export interface RowCountsPayload {
  edges: EdgeRowsPayload[];
  nodes: {
    [k: string]: NodeRowsPayload;
  };
}
export interface EdgeRowsPayload {
  port: number;
  rows: number;
  source: string;
  target: string;
}
export interface NodeRowsPayload {
  change: number | null;
  rows_in: (number | null)[];
  rows_out: number | null;
}
export interface StatePayload {
  changes: ChangesPayload | null;
  error: string | null;
  ms: number | null;
  rows: number | null;
  schema: [string, string][] | null;
  status: "valid" | "error" | "blocked";
}
/**
 * What a node does to its first input's columns; ``retyped``: [column, before, after].
 */
export interface ChangesPayload {
  added: string[];
  removed: string[];
  retyped: string[][];
}

// The widget protocol: model traits (Python -> JS) and custom messages (both ways).
// Python (flowfile_jupyter/widget.py) is written against these shapes; keep them in step.

export type Category = "input" | "transform" | "combine" | "aggregate" | "output";

export const CATEGORIES: readonly Category[] = ["input", "transform", "combine", "aggregate", "output"];

/** A JSON schema fragment as pydantic v2 emits it, plus our `x-` annotations. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  "x-column"?: "single" | "multi";
  /** Which input port the column picker reads from (default: the node's first port). */
  "x-port"?: string;
  "x-expression"?: boolean;
  "x-dtype"?: boolean;
  [key: string]: unknown;
}

export interface CatalogEntry {
  type: string;
  label: string;
  category: Category;
  description: string;
  inputs: string[];
  variadic: boolean;
  outputs: 0 | 1;
  settings_schema: JsonSchema;
  defaults: Record<string, unknown>;
}

export interface XY {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  type: string;
  label: string;
  settings: Record<string, unknown>;
  position: XY;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** 0-based index into the target's inputs (for a variadic node: its n-th input) */
  port: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type Status =
  | "valid"
  | "error"
  | "blocked"
  | "stale"
  | "queued"
  | "running"
  | "done"
  | "cached"
  | "cancelled";

/** [[column, dtype], ...] */
export type Columns = [string, string][];

export interface NodeState {
  status: Status;
  error: string | null;
  schema: Columns | null;
  input_schemas: (Columns | null)[];
  rows: number | null;
  ms: number | null;
}

export type States = Record<string, NodeState>;

export interface WidgetTraits {
  flow_name: string;
  catalog: CatalogEntry[];
  graph: Graph;
  states: States;
  height: number;
  code: string;
  can_undo: boolean;
  can_redo: boolean;
  target_engine: string;
  not_portable: Record<string, string>;
}

export interface PasteNode {
  type: string;
  label: string;
  settings: Record<string, unknown>;
  position: XY;
}

export interface PasteEdge {
  source_index: number;
  target_index: number;
  port: number;
}

/** JS -> Python */
export type OutgoingMessage =
  | { kind: "add"; type: string; position: XY; after?: string }
  | { kind: "update"; id: string; settings: Record<string, unknown> }
  | { kind: "move"; id: string; position: XY }
  | { kind: "layout"; positions: Record<string, XY> }
  | { kind: "connect"; source: string; target: string; port: number }
  | { kind: "disconnect"; source: string; target: string; port: number }
  | { kind: "remove"; ids: string[] }
  | { kind: "relabel"; id: string; label: string }
  | { kind: "paste"; nodes: PasteNode[]; edges: PasteEdge[] }
  | { kind: "undo" }
  | { kind: "redo" }
  | { kind: "preview"; id: string; n: number; request_id: string; sample?: boolean }
  | { kind: "cancel" }
  | { kind: "code"; request_id: string }
  | { kind: "resize"; height: number }
  | { kind: "engine"; engine: "" | "duckdb" | "spark" | "sqlframe" };

export interface PreviewAnswer {
  kind: "preview";
  request_id: string;
  id: string;
  rows_total: number | null;
  cached: boolean;
  ms: number | null;
  truncated: boolean;
  error: string | null;
}

export interface NoticeMessage {
  kind: "notice";
  level: "error" | "info";
  message: string;
}

export interface ProgressMessage {
  kind: "progress";
  id: string;
  status: Status;
  rows: number | null;
  ms: number | null;
}

/** The flow's generated code, asked for when the Code button is pressed. */
export interface CodeAnswer {
  kind: "code";
  request_id: string;
  code: string;
}

/** Python -> JS */
export type IncomingMessage = PreviewAnswer | NoticeMessage | ProgressMessage | CodeAnswer;

/** The bubbling, cancelable DOM event the "Code" button dispatches from the widget's root. */
export const CODE_EVENT = "flowfile:code";

/** detail of the `flowfile:code` event. */
export interface CodeEventDetail {
  flow: string;
  code: string;
  hash: string;
  /** Set by the lab extension when it wrote the cell (it also calls preventDefault()). */
  action?: "inserted" | "updated";
}

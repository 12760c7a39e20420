// The widget protocol. Message and trait shapes are generated from
// flowfile_jupyter/jupyter/protocol.py (generated.ts); this file adds only what the browser
// derives from them and the DOM event contract with the lab extension.
import type { CatalogEntry as GeneratedCatalogEntry, NodePayload, NodeRowsPayload, ProgressMessage, StatePayload } from "./generated";

export type * from "./generated";

export type Category = GeneratedCatalogEntry["category"];
export const CATEGORIES: readonly Category[] = ["input", "transform", "combine", "aggregate", "output"];

/** [[column, dtype], ...] */
export type Columns = NonNullable<StatePayload["schema"]>;

/** A node's status as the canvas shows it: predicted, or from a run in progress. */
export type Status = StatePayload["status"] | ProgressMessage["status"];

/** A node's state on the canvas: the kernel's, the live run status over it, and the columns
 * of each input (found from the edges, so the kernel sends each schema once). */
export interface NodeState extends Omit<StatePayload, "status"> {
  status: Status;
  input_schemas: (Columns | null)[];
  /** rows in and out, from the last development run that computed the node */
  counts?: NodeRowsPayload | undefined;
}

export type States = Record<string, NodeState>;
export type GraphNode = NodePayload;
export type { EdgePayload as GraphEdge, GraphPayload as Graph } from "./generated";

/** A catalog entry with its settings schema typed as the form reads it. */
export interface CatalogEntry extends Omit<GeneratedCatalogEntry, "settings_schema"> {
  settings_schema: JsonSchema;
}

/** A JSON schema fragment as pydantic v2 emits it, plus the `x-` annotations forms read. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  /** one column name ("single") or several ("multi"), picked from an input's columns */
  "x-column"?: "single" | "multi";
  /** which input port a column picker reads from (default: the columns every input has) */
  "x-port"?: string;
  "x-expression"?: boolean;
  "x-dtype"?: boolean;
  /** an object mapping input column names to new names (a rename table) */
  "x-column-map"?: boolean;
  /** a value typed as plain text, converted by the dtype of the column named in this sibling field */
  "x-typed-by"?: string;
  /** the value's shape depends on a sibling field: {field: {its value: "pair" | "list" | "none"}} */
  "x-shape"?: Record<string, Record<string, ValueShape>>;
  /** alternative groups of fields, one in use at a time (e.g. a basic form or an expression) */
  "x-modes"?: FormMode[];
  /** the values a setting takes, each with its words; null may be one (e.g. "Automatic") */
  "x-choices"?: { value: unknown; label: string }[];
  /** a list added to by a button "Add <this>" rather than by picking a column */
  "x-add"?: string;
  /** rows of values as a grid, its columns named and typed by the rows of a sibling list */
  "x-table"?: TableColumns;
  /** shown only while each named sibling field has one of the listed values (else hidden) */
  "x-shown-when"?: Record<string, unknown[]>;
  [key: string]: unknown;
}

export type ValueShape = "one" | "pair" | "list" | "none";

/** x-table: the sibling list holding the columns, and the fields of its rows that name and type them */
export interface TableColumns {
  columns: string;
  name: string;
  dtype: string;
}

export interface FormMode {
  title: string;
  /** the fields this mode shows; each must be filled unless it is listed in `optional` */
  fields: string[];
  optional?: string[];
}

/** The bubbling, cancelable DOM event the "Code" button dispatches from the widget's root. */
export const CODE_EVENT = "flowfile:code";

/** detail of the `flowfile:code` event. */
export interface CodeEventDetail {
  flow: string;
  code: string;
  hash: string;
  /** The text of the cell the kernel last rebuilt this flow from (that cell is the flow's own). */
  absorbed: string | null;
  /** Set by the lab extension when it wrote the cell (it also calls preventDefault()). */
  action?: "inserted" | "updated";
}

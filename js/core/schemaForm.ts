// Form fields derived from a node's settings JSON schema (pydantic v2 output + x- annotations).
// The canvas knows no node types: every form, and every check a form makes, comes from here.
import type { CatalogEntry, Columns, FormMode, JsonSchema, NodeState, TableColumns, ValueShape } from "../protocol";

export type FieldKind =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  | "enum"
  | "column" // one column name, picked from an input schema
  | "columns" // several column names
  | "column-map" // input column -> new name (x-column-map)
  | "dtype-map" // column -> data type (an object whose values are x-dtype)
  | "choice" // one of a few values, each with its words (x-choices; may include null)
  | "value" // plain text converted by a column's dtype (x-typed-by)
  | "values" // a list of numbers, booleans or texts, typed as comma-separated plain text
  | "dtype"
  | "expression"
  | "string-list" // free strings, one per line
  | "enum-list" // several of a fixed set
  | "table" // rows of values as a grid, columns from a sibling list (x-table)
  | "list" // array of objects: one sub-form per row (of one of several kinds: variants)
  | "object" // nested sub-form
  | "json"; // anything else: edited as JSON text

export interface Field {
  name: string;
  title: string;
  description: string;
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
  options: unknown[];
  default: unknown;
  /** input port whose schema feeds column pickers (x-port); undefined: every input's columns */
  port: string | undefined;
  /** sub-fields of an object, or of each row of a list */
  fields: Field[];
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  minItems: number | undefined;
  /** x-typed-by: the sibling field naming the column whose dtype converts this value */
  typedBy: string | undefined;
  /** x-shape: the value's shape, chosen by sibling fields' values (the first rule that applies;
   * a key "*" applies to any value of that sibling that is not empty) */
  shape: { field: string; shapes: Record<string, ValueShape> }[] | undefined;
  /** x-modes of an object (or list row): groups of fields, one in use at a time */
  modes: FormMode[];
  /** a list whose rows are one of several kinds of object (an anyOf of object schemas) */
  variants: Variant[];
  /** x-choices: the words for each value of a "choice" field (options holds the values) */
  labels: string[];
  /** x-add: rows are added by a button "Add <this>" rather than by picking a column */
  addLabel: string | undefined;
  /** x-table: where a grid's columns are named and typed */
  table: TableColumns | undefined;
  /** x-shown-when: shown only while each named sibling has one of the listed values */
  shownWhen: Record<string, unknown[]> | undefined;
}

/** One kind of row of a list of several kinds (e.g. a condition, or a group of them). */
export interface Variant {
  title: string;
  fields: Field[];
  modes: FormMode[];
}

export interface Choice {
  value: unknown;
  label: string;
}

function resolveRef(s: JsonSchema, root: JsonSchema): JsonSchema {
  let cur = s;
  for (let guard = 0; guard < 20; guard++) {
    if (cur.$ref) {
      const name = cur.$ref.replace(/^#\/(\$defs|definitions)\//, "");
      const defs = (root.$defs ?? (root["definitions"] as Record<string, JsonSchema> | undefined)) ?? {};
      const target = defs[name];
      const { $ref: _ignored, ...rest } = cur;
      if (!target) return rest;
      cur = { ...target, ...rest };
    } else if (cur.allOf && cur.allOf.length === 1) {
      const { allOf, ...rest } = cur;
      cur = { ...(allOf[0] as JsonSchema), ...rest };
    } else {
      return cur;
    }
  }
  return cur;
}

/** Follow $ref/allOf and strip an `Optional[...]` (anyOf with null); outer keys win. */
export function unwrap(s: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  let cur = resolveRef(s, root);
  let nullable = false;
  const variants = cur.anyOf ?? cur.oneOf;
  if (variants) {
    const nonNull = variants.filter((v) => v.type !== "null");
    nullable = nonNull.length < variants.length;
    if (nonNull.length === 1) {
      const { anyOf: _a, oneOf: _o, ...outer } = cur;
      cur = { ...resolveRef(nonNull[0] as JsonSchema, root), ...outer };
    }
  }
  if (Array.isArray(cur.type)) {
    const types = cur.type.filter((t) => t !== "null");
    nullable = nullable || types.length < cur.type.length;
    cur = { ...cur, type: types.length === 1 ? types[0] : types };
  }
  return { schema: cur, nullable };
}

interface Kind {
  kind: FieldKind;
  options: unknown[];
  fields: Field[];
  variants?: Variant[];
  labels?: string[];
}

/** The object schemas of an anyOf / oneOf, when every branch is one (else undefined). */
function objectVariants(s: JsonSchema, root: JsonSchema): Variant[] | undefined {
  const branches = (resolveRef(s, root).anyOf ?? resolveRef(s, root).oneOf ?? []).filter((b) => b.type !== "null");
  if (branches.length < 2) return undefined;
  const objects = branches.map((b) => resolveRef(b, root));
  if (!objects.every((o) => o.properties)) return undefined;
  return objects.map((o, i) => ({ title: o.title ?? `Kind ${i + 1}`, fields: deriveFields(o, root), modes: modesOf(o, root) }));
}

function choicesOf(s: JsonSchema): Choice[] | undefined {
  const raw = s["x-choices"];
  if (!Array.isArray(raw)) return undefined;
  return raw.filter((c): c is Choice => typeof c === "object" && c !== null && "value" in c && typeof (c as Choice).label === "string");
}

function kindOf(s: JsonSchema, root: JsonSchema): Kind {
  const none = { options: [] as unknown[], fields: [] as Field[] };
  const choices = choicesOf(s);
  if (choices) return { kind: "choice", options: choices.map((c) => c.value), fields: [], labels: choices.map((c) => c.label) };
  if (s["x-expression"]) return { kind: "expression", ...none };
  if (s["x-typed-by"]) return { kind: "value", ...none };
  if (s["x-column-map"]) return { kind: "column-map", ...none };
  if (s["x-table"]) return { kind: "table", ...none };
  if (s.type === "object" && typeof s.additionalProperties === "object" && !s.properties) {
    const values = unwrap(s.additionalProperties, root).schema;
    if (values["x-dtype"]) return { kind: "dtype-map", options: values.enum ?? [], fields: [] };
  }
  if (s["x-dtype"]) {
    const items = s.items ? unwrap(s.items, root).schema : undefined;
    return { kind: "dtype", options: s.enum ?? items?.enum ?? [], fields: [] };
  }
  if (s["x-column"]) {
    return { kind: s["x-column"] === "multi" || s.type === "array" ? "columns" : "column", ...none };
  }
  if (s.enum) return { kind: "enum", options: s.enum, fields: [] };
  if (s.const !== undefined) return { kind: "enum", options: [s.const], fields: [] };
  switch (s.type) {
    case "boolean":
      return { kind: "boolean", ...none };
    case "integer":
      return { kind: "integer", ...none };
    case "number":
      return { kind: "number", ...none };
    case "string":
      return { kind: "string", ...none };
    case "array": {
      if (!s.items) return { kind: "json", ...none };
      const item = unwrap(s.items, root).schema;
      if (item["x-column"]) return { kind: "columns", ...none };
      if (item.enum) return { kind: "enum-list", options: item.enum, fields: [] };
      if (item.properties) return { kind: "list", options: [], fields: deriveFields(item, root) };
      const variants = objectVariants(item, root);
      if (variants) return { kind: "list", options: [], fields: [], variants };
      if (item.type === "string") return { kind: "string-list", ...none };
      if (isScalar(item)) return { kind: "values", ...none };
      return { kind: "json", ...none };
    }
    case "object":
      if (s.properties) return { kind: "object", options: [], fields: deriveFields(s, root) };
      return { kind: "json", ...none };
    default:
      // one plain value of several possible types (a number, true/false or text)
      return isScalar(s) ? { kind: "value", ...none } : { kind: "json", ...none };
  }
}

const SCALARS = new Set(["string", "integer", "number", "boolean"]);

/** A schema for one plain value: a number, a boolean or a text, or a choice among those. */
function isScalar(s: JsonSchema): boolean {
  if (typeof s.type === "string") return SCALARS.has(s.type);
  const branches = (s.anyOf ?? []).filter((v) => v.type !== "null");
  return branches.length > 0 && branches.every((v) => typeof v.type === "string" && SCALARS.has(v.type));
}

function titleCase(name: string): string {
  const t = name.replace(/_/g, " ");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function shapeOf(s: JsonSchema): Field["shape"] {
  const rules = Object.entries(s["x-shape"] ?? {}).map(([field, shapes]) => ({ field, shapes }));
  return rules.length > 0 ? rules : undefined;
}

/** The shape a value field takes given its siblings (one box, two, a list, or none). */
export function valueShape(field: Field, siblings: Record<string, unknown>): ValueShape {
  if (field.kind === "values") return "list";
  for (const rule of field.shape ?? []) {
    const v = siblings[rule.field];
    if (v === null || v === undefined || v === "") continue;
    const shape = rule.shapes[String(v)] ?? rule.shapes["*"];
    if (shape) return shape;
  }
  return "one";
}

/** The modes (x-modes) of an object schema, or none. */
export function modesOf(schema: JsonSchema, root: JsonSchema = schema): FormMode[] {
  const obj = unwrap(schema, root).schema;
  return Array.isArray(obj["x-modes"]) ? obj["x-modes"] : [];
}

/** The fields of an object schema, in declaration order. `root` holds `$defs`. */
export function deriveFields(schema: JsonSchema, root: JsonSchema = schema): Field[] {
  const obj = unwrap(schema, root).schema;
  const required = new Set(obj.required ?? []);
  return Object.entries(obj.properties ?? {}).map(([name, raw]) => {
    const { schema: s, nullable } = unwrap(raw, root);
    const { kind, options, fields, variants = [], labels = [] } = kindOf(s, root);
    const item = s.type === "array" && s.items ? unwrap(s.items, root).schema : undefined;
    return {
      name,
      title: s.title ?? titleCase(name),
      description: s.description ?? "",
      kind,
      required: required.has(name),
      nullable,
      options,
      default: s.default,
      port: typeof s["x-port"] === "string" ? s["x-port"] : undefined,
      fields,
      minimum: s.minimum,
      maximum: s.maximum,
      exclusiveMinimum: s.exclusiveMinimum,
      exclusiveMaximum: s.exclusiveMaximum,
      minLength: s.minLength,
      maxLength: s.maxLength,
      minItems: s.minItems,
      typedBy: typeof s["x-typed-by"] === "string" ? s["x-typed-by"] : undefined,
      shape: shapeOf(s),
      modes: kind === "list" && item ? modesOf(item, root) : kind === "object" ? modesOf(s, root) : [],
      variants,
      labels,
      addLabel: typeof s["x-add"] === "string" ? s["x-add"] : undefined,
      table: s["x-table"],
      shownWhen: s["x-shown-when"],
    };
  });
}

/** The fields in the order the active mode lists its own (they take the places its fields have
 * among the others), so a mode can put e.g. "combine" above the conditions it combines. */
export function inModeOrder(fields: Field[], mode: FormMode | undefined): Field[] {
  if (!mode) return fields;
  const listed = mode.fields.flatMap((name) => fields.filter((f) => f.name === name));
  let next = 0;
  return fields.map((f) => (mode.fields.includes(f.name) ? (listed[next++] ?? f) : f));
}

/** The fields a form hides now: those whose x-shown-when its sibling values do not meet. */
export function hiddenFields(fields: Field[], values: Record<string, unknown>): Set<string> {
  const valueOf = (name: string) => {
    const v = values[name];
    return v === undefined ? fields.find((f) => f.name === name)?.default : v;
  };
  return new Set(
    fields
      .filter((f) => f.shownWhen && !Object.entries(f.shownWhen).every(([name, allowed]) => allowed.includes(valueOf(name))))
      .map((f) => f.name),
  );
}

/** A new row for a list field: each sub-field's default, or an empty value of its kind. */
export function emptyValue(field: Field): unknown {
  if (field.default !== undefined) return structuredClone(field.default);
  if (field.nullable) return null;
  switch (field.kind) {
    case "boolean":
      return false;
    case "integer":
    case "number":
      return field.minimum ?? 0;
    case "columns":
    case "string-list":
    case "enum-list":
    case "list":
    case "table":
      return [];
    case "column-map":
    case "dtype-map":
      return {};
    case "choice":
      return field.options[0] ?? null;
    case "object":
      return newRow(field.fields);
    case "enum":
    case "dtype":
      return field.options[0] ?? "";
    case "json":
    case "value":
    case "values":
      return null;
    default:
      return "";
  }
}

export function newRow(fields: Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, emptyValue(f)]));
}

/**
 * Which kind of row a list row is: the variant that has every key the row has (a condition has
 * `column`, a group `conditions`), the one sharing most keys when none has them all.
 */
export function rowVariant(field: Field, row: Record<string, unknown>): number {
  if (field.variants.length === 0) return -1;
  const keys = Object.keys(row);
  let best = 0;
  let bestScore = -Infinity;
  field.variants.forEach((v, i) => {
    const names = new Set(v.fields.map((f) => f.name));
    const shared = keys.filter((k) => names.has(k)).length;
    const score = shared - (keys.length - shared) * 1000; // a key it lacks rules it out
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** The fields and modes of one row of a list: the list's own, or those of the row's kind. */
export function rowForm(field: Field, row: Record<string, unknown>): { fields: Field[]; modes: FormMode[] } {
  const v = field.variants[rowVariant(field, row)];
  return v ? { fields: v.fields, modes: v.modes } : { fields: field.fields, modes: field.modes };
}

/**
 * Columns offered by a column picker: the input schema of the field's port (x-port); without
 * one, the columns every input has (a join's shared keys; the only input of most nodes).
 */
export function columnsFor(field: Field, entry: CatalogEntry | undefined, state: NodeState | undefined): Columns {
  const schemas = state?.input_schemas ?? [];
  if (field.port && entry) return schemas[Math.max(0, entry.inputs.indexOf(field.port))] ?? [];
  const known = schemas.filter((s): s is Columns => s !== null && s !== undefined);
  if (known.length <= 1) return known[0] ?? [];
  const [first, ...rest] = known as [Columns, ...Columns[]];
  return first.filter(([name]) => rest.every((cols) => cols.some(([n]) => n === name)));
}

/** A grid's columns (x-table): each one's name and dtype, from the sibling list that holds them. */
export function tableColumns(field: Field, siblings: Record<string, unknown>): { name: string; dtype: string }[] {
  const t = field.table;
  const list = t ? siblings[t.columns] : undefined;
  if (!t || !Array.isArray(list)) return [];
  return list.map((c) => {
    const o = c && typeof c === "object" ? (c as Record<string, unknown>) : {};
    return { name: String(o[t.name] ?? ""), dtype: String(o[t.dtype] ?? "") };
  });
}

/** Parse the text of a number input; undefined means "not a number (yet)". */
export function parseNumber(text: string, field: Field): number | null | undefined {
  if (text.trim() === "") return field.nullable ? null : undefined;
  if (field.kind === "integer" && !/^\s*[+-]?\d+\s*$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

// Checks a settings draft in the browser, field by field, with messages in plain words, so an
// edit is sent only when it is complete. Paths are the kernel's (`aggs.2.column`), so a refusal
// from the kernel lands under the same field.
import type { FormMode } from "../protocol";
import { unfinished } from "./expression";
import { type Field, emptyValue, hiddenFields, rowForm, tableColumns, valueShape } from "./schemaForm";

export type Problems = Record<string, string>;
type Values = Record<string, unknown>;

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

const asObject = (v: unknown): Values => (v && typeof v === "object" && !Array.isArray(v) ? (v as Values) : {});

const join = (path: string, name: string | number) => (path ? `${path}.${name}` : String(name));

/** Whether a field holds something other than its empty value (a mode "in use"). */
function used(field: Field, value: unknown): boolean {
  if (isEmpty(value)) return false;
  return JSON.stringify(value) !== JSON.stringify(field.default ?? emptyValue(field));
}

/** The mode in use: the one chosen in the form, else the first whose fields hold values. */
export function activeMode(modes: FormMode[], fields: Field[], values: Values, chosen?: number): number {
  if (modes.length === 0) return -1;
  if (chosen !== undefined && chosen >= 0 && chosen < modes.length) return chosen;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const found = modes.findIndex((m) =>
    m.fields.some((name) => {
      const f = byName.get(name);
      return f !== undefined && used(f, values[name]);
    }),
  );
  return found < 0 ? 0 : found;
}

/** Names of fields that belong to a mode other than the active one (hidden, reset on send). */
export function inactiveFields(modes: FormMode[], active: number): Set<string> {
  const mine = new Set(modes[active]?.fields ?? []);
  return new Set(modes.flatMap((m, i) => (i === active ? [] : m.fields.filter((f) => !mine.has(f)))));
}

/** The values to send: fields of inactive modes back to their empty values (recursively). */
export function settle(fields: Field[], modes: FormMode[], values: Values, chosen: Record<string, number>, path = ""): Values {
  const active = activeMode(modes, fields, values, chosen[path]);
  const off = inactiveFields(modes, active);
  const out: Values = { ...values };
  for (const f of fields) {
    if (off.has(f.name)) {
      out[f.name] = f.default !== undefined ? structuredClone(f.default) : emptyValue(f);
    } else if (f.kind === "list" && Array.isArray(values[f.name])) {
      out[f.name] = (values[f.name] as unknown[]).map((row, i) => {
        const form = rowForm(f, asObject(row));
        return settle(form.fields, form.modes, asObject(row), chosen, join(join(path, f.name), i));
      });
    } else if (f.kind === "table" && Array.isArray(values[f.name])) {
      // rows shorter than the table (a column was added): the new cells are missing values
      const width = tableColumns(f, values).length;
      out[f.name] = (values[f.name] as unknown[]).map((row) => {
        const cells = Array.isArray(row) ? [...(row as unknown[])] : [];
        while (cells.length < width) cells.push(null);
        return cells;
      });
    } else if (f.kind === "object" && values[f.name] !== undefined) {
      out[f.name] = settle(f.fields, f.modes, asObject(values[f.name]), chosen, join(path, f.name));
    }
  }
  return out;
}

function shapeOf(field: Field, siblings: Values): string {
  return valueShape(field, siblings);
}

/** The problem with one field's value, in words, or null. `needed`: the field must be filled. */
export function checkField(field: Field, value: unknown, siblings: Values, needed: boolean): string | null {
  if (field.kind === "choice") {
    const known = field.options.some((o) => JSON.stringify(o) === JSON.stringify(value ?? null));
    return known ? null : "Choose one of the options";
  }
  if (field.kind === "value") {
    const shape = shapeOf(field, siblings);
    if (shape === "none") return null;
    if (isEmpty(value) || (shape === "pair" && (!Array.isArray(value) || value.length !== 2))) {
      return shape === "list" ? "Type one or more values, separated by commas" : "Type a value";
    }
    return null;
  }
  if (value === null || value === undefined) {
    if (field.nullable && !needed) return null;
    if (field.default === null && !needed) return null;
    return missing(field);
  }
  switch (field.kind) {
    case "string":
    case "column":
    case "enum":
    case "dtype": {
      if (typeof value !== "string" && field.kind !== "enum") return missing(field);
      if (value === "") return needed || (field.minLength ?? 0) > 0 || field.kind !== "string" ? missing(field) : null;
      if (field.kind === "enum" && field.options.length > 0 && !field.options.includes(value)) return "Choose one of the options";
      if (field.minLength !== undefined && String(value).length < field.minLength) {
        return `Type at least ${field.minLength} characters`;
      }
      if (field.maxLength !== undefined && String(value).length > field.maxLength) {
        return `Type at most ${field.maxLength} characters`;
      }
      return null;
    }
    case "expression":
      return typeof value === "string" ? unfinished(value) : "Write an expression";
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return field.kind === "integer" ? "Type a whole number" : "Type a number";
      if (field.kind === "integer" && !Number.isInteger(value)) return "Type a whole number";
      if (field.minimum !== undefined && value < field.minimum) return `At least ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum) return `At most ${field.maximum}`;
      if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) return `More than ${field.exclusiveMinimum}`;
      if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) return `Less than ${field.exclusiveMaximum}`;
      return null;
    }
    case "columns":
    case "string-list":
    case "enum-list":
    case "values":
    case "list": {
      const list = Array.isArray(value) ? value : [];
      if ((needed || (field.minItems ?? 0) > 0) && list.length < Math.max(1, field.minItems ?? 0)) return missing(field);
      return null;
    }
    case "dtype-map": {
      for (const [column, dtype] of Object.entries(asObject(value))) {
        if (!field.options.includes(dtype)) return `Choose a type for "${column}", or clear it`;
      }
      if (needed && Object.keys(asObject(value)).length === 0) return "Choose a type for at least one column";
      return null;
    }
    case "table": {
      const width = tableColumns(field, siblings).length;
      const rows = Array.isArray(value) ? value : [];
      const long = rows.findIndex((r) => Array.isArray(r) && r.length > width);
      if (long >= 0) return `Row ${long + 1} has more values than the table has columns: add a column or remove the row`;
      return null;
    }
    case "column-map": {
      const seen = new Map<string, string>();
      for (const [old, renamed] of Object.entries(asObject(value))) {
        if (typeof renamed !== "string" || renamed === "") return `Give "${old}" a new name, or clear it`;
        const other = seen.get(renamed);
        if (other !== undefined) return `"${other}" and "${old}" would both be named "${renamed}"`;
        seen.set(renamed, old);
      }
      if (needed && seen.size === 0) return "Type a new name for at least one column";
      return null;
    }
    default:
      return null;
  }
}

function missing(field: Field): string {
  switch (field.kind) {
    case "column":
      return "Choose a column";
    case "columns":
      return "Choose at least one column";
    case "expression":
      return "Write an expression";
    case "enum":
    case "dtype":
      return "Choose one";
    case "list":
      return "Add at least one";
    case "integer":
    case "number":
      return "Type a number";
    default:
      return "Can't be empty";
  }
}

/** Every problem of a draft, by path. Fields of a mode not in use are not checked. */
export function validate(
  fields: Field[],
  modes: FormMode[],
  values: Values,
  chosen: Record<string, number> = {},
  path = "",
): Problems {
  const problems: Problems = {};
  const active = activeMode(modes, fields, values, chosen[path]);
  const off = new Set([...inactiveFields(modes, active), ...hiddenFields(fields, values)]);
  const optional = new Set(modes[active]?.optional ?? []);
  const inMode = new Set((modes[active]?.fields ?? []).filter((name) => !optional.has(name)));
  for (const f of fields) {
    if (off.has(f.name)) continue;
    const here = join(path, f.name);
    const value = values[f.name] === undefined ? f.default : values[f.name];
    const problem = checkField(f, value, values, f.required || inMode.has(f.name));
    if (problem) problems[here] = problem;
    if (f.kind === "list" && Array.isArray(value)) {
      value.forEach((row, i) => {
        const form = rowForm(f, asObject(row));
        Object.assign(problems, validate(form.fields, form.modes, asObject(row), chosen, join(here, i)));
      });
    } else if (f.kind === "object" && value !== null && value !== undefined) {
      Object.assign(problems, validate(f.fields, f.modes, asObject(value), chosen, here));
    }
  }
  return problems;
}

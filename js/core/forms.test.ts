// The forms of the new settings, from the schemas the kernel sends (catalog.fixture.json,
// written by `python -m flowfile_jupyter.jupyter.catalog`; a Python test keeps it current).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { JsonSchema } from "../protocol";
import schemas from "./catalog.fixture.json";
import { type Field, deriveFields, emptyValue, hiddenFields, inModeOrder, modesOf, newRow, rowForm, rowVariant, tableColumns } from "./schemaForm";
import { formatCell, parseCell } from "./values";
import { settle, validate } from "./validate";

const SCHEMAS = schemas as unknown as Record<string, JsonSchema>;
const schema = (type: string): JsonSchema => {
  const s = SCHEMAS[type];
  assert.ok(s, type);
  return s;
};
const fieldOf = (fields: Field[], name: string): Field => {
  const f = fields.find((x) => x.name === name);
  assert.ok(f, name);
  return f;
};
const check = (type: string, values: Record<string, unknown>, chosen: Record<string, number> = {}) =>
  validate(deriveFields(schema(type)), modesOf(schema(type)), values, chosen);
const sent = (type: string, values: Record<string, unknown>, chosen: Record<string, number> = {}) =>
  settle(deriveFields(schema(type)), modesOf(schema(type)), values, chosen);

const FILTER_DEFAULTS = { expr: null, column: null, operator: "==", value: null, other: null, negate: false };
const cond = (c: Record<string, unknown>) => ({ operator: "==", value: null, other: null, negate: false, ...c });

test("no setting of any node is left to a raw JSON box", () => {
  const json: string[] = [];
  const walk = (type: string, fields: Field[], prefix: string) => {
    for (const f of fields) {
      if (f.kind === "json") json.push(`${type}.${prefix}${f.name}`);
      walk(type, f.fields, `${prefix}${f.name}.`);
      for (const v of f.variants) walk(type, v.fields, `${prefix}${f.name}.`);
    }
  };
  for (const [type, s] of Object.entries(SCHEMAS)) walk(type, deriveFields(s), "");
  assert.deepEqual(json, []);
});

test("a filter's conditions are rows of two kinds: a condition, or a group of them", () => {
  const conditions = fieldOf(deriveFields(schema("filter")), "conditions");
  assert.equal(conditions.kind, "list");
  assert.deepEqual(conditions.variants.map((v) => v.title), ["Condition", "Group"]);
  const [condition, group] = conditions.variants;
  assert.ok(condition && group);
  assert.deepEqual(newRow(group.fields), { combine: "and", conditions: [] });
  assert.deepEqual(
    condition.fields.map((f) => [f.name, f.kind]),
    [["column", "column"], ["operator", "enum"], ["value", "value"], ["other", "column"], ["negate", "boolean"]],
  );
  // the kind of a row is read from its keys, also for rows from a flow file that omit defaults
  assert.equal(rowVariant(conditions, newRow(condition.fields)), 0);
  assert.equal(rowVariant(conditions, newRow(group.fields)), 1);
  assert.equal(rowVariant(conditions, { column: "Qty", operator: ">", value: 3 }), 0);
  assert.equal(rowVariant(conditions, { conditions: [] }), 1);
  // a group's conditions are added with a button, not by picking a column
  const inner = fieldOf(rowForm(conditions, { conditions: [] }).fields, "conditions");
  assert.equal(inner.addLabel, "condition");
});

test("(a and b) or (c and d) is complete; what is missing is said under its field", () => {
  const both = {
    ...FILTER_DEFAULTS,
    combine: "or",
    conditions: [
      {
        combine: "and",
        conditions: [
          cond({ column: "Order Date", operator: ">=", value: { date: "1995-03-15" } }),
          cond({ column: "Qty", operator: ">", other: "Discount %" }),
        ],
      },
      {
        combine: "and",
        conditions: [cond({ column: "Customer", operator: "matches", value: "^C00" }), cond({ column: "Status", value: "returned", negate: true })],
      },
    ],
  };
  assert.deepEqual(check("filter", both), {});
  assert.deepEqual(sent("filter", both), both);

  const unfinished = {
    ...FILTER_DEFAULTS,
    combine: "and",
    conditions: [
      { combine: "and", conditions: [] },
      cond({ column: "Qty", operator: ">" }),
      cond({ column: null, operator: "between", value: [1] }),
      cond({ column: "Qty", operator: "is_null" }),
    ],
  };
  assert.deepEqual(check("filter", unfinished), {
    "conditions.0.conditions": "Add at least one",
    "conditions.1.value": "Type a value",
    "conditions.2.column": "Choose a column",
    "conditions.2.value": "Type a value",
  });
});

test("conditions chosen with the basic form still filled: the basic form is reset when sent", () => {
  const values = { ...FILTER_DEFAULTS, column: "Qty", value: 3, combine: "and", conditions: [cond({ column: "Qty", value: 4 })] };
  assert.deepEqual(sent("filter", values, { "": 1 }), { ...FILTER_DEFAULTS, combine: "and", conditions: [cond({ column: "Qty", value: 4 })] });
});

test("an aggregation row is a column and a function, or an expression", () => {
  const aggs = fieldOf(deriveFields(schema("group_by")), "aggs");
  assert.deepEqual(aggs.modes.map((m) => [m.title, m.fields]), [
    ["Column", ["column", "agg", "separator"]],
    ["Expression", ["expr"]],
  ]);
  const row = newRow(aggs.fields);
  assert.deepEqual(row, { column: null, agg: "sum", expr: null, alias: null, separator: ", " });
  const base = { by: ["region"], maintain_order: null };
  assert.deepEqual(check("group_by", { ...base, aggs: [row] }), { "aggs.0.column": "Choose a column" });
  assert.deepEqual(check("group_by", { ...base, aggs: [row] }, { "aggs.0": 1 }), { "aggs.0.expr": "Write an expression" });
  // a separator may be emptied (values joined with nothing)
  assert.deepEqual(check("group_by", { ...base, aggs: [{ ...row, column: "name", agg: "concat", separator: "" }] }), {});
  // switched to Expression with a column picked: the column part is reset when sent
  const expr = { ...row, column: "amount", agg: "mean", expr: 'pl.col("a").sum()', alias: "total" };
  assert.deepEqual(sent("group_by", { ...base, aggs: [expr] }, { "aggs.0": 1 }).aggs, [
    { column: null, agg: "sum", expr: 'pl.col("a").sum()', alias: "total", separator: ", " },
  ]);
});

test("a selected column is an input column or a computed one; rename and cast go with either", () => {
  const columns = fieldOf(deriveFields(schema("select")), "columns");
  assert.deepEqual(columns.modes.map((m) => m.fields), [["column"], ["expr"]]);
  const computed = { column: null, expr: 'pl.col("a") * 2', rename: "double", cast: "Float32", keep: true };
  assert.deepEqual(check("select", { columns: [computed] }, { "columns.0": 1 }), {});
  assert.deepEqual(check("select", { columns: [{ ...computed, expr: 'pl.col("a") *' }] }, { "columns.0": 1 }), {
    "columns.0.expr": "Not finished: something must follow *",
  });
  assert.deepEqual(sent("select", { columns: [{ ...computed, column: "a" }] }, { "columns.0": 1 }).columns, [computed]);
});

test("maintain_order offers three choices in words; None (automatic) is one of them", () => {
  for (const type of ["group_by", "unique"]) {
    const order = fieldOf(deriveFields(schema(type)), "maintain_order");
    assert.equal(order.kind, "choice");
    assert.deepEqual(order.options, [null, true, false]);
    assert.deepEqual(order.labels, ["Automatic", "Keep the input's order", "Any order (faster)"]);
    assert.equal(emptyValue(order), null);
  }
  assert.deepEqual(check("unique", { subset: [], keep: "first", maintain_order: null }), {});
  assert.deepEqual(check("unique", { subset: [], keep: "first", maintain_order: false }), {});
  assert.deepEqual(check("unique", { subset: [], keep: "first", maintain_order: "yes" }), { maintain_order: "Choose one of the options" });
  const stats = fieldOf(deriveFields(schema("write_parquet")), "statistics");
  assert.deepEqual(stats.options, [true, "full", false]);
});

test("column -> type tables and a fill value have forms of their own", () => {
  const dtypes = fieldOf(deriveFields(schema("cast")), "dtypes");
  assert.equal(dtypes.kind, "dtype-map");
  assert.ok(dtypes.options.includes("Int64"));
  assert.deepEqual(check("cast", { dtypes: { a: "Int64" } }), {});
  assert.deepEqual(check("cast", { dtypes: { a: "Int65" } }), { dtypes: 'Choose a type for "a", or clear it' });
  assert.equal(fieldOf(deriveFields(schema("read_csv")), "schema_overrides").kind, "dtype-map");

  const fill = deriveFields(schema("fill_null"));
  assert.equal(fieldOf(fill, "value").kind, "value");
  assert.equal(fieldOf(fill, "value").typedBy, "columns");
  const base = { value: null, strategy: null, columns: [], limit: null };
  assert.deepEqual(check("fill_null", base), { value: "Type a value" });
  assert.deepEqual(check("fill_null", base, { "": 1 }), { strategy: "Choose one" });
  assert.deepEqual(check("fill_null", { ...base, strategy: "forward" }), {});
  assert.deepEqual(sent("fill_null", { ...base, value: 0, strategy: "forward" }, { "": 1 }), { ...base, strategy: "forward" });
});

test("a table typed by hand is a grid of its columns; a row is completed when a column is added", () => {
  const fields = deriveFields(schema("manual_input"));
  const rows = fieldOf(fields, "rows");
  assert.equal(rows.kind, "table");
  const columns = [
    { name: "city", dtype: "String" },
    { name: "day", dtype: "Date" },
    { name: "n", dtype: "Int64" },
  ];
  assert.deepEqual(tableColumns(rows, { columns }), columns);
  const values = { columns, rows: [["Oslo", "2025-01-31"], ["", null, 3]] };
  assert.deepEqual(check("manual_input", values), {});
  assert.deepEqual(sent("manual_input", values).rows, [["Oslo", "2025-01-31", null], ["", null, 3]]);
  assert.deepEqual(check("manual_input", { columns: columns.slice(0, 1), rows: [["a", "b"]] }), {
    rows: "Row 1 has more values than the table has columns: add a column or remove the row",
  });
  // cells: empty is missing, "" is empty text, dates stay ISO text, numbers by the dtype
  assert.deepEqual(parseCell("", "text"), { ok: true, value: null });
  assert.deepEqual(parseCell('""', "text"), { ok: true, value: "" });
  assert.deepEqual(parseCell("2025-02-30", "date"), { ok: false, error: "Type a date as YYYY-MM-DD, e.g. 2025-01-31" });
  assert.deepEqual(parseCell("2025-01-31", "date"), { ok: true, value: "2025-01-31" });
  assert.deepEqual(parseCell("12", "integer"), { ok: true, value: 12 });
  assert.equal(parseCell("1.5", "integer").ok, false);
  assert.equal(formatCell("", "text"), '""');
  assert.equal(formatCell(null, "integer"), "");
  assert.equal(formatCell("2025-01-31", "date"), "2025-01-31");
});

test("a filter's Conditions mode puts how they combine above them; other modes keep their order", () => {
  const fields = deriveFields(schema("filter"));
  const modes = modesOf(schema("filter"));
  const names = (i: number) => inModeOrder(fields, modes[i]).map((f) => f.name).filter((n) => modes[i]?.fields.includes(n));
  assert.deepEqual(names(1), ["combine", "conditions"]);
  assert.deepEqual(names(0), ["column", "operator", "value", "other", "negate"]);
  const join = deriveFields(schema("join"));
  assert.deepEqual(inModeOrder(join, modesOf(schema("join"))[1]).map((f) => f.name), join.map((f) => f.name));
});

test("an aggregation's separator shows only for concat, and is never asked for otherwise", () => {
  const aggs = fieldOf(deriveFields(schema("group_by")), "aggs");
  const row = { column: "tags", agg: "sum", expr: null, alias: null, separator: ", " };
  assert.deepEqual([...hiddenFields(aggs.fields, row)], ["separator"]);
  assert.deepEqual([...hiddenFields(aggs.fields, { ...row, agg: "concat" })], []);
  // what is hidden is not checked: a separator that is no text at all stops no other aggregation
  const values = { by: ["region"], aggs: [{ ...row, separator: 3 }] };
  assert.deepEqual(Object.keys(check("group_by", values)), []);
  assert.deepEqual(Object.keys(check("group_by", { ...values, aggs: [{ ...row, agg: "concat", separator: 3 }] })), ["aggs.0.separator"]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import type { JsonSchema } from "../protocol";
import { deriveFields, modesOf } from "./schemaForm";
import { activeMode, settle, validate } from "./validate";

// The JSON schemas the kernel sends for filter, group_by, rename and with_columns (abridged).
const FILTER: JsonSchema = {
  type: "object",
  "x-modes": [
    { title: "Basic", fields: ["column", "operator", "value"] },
    { title: "Expression", fields: ["expr"] },
  ],
  properties: {
    expr: { anyOf: [{ type: "string", "x-expression": true }, { type: "null" }], default: null },
    column: { anyOf: [{ type: "string", minLength: 1, "x-column": "single" }, { type: "null" }], default: null },
    operator: { type: "string", enum: ["==", ">", "between", "is_in", "is_null"], default: "==" },
    value: { default: null, "x-typed-by": "column", "x-shape": { operator: { between: "pair", is_in: "list", is_null: "none" } } },
  },
};
const GROUP_BY: JsonSchema = {
  type: "object",
  $defs: {
    Aggregation: {
      type: "object",
      required: ["column"],
      properties: {
        column: { type: "string", minLength: 1, "x-column": "single" },
        agg: { type: "string", enum: ["sum", "mean"], default: "sum" },
        alias: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
      },
    },
  },
  properties: {
    by: { type: "array", items: { type: "string" }, "x-column": "multi" },
    aggs: { type: "array", items: { $ref: "#/$defs/Aggregation" } },
    n: { type: "integer", minimum: 1, default: 5 },
  },
};
const RENAME: JsonSchema = {
  type: "object",
  properties: { mapping: { type: "object", additionalProperties: { type: "string" }, "x-column-map": true } },
};
const FORMULAS: JsonSchema = {
  type: "object",
  $defs: {
    Formula: {
      type: "object",
      required: ["name", "expr"],
      properties: { name: { type: "string", minLength: 1 }, expr: { type: "string", "x-expression": true } },
    },
  },
  properties: { columns: { type: "array", items: { $ref: "#/$defs/Formula" } } },
};

const check = (schema: JsonSchema, values: Record<string, unknown>, chosen: Record<string, number> = {}) =>
  validate(deriveFields(schema), modesOf(schema), values, chosen);

test("a half-added aggregation is a problem under its field, in words", () => {
  const problems = check(GROUP_BY, { by: ["region"], aggs: [{ column: "", agg: "sum", alias: null }], n: 5 });
  assert.deepEqual(problems, { "aggs.0.column": "Choose a column" });
  assert.deepEqual(check(GROUP_BY, { by: ["region"], aggs: [{ column: "Qty", agg: "sum", alias: null }], n: 5 }), {});
  assert.deepEqual(check(GROUP_BY, { by: [], aggs: [], n: 0 }), { n: "At least 1" });
});

test("the filter's basic form needs a column and a value of its operator's shape", () => {
  assert.deepEqual(check(FILTER, { column: null, operator: "==", value: null, expr: null }), {
    column: "Choose a column",
    value: "Type a value",
  });
  assert.deepEqual(check(FILTER, { column: "Status", operator: "==", value: "shipped", expr: null }), {});
  assert.deepEqual(check(FILTER, { column: "Qty", operator: "between", value: [1], expr: null }), { value: "Type a value" });
  assert.deepEqual(check(FILTER, { column: "Qty", operator: "is_null", value: null, expr: null }), {});
});

test("the mode in use is checked; the other is reset when sent", () => {
  const fields = deriveFields(FILTER);
  const modes = modesOf(FILTER);
  const basic = { column: "Status", operator: "==", value: "shipped", expr: null };
  assert.equal(activeMode(modes, fields, basic), 0);
  assert.equal(activeMode(modes, fields, { ...basic, column: null, value: null, expr: "pl.lit(True)" }), 1);
  // switched to Expression with the basic form still filled: the expression must be written
  assert.deepEqual(check(FILTER, basic, { "": 1 }), { expr: "Write an expression" });
  assert.deepEqual(check(FILTER, { ...basic, expr: 'pl.col("Qty") >' }, { "": 1 }), { expr: "Not finished: something must follow >" });
  const sent = settle(fields, modes, { ...basic, expr: 'pl.col("Qty") > 10' }, { "": 1 });
  assert.deepEqual(sent, { column: null, operator: "==", value: null, expr: 'pl.col("Qty") > 10' });
});

test("optional fields of a mode are not asked for; a column to compare with replaces the value", () => {
  const schema: JsonSchema = {
    ...FILTER,
    "x-modes": [
      { title: "Basic", fields: ["column", "operator", "value", "other"], optional: ["other"] },
      { title: "Expression", fields: ["expr"] },
    ],
    properties: {
      ...FILTER.properties,
      other: { anyOf: [{ type: "string", minLength: 1, "x-column": "single" }, { type: "null" }], default: null },
      value: { default: null, "x-typed-by": "column", "x-shape": { other: { "*": "none" }, operator: { between: "pair" } } },
    },
  };
  assert.deepEqual(check(schema, { column: "Qty", operator: ">", value: 3, other: null, expr: null }), {});
  assert.deepEqual(check(schema, { column: "Qty", operator: ">", value: null, other: "Limit", expr: null }), {});
  assert.deepEqual(check(schema, { column: "Qty", operator: ">", value: null, other: null, expr: null }), {
    value: "Type a value",
  });
});

test("a rename table refuses two columns with one new name", () => {
  assert.deepEqual(check(RENAME, { mapping: { "Region ": "region" } }), {});
  assert.match(check(RENAME, { mapping: { a: "x", b: "x" } })["mapping"] ?? "", /would both be named "x"/);
});

test("formulas need a name and a finished expression", () => {
  const problems = check(FORMULAS, { columns: [{ name: "", expr: "pl.col(" }] });
  assert.equal(problems["columns.0.name"], "Can't be empty");
  assert.match(problems["columns.0.expr"] ?? "", /bracket still open/);
});

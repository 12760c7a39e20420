import assert from "node:assert/strict";
import { test } from "node:test";
import type { CatalogEntry } from "../protocol";
import { rank, verbToShow } from "./search";

const e = (type: string, label: string, description: string, category: CatalogEntry["category"] = "transform"): CatalogEntry => ({
  type,
  label,
  description,
  category,
  inputs: ["input"],
  variadic: false,
  outputs: 1,
  settings_schema: {},
  defaults: {},
});

const CATALOG = [
  e("with_row_index", "Record ID", "Add a column numbering the rows, optionally within groups"),
  e("with_columns", "Formula", "Add or replace columns computed from expressions"),
  e("window", "Window", "Window functions within groups", "aggregate"),
  e("group_by_dynamic", "Time windows", "Aggregate per time window", "aggregate"),
  e("group_by", "Group by", "Group rows by columns and aggregate the others", "aggregate"),
  e("filter", "Filter", "Keep rows where a condition holds"),
];

test("a name match ranks above a description match", () => {
  const types = rank(CATALOG, "group").map((c) => c.type);
  assert.equal(types[0], "group_by");
  assert.equal(types[1], "group_by_dynamic");
  assert.ok(types.indexOf("with_row_index") > 1);
});

test("the Polars verb finds the node too", () => {
  assert.equal(rank(CATALOG, "with_columns")[0]?.label, "Formula");
  assert.equal(rank(CATALOG, "formula")[0]?.type, "with_columns");
  assert.deepEqual(rank(CATALOG, "zzz"), []);
});

test("the verb is shown where the name does not say it", () => {
  assert.equal(verbToShow({ label: "Formula", type: "with_columns" }), "with_columns");
  assert.equal(verbToShow({ label: "Group by", type: "group_by" }), null);
  assert.equal(verbToShow({ label: "Read CSV", type: "read_csv" }), null);
  assert.equal(verbToShow({ label: "Record ID", type: "with_row_index" }), "with_row_index");
});

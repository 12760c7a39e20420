import assert from "node:assert/strict";
import { test } from "node:test";
import { closingToReplace, completionContext, suggestions, unfinished } from "./expression";

const NS = ["str", "dt"];
const VOCAB = {
  functions: [{ name: "col", info: "Create Polars column expressions." }, { name: "lit", info: "" }],
  methods: [{ name: "sum", info: "" }, { name: "is_null", info: "" }],
  namespaces: { str: [{ name: "contains", info: "" }], dt: [{ name: "year", info: "" }] },
};

test("a half-typed expression is not finished; a whole one is", () => {
  assert.equal(unfinished('pl.col("Qty") > 10'), null);
  assert.equal(unfinished('pl.when(pl.col("x") > 1).then(pl.lit("a")).otherwise(pl.lit("b"))'), null);
  assert.equal(unfinished('pl.col("Qty") >'), "Not finished: something must follow >");
  assert.match(unfinished('pl.col("Qty") >> > 1') ?? "", /look at character/);
  assert.match(unfinished('pl.col("Qty') ?? "", /Not finished/);
  assert.match(unfinished('pl.col("a") * (1 - pl.col("b")') ?? "", /1 bracket still open/);
  assert.match(unfinished("pl.") ?? "", /Not finished/);
  assert.equal(unfinished("   "), "Write an expression");
});

test("the cursor's context picks what to suggest", () => {
  assert.deepEqual(completionContext('pl.col("Qu', NS), { kind: "column-in-string", from: 8, typed: "Qu" });
  assert.deepEqual(completionContext("pl.co", NS), { kind: "function", from: 3, typed: "co" });
  assert.deepEqual(completionContext('pl.col("a").str.con', NS), { kind: "namespace", namespace: "str", from: 16, typed: "con" });
  assert.deepEqual(completionContext('pl.col("a").su', NS), { kind: "method", from: 12, typed: "su" });
  assert.deepEqual(completionContext('pl.col("a") > Qt', NS), { kind: "start", from: 14, typed: "Qt" });
  assert.equal(completionContext('pl.lit("some te', NS), null); // inside text: nothing to suggest
});

test("columns complete inside pl.col(\"...\") and as whole expressions at a word's start", () => {
  const cols: [string, string][] = [["Qty", "Int64"], ["Region ", "String"]];
  const inString = suggestions({ kind: "column-in-string", from: 0, typed: "" }, cols, VOCAB);
  assert.deepEqual(inString.map((s) => s.apply), ['Qty")', 'Region ")']);
  const atStart = suggestions({ kind: "start", from: 0, typed: "" }, cols, VOCAB);
  assert.deepEqual(atStart.slice(0, 2).map((s) => s.apply), ['pl.col("Qty")', 'pl.col("Region ")']);
  const methods = suggestions({ kind: "method", from: 0, typed: "" }, cols, VOCAB).map((s) => s.label);
  assert.ok(methods.includes("str") && methods.includes("sum"));
  assert.deepEqual(suggestions({ kind: "function", from: 0, typed: "" }, cols, VOCAB).map((s) => s.label), ["col", "lit"]);
});

test("a completed column name replaces the quote and bracket typed ahead, not doubling them", () => {
  assert.equal(closingToReplace('")', '")'), 2);
  assert.equal(closingToReplace('") > 1', '")'), 2);
  assert.equal(closingToReplace('"', '")'), 1);
  assert.equal(closingToReplace(" > 1", '")'), 0);
  assert.equal(closingToReplace('")', undefined), 0);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import type { JsonSchema, NodeState } from "../protocol";
import { CATALOG } from "./fixtures";
import { columnsFor, deriveFields, emptyValue, newRow, parseNumber } from "./schemaForm";
// A real pydantic v2 model_json_schema() output, of (abridged):
//   class S(BaseModel):
//       expr: str = Field("", json_schema_extra={"x-expression": True})
//       by: list[str] = Field(default_factory=list, json_schema_extra={"x-column": "multi"})
//       col: Optional[str] = Field(None, json_schema_extra={"x-column": "single"})
//       dtype: Literal["Int64", "Utf8"] = Field("Int64", json_schema_extra={"x-dtype": True})
//       how: How = How.inner                      # an Enum -> $ref
//       n: int = Field(10, ge=0); frac: Optional[float] = None; keep: bool = True
//       aggs: list[Agg] = []; on: list[Pair] = []  # Pair fields carry "x-port": "left"/"right"
//       names: list[str] = []; opts: dict[str, int] = {}; modes: list[Literal["a", "b"]] = []
import schema from "./schemaForm.fixture.json";

const fields = deriveFields(schema as JsonSchema);
const byName = new Map(fields.map((f) => [f.name, f]));
const get = (name: string) => {
  const f = byName.get(name);
  assert.ok(f, name);
  return f;
};

test("each pydantic field gets the right widget kind", () => {
  assert.deepEqual(
    fields.map((f) => [f.name, f.kind]),
    [
      ["expr", "expression"],
      ["by", "columns"],
      ["col", "column"],
      ["dtype", "dtype"],
      ["how", "enum"],
      ["n", "integer"],
      ["frac", "number"],
      ["keep", "boolean"],
      ["aggs", "list"],
      ["on", "list"],
      ["names", "string-list"],
      ["opts", "json"],
      ["modes", "enum-list"],
    ],
  );
});

test("Optional, $ref, enum, defaults and bounds are read", () => {
  assert.equal(get("col").nullable, true);
  assert.equal(get("expr").nullable, false);
  assert.equal(get("frac").nullable, true);
  assert.deepEqual(get("how").options, ["inner", "left"]);
  assert.equal(get("how").default, "inner");
  assert.deepEqual(get("dtype").options, ["Int64", "Utf8"]);
  assert.equal(get("n").minimum, 0);
  assert.equal(get("expr").description, "A Polars expression");
  assert.deepEqual(get("modes").options, ["a", "b"]);
});

test("list rows have their own fields; x-port is kept", () => {
  const aggs = get("aggs");
  assert.deepEqual(aggs.fields.map((f) => [f.name, f.kind, f.required]), [
    ["column", "column", true],
    ["agg", "enum", false],
    ["alias", "string", false],
  ]);
  assert.deepEqual(newRow(aggs.fields), { column: "", agg: "sum", alias: null });
  const on = get("on");
  assert.deepEqual(on.fields.map((f) => f.port), ["left", "right"]);
});

test("column pickers read the input schema of their port", () => {
  const join = CATALOG.find((c) => c.type === "join");
  const state: NodeState = {
    status: "valid",
    error: null,
    schema: null,
    input_schemas: [[["id", "Int64"], ["a", "Utf8"]], [["id", "Int64"], ["b", "Float64"]]],
    rows: null,
    ms: null,
  };
  const [left, right] = get("on").fields;
  assert.ok(left && right);
  assert.deepEqual(columnsFor(left, join, state).map(([n]) => n), ["id", "a"]);
  assert.deepEqual(columnsFor(right, join, state).map(([n]) => n), ["id", "b"]);
  // no port on a node with several inputs: the columns every input has (a join's shared keys)
  assert.deepEqual(columnsFor(get("col"), join, state).map(([n]) => n), ["id"]);
  assert.deepEqual(columnsFor(get("col"), join, undefined), []);
});

test("number parsing and empty values", () => {
  assert.equal(parseNumber("12", get("n")), 12);
  assert.equal(parseNumber("", get("n")), undefined);
  assert.equal(parseNumber("", get("frac")), null);
  assert.equal(parseNumber("0.5", get("frac")), 0.5);
  assert.equal(parseNumber("abc", get("frac")), undefined);
  assert.deepEqual(emptyValue(get("by")), []);
  assert.equal(emptyValue(get("keep")), true);
});

test("type: [x, null] unions and nested objects", () => {
  const s: JsonSchema = {
    type: "object",
    properties: {
      limit: { type: ["integer", "null"] },
      inner: { type: "object", properties: { a: { type: "string" } } },
      anything: {},
    },
  };
  const f = deriveFields(s);
  assert.deepEqual(f.map((x) => [x.name, x.kind, x.nullable]), [
    ["limit", "integer", true],
    ["inner", "object", false],
    ["anything", "json", false],
  ]);
  assert.deepEqual(emptyValue(f[1]!), { a: "" });
});

test("a list of plain values (pivot's on_columns) is typed as text, not JSON", () => {
  const [f] = deriveFields({
    type: "object",
    properties: {
      on_columns: {
        anyOf: [
          { type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "number" }, { type: "boolean" }] } },
          { type: "null" },
        ],
        default: null,
      },
    },
  });
  assert.equal(f?.kind, "values");
  assert.equal(f?.nullable, true);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesOf, decodePreview, formatNumber, formatValue } from "./arrow";
// Arrow IPC stream written by polars 2.1 `DataFrame.write_ipc_stream` (strings as Utf8View).
import fixture from "./arrow.fixture.txt";

const bytes = new Uint8Array(Buffer.from(fixture.trim(), "base64"));

test("decodes a polars IPC stream, Utf8View strings included", () => {
  const t = decodePreview(bytes, [["id", "Int64"], ["name", "String"]]);
  assert.equal(t.numRows, 3);
  assert.deepEqual(t.columns.map((c) => [c.name, c.dtype]), [
    ["id", "Int64"],
    ["amount", "float"],
    ["name", "String"],
    ["day", "date"],
    ["ts", "datetime"],
    ["ok", "bool"],
    ["tags", "list"],
  ]);
  const row = (r: number) => t.columns.map((_c, i) => t.cell(r, i));
  assert.deepEqual(row(0), ["1", "1.5", "short", "2024-01-31", "2024-01-31 12:30:05", "true", "[1,2]"]);
  assert.deepEqual(row(1), ["2", null, "a string longer than twelve bytes", null, "2024-02-01 00:00:00", "false", "[]"]);
  assert.deepEqual(row(2), ["3", "-2.25", null, "1999-12-01", null, null, null]);
});

test("DataView buffers from msg:custom are viewed, not copied", () => {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u = bytesOf(dv);
  assert.equal(u.buffer, bytes.buffer);
  assert.equal(u.byteLength, bytes.byteLength);
});

test("formatValue", () => {
  assert.equal(formatValue(null, 0), null);
  assert.equal(formatValue(10n, 2), "10");
  assert.equal(formatValue({ a: 1n, b: [1, 2] }, 13), '{"a":"1","b":[1,2]}');
  assert.equal(formatValue(new Uint8Array([1, 255]), 4), 'b"01ff"');
});

test("floats show as a person reads them", () => {
  assert.equal(formatNumber(37382.799999999996), "37382.8");
  assert.equal(formatNumber(0.1 + 0.2), "0.3");
  assert.equal(formatNumber(1e-20), "1e-20");
  assert.equal(formatNumber(12), "12");
  assert.equal(formatNumber(Number.NaN), "NaN");
});

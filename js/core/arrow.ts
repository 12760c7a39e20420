// Arrow IPC preview bytes -> a lazily read table (only rendered cells are read and formatted).
import { Type, tableFromIPC } from "@uwdata/flechette";
import type { Columns } from "../protocol";

export interface PreviewColumn {
  name: string;
  /** Polars dtype when the node's schema knows the column, else a short Arrow type name */
  dtype: string;
  typeId: number;
}

export interface PreviewTable {
  columns: PreviewColumn[];
  numRows: number;
  /** display text of one cell; null for a null value */
  cell(row: number, col: number): string | null;
}

const ARROW_NAMES: Record<number, string> = {
  [Type.Null]: "null",
  [Type.Int]: "int",
  [Type.Float]: "float",
  [Type.Binary]: "binary",
  [Type.Utf8]: "str",
  [Type.Bool]: "bool",
  [Type.Decimal]: "decimal",
  [Type.Date]: "date",
  [Type.Time]: "time",
  [Type.Timestamp]: "datetime",
  [Type.List]: "list",
  [Type.Struct]: "struct",
  [Type.Duration]: "duration",
  [Type.LargeUtf8]: "str",
  [Type.LargeList]: "list",
  [Type.Utf8View]: "str",
  [Type.Dictionary]: "cat",
};

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** A float as a person reads it: 15 significant digits, so 37382.799999999996 shows as
 * 37382.8 (as Polars prints it); the cell's title keeps nothing hidden that matters. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number.parseFloat(v.toPrecision(15)));
}

export function formatValue(v: unknown, typeId: number): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return "NaT";
    const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    if (typeId === Type.Date) return day;
    const ms = v.getUTCMilliseconds();
    return `${day} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ""}`;
  }
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof Uint8Array) return `b"${Array.from(v.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}${v.length > 16 ? "…" : ""}"`;
  try {
    return JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === "bigint") return x.toString();
      if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
      return x;
    });
  } catch {
    return String(v);
  }
}

export function decodePreview(bytes: Uint8Array, schema: Columns | null | undefined): PreviewTable {
  const table = tableFromIPC(bytes, { useDate: true });
  const dtypes = new Map(schema ?? []);
  const fields = table.schema.fields;
  const columns: PreviewColumn[] = fields.map((f) => ({
    name: f.name,
    typeId: f.type.typeId,
    dtype: dtypes.get(f.name) ?? ARROW_NAMES[f.type.typeId] ?? "?",
  }));
  const children = fields.map((_f, i) => table.getChildAt(i));
  return {
    columns,
    numRows: table.numRows,
    cell(row, col) {
      const c = children[col];
      const meta = columns[col];
      if (!c || !meta) return null;
      return formatValue(c.at(row), meta.typeId);
    },
  };
}

/** A DataView buffer from msg:custom as the bytes flechette reads. */
export function bytesOf(buf: DataView | ArrayBuffer | Uint8Array): Uint8Array {
  if (buf instanceof Uint8Array) return buf;
  if (buf instanceof ArrayBuffer) return new Uint8Array(buf);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

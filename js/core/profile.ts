// Column profiles (runs/profile.py has their shape) decoded from Arrow, and what the column
// headers draw from them: histogram bars, top-value bars, and the lines of the hover card.
import { tableFromIPC } from "@uwdata/flechette";
import { formatCount, formatFloat, formatInteger, formatShare } from "./format";

export interface TopValue {
  value: string | null;
  count: number;
}

export interface Bin {
  start: string;
  end: string;
  count: number;
}

export interface ColumnProfile {
  column: string;
  dtype: string;
  rows: number;
  nulls: number;
  null_share: number | null;
  distinct: number;
  min: string | null;
  max: string | null;
  mean: string | null;
  std: number | null;
  top_values: TopValue[];
  histogram: Bin[];
}

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Profiles by column name, from the Arrow IPC bytes of a profile answer. */
export function decodeProfiles(bytes: Uint8Array): Map<string, ColumnProfile> {
  const rows = tableFromIPC(bytes).toArray() as Record<string, unknown>[];
  const out = new Map<string, ColumnProfile>();
  for (const r of rows) {
    const p: ColumnProfile = {
      column: String(r.column),
      dtype: String(r.dtype ?? ""),
      rows: num(r.rows),
      nulls: num(r.nulls),
      null_share: numOrNull(r.null_share),
      distinct: num(r.distinct),
      min: textOrNull(r.min),
      max: textOrNull(r.max),
      mean: textOrNull(r.mean),
      std: numOrNull(r.std),
      top_values: Array.from((r.top_values as Iterable<Record<string, unknown>> | null) ?? [], (t) => ({
        value: textOrNull(t.value),
        count: num(t.count),
      })),
      histogram: Array.from((r.histogram as Iterable<Record<string, unknown>> | null) ?? [], (b) => ({
        start: String(b.start),
        end: String(b.end),
        count: num(b.count),
      })),
    };
    out.set(p.column, p);
  }
  return out;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** what the bar stands for, for its tooltip */
  label: string;
  count: number;
}

/** Histogram bins as vertical bars filling `width` x `height` (the tallest bin is full
 * height; a bin with any rows is at least 1 px tall, so it is never mistaken for none). */
export function histogramBars(bins: readonly Bin[], width: number, height: number, gap = 1): Bar[] {
  if (bins.length === 0) return [];
  const most = Math.max(...bins.map((b) => b.count));
  const step = width / bins.length;
  return bins.map((b, i) => {
    const h = most === 0 || b.count === 0 ? 0 : Math.max(1, (b.count / most) * height);
    return {
      x: i * step,
      y: height - h,
      width: Math.max(1, step - gap),
      height: h,
      label: b.start === b.end ? b.start : `${b.start} – ${b.end}`,
      count: b.count,
    };
  });
}

/** The most frequent values as segments of one horizontal bar, each as wide as its share of
 * the column's rows; what the top values leave (other values and nulls) stays empty. */
export function topValueBars(top: readonly TopValue[], rows: number, width: number, height: number, gap = 1): Bar[] {
  if (rows <= 0) return [];
  const bars: Bar[] = [];
  let x = 0;
  for (const t of top) {
    const w = (t.count / rows) * width;
    if (w <= 0) continue;
    bars.push({ x, y: 0, width: Math.max(1, w - gap), height, label: t.value ?? "null", count: t.count });
    x += w;
  }
  return bars;
}

/** "3 nulls (0.5%)", "no nulls", "all null". */
export function nullText(p: Pick<ColumnProfile, "rows" | "nulls" | "null_share">): string {
  if (p.nulls === 0) return "no nulls";
  if (p.rows > 0 && p.nulls === p.rows) return "all null";
  return `${formatCount(p.nulls)} null${p.nulls === 1 ? "" : "s"} (${formatShare(p.null_share ?? p.nulls / Math.max(1, p.rows))})`;
}

/** The hover card's lines, [label, value], only the statistics the column has. */
export function profileLines(p: ColumnProfile): [string, string][] {
  const lines: [string, string][] = [
    ["rows", formatCount(p.rows)],
    ["nulls", nullText(p)],
    ["distinct", formatCount(p.distinct)],
  ];
  if (p.min !== null) lines.push(["min", numberText(p.min, p.dtype)]);
  if (p.max !== null) lines.push(["max", numberText(p.max, p.dtype)]);
  if (p.mean !== null) lines.push(["mean", numberText(p.mean, "Float64")]);
  if (p.std !== null) lines.push(["std", formatFloat(p.std)]);
  return lines;
}

/** Statistics arrive as text in Polars' words; numbers of number columns are written as the
 * grid writes them (thousands separators, no float noise), anything else as it came. */
function numberText(text: string, dtype: string): string {
  if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text)) return text;
  if (/^U?Int\d+$/.test(dtype) && /^-?\d+$/.test(text)) return formatInteger(BigInt(text));
  if (/^(Float|Decimal)/.test(dtype)) return formatFloat(Number(text));
  return text;
}

/** What the header draws: a histogram for numbers and times, top values for the rest. */
export function chartKind(p: ColumnProfile): "histogram" | "top" | null {
  if (p.histogram.length > 0) return "histogram";
  if (p.top_values.length > 0) return "top";
  return null;
}

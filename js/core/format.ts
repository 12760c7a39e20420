// Numbers and counts as a person reads them: thousands separators, no float noise.

const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const FLOAT = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 15 });
const SHARE = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });

/** A count: 1234567 -> "1,234,567". */
export function formatCount(n: number | bigint): string {
  return typeof n === "bigint" ? n.toLocaleString("en-US") : GROUPED.format(n);
}

/** "1 row", "1,234 rows". */
export function formatRowsText(n: number): string {
  return `${formatCount(n)} row${n === 1 ? "" : "s"}`;
}

/** A whole number of an integer column, with thousands separators (or without, to copy). */
export function formatInteger(v: number | bigint, grouped = true): string {
  return grouped ? formatCount(v) : String(v);
}

/**
 * A float as Polars prints it, with no noise: 15 significant digits, so 735.9200000000001 is
 * 735.92; a whole value keeps its ".0" (it is a float); very large or small values are written
 * with an exponent; NaN and infinities as Polars names them.
 */
export function formatFloat(v: number, grouped = true): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const clean = Number.parseFloat(v.toPrecision(15));
  const a = Math.abs(clean);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return clean.toExponential().replace("e+", "e");
  const text = grouped ? FLOAT.format(clean) : String(clean);
  return Number.isInteger(clean) ? `${text}.0` : text;
}

/** A share 0..1 as a percentage: 0.0049 -> "0.49%", 1 -> "100%", tiny but not zero -> "<0.01%". */
export function formatShare(share: number): string {
  if (share <= 0) return "0%";
  if (share >= 1) return "100%";
  if (share < 0.0001) return "<0.01%";
  return `${SHARE.format(share * 100)}%`;
}

/** A change in rows with its sign: "-1,234 rows", "+56 rows"; null when nothing changed. */
export function formatRowChange(change: number | null | undefined): string | null {
  if (change == null || change === 0) return null;
  return `${change > 0 ? "+" : "-"}${formatRowsText(Math.abs(change))}`;
}

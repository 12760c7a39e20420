// Values typed as plain text, converted by the dtype of the column they are compared with:
// `shipped` is text for a String column, `10` a number for an Int64 one. Quotes are needed only
// where text would be ambiguous: to keep spaces at its ends, to put a comma in a list item, or
// to compare a number-looking text when the column's type is unknown.
import type { ValueShape } from "../protocol";

export type DtypeClass = "integer" | "float" | "boolean" | "text" | "date" | "datetime" | "temporal" | "unknown";

export function dtypeClass(dtype: string | undefined): DtypeClass {
  if (!dtype) return "unknown";
  if (/^U?Int\d+$/.test(dtype)) return "integer";
  if (/^(Float\d+|Decimal)/.test(dtype)) return "float";
  if (dtype === "Boolean") return "boolean";
  if (/^(String|Categorical|Enum)/.test(dtype)) return "text";
  if (dtype === "Date") return "date";
  if (/^Datetime/.test(dtype)) return "datetime";
  if (/^(Time|Duration)/.test(dtype)) return "temporal";
  return "unknown";
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (error: string): Parsed => ({ ok: false, error });

function unquote(text: string): { text: string; quoted: boolean } {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    return { text: t.slice(1, -1).replace(/\\"/g, '"'), quoted: true };
  }
  return { text: t, quoted: false };
}

const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,6})?)?$/;

/** Whether year, month and day make a real calendar date. */
function realDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One value, from its text, for a column of the given class. */
export function parseScalar(raw: string, cls: DtypeClass): Parsed {
  const { text, quoted } = unquote(raw);
  if (!quoted && text === "") return bad("Type a value");
  switch (cls) {
    case "integer":
      if (!INTEGER.test(text)) return bad(`Type a whole number (the column holds integers)`);
      return Number.isSafeInteger(Number(text)) ? ok(Number(text)) : bad("This number is too large");
    case "float":
      return NUMBER.test(text) ? ok(Number(text)) : bad("Type a number (the column holds numbers)");
    case "boolean": {
      const word = text.toLowerCase();
      if (word === "true" || word === "yes") return ok(true);
      if (word === "false" || word === "no") return ok(false);
      return bad("Type true or false");
    }
    case "date": {
      // a typed date, as the kernel takes it: {"date": "1995-03-15"}
      const m = DATE.exec(text);
      if (!m || !realDate(m[1] as string, m[2] as string, m[3] as string)) return bad("Type a date as YYYY-MM-DD, e.g. 2025-01-31");
      return ok({ date: text });
    }
    case "datetime": {
      const m = DATETIME.exec(text);
      if (!m || !realDate(m[1] as string, m[2] as string, m[3] as string)) {
        return bad("Type a date and time as YYYY-MM-DD HH:MM, e.g. 2025-01-31 14:30");
      }
      return ok({ datetime: text.replace(" ", "T") });
    }
    case "text":
    case "temporal":
      return ok(text);
    default:
      if (quoted) return ok(text);
      if (NUMBER.test(text)) return ok(Number(text));
      if (text === "true" || text === "false") return ok(text === "true");
      return ok(text);
  }
}

/** List items: separated by commas, except inside double quotes. */
export function splitItems(text: string): string[] {
  const items: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\\" && quoted && text[i + 1] === '"') {
      cur += '\\"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch === "," && !quoted) {
      items.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  items.push(cur);
  return items.filter((s) => s.trim() !== "");
}

/** The text of one value, quoted only when reading it back would change it. */
export function formatScalar(v: unknown, cls: DtypeClass, inList = false): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && !Array.isArray(v)) {
    const typed = v as { date?: unknown; datetime?: unknown };
    if (typeof typed.date === "string") return typed.date;
    if (typeof typed.datetime === "string") return typed.datetime.replace("T", " ");
  }
  if (typeof v !== "string") return String(v);
  const needsQuotes =
    v !== v.trim() ||
    v === "" ||
    v.includes('"') ||
    (inList && v.includes(",")) ||
    (cls === "unknown" && (NUMBER.test(v) || v === "true" || v === "false"));
  return needsQuotes ? `"${v.replace(/"/g, '\\"')}"` : v;
}

/** The texts shown for a value of a shape: one box, or two for a pair. */
export function valueTexts(value: unknown, shape: ValueShape, cls: DtypeClass): string[] {
  const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  switch (shape) {
    case "pair":
      return [formatScalar(list[0], cls), formatScalar(list[1], cls)];
    case "list":
      return [list.map((v) => formatScalar(v, cls, true)).join(", ")];
    case "none":
      return [];
    default:
      return [formatScalar(Array.isArray(value) ? value[0] : value, cls)];
  }
}

/** The value the texts stand for, or why they do not stand for one yet. */
export function parseValue(texts: string[], shape: ValueShape, cls: DtypeClass): Parsed {
  if (shape === "none") return ok(null);
  if (shape === "pair") {
    const low = parseScalar(texts[0] ?? "", cls);
    const high = parseScalar(texts[1] ?? "", cls);
    if (!low.ok) return bad(`From: ${low.error}`);
    if (!high.ok) return bad(`To: ${high.error}`);
    return ok([low.value, high.value]);
  }
  if (shape === "list") {
    const items = splitItems(texts[0] ?? "");
    if (items.length === 0) return bad("Type one or more values, separated by commas");
    const values: unknown[] = [];
    for (const item of items) {
      const p = parseScalar(item, cls);
      if (!p.ok) return bad(`${item.trim()}: ${p.error}`);
      values.push(p.value);
    }
    return ok(values);
  }
  return parseScalar(texts[0] ?? "", cls);
}

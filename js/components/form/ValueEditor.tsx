// A value typed as plain text and converted by the dtype of the column it is compared with
// (x-typed-by), in the shape a sibling field asks for (x-shape): one box, two, a list, or none.
import { useEffect, useState } from "react";
import { columnsFor, valueShape } from "../../core/schemaForm";
import { type DtypeClass, dtypeClass, parseValue, valueTexts } from "../../core/values";
import type { ValueShape } from "../../protocol";
import { type EditorProps, str, testId } from "./context";

const HINTS: Record<DtypeClass, string> = {
  integer: "a whole number",
  float: "a number",
  boolean: "true or false",
  text: 'text as is; quote it to keep spaces at its ends: " West"',
  date: "a date, e.g. 2025-01-31",
  datetime: "a date and time, e.g. 2025-01-31 14:30",
  temporal: "a time or duration as text",
  unknown: "a number, true / false, or text",
};

export function ValueEditor({ field, value, onChange, ctx, path, siblings }: EditorProps) {
  const shape: ValueShape = valueShape(field, siblings);
  const column = field.typedBy ? str(siblings[field.typedBy]) : "";
  const dtype = columnsFor({ ...field, port: undefined }, ctx.entry, ctx.state).find(([n]) => n === column)?.[1];
  const cls = dtypeClass(dtype);
  const [texts, setTexts] = useState(() => valueTexts(value, shape, cls));

  // Another operator or column type: read the same text the new way.
  useEffect(() => {
    if (shape === "none") {
      ctx.reportUnparsed(path, null);
      if (value !== null && value !== undefined) onChange(null, false);
      return;
    }
    const parsed = parseValue(texts, shape, cls);
    // empty boxes are the form's business (a missing value), not text that does not convert
    if (texts.every((t) => t.trim() === "")) ctx.reportUnparsed(path, null);
    else if (!parsed.ok) ctx.reportUnparsed(path, parsed.error);
    else {
      ctx.reportUnparsed(path, null);
      if (JSON.stringify(parsed.value) !== JSON.stringify(value ?? null)) onChange(parsed.value, false);
    }
  }, [shape, cls]); // eslint-disable-line react-hooks/exhaustive-deps

  // A value from outside (undo, an edit from Python): show it.
  useEffect(() => {
    const parsed = parseValue(texts, shape, cls);
    if (parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(value ?? null)) return;
    if (value === null || value === undefined) return; // a box being cleared, or not typed yet
    setTexts(valueTexts(value, shape, cls));
    ctx.reportUnparsed(path, null);
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => () => ctx.reportUnparsed(path, null), []); // eslint-disable-line react-hooks/exhaustive-deps

  if (shape === "none") return <div className="ff-muted">No value needed.</div>;

  const edit = (i: number, text: string) => {
    const next = texts.map((t, j) => (j === i ? text : t));
    while (next.length <= i) next.push("");
    setTexts(next);
    if (field.nullable && next.every((t) => t.trim() === "")) {
      ctx.reportUnparsed(path, null); // an optional list left empty: none given
      onChange(null);
      return;
    }
    const parsed = parseValue(next, shape, cls);
    if (parsed.ok) {
      ctx.reportUnparsed(path, null);
      onChange(parsed.value);
    } else {
      ctx.reportUnparsed(path, parsed.error);
    }
  };

  const boxes = shape === "pair" ? ["from", "to"] : [shape === "list" ? "values, separated by commas" : "value"];
  return (
    <div className={`ff-value ff-value-${shape}`} data-testid={testId(path)} data-dtype={dtype ?? ""}>
      {boxes.map((label, i) => (
        <input
          key={label}
          className="ff-input"
          value={texts[i] ?? ""}
          placeholder={label}
          aria-label={`${field.title} ${label}`}
          data-testid={shape === "pair" ? `${testId(path)}-${i}` : `${testId(path)}-input`}
          spellCheck={false}
          onChange={(e) => edit(i, e.target.value)}
        />
      ))}
      <div className="ff-field-help">Type {HINTS[cls]}{dtype ? ` (${column} is ${dtype})` : ""}.</div>
    </div>
  );
}

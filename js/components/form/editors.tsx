// Editors for single settings: text, numbers, choices, columns. Each shows the value the draft
// holds; text it cannot convert yet stays in the box and is reported as a problem of the field.
import { useEffect, useState } from "react";
import { columnsFor, parseNumber } from "../../core/schemaForm";
import { showWhitespace } from "../../core/whitespace";
import { ColumnName } from "../ColumnName";
import { type EditorProps, arr, str, testId } from "./context";

export function TextInput({ field, value, onChange, path }: EditorProps) {
  return (
    <input
      className="ff-input"
      value={str(value)}
      data-testid={testId(path)}
      aria-label={field.title}
      spellCheck={false}
      onChange={(e) => onChange(e.target.value === "" && field.nullable ? null : e.target.value)}
    />
  );
}

export function NumberInput({ field, value, onChange, ctx, path }: EditorProps) {
  const [text, setText] = useState(str(value));
  useEffect(() => {
    // take the draft's value unless it is what the text already says
    if (parseNumber(text, field) !== (value ?? null)) setText(str(value));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <input
      className="ff-input"
      inputMode={field.kind === "integer" ? "numeric" : "decimal"}
      value={text}
      data-testid={testId(path)}
      aria-label={field.title}
      onChange={(e) => {
        setText(e.target.value);
        const v = parseNumber(e.target.value, field);
        if (v === undefined) {
          ctx.reportUnparsed(path, field.kind === "integer" ? "Type a whole number" : "Type a number");
        } else {
          ctx.reportUnparsed(path, null);
          onChange(v);
        }
      }}
    />
  );
}

export function JsonInput({ field, value, onChange, ctx, path }: EditorProps) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null));
  useEffect(() => {
    let same = true; // text that does not parse yet is the person's, mid-typing: keep it
    try {
      same = JSON.stringify(JSON.parse(text)) === JSON.stringify(value ?? null);
    } catch {
      same = true;
    }
    if (!same) setText(JSON.stringify(value ?? null));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <textarea
      className="ff-input ff-mono"
      rows={2}
      value={text}
      data-testid={testId(path)}
      aria-label={field.title}
      onChange={(e) => {
        setText(e.target.value);
        try {
          const v: unknown = JSON.parse(e.target.value);
          ctx.reportUnparsed(path, null);
          onChange(v);
        } catch {
          ctx.reportUnparsed(path, 'Not finished: write it as JSON, e.g. ["a", 1]');
        }
      }}
    />
  );
}

const lines = (text: string): string[] => text.split("\n").map((s) => s.trim()).filter((s) => s !== "");

export function StringListInput({ field, value, onChange, path }: EditorProps) {
  const [text, setText] = useState(arr(value).map(str).join("\n"));
  useEffect(() => {
    if (JSON.stringify(lines(text)) !== JSON.stringify(arr(value).map(str))) setText(arr(value).map(str).join("\n"));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <textarea
      className="ff-input ff-mono"
      rows={3}
      placeholder="one per line"
      value={text}
      data-testid={testId(path)}
      aria-label={field.title}
      onChange={(e) => {
        setText(e.target.value);
        onChange(lines(e.target.value));
      }}
    />
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select({ options, value, onChange, path, nullable, missing, label }: {
  options: Option[];
  value: string;
  onChange: (v: string | null) => void;
  path: string;
  nullable: boolean;
  missing?: string;
  label: string;
}) {
  const known = options.some((o) => o.value === value);
  return (
    <select
      className="ff-input"
      value={known || value ? value : ""}
      data-testid={testId(path)}
      aria-label={label}
      onChange={(e) => onChange(e.target.value === "" && nullable ? null : e.target.value)}
    >
      {nullable || !value ? <option value="">{nullable ? "—" : "(choose)"}</option> : null}
      {!known && value ? <option value={value}>{`${showWhitespace(value)} (${missing ?? "unknown"})`}</option> : null}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function ColumnSelect({ field, value, onChange, ctx, path }: EditorProps) {
  const cols = columnsFor(field, ctx.entry, ctx.state);
  if (cols.length === 0) {
    return <TextInput field={field} value={value} onChange={onChange} ctx={ctx} path={path} siblings={{}} />;
  }
  return (
    <Select
      options={cols.map(([n, d]) => ({ value: n, label: `${showWhitespace(n)}  ·  ${d}` }))}
      value={str(value)}
      onChange={(v) => onChange(v, false)}
      path={path}
      nullable={field.nullable}
      missing="not in the input"
      label={field.title}
    />
  );
}

const FILTER_FROM = 12; // columns: above this many, the checklist gets a filter box

export function ColumnsPicker({ field, value, onChange, ctx, path }: EditorProps) {
  const [filter, setFilter] = useState("");
  const chosen = arr(value).map(str);
  const available = columnsFor(field, ctx.entry, ctx.state);
  if (available.length === 0 && chosen.length === 0) {
    const connected = (ctx.state?.input_schemas ?? []).some((s) => s);
    return (
      <div className="ff-muted" data-testid={testId(path)}>
        {connected && !field.port
          ? "No column is in every input."
          : `Connect the input${field.port ? ` "${field.port}"` : ""} to pick columns.`}
      </div>
    );
  }
  const names = [...available.map(([n]) => n), ...chosen.filter((c) => !available.some(([n]) => n === c))];
  const dtypes = new Map(available);
  const q = filter.trim().toLowerCase();
  const shown = q ? names.filter((n) => n.toLowerCase().includes(q) || chosen.includes(n)) : names;
  return (
    <div className="ff-checklist" data-testid={testId(path)}>
      {names.length > FILTER_FROM ? (
        <input className="ff-input ff-input-small" placeholder="Filter columns…" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={`Filter ${field.title}`} />
      ) : null}
      {shown.map((n) => (
        <label key={n} className={dtypes.has(n) ? "" : "ff-missing"}>
          <input
            type="checkbox"
            checked={chosen.includes(n)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, n] : chosen.filter((c) => c !== n), false)}
          />
          <span className="ff-col-name">
            <ColumnName name={n} />
          </span>
          <span className="ff-col-dtype">{dtypes.get(n) ?? "not in the input"}</span>
        </label>
      ))}
    </div>
  );
}

export function EnumList({ field, value, onChange, path }: EditorProps) {
  const chosen = arr(value);
  return (
    <div className="ff-checklist" data-testid={testId(path)}>
      {field.options.map((o) => (
        <label key={str(o)}>
          <input type="checkbox" checked={chosen.includes(o)} onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o), false)} />
          <span>{str(o)}</span>
        </label>
      ))}
    </div>
  );
}

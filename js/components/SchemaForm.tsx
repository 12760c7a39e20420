import { useEffect, useState } from "react";
import { type Field, columnsFor, newRow, parseNumber } from "../core/schemaForm";
import type { CatalogEntry, NodeState } from "../types";

interface Ctx {
  entry: CatalogEntry | undefined;
  state: NodeState | undefined;
}

interface EditorProps {
  field: Field;
  value: unknown;
  onChange: (v: unknown) => void;
  ctx: Ctx;
  path: string;
}

const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function NumberInput({ field, value, onChange, path }: EditorProps) {
  const [text, setText] = useState(str(value));
  useEffect(() => {
    // take Python's value unless it is what the text already says
    if (parseNumber(text, field) !== (value ?? null)) setText(str(value));
  }, [value]);
  return (
    <input
      className="ff-input"
      type="number"
      step={field.kind === "integer" ? 1 : "any"}
      min={field.minimum}
      max={field.maximum}
      value={text}
      data-testid={`field-${path}`}
      onChange={(e) => {
        setText(e.target.value);
        const v = parseNumber(e.target.value, field);
        if (v !== undefined) onChange(v);
      }}
    />
  );
}

function JsonInput({ value, onChange, path }: EditorProps) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 1));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    let same = true; // text that does not parse yet is the user's, mid-typing: keep it
    try {
      same = JSON.stringify(JSON.parse(text)) === JSON.stringify(value ?? null);
    } catch {
      same = true;
    }
    if (!same) setText(JSON.stringify(value ?? null, null, 1));
  }, [value]);
  return (
    <>
      <textarea
        className="ff-input ff-mono"
        rows={3}
        value={text}
        data-testid={`field-${path}`}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const v: unknown = JSON.parse(e.target.value);
            setBad(false);
            onChange(v);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad ? <div className="ff-field-error">not valid JSON yet</div> : null}
    </>
  );
}

const lines = (text: string): string[] => text.split("\n").map((s) => s.trim()).filter((s) => s !== "");

function StringListInput({ value, onChange, path }: EditorProps) {
  const [text, setText] = useState(arr(value).map(str).join("\n"));
  useEffect(() => {
    if (JSON.stringify(lines(text)) !== JSON.stringify(arr(value).map(str))) setText(arr(value).map(str).join("\n"));
  }, [value]);
  return (
    <textarea
      className="ff-input ff-mono"
      rows={3}
      placeholder="one per line"
      value={text}
      data-testid={`field-${path}`}
      onChange={(e) => {
        setText(e.target.value);
        onChange(lines(e.target.value));
      }}
    />
  );
}

function ColumnsPicker({ field, value, onChange, ctx, path }: EditorProps) {
  const chosen = arr(value).map(str);
  const available = columnsFor(field, ctx.entry, ctx.state);
  const names = [...available.map(([n]) => n), ...chosen.filter((c) => !available.some(([n]) => n === c))];
  if (available.length === 0 && chosen.length === 0) {
    return <div className="ff-muted" data-testid={`field-${path}`}>Connect an input to pick columns.</div>;
  }
  const dtypes = new Map(available);
  return (
    <div className="ff-checklist" data-testid={`field-${path}`}>
      {names.map((n) => (
        <label key={n} className={dtypes.has(n) ? "" : "ff-missing"}>
          <input
            type="checkbox"
            checked={chosen.includes(n)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, n] : chosen.filter((c) => c !== n))}
          />
          <span>{n}</span>
          <span className="ff-col-dtype">{dtypes.get(n) ?? "missing"}</span>
        </label>
      ))}
    </div>
  );
}

function Select({ options, value, onChange, path, nullable, missing }: {
  options: { value: string; label: string }[];
  value: string;
  onChange: (v: string | null) => void;
  path: string;
  nullable: boolean;
  missing?: string;
}) {
  const known = options.some((o) => o.value === value);
  return (
    <select
      className="ff-input"
      value={known || value ? value : ""}
      data-testid={`field-${path}`}
      onChange={(e) => onChange(e.target.value === "" && nullable ? null : e.target.value)}
    >
      {nullable || !value ? <option value="">{nullable ? "—" : "(choose)"}</option> : null}
      {!known && value ? <option value={value}>{`${value} (${missing ?? "unknown"})`}</option> : null}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function ListEditor({ field, value, onChange, ctx, path }: EditorProps) {
  const rows = arr(value);
  const set = (i: number, row: unknown) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <div className="ff-list" data-testid={`field-${path}`}>
      {rows.map((row, i) => (
        <div className="ff-list-row" key={i}>
          <ObjectEditor field={field} value={row} onChange={(r) => set(i, r)} ctx={ctx} path={`${path}.${i}`} />
          <button type="button" className="ff-btn ff-btn-icon" title="Remove" onClick={() => onChange(rows.filter((_r, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="ff-btn" onClick={() => onChange([...rows, newRow(field.fields)])} data-testid={`field-${path}-add`}>
        + Add
      </button>
    </div>
  );
}

function ObjectEditor({ field, value, onChange, ctx, path }: EditorProps) {
  const obj = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return (
    <div className="ff-object">
      {field.fields.map((f) => (
        <FieldRow
          key={f.name}
          field={f}
          value={obj[f.name] === undefined ? f.default : obj[f.name]}
          onChange={(v) => onChange({ ...obj, [f.name]: v })}
          ctx={ctx}
          path={`${path}.${f.name}`}
        />
      ))}
    </div>
  );
}

function Editor(props: EditorProps) {
  const { field, value, onChange, ctx, path } = props;
  const tid = `field-${path}`;
  switch (field.kind) {
    case "boolean":
      if (field.nullable) {
        // Optional[bool]: "—" leaves the choice to Polars (None)
        return (
          <Select
            options={[{ value: "true", label: "yes" }, { value: "false", label: "no" }]}
            value={value === null || value === undefined ? "" : String(value)}
            onChange={(v) => onChange(v === null ? null : v === "true")}
            path={path}
            nullable
          />
        );
      }
      return <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={tid} />;
    case "integer":
    case "number":
      return <NumberInput {...props} />;
    case "enum":
    case "dtype":
      return (
        <Select
          options={field.options.map((o) => ({ value: str(o), label: str(o) }))}
          value={str(value)}
          onChange={(v) => onChange(v === null ? null : (field.options.find((o) => str(o) === v) ?? v))}
          path={path}
          nullable={field.nullable}
        />
      );
    case "column": {
      const cols = columnsFor(field, ctx.entry, ctx.state);
      if (cols.length === 0) {
        return <input className="ff-input" value={str(value)} placeholder="column name" onChange={(e) => onChange(e.target.value || (field.nullable ? null : ""))} data-testid={tid} />;
      }
      return (
        <Select
          options={cols.map(([n, d]) => ({ value: n, label: `${n}  ·  ${d}` }))}
          value={str(value)}
          onChange={onChange}
          path={path}
          nullable={field.nullable}
          missing="missing"
        />
      );
    }
    case "columns":
      return <ColumnsPicker {...props} />;
    case "expression":
      return (
        <>
          <textarea className="ff-input ff-mono" rows={3} spellCheck={false} value={str(value)} onChange={(e) => onChange(e.target.value)} data-testid={tid} />
          {ctx.state?.error ? <div className="ff-field-error">{ctx.state.error}</div> : null}
        </>
      );
    case "string-list":
      return <StringListInput {...props} />;
    case "enum-list": {
      const chosen = arr(value);
      return (
        <div className="ff-checklist" data-testid={tid}>
          {field.options.map((o) => (
            <label key={str(o)}>
              <input type="checkbox" checked={chosen.includes(o)} onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))} />
              <span>{str(o)}</span>
            </label>
          ))}
        </div>
      );
    }
    case "list":
      return <ListEditor {...props} />;
    case "object":
      return <ObjectEditor {...props} />;
    case "json":
      return <JsonInput {...props} />;
    default:
      return <input className="ff-input" value={str(value)} onChange={(e) => onChange(e.target.value === "" && field.nullable ? null : e.target.value)} data-testid={tid} />;
  }
}

function FieldRow(props: EditorProps) {
  const { field } = props;
  const inline = field.kind === "boolean" && !field.nullable;
  return (
    <div className={`ff-field ff-field-${field.kind}${inline ? " ff-field-inline" : ""}`}>
      <label className="ff-field-title" title={field.description}>
        {field.title}
        {field.required ? <span className="ff-req"> *</span> : null}
      </label>
      <Editor {...props} />
      {field.description && !inline ? <div className="ff-field-help">{field.description}</div> : null}
    </div>
  );
}

interface FormProps {
  fields: Field[];
  values: Record<string, unknown>;
  onChange: (patch: Record<string, unknown>) => void;
  entry: CatalogEntry | undefined;
  state: NodeState | undefined;
}

export function SchemaForm({ fields, values, onChange, entry, state }: FormProps) {
  const ctx = { entry, state };
  return (
    <div className="ff-form">
      {fields.map((f) => (
        <FieldRow key={f.name} field={f} value={values[f.name] === undefined ? f.default : values[f.name]} onChange={(v) => onChange({ [f.name]: v })} ctx={ctx} path={f.name} />
      ))}
    </div>
  );
}

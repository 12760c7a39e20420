// A mapping keyed by column names, as a table: every column with its spaces made visible, and
// for each a box for its new name (x-column-map) or a choice of data type (a dtype map).
import { useState } from "react";
import { columnsFor } from "../../core/schemaForm";
import { ColumnName } from "../ColumnName";
import { type EditorProps, obj, str, testId } from "./context";

const FILTER_FROM = 12;

export function ColumnMapEditor({ field, value, onChange, ctx, path }: EditorProps) {
  const [filter, setFilter] = useState("");
  const mapping = obj(value);
  const dtypes = field.kind === "dtype-map";
  // a node without inputs (a reader) maps its own columns
  const available = ctx.entry && ctx.entry.inputs.length === 0 ? (ctx.state?.schema ?? []) : columnsFor(field, ctx.entry, ctx.state);
  const known = new Map(available);
  const names = [...available.map(([n]) => n), ...Object.keys(mapping).filter((k) => !known.has(k))];
  const missingText = ctx.entry && ctx.entry.inputs.length === 0 ? "not read" : "not in the input";
  if (names.length === 0) {
    return (
      <div className="ff-muted" data-testid={testId(path)}>
        {ctx.entry && ctx.entry.inputs.length === 0 ? "The columns show once the data can be read." : "Connect an input to see its columns."}
      </div>
    );
  }
  const set = (column: string, to: string) => {
    const next: Record<string, unknown> = {};
    for (const n of names) {
      const v = n === column ? to : str(mapping[n]);
      if (v !== "") next[n] = v;
    }
    onChange(next, !dtypes);
  };
  const q = filter.trim().toLowerCase();
  const shown = q ? names.filter((n) => n.toLowerCase().includes(q) || str(mapping[n]).toLowerCase().includes(q)) : names;
  return (
    <div className="ff-colmap" data-testid={testId(path)}>
      {names.length > FILTER_FROM ? (
        <input className="ff-input ff-input-small" placeholder="Filter columns…" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter columns" />
      ) : null}
      <div className="ff-colmap-head">
        <span>column</span>
        <span />
        <span>{dtypes ? "new type" : "new name"}</span>
      </div>
      {shown.map((n) => {
        const i = names.indexOf(n);
        const missing = !known.has(n);
        const label = dtypes ? `New type for ${n}` : `New name for ${n}`;
        return (
          <div key={n} className={`ff-colmap-row${missing ? " ff-missing" : ""}`} data-testid={`${testId(path)}-row-${i}`} data-column={n}>
            <span className="ff-colmap-old" title={missing ? missingText : known.get(n)}>
              <ColumnName name={n} />
              <span className="ff-col-dtype">{missing ? missingText : known.get(n)}</span>
            </span>
            <span className="ff-colmap-arrow" aria-hidden>
              →
            </span>
            {dtypes ? (
              <select className="ff-input" value={str(mapping[n])} aria-label={label} data-testid={`${testId(path)}-new-${i}`} onChange={(e) => set(n, e.target.value)}>
                <option value="">(unchanged)</option>
                {field.options.map((o) => (
                  <option key={str(o)} value={str(o)}>
                    {str(o)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className="ff-input"
                value={str(mapping[n])}
                placeholder="(unchanged)"
                aria-label={label}
                spellCheck={false}
                data-testid={`${testId(path)}-new-${i}`}
                onChange={(e) => set(n, e.target.value)}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}

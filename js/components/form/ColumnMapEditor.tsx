// A mapping from input columns to new names (x-column-map), as a table: every input column with
// its spaces made visible, and a box for its new name (empty: keep the name).
import { useState } from "react";
import { columnsFor } from "../../core/schemaForm";
import { ColumnName } from "../ColumnName";
import { type EditorProps, obj, str, testId } from "./context";

const FILTER_FROM = 12;

export function ColumnMapEditor({ field, value, onChange, ctx, path }: EditorProps) {
  const [filter, setFilter] = useState("");
  const mapping = obj(value);
  const available = columnsFor(field, ctx.entry, ctx.state);
  const dtypes = new Map(available);
  const names = [...available.map(([n]) => n), ...Object.keys(mapping).filter((k) => !dtypes.has(k))];
  if (names.length === 0) {
    return (
      <div className="ff-muted" data-testid={testId(path)}>
        Connect an input to see its columns.
      </div>
    );
  }
  const set = (old: string, renamed: string) => {
    const next: Record<string, unknown> = {};
    for (const n of names) {
      const v = n === old ? renamed : str(mapping[n]);
      if (v !== "") next[n] = v;
    }
    onChange(next);
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
        <span>new name</span>
      </div>
      {shown.map((n) => {
        const i = names.indexOf(n);
        const missing = !dtypes.has(n);
        return (
          <div key={n} className={`ff-colmap-row${missing ? " ff-missing" : ""}`} data-testid={`${testId(path)}-row-${i}`} data-column={n}>
            <span className="ff-colmap-old" title={missing ? "not in the input" : dtypes.get(n)}>
              <ColumnName name={n} />
              <span className="ff-col-dtype">{missing ? "not in the input" : dtypes.get(n)}</span>
            </span>
            <span className="ff-colmap-arrow" aria-hidden>
              →
            </span>
            <input
              className="ff-input"
              value={str(mapping[n])}
              placeholder="(unchanged)"
              aria-label={`New name for ${n}`}
              spellCheck={false}
              data-testid={`${testId(path)}-new-${i}`}
              onChange={(e) => set(n, e.target.value)}
            />
          </div>
        );
      })}
    </div>
  );
}

// Rows of values as a grid (x-table): one box per cell, under its column's name and dtype,
// typed as plain text and converted by that dtype; an empty box is a missing value.
import { useEffect, useState } from "react";
import { tableColumns } from "../../core/schemaForm";
import { dtypeClass, formatCell, parseCell } from "../../core/values";
import { ColumnName } from "../ColumnName";
import { type EditorProps, arr, testId } from "./context";

function Cell({ value, dtype, onChange, report, label, testid }: {
  value: unknown;
  dtype: string;
  onChange: (v: unknown) => void;
  report: (problem: string | null) => void;
  label: string;
  testid: string;
}) {
  const cls = dtypeClass(dtype);
  const [text, setText] = useState(() => formatCell(value, cls));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    // a value from outside (undo, another row removed): show it, unless the text says it already
    const parsed = parseCell(text, cls);
    if (!parsed.ok || JSON.stringify(parsed.value) !== JSON.stringify(value ?? null)) {
      setText(formatCell(value, cls));
      setProblem(null);
      report(null);
    }
  }, [value, cls]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => report(null), []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <input
      className={`ff-input ff-table-cell${problem ? " ff-invalid" : ""}`}
      value={text}
      aria-label={label}
      title={problem ?? undefined}
      spellCheck={false}
      data-testid={testid}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseCell(e.target.value, cls);
        const p = parsed.ok ? null : parsed.error;
        setProblem(p);
        report(p && `${label}: ${p}`);
        if (parsed.ok) onChange(parsed.value);
      }}
    />
  );
}

export function TableEditor({ field, value, onChange, ctx, path, siblings }: EditorProps) {
  const columns = tableColumns(field, siblings);
  const rows = arr(value).map((r) => arr(r));
  const setCell = (i: number, j: number, v: unknown) => {
    const next = rows.map((r, k) => {
      if (k !== i) return r;
      const cells = [...r];
      while (cells.length < columns.length) cells.push(null);
      cells[j] = v;
      return cells;
    });
    onChange(next);
  };
  const problems = Object.entries(ctx.problems).filter(([p]) => p.startsWith(`${path}.`));
  return (
    <div className="ff-table-editor" data-testid={testId(path)}>
      <table>
        <thead>
          <tr>
            {columns.map((c, j) => (
              <th key={j}>
                <ColumnName name={c.name} />
                <span className="ff-col-dtype">{c.dtype}</span>
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid={`${testId(path)}-row-${i}`}>
              {columns.map((c, j) => (
                <td key={j}>
                  <Cell
                    value={r[j] ?? null}
                    dtype={c.dtype}
                    onChange={(v) => setCell(i, j, v)}
                    report={(p) => ctx.reportUnparsed(`${path}.${i}.${j}`, p)}
                    label={`Row ${i + 1}, ${c.name}`}
                    testid={`${testId(path)}-${i}-${j}`}
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  className="ff-btn ff-btn-icon"
                  title="Remove row"
                  aria-label={`Remove row ${i + 1}`}
                  data-testid={`${testId(path)}-remove-${i}`}
                  onClick={() => {
                    ctx.removeRow(path, i);
                    onChange(rows.filter((_r, k) => k !== i), false);
                  }}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.map(([p, text]) => (
        <div key={p} className="ff-field-problem" role="status" data-testid={`problem-${p}`}>
          {text}
        </div>
      ))}
      <button
        type="button"
        className="ff-btn"
        data-testid={`${testId(path)}-add`}
        onClick={() => onChange([...rows, columns.map(() => null)], false)}
        disabled={columns.length === 0}
      >
        + Add row
      </button>
    </div>
  );
}

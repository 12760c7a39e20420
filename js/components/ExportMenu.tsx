import { useEffect, useRef, useState } from "react";
import { formatRowsText } from "../core/format";
import { useAnswer } from "../hooks/useAnswer";
import type { Model } from "../state/model";

type To = "csv" | "parquet" | "variable";

const CHOICES: { to: To; label: string }[] = [
  { to: "csv", label: "CSV file" },
  { to: "parquet", label: "Parquet file" },
  { to: "variable", label: "Notebook variable" },
];

/** A name that is a Python identifier, made from the node's id. */
function defaultTarget(id: string, to: To): string {
  const base = id.replace(/\W/g, "_");
  return to === "variable" ? `${base}_df` : `${base}.${to}`;
}

/** "Export" in the preview: the node's whole result to a CSV or Parquet file or a notebook
 * variable, written by the kernel; the answer is said in words beside the form. */
export function ExportMenu({ model, nodeId, onDone }: { model: Model; nodeId: string; onDone: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState<To>("csv");
  const [targets, setTargets] = useState<Partial<Record<To, string>>>({});
  const [overwrite, setOverwrite] = useState(false);
  const ex = useAnswer(model, "export");
  const box = useRef<HTMLDivElement>(null);
  const target = targets[to] ?? defaultTarget(nodeId, to);

  const answer = ex.answer;
  let message: { error: boolean; text: string } | null = null;
  if (answer?.error) message = { error: true, text: answer.error };
  else if (answer) {
    const what = answer.to === "variable" ? `the variable ${answer.name ?? ""}` : (answer.path ?? "");
    message = { error: false, text: `Exported ${formatRowsText(answer.rows ?? 0)} to ${what}.` };
  }
  const lastDone = useRef<typeof answer>(null);
  useEffect(() => {
    if (answer && !answer.error && lastDone.current !== answer && message) onDone(message.text);
    lastDone.current = answer;
  }, [answer, message, onDone]);

  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away, true);
    return () => document.removeEventListener("pointerdown", away, true);
  }, [open]);

  const submit = () => {
    const t = target.trim();
    if (!t) return;
    ex.ask({ kind: "export", id: nodeId, to, overwrite, ...(to === "variable" ? { name: t } : { path: t }) });
  };

  return (
    <div className="ff-export" ref={box}>
      <button type="button" className="ff-btn" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="export-button" title="Write this node's whole result to a file or a variable">
        Export ▾
      </button>
      {open ? (
        <div className="ff-export-menu" data-testid="export-menu" onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
          <div className="ff-export-choices" role="radiogroup">
            {CHOICES.map((c) => (
              <label key={c.to} className="ff-inline">
                <input type="radio" name={`ff-export-${nodeId}`} checked={to === c.to} onChange={() => setTo(c.to)} data-testid={`export-to-${c.to}`} /> {c.label}
              </label>
            ))}
          </div>
          <label className="ff-export-target">
            <span className="ff-muted">{to === "variable" ? "name" : "path"}</span>
            <input
              className="ff-input"
              value={target}
              spellCheck={false}
              onChange={(e) => setTargets((t) => ({ ...t, [to]: e.target.value }))}
              onKeyDown={(e) => {
                if (e.key === "Enter") submit();
              }}
              data-testid="export-target"
            />
          </label>
          <label className="ff-inline ff-muted">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} data-testid="export-overwrite" /> replace if it exists
          </label>
          <div className="ff-export-actions">
            <button type="button" className="ff-btn ff-btn-primary" onClick={submit} disabled={ex.loading || !target.trim()} data-testid="export-go">
              {ex.loading ? "Exporting…" : "Export"}
            </button>
          </div>
          {message && !ex.loading ? (
            <div className={`ff-export-msg${message.error ? " ff-error-text" : ""}`} data-testid="export-message" data-ok={message.error ? "false" : "true"}>
              {message.text}
              {message.error && / exists/.test(message.text) && !overwrite ? (
                <div className="ff-muted">Tick “replace if it exists” to write over it.</div>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

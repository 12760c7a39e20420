import { useState } from "react";

/** Clipboard API first; a hidden textarea + execCommand where it is missing or refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through
  }
  const ta = document.createElement("textarea");
  ta.value = text;
  ta.setAttribute("readonly", "");
  ta.style.position = "fixed";
  ta.style.opacity = "0";
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

interface Props {
  code: string;
  /** why the panel is shown: the notebook extension did not take the code */
  extensionMissing: boolean;
  onClose: () => void;
}

export function CodePanel({ code, extensionMissing, onClose }: Props) {
  const [copied, setCopied] = useState<"" | "ok" | "failed">("");
  return (
    <section className="ff-code" data-testid="code-panel">
      <div className="ff-code-head">
        <strong>Generated Polars code</strong>
        {extensionMissing ? (
          <span className="ff-muted" data-testid="code-extension-missing">
            The flowfile-jupyter notebook extension is not active here, so the code cannot be written into a cell: copy it instead.
          </span>
        ) : null}
        <span className="ff-spacer" />
        <button
          type="button"
          className="ff-btn"
          data-testid="code-copy-button"
          onClick={async () => setCopied((await copyText(code)) ? "ok" : "failed")}
        >
          {copied === "ok" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}
        </button>
        <button type="button" className="ff-btn ff-btn-icon" onClick={onClose} title="Close" data-testid="code-close">
          ×
        </button>
      </div>
      <pre className="ff-code-body">
        <code>{code || "# (empty flow)"}</code>
      </pre>
    </section>
  );
}

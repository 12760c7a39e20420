// Polars expression text in CodeMirror 6: Python highlighting, brackets that close themselves,
// and completion of the input's column names and of the `pl.` / expression names the kernel's
// allow-list accepts.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  type Completion,
  type CompletionContext,
  type CompletionResult,
  completionKeymap,
} from "@codemirror/autocomplete";
import { history, historyKeymap } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { closingToReplace, completionContext, suggestions } from "../../core/expression";
import type { Columns, Completions } from "../../protocol";

interface Props {
  value: string;
  onChange: (text: string) => void;
  columns: Columns;
  completions: Completions;
  invalid: boolean;
  testid: string;
  label: string;
}

function source(get: () => { columns: Columns; completions: Completions }) {
  return (cm: CompletionContext): CompletionResult | null => {
    const line = cm.state.doc.lineAt(cm.pos);
    const before = line.text.slice(0, cm.pos - line.from);
    const { columns, completions } = get();
    const ctx = completionContext(before, Object.keys(completions.namespaces));
    if (!ctx) return null;
    if (ctx.kind === "start" && ctx.typed === "" && !cm.explicit) return null;
    const options: Completion[] = suggestions(ctx, columns, completions).map((s) => ({
      label: s.label,
      apply: (view: EditorView, _c: Completion, from: number, to: number) => {
        const extra = closingToReplace(view.state.sliceDoc(to, to + 4), s.closes);
        view.dispatch({
          changes: { from, to: to + extra, insert: s.apply },
          selection: { anchor: from + s.apply.length },
          userEvent: "input.complete",
        });
      },
      detail: s.detail,
      info: s.info || undefined,
      type: s.type,
      boost: s.type === "variable" ? 10 : 0,
    }));
    if (options.length === 0) return null;
    return { from: line.from + ctx.from, options, validFor: /^[\w]*$/ };
  };
}

export function ExpressionEditor({ value, onChange, columns, completions, invalid, testid, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ columns, completions, onChange });
  latest.current = { columns, completions, onChange };

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          closeBrackets(),
          bracketMatching(),
          python(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          autocompletion({ override: [source(() => latest.current)], icons: false, activateOnTypingDelay: 50 }),
          keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          placeholder('pl.col("amount") > 100'),
          EditorView.contentAttributes.of({ "aria-label": label, "data-testid": `${testid}-input` }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // A value from outside (undo, an edit from Python): show it.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div ref={host} className={`ff-expr${invalid ? " ff-invalid" : ""}`} data-testid={testid} />;
}

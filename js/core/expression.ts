// Expression text in the browser: whether a draft is finished (sent to the kernel only then),
// and what to suggest at the cursor. The kernel's allow-list decides what runs; this only keeps
// half-typed text from being sent and offers the names that list accepts.
import { parser } from "@lezer/python";
import type { Completions } from "../protocol";

/** Why the text is not a finished expression yet, or null when it is one. */
export function unfinished(text: string): string | null {
  if (text.trim() === "") return "Write an expression";
  const tree = parser.parse(text);
  let at: number | null = null;
  tree.iterate({
    enter(n) {
      if (at === null && n.type.isError) at = n.from;
      return at === null;
    },
  });
  if (at === null) return null;
  const open = [...text].reduce((depth, ch) => depth + (ch === "(" ? 1 : ch === ")" ? -1 : 0), 0);
  if (open > 0) return `Not finished: ${open} bracket${open === 1 ? "" : "s"} still open`;
  const quotes = (text.match(/"/g) ?? []).length;
  if (quotes % 2 === 1) return "Not finished: a text in quotes is still open";
  const end = text.trimEnd();
  if ((at as number) >= end.length) {
    const last = /(\S{1,12})$/.exec(end)?.[1] ?? "";
    return `Not finished: something must follow ${last}`;
  }
  return `Not an expression yet: look at character ${(at as number) + 1} ("${text.slice(at as number, (at as number) + 10)}")`;
}

export type CompletionContext =
  | { kind: "column-in-string"; from: number; typed: string }
  | { kind: "function"; from: number; typed: string }
  | { kind: "namespace"; namespace: string; from: number; typed: string }
  | { kind: "method"; from: number; typed: string }
  | { kind: "start"; from: number; typed: string };

/** What the text before the cursor asks for. */
export function completionContext(before: string, namespaces: readonly string[]): CompletionContext | null {
  let m = /pl\.col\(\s*"([^"]*)$/.exec(before);
  if (m) return { kind: "column-in-string", from: before.length - (m[1] as string).length, typed: m[1] as string };
  if (/"[^"]*$/.test(before.replace(/"[^"]*"/g, ""))) return null; // inside some other text
  m = /[\w)\]"]\.(\w+)\.(\w*)$/.exec(before);
  if (m && namespaces.includes(m[1] as string) && !/\bpl\.\w+\.\w*$/.test(before)) {
    const typed = m[2] as string;
    return { kind: "namespace", namespace: m[1] as string, from: before.length - typed.length, typed };
  }
  m = /(?:^|[^\w.])pl\.(\w*)$/.exec(before);
  if (m) return { kind: "function", from: before.length - (m[1] as string).length, typed: m[1] as string };
  m = /[\w)\]"]\.(\w*)$/.exec(before);
  if (m) return { kind: "method", from: before.length - (m[1] as string).length, typed: m[1] as string };
  m = /(?:^|[^\w."])(\w*)$/.exec(before);
  if (m) return { kind: "start", from: before.length - (m[1] as string).length, typed: m[1] as string };
  return null;
}

export interface Suggestion {
  label: string;
  /** text that replaces what was typed */
  apply: string;
  detail: string;
  info: string;
  type: "variable" | "function" | "method" | "namespace";
  /** `apply` ends with these characters, which the editor may already have closed for us */
  closes?: string;
}

const quote = (name: string) => JSON.stringify(name);

/** Suggestions for a context: columns of the node's input, and the names the kernel allows. */
export function suggestions(ctx: CompletionContext, columns: [string, string][], vocab: Completions): Suggestion[] {
  switch (ctx.kind) {
    case "column-in-string":
      return columns.map(([name, dtype]) => ({
        label: name,
        apply: `${JSON.stringify(name).slice(1, -1)}")`,
        detail: dtype,
        info: "column",
        type: "variable",
        closes: '")',
      }));
    case "function":
      return vocab.functions.map((f) => ({ label: f.name, apply: f.name, detail: "pl", info: f.info, type: "function" }));
    case "namespace":
      return (vocab.namespaces[ctx.namespace] ?? []).map((f) => ({
        label: f.name,
        apply: f.name,
        detail: `.${ctx.namespace}`,
        info: f.info,
        type: "method",
      }));
    case "method":
      return [
        ...Object.keys(vocab.namespaces).map((ns) => ({
          label: ns,
          apply: ns,
          detail: "namespace",
          info: `.${ns} methods`,
          type: "namespace" as const,
        })),
        ...vocab.methods.map((f) => ({ label: f.name, apply: f.name, detail: "expr", info: f.info, type: "method" as const })),
      ];
    case "start":
      return [
        ...columns.map(([name, dtype]) => ({
          label: name,
          apply: `pl.col(${quote(name)})`,
          detail: dtype,
          info: `pl.col(${quote(name)})`,
          type: "variable" as const,
        })),
        { label: "pl", apply: "pl.", detail: "polars", info: "Polars functions", type: "namespace" },
      ];
  }
}

/** How many characters after the cursor an applied suggestion replaces: the closing quote and
 * bracket the editor typed ahead, so they are not doubled. */
export function closingToReplace(after: string, closes: string | undefined): number {
  if (!closes) return 0;
  let n = 0;
  while (n < closes.length && after[n] === closes[n]) n++;
  return n;
}

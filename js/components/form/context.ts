import type { Field } from "../../core/schemaForm";
import type { Problems } from "../../core/validate";
import type { CatalogEntry, Completions, NodeState } from "../../protocol";

export type Values = Record<string, unknown>;

/** What every field editor may need besides its own value. */
export interface FormContext {
  entry: CatalogEntry | undefined;
  state: NodeState | undefined;
  completions: Completions;
  /** problems by path: the browser's checks and the kernel's refusal */
  problems: Problems;
  /** modes chosen in the form, by path */
  modes: Record<string, number>;
  chooseMode: (path: string, index: number) => void;
  /** a widget's text that does not convert to a value yet (null: it does now) */
  reportUnparsed: (path: string, problem: string | null) => void;
}

export interface EditorProps {
  field: Field;
  value: unknown;
  /** `typing`: more keys may follow, so the form waits a moment before sending */
  onChange: (value: unknown, typing?: boolean) => void;
  ctx: FormContext;
  path: string;
  /** the values of the object this field belongs to (fields may depend on siblings) */
  siblings: Values;
}

export const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): Values => (v && typeof v === "object" && !Array.isArray(v) ? (v as Values) : {});
export const testId = (path: string) => `field-${path}`;

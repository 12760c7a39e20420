// Where the generated code goes: the cell right below the widget's cell, updated in place while
// it is the flow's own: untouched since it was written (its source still hashes to the stored
// hash), or edited and run so the kernel rebuilt the flow from it (its source is what the kernel
// absorbed). Anything else, including an edit not yet run, is kept and a new cell is inserted.
import type { CellLike, NotebookPanel } from "@jupyterlab/notebook";
import { fnv1a } from "../core/hash";

export const METADATA_KEY = "flowfile";

export interface CodeRequest {
  flow: string;
  code: string;
  /** the text of the cell the kernel last rebuilt the flow from */
  absorbed: string | null;
}

export interface Stamp {
  flow: string;
  hash: string;
}

function stampOf(meta: unknown): Stamp | null {
  if (!meta || typeof meta !== "object") return null;
  const m = meta as Record<string, unknown>;
  return typeof m["flow"] === "string" && typeof m["hash"] === "string" ? { flow: m["flow"], hash: m["hash"] } : null;
}

/** Whether `cell` is a code cell generated for `flow` whose text the flow holds: untouched
 * since it was written, or the text the kernel last rebuilt the flow from. */
export function isFlowsOwn(cell: CellLike | undefined, flow: string, absorbed: string | null = null): boolean {
  if (!cell || cell.model.type !== "code") return false;
  const stamp = stampOf(cell.model.sharedModel.getMetadata(METADATA_KEY));
  if (stamp === null || stamp.flow !== flow) return false;
  const source = cell.model.sharedModel.getSource();
  return stamp.hash === fnv1a(source) || (absorbed !== null && sameText(source, absorbed));
}

function sameText(a: string, b: string): boolean {
  return a.trimEnd() === b.trimEnd();
}

/** The notebook panel and cell index whose DOM holds `target`, if any. */
export function locate(panels: Iterable<NotebookPanel>, target: Node): { panel: NotebookPanel; index: number } | null {
  for (const panel of panels) {
    if (!panel.node.contains(target)) continue;
    const index = panel.content.widgets.findIndex((c) => c.node.contains(target));
    if (index >= 0) return { panel, index };
  }
  return null;
}

/** Write the code below cell `index`; returns what was done. */
export function writeCode(panel: NotebookPanel, index: number, req: CodeRequest): "inserted" | "updated" | null {
  const shared = panel.model?.sharedModel;
  if (!shared) return null;
  const hash = fnv1a(req.code);
  const stamp: Stamp = { flow: req.flow, hash };
  const below = panel.content.widgets[index + 1];
  if (below && isFlowsOwn(below, req.flow, req.absorbed)) {
    shared.transact(() => {
      below.model.sharedModel.setSource(req.code);
      below.model.sharedModel.setMetadata(METADATA_KEY, stamp);
    });
    return "updated";
  }
  shared.insertCell(index + 1, { cell_type: "code", source: req.code, metadata: { [METADATA_KEY]: stamp } });
  return "inserted";
}

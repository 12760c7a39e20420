// JupyterLab 4 / Notebook 7 plugin: puts a flow's generated code into the cell below its widget.
//
// The widget dispatches a bubbling, cancelable `flowfile:code` CustomEvent with detail
// {flow, code, hash}. This plugin listens on `document`, writes the code, then calls
// event.preventDefault() and sets detail.action ("inserted" | "updated"): the widget reads
// `dispatchEvent(...) === false` as "handled" and otherwise shows its own copy panel.
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import { INotebookTracker, type NotebookPanel } from "@jupyterlab/notebook";
import { CODE_EVENT, type CodeEventDetail } from "../protocol";
import { locate, writeCode } from "./cells";

function panelsOf(tracker: INotebookTracker): NotebookPanel[] {
  const out: NotebookPanel[] = [];
  tracker.forEach((p) => out.push(p));
  return out;
}

function onCode(tracker: INotebookTracker, event: Event): void {
  const detail = (event as CustomEvent<CodeEventDetail>).detail;
  const target = event.target;
  if (!detail || typeof detail.code !== "string" || !(target instanceof Node)) return;
  const where = locate(panelsOf(tracker), target);
  if (!where) return;
  const action = writeCode(where.panel, where.index, { flow: String(detail.flow ?? ""), code: detail.code });
  if (!action) return;
  detail.action = action;
  event.preventDefault();
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: "flowfile-jupyter:code-to-cell",
  description: "Writes a flowfile canvas's generated Polars code into the cell below it.",
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_app: unknown, tracker: INotebookTracker) => {
    document.addEventListener(CODE_EVENT, (e) => onCode(tracker, e));
    console.log("flowfile-jupyter lab extension activated");
  },
};

export default plugin;

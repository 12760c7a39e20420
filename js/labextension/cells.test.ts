import assert from "node:assert/strict";
import { test } from "node:test";
import type { CellLike, NotebookPanel } from "@jupyterlab/notebook";
import { fnv1a } from "../core/hash";
import { isFlowsOwn, locate, writeCode } from "./cells";

// A fake notebook: DOM containment by identity, cells as plain objects.
interface FakeCell {
  cell_type: string;
  source: string;
  metadata: Record<string, unknown>;
  inner: object;
}

function fakeNode(owned: () => object[]): HTMLElement {
  return { contains: (n: unknown) => owned().includes(n as object) } as unknown as HTMLElement;
}

function notebook(cells: FakeCell[]) {
  const log: string[] = [];
  const cellView = (c: FakeCell): CellLike => ({
    node: fakeNode(() => [c.inner]),
    model: {
      type: c.cell_type,
      sharedModel: {
        getSource: () => c.source,
        setSource: (s) => void (c.source = s),
        getMetadata: (k) => c.metadata[k],
        setMetadata: (k, v) => void (c.metadata[k] = v),
      },
    },
  });
  const panel: NotebookPanel = {
    node: fakeNode(() => cells.map((c) => c.inner)),
    get content() {
      return { widgets: cells.map(cellView) };
    },
    model: {
      sharedModel: {
        insertCell: (i, cell) => {
          log.push(`insert@${i}`);
          cells.splice(i, 0, { cell_type: cell.cell_type, source: cell.source, metadata: { ...(cell.metadata ?? {}) }, inner: {} });
        },
        transact: (fn) => {
          log.push("transact");
          fn();
        },
      },
    },
  };
  return { panel, cells, log };
}

const cell = (source: string, metadata: Record<string, unknown> = {}, cell_type = "code"): FakeCell => ({ cell_type, source, metadata, inner: {} });

test("locate finds the panel and the cell holding the event target", () => {
  const a = notebook([cell("x = 1"), cell("%flowfile sales")]);
  const b = notebook([cell("y")]);
  const target = a.cells[1]?.inner as Node;
  assert.deepEqual(locate([b.panel, a.panel], target)?.index, 1);
  assert.equal(locate([b.panel], target), null);
});

test("first click inserts a stamped code cell below", () => {
  const nb = notebook([cell("%flowfile sales"), cell("print('mine')")]);
  assert.equal(writeCode(nb.panel, 0, { flow: "sales", code: "import polars as pl\n", absorbed: null }), "inserted");
  assert.equal(nb.cells.length, 3);
  assert.equal(nb.cells[1]?.source, "import polars as pl\n");
  assert.deepEqual(nb.cells[1]?.metadata["flowfile"], { flow: "sales", hash: fnv1a("import polars as pl\n") });
  assert.equal(nb.cells[2]?.source, "print('mine')");
});

test("an untouched generated cell is updated in place", () => {
  const nb = notebook([cell("%flowfile sales")]);
  writeCode(nb.panel, 0, { flow: "sales", code: "v1", absorbed: null });
  assert.equal(writeCode(nb.panel, 0, { flow: "sales", code: "v2", absorbed: null }), "updated");
  assert.equal(nb.cells.length, 2);
  assert.equal(nb.cells[1]?.source, "v2");
  assert.deepEqual(nb.cells[1]?.metadata["flowfile"], { flow: "sales", hash: fnv1a("v2") });
  assert.deepEqual(nb.log, ["insert@1", "transact"]);
});

test("an edited generated cell, another flow's cell, or a markdown cell is left alone", () => {
  const edited = notebook([cell("%flowfile sales")]);
  writeCode(edited.panel, 0, { flow: "sales", code: "v1", absorbed: null });
  (edited.cells[1] as FakeCell).source = "v1\n# my change";
  assert.equal(writeCode(edited.panel, 0, { flow: "sales", code: "v2", absorbed: null }), "inserted");
  assert.deepEqual(edited.cells.map((c) => c.source), ["%flowfile sales", "v2", "v1\n# my change"]);

  const other = notebook([cell("%flowfile sales"), cell("v1", { flowfile: { flow: "costs", hash: fnv1a("v1") } })]);
  assert.equal(writeCode(other.panel, 0, { flow: "sales", code: "v2", absorbed: null }), "inserted");

  const md = notebook([cell("%flowfile sales"), cell("v1", { flowfile: { flow: "sales", hash: fnv1a("v1") } }, "markdown")]);
  assert.equal(isFlowsOwn(md.panel.content.widgets[1], "sales"), false);
});

test("an edited cell the kernel rebuilt the flow from is the flow's own; one edited since is not", () => {
  const nb = notebook([cell("%flowfile sales")]);
  writeCode(nb.panel, 0, { flow: "sales", code: "v1", absorbed: null });
  (nb.cells[1] as FakeCell).source = "v1\n# my change\n";
  // the user ran the edited cell: the kernel absorbed it (the runner may drop the last newline)
  assert.equal(writeCode(nb.panel, 0, { flow: "sales", code: "v2", absorbed: "v1\n# my change" }), "updated");
  assert.deepEqual(nb.cells.map((c) => c.source), ["%flowfile sales", "v2"]);

  (nb.cells[1] as FakeCell).source = "v2\n# edited, not run";
  assert.equal(writeCode(nb.panel, 0, { flow: "sales", code: "v3", absorbed: "v1\n# my change" }), "inserted");
  assert.deepEqual(nb.cells.map((c) => c.source), ["%flowfile sales", "v3", "v2\n# edited, not run"]);
});

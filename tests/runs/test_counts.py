"""Rows along the flow: after development runs each node says rows in -> rows out and each
edge the rows that flowed along it, equal to the heights of the nodes' results; never a guess
(nothing before a run, nothing below an edit)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.runs.counts import EdgeRows, NodeRows

from ..jupyter.test_widget import Recording

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def sales_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sales_flow", EXAMPLES / "sales_flow.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sales(tmp_path: Path) -> Flow:
    shutil.copy(EXAMPLES / "sales.csv", tmp_path / "sales.csv")
    flow: Flow = sales_module().build(str(tmp_path / "sales.csv"))
    flow.cache = Cache(tmp_path / "cache")
    return flow


def heights(flow: Flow) -> dict[str, int]:
    return {nid: flow.collect(nid).height for nid in flow.nodes}


def test_counts_equal_the_heights_of_the_results(sales: Flow) -> None:
    assert sales.row_counts().nodes == {} and sales.row_counts().edges == ()
    leaf = sales.leaves()[0]
    sales.preview(leaf)
    assert sales.wait_idle(60)  # the nodes computed inside the preview's plan are cached
    counts = sales.row_counts()
    truth = heights(sales)
    assert {nid: r.rows_out for nid, r in counts.nodes.items()} == truth
    for nid, node in sales.nodes.items():
        assert counts.nodes[nid].rows_in == tuple(truth[s or ""] for s in node.inputs)
    assert sorted(counts.edges, key=lambda e: e.target) == sorted(
        (EdgeRows(e.source, e.target, e.port, truth[e.source]) for e in sales.edges),
        key=lambda e: e.target,
    )
    shipped = next(nid for nid, n in sales.nodes.items() if n.type == "filter")
    removed = counts.nodes[shipped].change
    assert removed is not None and removed < 0
    assert removed == truth[shipped] - truth[sales.nodes[shipped].inputs[0] or ""]
    frame = counts.to_frame()
    assert frame.filter(pl.col("node") == shipped).row(0, named=True)["change"] == removed


def test_an_edit_drops_the_counts_below_it_and_undo_brings_them_back(sales: Flow) -> None:
    leaf = sales.leaves()[0]
    sales.preview(leaf)
    assert sales.wait_idle(60)
    before = sales.row_counts()
    order = list(sales.nodes)
    shipped = next(nid for nid, n in sales.nodes.items() if n.type == "filter")
    sales.update(shipped, value="cancelled")
    after = sales.row_counts()
    below = order[order.index(shipped) :]
    for nid in order:
        if nid in below:
            assert after.nodes.get(nid, NodeRows((), None)).rows_out is None, nid
        else:
            assert after.nodes[nid] == before.nodes[nid]
    # the filter still knows its input's rows: rows in, and nothing out yet
    assert after.nodes[shipped].rows_in == before.nodes[shipped].rows_in
    assert after.nodes[shipped].change is None
    sales.relabel(order[0], "renamed")  # labels and positions do not matter
    sales.move(order[1], 5, 5)
    assert sales.row_counts().nodes[order[1]] == before.nodes[order[1]]
    sales.undo()
    sales.undo()
    sales.undo()  # back to the flow the run saw: its counts hold again
    assert sales.row_counts() == before


def test_joins_and_unique_say_what_they_added_or_removed(tmp_path: Path) -> None:
    orders = pl.DataFrame({"k": [1, 1, 2, 3, 3, 3], "v": range(6)})
    lookup = pl.DataFrame({"k": [1, 1, 3, 4], "w": ["a", "b", "c", "d"]})
    flow = Flow("counts", namespace={"orders": orders, "lookup": lookup})
    flow.cache = Cache(tmp_path / "cache")
    left = flow.add("from_variable", name="orders")
    right = flow.add("from_variable", name="lookup")
    joined = flow.add("join", left, right, on=["k"], how="left")
    distinct = flow.add("unique", left, subset=["k"])
    for nid in (joined, distinct):
        flow.preview(nid)
    assert flow.wait_idle(60)
    counts = flow.row_counts().nodes
    with_dupes = orders.join(lookup, on="k", how="left")
    assert counts[joined] == NodeRows((6, 4), with_dupes.height)
    assert counts[joined].change == with_dupes.height - 6 == 2  # duplicated right keys add rows
    assert counts[distinct] == NodeRows((6,), 3) and counts[distinct].change == -3


def test_a_result_that_could_not_be_cached_has_no_count(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    flow = Flow("uncached", namespace={"df": pl.DataFrame({"a": range(10)})})
    flow.cache = Cache(blocker)  # cannot be used: previews are streamed, nothing is kept
    src = flow.add("from_variable", name="df")
    flow.preview(flow.add("head", src, n=3))
    assert flow.wait_idle(60)
    assert flow.row_counts().nodes == {}


def test_counts_reach_the_canvas(sales: Flow) -> None:
    canvas = Recording(sales)
    try:
        assert canvas.row_counts == {"nodes": {}, "edges": []}
        leaf = sales.leaves()[0]
        canvas.request(kind="preview", id=leaf, request_id="p")
        assert sales.wait_idle(60)
        truth = heights(sales)
        shown = canvas.row_counts
        assert {nid: r["rows_out"] for nid, r in shown["nodes"].items()} == truth
        assert {(e["source"], e["target"]): e["rows"] for e in shown["edges"]} == {
            (e.source, e.target): truth[e.source] for e in sales.edges
        }
        shipped = next(nid for nid, n in sales.nodes.items() if n.type == "filter")
        assert (
            shown["nodes"][shipped]["change"]
            == truth[shipped] - shown["nodes"][shipped]["rows_in"][0]
        )
        sales.update(shipped, value="returned")  # an edit: what is below it shows nothing
        assert canvas.row_counts["nodes"][shipped]["rows_out"] is None
        assert leaf not in canvas.row_counts["nodes"]
    finally:
        canvas.close()

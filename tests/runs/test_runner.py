"""Runs off the main thread: handles, per-node states, events, cancel, supersede, queue."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.keys import node_keys
from flowfile_jupyter.runs.handle import RunCancelledError, RunEvent, RunHandle

from ..support import ORDERS

# A cross join of N x N rows filtered down to a few: seconds of work on the streaming engine,
# in bounded memory, handing over a batch every few milliseconds.
N = 8000
SLOW_CODE = (
    'output = df.join(df, how="cross")'
    '.filter((pl.col("x") * 7 + pl.col("x_right")).cast(pl.String).str.ends_with("999"))'
)


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("FLOWFILE_JUPYTER_CACHE_DIR", str(path))
    return path


@pytest.fixture
def slow(tmp_path: Path) -> Iterator[tuple[Flow, dict[str, str]]]:
    pl.DataFrame({"x": range(N)}).write_parquet(tmp_path / "x.parquet")
    ORDERS.write_csv(tmp_path / "orders.csv")
    flow = Flow("slow", namespace={})
    ids = {"src": flow.add("read_parquet", path=str(tmp_path / "x.parquet"))}
    ids["slow"] = flow.add("polars_code", ids["src"], code=SLOW_CODE)
    ids["after"] = flow.add("sort", ids["slow"], by=[{"column": "x"}])
    ids["orders"] = flow.add("read_csv", path=str(tmp_path / "orders.csv"))
    ids["big"] = flow.add("filter", ids["orders"], expr='pl.col("amount") > 100')
    assert flow.errors == {}
    yield flow, ids
    flow.cancel_runs()
    assert flow.wait_idle(120)


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.005)


def running_with_rows(handle: RunHandle, node_id: str, rows: int = 1) -> Callable[[], bool]:
    def check() -> bool:
        node = handle.nodes.get(node_id)
        return node is not None and node.status == "running" and (node.rows or 0) >= rows

    return check


def no_partial_files(flow: Flow) -> None:
    """Files are written under a hidden temporary name, then renamed: once the run is done
    nothing but complete entries (data and record) remain."""
    flow.wait_idle()
    directory = flow.cache.directory
    if directory.exists():
        names = [p.name for p in directory.iterdir()]
        assert [n for n in names if not n.endswith((".arrow", ".json"))] == []


def test_preview_async_reports_each_node(slow: tuple[Flow, dict[str, str]]) -> None:
    """The preview computes its target by one plan (the read is part of it), then a fill run
    materializes the read on its own, so the next preview of either node is a cache read."""
    flow, ids = slow
    handle = flow.preview_async(ids["big"])
    result = handle.result(timeout=60)
    assert handle.status == "done"
    assert_frame_equal(result.frame, flow.collect(ids["big"]))
    assert result.rows_total == 4 and result.cached is False
    nodes = handle.nodes
    assert list(nodes) == [ids["orders"], ids["big"]]
    assert nodes[ids["big"]].status == "done"
    assert nodes[ids["big"]].ms is not None and nodes[ids["big"]].rows == 4
    assert nodes[ids["orders"]].status == "done" and nodes[ids["orders"]].via == ids["big"]
    json.dumps(handle.to_dict())  # the canvas gets it as JSON
    assert flow.last_run is not None and flow.last_run.run == handle.id
    assert flow.wait_idle(60)
    for nid in (ids["orders"], ids["big"]):
        again = flow.preview_async(nid)
        again.wait(60)
        assert {n.status for n in again.nodes.values()} == {"cached"}
        assert again.nodes[nid].rows == (ORDERS.height if nid == ids["orders"] else 4)


def test_events_arrive_in_order_on_a_worker_thread(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    seen: list[tuple[str, str, str | None, str]] = []
    main = threading.get_ident()

    def listen(event: RunEvent) -> None:
        node = event.node
        where = "main" if threading.get_ident() == main else "worker"
        seen.append((event.kind, event.status, node and f"{node.node_id}:{node.status}", where))

    unsubscribe = flow.on_run(lambda e: listen(e) if e.run_kind == "preview" else None)
    flow.preview(ids["big"])
    unsubscribe()
    flow.preview(ids["orders"])
    kinds = [(k, s, n) for k, s, n, _ in seen]
    assert kinds[0] == ("status", "running", None)
    assert kinds[-1] == ("status", "done", None)
    assert ("node", "running", f"{ids['big']}:running") in kinds
    assert ("node", "running", f"{ids['big']}:done") in kinds
    assert {w for *_, w in seen} == {"worker"}


def test_cancel_mid_node_then_rerun(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    handle = flow.preview_async(ids["slow"])
    wait_for(running_with_rows(handle, ids["slow"]))
    assert handle.cancel() is True
    assert handle.wait(60)
    assert handle.status == "cancelled"
    nodes = handle.nodes
    assert nodes[ids["slow"]].status == "cancelled"
    assert nodes[ids["src"]].status == "cancelled"  # it was part of the cancelled plan
    with pytest.raises(RunCancelledError):
        handle.result()
    keys = node_keys(flow.nodes, [ids["after"]], flow.namespace)
    no_partial_files(flow)
    assert not flow.cache.has(keys[ids["slow"]])
    assert not list(flow.cache.directory.glob(f"{keys[ids['slow']]}*"))
    assert flow.last_run is not None and flow.last_run.status == "cancelled"

    rerun = flow.preview_async(ids["slow"], 10**6)
    preview = rerun.result(timeout=120).frame
    assert rerun.status == "done"
    assert rerun.nodes[ids["slow"]].status == "done"
    # a cross join's row order is not defined in Polars: compare the rows, sorted
    assert_frame_equal(preview.sort(pl.all()), flow.collect(ids["slow"]).sort(pl.all()))
    no_partial_files(flow)
    assert flow.cache.has(keys[ids["slow"]])
    assert flow.cache.has(keys[ids["src"]])  # filled after the preview


def test_cancel_a_performance_run_mid_plan(slow: tuple[Flow, dict[str, str]]) -> None:
    """One output is one plan that Polars runs in the background, and cancelling interrupts
    it where Polars checks (between operators: here before the sort, after the cross join)."""
    flow, ids = slow
    out = flow.add("to_variable", ids["after"], name="pairs")
    handle = flow.run_async()
    wait_for(lambda: handle.nodes.get(out) is not None and handle.nodes[out].status == "running")
    assert handle.cancel() is True
    assert handle.wait(60)
    assert handle.status == "cancelled"
    assert handle.nodes[out].status == "cancelled"
    assert "pairs" not in flow.namespace
    rerun = flow.run_async()
    rerun.result(timeout=120)
    assert rerun.status == "done"
    assert_frame_equal(flow.namespace["pairs"], flow.collect(ids["after"]))


def test_cancelling_a_queued_run_ends_it_at_once(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    first = flow.preview_async(ids["slow"])
    queued = flow.run_async()
    assert queued.status == "queued"
    assert queued.cancel() is True
    assert queued.status == "cancelled" and queued.done
    first.cancel()
    first.wait(60)
    assert queued.started is None
    assert queued.cancel() is False


def test_a_new_preview_supersedes_the_running_one(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    old = flow.preview_async(ids["slow"])
    wait_for(running_with_rows(old, ids["slow"]))
    new = flow.preview_async(ids["big"])
    assert new.result(timeout=60).frame.height == 4
    assert old.status == "cancelled"
    assert old.nodes[ids["slow"]].status == "cancelled"
    assert old.log is not None and new.started is not None
    # never interleaved: the new run started after the old one ended
    assert new.started >= old.started + old.log.ms / 1000 - 1e-3  # type: ignore[operator]


def test_a_run_queues_behind_a_preview_and_never_interleaves(
    slow: tuple[Flow, dict[str, str]], tmp_path: Path
) -> None:
    flow, ids = slow
    flow.add("write_csv", ids["big"], path=str(tmp_path / "big.csv"))
    order: list[tuple[int, str]] = []
    flow.on_run(lambda e: order.append((e.run, e.status)) if e.kind == "status" else None)
    preview = flow.preview_async(ids["slow"])
    run = flow.run_async()
    assert run.result(timeout=120) is not None
    assert preview.status == "done"  # a run does not cancel a preview: it waits for it
    ours = [(r, s) for r, s in order if r in (preview.id, run.id)]
    assert ours == [
        (preview.id, "running"),
        (preview.id, "done"),
        (run.id, "running"),
        (run.id, "done"),
    ]
    assert pl.read_csv(tmp_path / "big.csv").height == 4


def test_editing_during_a_run_does_not_change_that_run(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    handle = flow.preview_async(ids["after"])
    wait_for(
        lambda: handle.nodes.get(ids["after"], None) is not None and handle.status == "running"
    )
    # the run works on the flow as it was when requested
    flow.update(ids["after"], by=[{"column": "x", "descending": True}])
    flow.relabel(ids["slow"], "slow one")
    first = handle.result(timeout=120).frame
    assert first["x"].to_list() == sorted(first["x"].to_list())
    assert flow.wait_idle(120)  # the slow node, computed inside the first plan, is cached
    second = flow.preview(ids["after"])
    assert second["x"].to_list() == sorted(second["x"].to_list(), reverse=True)
    assert flow.last_run is not None
    assert flow.last_run.computed == [ids["after"]]  # the slow node came from the cache


def test_edit_then_preview_during_a_run_gives_the_new_result(
    slow: tuple[Flow, dict[str, str]],
) -> None:
    flow, ids = slow
    handle = flow.preview_async(ids["slow"])
    wait_for(running_with_rows(handle, ids["slow"]))
    flow.update(ids["big"], expr='pl.col("amount") > 200')
    assert flow.preview(ids["big"]).height == 2  # the blocking preview supersedes the other
    assert handle.status == "cancelled"
    no_partial_files(flow)


def test_blocking_preview_from_two_threads(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    results: dict[str, int] = {}

    def ask(nid: str) -> None:
        try:
            results[nid] = flow.preview(nid).height
        except RunCancelledError:
            results[nid] = -1

    threads = [threading.Thread(target=ask, args=(n,)) for n in (ids["orders"], ids["big"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # each either finished or was superseded by the other; whichever came last finished
    assert sorted(results) == sorted([ids["orders"], ids["big"]])
    assert max(results.values()) > 0
    assert flow.preview(ids["big"]).height == 4


def test_last_run_is_a_table(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    assert flow.last_run is None
    flow.relabel(ids["big"], "big orders")
    flow.preview(ids["big"])
    log = flow.last_run
    assert log is not None
    frame = log.to_frame()
    assert frame.columns == ["node", "label", "status", "ms", "rows", "error", "via", "note"]
    assert frame["node"].to_list() == [ids["orders"], ids["big"]]
    assert frame["rows"].to_list() == [None, 4]
    assert frame["via"].to_list() == [ids["big"], None]
    html = log._repr_html_()
    assert "<table>" in html and "big orders" in html
    assert "big orders" in str(log)
    json.dumps(log.to_dict())

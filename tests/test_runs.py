"""Runs off the main thread: handles, per-node states, events, cancel, supersede, queue."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.keys import node_keys
from flowfile_jupyter.runs import RunCancelledError, RunEvent, RunHandle

from .support import ORDERS

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
def slow(tmp_path: Path) -> tuple[Flow, dict[str, str]]:
    pl.DataFrame({"x": range(N)}).write_parquet(tmp_path / "x.parquet")
    ORDERS.write_csv(tmp_path / "orders.csv")
    flow = Flow("slow", namespace={})
    ids = {"src": flow.add("read_parquet", path=str(tmp_path / "x.parquet"))}
    ids["slow"] = flow.add("polars_code", ids["src"], code=SLOW_CODE)
    ids["after"] = flow.add("head", ids["slow"], n=3)
    ids["orders"] = flow.add("read_csv", path=str(tmp_path / "orders.csv"))
    ids["big"] = flow.add("filter", ids["orders"], expr='pl.col("amount") > 100')
    assert flow.errors == {}
    return flow, ids


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.005)


def running_with_rows(handle: RunHandle, node_id: str) -> Callable[[], bool]:
    def check() -> bool:
        node = handle.nodes.get(node_id)
        return node is not None and node.status == "running" and (node.rows or 0) > 0

    return check


def no_partial_files(flow: Flow) -> None:
    """Files are written under a hidden temporary name, then renamed: once the writer is done
    nothing but complete .arrow files remain."""
    flow.wait_idle()
    directory = flow.cache.directory
    if directory.exists():
        assert [p.name for p in directory.iterdir() if not p.name.endswith(".arrow")] == []


def test_preview_async_reports_each_node(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    events: list[RunEvent] = []
    handle = flow.preview_async(ids["big"])
    handle.subscribe(events.append)
    result = handle.result(timeout=60)
    assert handle.status == "done"
    assert_frame_equal(result.frame, flow.collect(ids["big"]))
    assert result.rows_total == 4 and result.cached is False
    nodes = handle.nodes
    assert list(nodes) == [ids["orders"], ids["big"]]
    assert all(n.status == "done" and n.ms is not None for n in nodes.values())
    assert nodes[ids["orders"]].rows == ORDERS.height
    assert nodes[ids["big"]].rows == 4
    json.dumps(handle.to_dict())  # the canvas gets it as JSON
    assert flow.last_run is not None and flow.last_run.run == handle.id
    again = flow.preview_async(ids["big"])
    again.wait(60)
    assert {n.status for n in again.nodes.values()} == {"cached"}


def test_events_arrive_in_order_on_a_worker_thread(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    seen: list[tuple[str, str, str | None, str]] = []
    main = threading.get_ident()

    def listen(event: RunEvent) -> None:
        node = event.node
        where = "main" if threading.get_ident() == main else "worker"
        seen.append((event.kind, event.status, node and f"{node.node_id}:{node.status}", where))

    unsubscribe = flow.on_run(listen)
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
    handle = flow.preview_async(ids["after"])
    wait_for(running_with_rows(handle, ids["slow"]))
    assert handle.cancel() is True
    assert handle.wait(60)
    assert handle.status == "cancelled"
    nodes = handle.nodes
    assert nodes[ids["src"]].status == "done"
    assert nodes[ids["slow"]].status == "cancelled"
    assert nodes[ids["after"]].status == "cancelled"
    with pytest.raises(RunCancelledError):
        handle.result()
    flow.wait_idle()
    keys = node_keys(flow.nodes, [ids["after"]], flow.namespace)
    assert flow.cache.has(keys[ids["src"]])
    assert not flow.cache.has(keys[ids["slow"]])
    assert not flow.cache.path(keys[ids["slow"]]).exists()
    no_partial_files(flow)
    assert flow.last_run is not None and flow.last_run.status == "cancelled"

    rerun = flow.preview_async(ids["after"])
    preview = rerun.result(timeout=120).frame
    assert rerun.status == "done"
    assert rerun.nodes[ids["src"]].status == "cached"
    assert rerun.nodes[ids["slow"]].status == "done"
    assert preview.height == 3
    flow.wait_idle()
    assert flow.cache.path(keys[ids["slow"]]).exists()
    no_partial_files(flow)


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
    preview = flow.preview_async(ids["after"])
    run = flow.run_async()
    assert run.result(timeout=120)
    assert preview.status == "done"  # a run does not cancel a preview: it waits for it
    assert order == [
        (preview.id, "running"),
        (preview.id, "done"),
        (run.id, "running"),
        (run.id, "done"),
    ]
    assert pl.read_csv(tmp_path / "big.csv").height == 4


def test_editing_during_a_run_does_not_change_that_run(slow: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = slow
    handle = flow.preview_async(ids["after"])
    wait_for(running_with_rows(handle, ids["slow"]))
    flow.update(ids["after"], n=5)  # the run works on the flow as it was when requested
    flow.relabel(ids["slow"], "slow one")
    first = handle.result(timeout=120).frame
    assert first.height == 3
    second = flow.preview(ids["after"])
    assert second.height == 5
    assert flow.last_run is not None
    assert flow.last_run.computed == [ids["after"]]  # the slow node came from the cache


def test_edit_then_preview_during_a_run_gives_the_new_result(
    slow: tuple[Flow, dict[str, str]],
) -> None:
    flow, ids = slow
    handle = flow.preview_async(ids["after"])
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
    assert frame.columns == ["node", "label", "status", "ms", "rows", "error"]
    assert frame["node"].to_list() == [ids["orders"], ids["big"]]
    assert frame["rows"].to_list() == [ORDERS.height, 4]
    html = log._repr_html_()
    assert "<table>" in html and "big orders" in html
    assert "big orders" in str(log)
    json.dumps(log.to_dict())

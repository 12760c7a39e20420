"""Recent results held in memory by a flow's worker: within their budget, on one thread only,
gone when the worker ends, and never a reason to show other rows than the cache would."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.runs.recent import Recent, held_bytes
from flowfile_jupyter.runs.worker import Worker

from ..support import ORDERS


def batches(rows: int, parts: int = 3) -> list[pl.DataFrame]:
    frame = pl.DataFrame({"x": range(rows), "s": [f"row {i}" for i in range(rows)]})
    step = max(1, rows // parts)
    return [frame.slice(i, step) for i in range(0, rows, step)]


def size(parts: list[pl.DataFrame]) -> int:
    return int(sum(p.estimated_size() for p in parts))


@pytest.fixture
def alone() -> None:
    """No flow of an earlier test holds recent results any more (its worker lets go a few
    seconds after its last run): the budget caps all flows together."""
    gc.collect()
    deadline = time.monotonic() + 30
    while held_bytes() > 0:
        assert time.monotonic() < deadline, "recent results of earlier flows were never let go"
        time.sleep(0.05)


def test_the_least_recently_used_goes_first_and_the_budget_holds(alone: None) -> None:
    parts = batches(1000)
    one = size(parts)
    recent = Recent(budget=2 * one + one // 2)
    for key in ("a", "b"):
        recent.keep(key, parts, one)
    assert recent.get("a") is not None  # "a" is now the most recently used
    recent.keep("c", parts, one)
    assert recent.get("b") is None
    assert recent.get("a") is not None and recent.get("c") is not None
    assert recent.size <= recent.budget


def test_a_result_over_half_the_budget_is_not_held(alone: None) -> None:
    parts = batches(1000)
    recent = Recent(budget=size(parts))
    recent.keep("big", parts, size(parts))
    assert recent.get("big") is None and recent.size == 0


def test_head_is_a_copy_with_the_row_count(alone: None) -> None:
    parts = batches(1000)
    recent = Recent(budget=10 * size(parts))
    recent.keep("k", parts, size(parts))
    found = recent.head("k", 5)
    assert found is not None
    rows, total = found
    assert total == 1000
    assert_frame_equal(rows, pl.concat(parts).head(5))


def test_only_the_thread_that_holds_them_may_use_them(alone: None) -> None:
    parts = batches(100)
    recent = Recent(budget=10 * size(parts))
    recent.keep("k", parts, size(parts))
    problems: list[BaseException] = []

    def other() -> None:
        try:
            recent.get("k")
        except RuntimeError as exc:
            problems.append(exc)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert len(problems) == 1 and "worker thread" in str(problems[0])
    recent.clear()  # the owner lets go (its worker ended): another thread may take over
    thread = threading.Thread(target=lambda: recent.keep("k", parts, size(parts)))
    thread.start()
    thread.join()
    with pytest.raises(RuntimeError):
        recent.get("k")


def flow_over_orders(tmp_path: Path) -> tuple[Flow, dict[str, str]]:
    ORDERS.write_csv(tmp_path / "orders.csv")
    flow = Flow("recent", namespace={})
    flow.cache = Cache(tmp_path / "cache")
    ids = {"src": flow.add("read_csv", path=str(tmp_path / "orders.csv"))}
    ids["big"] = flow.add("filter", ids["src"], expr='pl.col("amount") > 100')
    ids["tot"] = flow.add(
        "group_by", ids["big"], by=["region"], aggs=[{"column": "amount", "agg": "sum"}]
    )
    return flow, ids


def test_a_flows_worker_lets_go_of_its_results_when_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Worker, "IDLE_SECONDS", 0.2)
    flow, ids = flow_over_orders(tmp_path)
    held: list[int] = []
    flow.preview(ids["tot"])
    runner = flow._runner
    flow.on_run(lambda event: held.append(runner._recent.size))  # read on the worker
    flow.preview(ids["big"])
    assert flow.wait_idle(60)
    assert max(held) > 0  # the worker held the source while the flow was in use
    threads = [t for t in threading.enumerate() if t.name == "flowfile-run-recent"]
    for thread in threads:
        thread.join(10)
    assert runner._recent.size == 0


def test_clearing_the_cache_recomputes_even_what_is_held(tmp_path: Path) -> None:
    flow, ids = flow_over_orders(tmp_path)
    flow.preview(ids["tot"])
    assert flow.wait_idle(60)
    assert flow.clear_cache() > 0
    flow.update(ids["big"], expr='pl.col("amount") > 50')
    shown = flow.preview(ids["tot"])
    log = flow.last_run
    assert log is not None and ids["src"] in log.computed  # not read from memory
    want = (
        ORDERS.filter(pl.col("amount") > 50)
        .group_by("region", maintain_order=True)
        .agg(pl.col("amount").sum().alias("amount_sum"))
    )
    assert_frame_equal(shown, want.head(100), check_row_order=False)


def test_the_budget_caps_every_flows_recent_results_together(alone: None) -> None:
    parts = batches(1000)
    one = size(parts)
    first, second, third = (Recent(budget=3 * one) for _ in range(3))
    first.keep("a", parts, one)
    first.keep("b", parts, one)
    second.keep("c", parts, one)  # fits: three of three
    assert held_bytes() >= 3 * one
    second.keep("d", parts, one)  # no room: this flow's own oldest goes
    assert second.get("c") is None and second.get("d") is not None
    third.keep("e", parts, one)  # no room, and nothing of its own: the others keep theirs
    assert third.get("e") is None
    assert first.size == 2 * one and second.size == one
    first.clear()  # a worker that ends lets go
    third.keep("e", parts, one)
    assert third.get("e") is not None

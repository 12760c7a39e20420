"""Memory scenarios, each run in a fresh process by ``test_memory.py`` so what it measures is
its own: ``python -m tests.runs.memory_scenarios NAME WORKDIR`` prints one JSON line."""

from __future__ import annotations

import gc
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import psutil

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.engine.keys import node_keys

MiB = 1024**2


class Peak:
    """Samples this process's memory every few milliseconds."""

    def __init__(self) -> None:
        self.rss = 0
        self.anonymous = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        proc = psutil.Process()
        while not self._stop:
            info = proc.memory_info()
            self.rss = max(self.rss, info.rss)
            self.anonymous = max(self.anonymous, info.rss - info.shared)
            time.sleep(0.005)

    def stop(self) -> None:
        self._stop = True
        self._thread.join()


def orders(path: Path, rows: int) -> None:
    rng = np.random.default_rng(3)
    pl.DataFrame(
        {
            "order_key": np.arange(rows, dtype=np.int64),
            "cust_key": rng.integers(0, 100_000, rows),
            "part_key": rng.integers(0, 50_000, rows),
            "qty": rng.integers(1, 50, rows).astype(np.int32),
            "price": rng.random(rows) * 1000,
            "disc": rng.random(rows) * 0.1,
        }
    ).write_parquet(path)


def tpch_like(root: Path, rows: int) -> tuple[Flow, list[str]]:
    """A fact table joined to two dimensions, filtered, computed and aggregated."""
    rng = np.random.default_rng(4)
    orders(root / "lineitem.parquet", rows)
    pl.DataFrame(
        {
            "cust_key": np.arange(100_000),
            "nation": rng.integers(0, 25, 100_000),
            "segment": rng.choice(["A", "B", "C", "D", "E"], 100_000),
        }
    ).write_parquet(root / "customer.parquet")
    pl.DataFrame(
        {"part_key": np.arange(50_000), "size": rng.integers(1, 50, 50_000)}
    ).write_parquet(root / "part.parquet")
    flow = Flow("tpch_like", namespace={})
    li = flow.add("read_parquet", path=str(root / "lineitem.parquet"))
    cu = flow.add("read_parquet", path=str(root / "customer.parquet"))
    pa = flow.add("read_parquet", path=str(root / "part.parquet"))
    j1 = flow.add("join", li, cu, on=["cust_key"], how="inner")
    j2 = flow.add("join", j1, pa, on=["part_key"], how="inner")
    fl = flow.add("filter", j2, expr='pl.col("size") > 5')
    wc = flow.add(
        "with_columns",
        fl,
        columns=[{"name": "revenue", "expr": 'pl.col("price") * (1 - pl.col("disc"))'}],
    )
    gb = flow.add(
        "group_by", wc, by=["nation", "segment"], aggs=[{"column": "revenue", "agg": "sum"}]
    )
    return flow, [li, cu, pa, j1, j2, fl, wc, gb]


def every_node_cached(root: Path, rows: int, budget: str) -> dict[str, Any]:
    """Development mode caches every node of a flow whose intermediates are larger than its
    memory budget; the process's own memory stays near the budget whatever the data size."""
    flow, order = tpch_like(root, rows)
    flow.cache = Cache(root / "cache", max_bytes="50GiB")
    flow.memory_budget = budget
    gc.collect()
    start = psutil.Process().memory_info()
    peak = Peak()
    notes = {}
    for nid in order:
        flow.preview(nid, 100)
        assert flow.wait_idle(600)
        log = flow.last_run
        assert log is not None
        notes[nid] = log.node(nid).note
    peak.stop()
    return {
        "rows": rows,
        "budget": flow.memory_budget,
        "cache_bytes": flow.cache.disk_bytes,
        "start_rss": start.rss,
        "start_anonymous": start.rss - start.shared,
        "peak_rss": peak.rss,
        "peak_anonymous": peak.anonymous,
        "not_cached": {k: v for k, v in notes.items() if v},
    }


def workers_end(flow: str) -> None:
    """Wait for the worker threads of a flow that is gone: they notice within a second, and
    drop the recent results they held as they end."""
    deadline = time.monotonic() + 30
    while any(t.name == f"flowfile-run-{flow}" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "a gone flow's worker thread did not end"
        time.sleep(0.05)


def fresh_caches(root: Path) -> dict[str, Any]:
    """Previewing the same flow with a fresh cache directory, again and again."""
    orders(root / "orders.parquet", 1_000_000)

    def once(i: int) -> None:
        flow = Flow("again", namespace={})
        flow.cache = Cache(root / f"cache-{i}")
        src = flow.add("read_parquet", path=str(root / "orders.parquet"))
        big = flow.add("filter", src, expr='pl.col("qty") > 10')
        tot = flow.add("group_by", big, by=["cust_key"], aggs=[{"column": "price", "agg": "sum"}])
        flow.preview(tot)
        flow.preview(big)
        assert flow.wait_idle(120)

    once(0)  # warm up: imports, thread pools, allocator arenas
    gc.collect()
    workers_end("again")
    baseline = psutil.Process().memory_info().rss
    after = []
    for i in range(1, 9):
        once(i)
        gc.collect()
        workers_end("again")
        after.append(psutil.Process().memory_info().rss)
    return {"baseline": baseline, "after": after}


def over_budget(root: Path) -> dict[str, Any]:
    """A node that needs more memory than the budget is previewed, not cached, and says so."""
    orders(root / "orders.parquet", 2_000_000)
    flow = Flow("over", namespace={})
    flow.cache = Cache(root / "cache")
    flow.memory_budget = "1MiB"
    src = flow.add("read_parquet", path=str(root / "orders.parquet"))
    top = flow.add("sort", src, by=[{"column": "price", "descending": True}])
    preview = flow.preview(top, 5)
    log = flow.last_run
    assert log is not None
    want = pl.read_parquet(root / "orders.parquet").sort("price", descending=True).head(5)
    note = log.node(top).note
    assert flow.wait_idle(120)
    key = node_keys(flow.nodes, [top], flow.namespace)[top]
    return {"equal": preview.equals(want), "note": note, "sort_cached": flow.cache.has(key)}


if __name__ == "__main__":
    name, workdir = sys.argv[1], Path(sys.argv[2])
    if name == "every_node_cached":
        result = every_node_cached(workdir, int(sys.argv[3]), sys.argv[4])
    elif name == "fresh_caches":
        result = fresh_caches(workdir)
    else:
        result = over_budget(workdir)
    print(json.dumps(result))

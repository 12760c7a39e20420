"""Plans with a time budget: results and errors come back as from ``collect()``, a plan past
its budget is stopped with a node error, and the process survives the stopped plans ending
later (Polars 2.1 aborts when a background query outlives its handle)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import polars as pl
import pytest

from flowfile_jupyter import deadline
from flowfile_jupyter.errors import NodeError

# seconds of sorting on any machine (one sort of 5M rows is a quarter second on a quiet one)
SLOW = pl.LazyFrame(schema={"a": pl.Int64}).filter(
    pl.sum_horizontal(
        [(pl.int_range(0, 5_000_000).shuffle(seed=s).sort() * 2).sum() for s in range(16)]
    )
    > 0
)


def test_results_and_errors_come_back() -> None:
    frame = pl.LazyFrame({"a": [1, 2]}).select(pl.col("a") * 2)
    assert deadline.collect_within(frame).equals(frame.collect())
    bad = pl.LazyFrame({"a": ["x"]}).select(pl.col("a") > 5)
    with pytest.raises(pl.exceptions.ComputeError):
        deadline.collect_within(bad)


def test_a_plan_past_its_budget_is_stopped() -> None:
    start = time.perf_counter()
    with pytest.raises(NodeError, match=r"took longer than 0\.05 s"):
        deadline.collect_within(SLOW, 0.05)
    assert time.perf_counter() - start < 2.0


def test_plans_share_a_total_budget() -> None:
    with deadline.total(0.2):
        with pytest.raises(NodeError, match="took longer"):
            deadline.collect_within(SLOW)
        with pytest.raises(NodeError, match="used up the time"):
            deadline.collect_within(SLOW)


STRESS = """
import faulthandler, threading, time
faulthandler.dump_traceback_later(120, exit=True)
import polars as pl
from flowfile_jupyter import deadline
from flowfile_jupyter.errors import NodeError
slow = pl.LazyFrame(schema={"a": pl.Int64}).filter(
    (pl.int_range(0, 3_000_000).shuffle(seed=1).sort() * 2).sum() > 0
)
quick = pl.LazyFrame({"a": [1, 2, 3]}).select(pl.col("a").sum())
def worker(n):
    stopped = 0
    for i in range(n):
        try:
            deadline.collect_within(slow, 0.001 * (i % 7))
        except NodeError:
            stopped += 1
        assert deadline.collect_within(quick).item() == 6
    return stopped
threads = [threading.Thread(target=worker, args=(25,)) for _ in range(3)]
for t in threads: t.start()
for t in threads: t.join()
time.sleep(4)  # the stopped queries end now, with their handles kept
while deadline.cancelled_running():
    time.sleep(0.5)
print("SURVIVED")
"""


def test_many_stopped_plans_from_many_threads_end_cleanly() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(STRESS)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "SURVIVED" in done.stdout

"""Running a plan with a time budget, on the caller's thread, without holding the kernel.

Prediction runs each node's plan over zero-row inputs. That is quick for any plan whose data
comes from its inputs, but a plan can make rows from literals, and one Polars call cannot be
interrupted from Python. So the plan runs in Polars' background (``collect(background=True)``)
while this thread polls for the result; past the budget the query is cancelled (Polars stops it
where it next checks) and the caller gets a NodeError it can show on the node.

A cancelled query's handle is kept until the query has ended: Polars 2.1 aborts the process
when a background query finishes after its handle was dropped. ``total()`` caps the time all
plans together may take (opening a flow file: many slow nodes must not add up).
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from collections.abc import Iterator

import polars as pl
from polars.lazyframe.in_process import InProcessQuery

from .errors import NodeError

PREDICTION_SECONDS = 2.0  # one node's plan
LOAD_SECONDS = 10.0  # every node's plan when a flow file is opened
_FLOOR = 0.005  # what a plan still gets once the total is spent: plenty over empty frames
_SPIN = 0.002  # poll without sleeping this long: most plans over empty frames take far less

_remaining: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "flowfile_deadline_remaining", default=None
)
_cancelled: list[InProcessQuery] = []
_lock = threading.Lock()


@contextlib.contextmanager
def total(seconds: float = LOAD_SECONDS) -> Iterator[None]:
    """Within this block, the plans run by ``collect_within`` share ``seconds`` in all."""
    token = _remaining.set([seconds])
    try:
        yield
    finally:
        _remaining.reset(token)


def collect_within(
    frame: pl.LazyFrame,
    seconds: float | None = None,
    *,
    optimizations: pl.QueryOptFlags | None = None,
) -> pl.DataFrame:
    """``frame.collect()`` on the in-memory engine, or a NodeError after ``seconds``."""
    budget = PREDICTION_SECONDS if seconds is None else seconds
    shared = _remaining.get()
    starved = shared is not None and shared[0] <= _FLOOR  # nothing left for this plan
    if shared is not None:
        budget = max(_FLOOR, min(budget, shared[0]))
    _forget_ended()
    query = frame.collect(
        engine="in-memory",
        background=True,
        optimizations=optimizations if optimizations is not None else pl.QueryOptFlags(),
    )
    start = time.perf_counter()
    ended = False  # the query has handed back its result or its error
    try:
        while True:
            try:
                result = query.fetch()
            except BaseException:
                ended = True
                raise
            if result is not None:
                ended = True
                return result
            waited = time.perf_counter() - start
            if waited > budget:
                if starved:
                    raise NodeError(
                        "not predicted: predicting the nodes before it used up the time for "
                        "opening the flow; flow.refresh() predicts it again"
                    )
                raise NodeError(
                    f"predicting this node took longer than {budget:g} s and was stopped; "
                    "it builds too much data from literals"
                )
            time.sleep(0 if waited < _SPIN else min(0.01, waited / 10))
    finally:
        if not ended:  # out of time, or interrupted: stop it, and keep its handle
            _cancel(query)
        if shared is not None:
            shared[0] -= time.perf_counter() - start


def _running(query: InProcessQuery) -> bool:
    try:
        return query.fetch() is None
    except Exception:
        return False


def _cancel(query: InProcessQuery) -> None:
    query.cancel()
    with _lock:
        _cancelled.append(query)


def _forget_ended() -> None:
    """Drop the handles of cancelled queries that have ended."""
    with _lock:
        if _cancelled:
            _cancelled[:] = [q for q in _cancelled if _running(q)]


def cancelled_running() -> int:
    """How many cancelled queries are still running (for tests)."""
    _forget_ended()
    with _lock:
        return len(_cancelled)

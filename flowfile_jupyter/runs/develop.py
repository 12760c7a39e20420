"""Development mode: node by node, each result cached, so only what changed runs again.

A node whose key is cached is not run again: the nodes after it read its Arrow IPC file. A
preview computes its target by one plan from the nearest cached results, so it costs what the
same Polars code costs (Polars pushes the target's filters and column choices down into every
node above it, shared ones included); the nodes in between are cached right after by fill runs,
so the next edit downstream finds them. Without fusing (fill runs), every node that must run is
cached on its own, upstream first.

Results are streamed from Polars' streaming engine to their cache files batch by batch, pulled
by this thread, so development mode never needs a result in memory whole (small recent ones are
kept by this thread for the next run: recent.py), a cancelled run stops at the next batch, and
no Polars object it makes is touched by another thread. A result larger than the cache's cap (or
any result, when the cache directory cannot be used) is not cached: the run says so on that
node, and previews stream its first rows instead.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from ..engine import evaluate
from ..engine.cache import Cache
from ..engine.cache_writer import NotCacheable
from ..errors import FlowError, NodeError, first_line
from ..graph import Node, topological_order
from .budget import Guard
from .handle import RunCancelledError, RunError, RunHandle
from .recent import Recent
from .snapshot import Snapshot

MAX_RESTARTS = 3


@dataclass(frozen=True)
class Materialized:
    """A target's result: its key, whether it was cached before this run (``hit``), and the
    plan to stream rows from when it could not be cached (``note`` says why)."""

    node_id: str
    key: str
    hit: bool
    stored: bool
    plan: pl.LazyFrame | None = None
    note: str | None = None


@dataclass(frozen=True)
class Developed:
    """The targets' results, and the nodes computed inside a target's plan (not cached yet),
    upstream first."""

    results: dict[str, Materialized]
    inline: tuple[str, ...] = ()


class _Restart(Exception):
    """A cached input vanished during the run: plan the run again."""


class _FusedFailure(Exception):
    """A fused plan failed: the run is repeated node by node to name the node at fault."""


def develop(
    snap: Snapshot,
    targets: Sequence[str],
    cache: Cache,
    handle: RunHandle,
    written: set[str] | None = None,
    *,
    fuse: bool = True,
    budget: int | None = None,
    recent: Recent | None = None,
) -> Developed:
    """Cache what the targets need; what is cached already is read, not run again.

    ``written`` collects the keys this run put in the cache; ``budget`` caps the memory a node
    may grow the process by while it computes (see budget.py); ``recent`` holds small results
    in memory for the next run on this thread (see recent.py).
    """
    for target in targets:
        state = snap.states.get(target)
        if state is not None and state.error is not None:
            raise FlowError(f"{snap.describe(target)}: {state.error}")
    for _attempt in range(MAX_RESTARTS + 1):
        try:
            return _develop_once(snap, targets, cache, handle, written, fuse, budget, recent)
        except _Restart:
            continue
        except _FusedFailure:
            fuse = False  # run node by node to find the node at fault
    raise FlowError(
        "cached results kept disappearing during the run; run it again, or flow.clear_cache()"
    )


def _develop_once(
    snap: Snapshot,
    targets: Sequence[str],
    cache: Cache,
    handle: RunHandle,
    written: set[str] | None,
    fuse: bool,
    budget: int | None,
    recent: Recent | None,
) -> Developed:
    nodes = snap.nodes
    keys = snap.keys(targets)
    compute, hits = _work(nodes, targets, keys, cache)
    order = topological_order(nodes, compute | set(hits))
    inline = (compute - set(targets)) if fuse else set()
    handle.plan([(nid, "cached" if nid in hits else "queued") for nid in order], hits)
    stored: dict[str, bool] = {nid: True for nid in hits}
    notes: dict[str, str] = {}
    plans: dict[str, pl.LazyFrame] = {}

    def read(nid: str) -> pl.LazyFrame:
        """A result cached in this run or found cached at its start (``_work``)."""
        held = None if recent is None else recent.get(keys[nid])
        frame = held if held is not None else cache.scan(keys[nid])
        if frame is None:
            raise _Restart()
        return frame

    def ready(nid: str) -> pl.LazyFrame | None:
        return read(nid) if nid in hits else None

    def then(nid: str, lazy: pl.LazyFrame) -> pl.LazyFrame:
        if nid in inline:
            return lazy
        if handle.cancel_requested:
            raise RunCancelledError(f"run {handle.id} was cancelled")
        handle.set_node(nid, "running")
        t0 = time.perf_counter()
        try:
            note, count = _store(lazy, keys[nid], cache, handle, nid, budget, recent)
        except RunCancelledError:
            handle.cancel_remaining()
            raise
        except Exception as exc:
            if any(not cache.has(keys[h]) for h in hits):
                raise _Restart() from None  # a cached input went away: not this node's fault
            if _inline_feeding(nodes, nid, inline):
                raise _FusedFailure() from None  # the fault may be in a node fused into it
            message = str(exc) if isinstance(exc, NodeError) else first_line(exc)
            handle.set_node(nid, "error", error=message)
            _block_after(handle, nodes, nid, order, snap.describe(nid))
            raise RunError(f"{snap.describe(nid)}: {message}") from None
        ms = (time.perf_counter() - t0) * 1000
        for up in _inline_feeding(nodes, nid, inline):
            handle.set_node(up, "done", via=nid)
        if note is not None:
            notes[nid], plans[nid], stored[nid] = note, lazy, False
            handle.set_node(nid, "done", ms=ms, rows=count, note=f"not cached: {note}")
            return lazy
        stored[nid] = True
        if written is not None:
            written.add(keys[nid])
        handle.set_node(nid, "done", ms=ms, rows=count)
        return read(nid)

    try:
        with cache.pinned(keys[nid] for nid in order):
            evaluate.frames(
                nodes,
                targets,
                snap.namespace,
                ready=ready,
                then=then,
                label=snap.describe,
                keep_order=compute - inline,  # what is cached keeps its order: previews show it
            )
    except NodeError as exc:
        failed = exc.node_id
        if failed is not None:
            handle.set_node(failed, "error", error=str(exc))
            _block_after(handle, nodes, failed, order, snap.describe(failed))
        raise RunError(str(exc)) from None
    results = {
        t: Materialized(t, keys[t], t in hits, stored.get(t, False), plans.get(t), notes.get(t))
        for t in targets
    }
    return Developed(results, tuple(n for n in order if n in inline))


def _store(
    lazy: pl.LazyFrame,
    key: str,
    cache: Cache,
    handle: RunHandle,
    node_id: str,
    budget: int | None = None,
    recent: Recent | None = None,
) -> tuple[str | None, int | None]:
    """Stream the node's result into its cache file; returns why it was not cached (None when
    it was) and its row count (None when unknown).

    Batches are pulled on this thread (``collect_batches``): Polars' engine never calls back
    into Python, so it never waits for the interpreter lock that another thread calling into
    Polars may hold while it waits for Polars' threads (the deadlock of a callback sink).
    The batches are also kept in ``recent`` when they fit.
    """
    if not cache.usable:
        return cache.problem, None
    guard = None if budget is None else Guard.begin(budget)
    held: list[pl.DataFrame] = []
    held_bytes = 0
    cap = 0 if recent is None else recent.entry_cap
    with cache.writer(key) as writer:
        for batch in lazy.collect_batches(engine="streaming"):
            if handle.cancel_requested:
                raise RunCancelledError(f"run {handle.id} was cancelled")
            if guard is not None and guard.exceeded():
                return guard.message(), None
            try:
                writer.write(batch)
            except NotCacheable as exc:
                return str(exc), None
            if held_bytes <= cap:
                held.append(batch)
                held_bytes += int(batch.estimated_size())
            else:
                held.clear()
            handle.progress(node_id, writer.rows)
        if handle.cancel_requested:
            raise RunCancelledError(f"run {handle.id} was cancelled")
        empty = held[0].clear() if held else pl.DataFrame(schema=lazy.collect_schema())
        try:
            writer.finish(empty)
        except NotCacheable as exc:
            return str(exc), None
    if recent is not None:
        recent.keep(key, held or [empty], held_bytes)
    return None, writer.rows


def _work(
    nodes: Mapping[str, Node], targets: Sequence[str], keys: Mapping[str, str], cache: Cache
) -> tuple[set[str], dict[str, int]]:
    """Which nodes must run, and which cached nodes they (or the targets) read, with their
    row counts."""
    compute: set[str] = set()
    hits: dict[str, int] = {}
    stack = list(targets)
    while stack:
        nid = stack.pop()
        if nid in compute or nid in hits:
            continue
        found = cache.entry(keys[nid])
        if found is not None:
            hits[nid] = found.rows
            continue
        compute.add(nid)
        stack.extend(s for s in nodes[nid].inputs if s is not None)
    return compute, hits


def _inline_feeding(nodes: Mapping[str, Node], nid: str, inline: set[str]) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    stack = [s for s in nodes[nid].inputs if s in inline]
    while stack:
        up = stack.pop()
        if up in seen:
            continue
        seen.add(up)
        found.append(up)
        stack.extend(s for s in nodes[up].inputs if s in inline)
    return found


def _block_after(
    handle: RunHandle, nodes: Mapping[str, Node], failed: str, order: list[str], label: str
) -> None:
    bad = {failed}
    for nid in order:
        if nid not in bad and any(s in bad for s in nodes[nid].inputs):
            bad.add(nid)
            handle.set_node(nid, "error", error=f"blocked by '{label}'")

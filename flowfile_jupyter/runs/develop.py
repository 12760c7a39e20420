"""Development mode: node by node, each result cached, so only what changed runs again.

Development mode materializes each node a target needs once and caches the result by content
hash (see keys.py and cache.py); a node whose key is cached is not run again, and the nodes
after it read it from the cache (in memory, or ``pl.scan_ipc`` of its Arrow IPC file) instead
of recomputing what is upstream. A preview computes its target first, by one plan from the
nearest cached frames (as fast as the same Polars code: Polars pushes the target's filters and
column choices down), and the nodes in between are materialized right after by fill runs, so
the next edit downstream finds them cached. Each node runs on Polars' streaming engine and
hands its rows over in batches, so a cancelled run stops at the next batch.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from ..engine import evaluate
from ..engine.cache import Cache
from ..engine.keys import node_keys
from ..errors import FlowError, NodeError, first_line
from ..graph import Node, topological_order
from .handle import RunCancelledError, RunError, RunHandle
from .snapshot import Snapshot

MAX_RESTARTS = 3
RECHUNK_OVER = 64  # batches; more than this and the result is made contiguous


@dataclass(frozen=True)
class Materialized:
    """A target's result: its cache key, the frame when this run computed it, and whether it
    came from the cache."""

    node_id: str
    key: str
    frame: pl.DataFrame | None
    cached: bool


class _Restart(Exception):
    """A cached input vanished or turned out corrupt: plan the run again."""


# -- development mode -----------------------------------------------------------------------


def develop(
    snap: Snapshot,
    targets: Sequence[str],
    cache: Cache,
    handle: RunHandle,
    written: set[str] | None = None,
    *,
    fuse: bool = True,
) -> Developed:
    """Materialize and cache what the targets need; what is cached already is read, not rerun.

    With ``fuse`` (previews), a target is computed by one plan from the nearest cached frames,
    so the preview costs what the same Polars code costs; the nodes in between are returned in
    ``Developed.inline`` for a later fill run to materialize. Without it, every node that must
    run is materialized on its own, upstream first. ``written`` collects the keys put in the
    cache.
    """
    for target in targets:
        state = snap.states.get(target)
        if state is not None and state.error is not None:
            raise FlowError(f"{snap.describe(target)}: {state.error}")
    with cache.busy():
        for _attempt in range(MAX_RESTARTS + 1):
            try:
                return _develop_once(snap, targets, cache, handle, written, fuse)
            except _Restart:
                continue
            except _FusedFailure:
                fuse = False  # run node by node to find the node at fault
    raise FlowError(
        "cached results kept disappearing during the run; run it again, or flow.clear_cache()"
    )


@dataclass(frozen=True)
class Developed:
    """The targets' results, and the nodes computed inside a target's plan (not cached yet),
    upstream first."""

    results: dict[str, Materialized]
    inline: tuple[str, ...] = ()


class _FusedFailure(Exception):
    """A fused plan failed: the run is repeated node by node to name the node at fault."""


def _develop_once(
    snap: Snapshot,
    targets: Sequence[str],
    cache: Cache,
    handle: RunHandle,
    written: set[str] | None,
    fuse: bool,
) -> Developed:
    nodes = snap.nodes
    keys = node_keys(nodes, targets, snap.namespace)
    compute, hits = _work(nodes, targets, keys, cache)
    order = topological_order(nodes, compute | hits)
    inline = _inline(nodes, compute, targets) if fuse else set()
    rows = {nid: r for nid in hits if (r := cache.rows(keys[nid])) is not None}
    handle.plan([(nid, "cached" if nid in hits else "queued") for nid in order], rows)
    frames: dict[str, pl.LazyFrame] = {}
    done: dict[str, pl.DataFrame] = {}
    from_disk: dict[str, set[str]] = {}  # node -> cached files its plan reads
    for nid in order:
        if nid in hits:
            key = keys[nid]
            on_disk = not cache.in_memory(key)
            lazy = cache.scan(key)
            if lazy is None:
                raise _Restart()
            frames[nid] = lazy
            from_disk[nid] = {key} if on_disk else set()
            continue
        if handle.cancel_requested:
            raise RunCancelledError(f"run {handle.id} was cancelled")
        node = nodes[nid]
        reads = set().union(*(from_disk[s] for s in node.inputs if s is not None))
        if nid not in inline:
            handle.set_node(nid, "running")
        t0 = time.perf_counter()
        try:
            lazy = evaluate.evaluate(
                node, [frames[s] for s in node.inputs if s is not None], snap.namespace
            )
            if nid in inline:
                frames[nid], from_disk[nid] = lazy, reads
                continue
            df = materialize(lazy, handle, nid)
        except RunCancelledError:
            handle.cancel_remaining()
            raise
        except Exception as exc:
            if any(not cache.verify(key) for key in reads):
                raise _Restart() from None  # a corrupt cached input, not this node's fault
            if _inline_feeding(nodes, nid, inline):
                raise _FusedFailure() from None  # the fault may be in a node fused into it
            message = str(exc) if isinstance(exc, NodeError) else first_line(exc)
            handle.set_node(nid, "error", error=message)
            _block_after(handle, nodes, nid, order, snap.describe(nid))
            raise RunError(f"{snap.describe(nid)}: {message}") from None
        ms = (time.perf_counter() - t0) * 1000
        cache.put(keys[nid], df)
        if written is not None:
            written.add(keys[nid])
        done[nid] = df
        frames[nid], from_disk[nid] = df.lazy(), set()
        for up in _inline_feeding(nodes, nid, inline):
            handle.set_node(up, "done", via=nid)
        handle.set_node(nid, "done", ms=ms, rows=df.height)
    results = {t: Materialized(t, keys[t], done.get(t), t in hits) for t in targets}
    return Developed(results, tuple(n for n in order if n in inline))


def _inline(nodes: Mapping[str, Node], compute: set[str], targets: Sequence[str]) -> set[str]:
    """Nodes to compute inside their consumer's plan: not a target, and read by one node only
    (a node two others read is materialized, so it is computed once)."""
    readers: dict[str, int] = dict.fromkeys(compute, 0)
    for nid in compute:
        for src in nodes[nid].inputs:
            if src in readers:
                readers[src] += 1
    return {nid for nid, count in readers.items() if count == 1 and nid not in targets}


def _inline_feeding(nodes: Mapping[str, Node], nid: str, inline: set[str]) -> list[str]:
    found: list[str] = []
    stack = [s for s in nodes[nid].inputs if s in inline]
    while stack:
        up = stack.pop()
        found.append(up)
        stack.extend(s for s in nodes[up].inputs if s in inline)
    return found


def _work(
    nodes: Mapping[str, Node], targets: Iterable[str], keys: Mapping[str, str], cache: Cache
) -> tuple[set[str], set[str]]:
    """Which nodes must run, and which cached nodes they (or the targets) read."""
    compute: set[str] = set()
    hits: set[str] = set()
    stack = list(targets)
    while stack:
        nid = stack.pop()
        if nid in compute or nid in hits:
            continue
        if cache.has(keys[nid]):
            hits.add(nid)
            continue
        node = nodes[nid]
        missing = [port for port, src in enumerate(node.inputs) if src is None]
        if missing:
            raise FlowError(f"input {missing[0]} of {nid} is not connected")
        compute.add(nid)
        stack.extend(s for s in node.inputs if s is not None)
    return compute, hits


def _block_after(
    handle: RunHandle, nodes: Mapping[str, Node], failed: str, order: list[str], label: str
) -> None:
    bad = {failed}
    for nid in order:
        if nid not in bad and any(s in bad for s in nodes[nid].inputs):
            bad.add(nid)
            handle.set_node(nid, "error", error=f"blocked by '{label}'")


def materialize(lazy: pl.LazyFrame, handle: RunHandle, node_id: str) -> pl.DataFrame:
    """Run one node's plan on the streaming engine, batch by batch, stopping when cancelled."""
    batches: list[pl.DataFrame] = []
    count = 0

    def take(batch: pl.DataFrame) -> bool:
        nonlocal count
        if handle.cancel_requested:
            return True
        batches.append(batch)
        count += batch.height
        handle.progress(node_id, count)
        return False

    lazy.sink_batches(take, engine="streaming")
    if handle.cancel_requested:
        raise RunCancelledError(f"run {handle.id} was cancelled")
    if not batches:
        return pl.DataFrame(schema=lazy.collect_schema())
    if len(batches) == 1:
        return batches[0]
    return pl.concat(batches, how="vertical", rechunk=len(batches) > RECHUNK_OVER)

"""Rows along the flow: how many rows each node's result had and so how many flowed along each
edge, as development runs found them (their run logs, whose counts for cached nodes are the
cache's own row counts). Never a guess: a node no run has computed or read has no count, and
a count stops showing as soon as the node, or anything above it, is edited.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from ..graph import Node
from .log import NodeRun


@dataclass(frozen=True)
class NodeRows:
    """Rows into each input port (None where unknown) and out of the node."""

    rows_in: tuple[int | None, ...]
    rows_out: int | None

    @property
    def change(self) -> int | None:
        """Rows the node added (positive) or removed (negative) against its first input."""
        if self.rows_out is None or not self.rows_in or self.rows_in[0] is None:
            return None
        return self.rows_out - self.rows_in[0]


@dataclass(frozen=True)
class EdgeRows:
    source: str
    target: str
    port: int
    rows: int


@dataclass(frozen=True)
class RowCounts:
    """Every node with a known count on either side, and every edge whose rows are known."""

    nodes: Mapping[str, NodeRows]
    edges: tuple[EdgeRows, ...]

    def to_frame(self) -> pl.DataFrame:
        """One row per node: rows_in (per port), rows_out and the change."""
        return pl.DataFrame(
            {
                "node": list(self.nodes),
                "rows_in": [list(r.rows_in) for r in self.nodes.values()],
                "rows_out": [r.rows_out for r in self.nodes.values()],
                "change": [r.change for r in self.nodes.values()],
            },
            schema={
                "node": pl.String,
                "rows_in": pl.List(pl.Int64),
                "rows_out": pl.Int64,
                "change": pl.Int64,
            },
        )


def row_counts(nodes: Mapping[str, Node], rows: Mapping[str, int]) -> RowCounts:
    """Counts along the graph from each node's known result rows."""
    if not rows:
        return RowCounts({}, ())
    found: dict[str, NodeRows] = {}
    edges: list[EdgeRows] = []
    for nid, node in nodes.items():
        into = tuple(None if s is None else rows.get(s) for s in node.inputs)
        out = rows.get(nid)
        if out is not None or any(r is not None for r in into):
            found[nid] = NodeRows(into, out)
        for port, (src, count) in enumerate(zip(node.inputs, into, strict=True)):
            if src is not None and count is not None:
                edges.append(EdgeRows(src, nid, port, count))
    return RowCounts(found, tuple(edges))


class Counter:
    """The rows of each node's result when a development run last computed or read it, with
    the nodes that run worked on, so a count holds only while none of them changed.

    Written by the flow's worker, read by whoever shows the flow: thread-safe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[Mapping[str, Node], int]] = {}

    def record(self, nodes: Mapping[str, Node], runs: Iterable[NodeRun]) -> bool:
        """Take the rows of the nodes a run finished (computed or read from the cache);
        returns whether anything was new."""
        new = False
        with self._lock:
            for run in runs:
                if run.rows is None or run.status not in ("done", "cached") or run.note:
                    continue  # not finished, or not cached: its count was not kept
                held = self._seen.get(run.node_id)
                if held is None or held[0] is not nodes or held[1] != run.rows:
                    self._seen[run.node_id] = (nodes, run.rows)
                    new = True
        return new

    def rows(self, now: Mapping[str, Node]) -> dict[str, int]:
        """Rows of the nodes whose counts still hold for the flow as it is ``now``."""
        with self._lock:
            seen = dict(self._seen)
        if not seen:
            return {}
        checks: dict[int, _Unchanged] = {}
        found: dict[str, int] = {}
        for nid, (then, rows) in seen.items():
            check = checks.get(id(then))
            if check is None:
                check = checks[id(then)] = _Unchanged(now, then)
            if check(nid):
                found[nid] = rows
        return found


class _Unchanged:
    """Whether a node and everything above it compute now what they computed then (labels
    and positions do not count); each node is looked at once."""

    def __init__(self, now: Mapping[str, Node], then: Mapping[str, Node]) -> None:
        self._now, self._then = now, then
        self._known: dict[str, bool] = {}

    def __call__(self, node_id: str) -> bool:
        known, now, then = self._known, self._now, self._then
        stack = [node_id]
        while stack:
            nid = stack[-1]
            if nid in known:
                stack.pop()
                continue
            old, new = then.get(nid), now.get(nid)
            if old is None or new is None or not (new is old or new.same_work(old)):
                known[nid] = False
                stack.pop()
                continue
            inputs = [s for s in old.inputs if s is not None]
            waiting = [s for s in inputs if s not in known]
            if waiting:
                stack.extend(waiting)
                continue
            known[nid] = all(known[s] for s in inputs)
            stack.pop()
        return known[node_id]

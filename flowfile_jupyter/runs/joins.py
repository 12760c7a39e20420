"""Join diagnostics: how many rows of each side of a join found no partner, and which.

Computed by Polars on the flow's worker from the join's cached inputs, as anti-joins on the
join's own keys (and its ``nulls_equal``): a left row is unmatched when no right row has its
keys, and the other way round, whatever the join's ``how`` keeps. A cross join has no keys:
a side's rows are unmatched only when the other side is empty.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from ..errors import FlowError
from ..graph import Node
from ..nodes.join import Join
from .handle import RunCancelledError, RunHandle
from .preview import Preview
from .whole import Whole

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")


@dataclass(frozen=True)
class JoinDiagnostics:
    """Rows on each side, how many of them found no partner, and the first unmatched rows
    of ``side`` (whole rows of that input)."""

    node_id: str
    rows: Mapping[Side, int]
    unmatched: Mapping[Side, int]
    side: Side
    frame: pl.DataFrame
    ms: float = 0.0

    def info(self) -> dict[str, Any]:
        return {
            "left_rows": self.rows["left"],
            "right_rows": self.rows["right"],
            "left_unmatched": self.unmatched["left"],
            "right_unmatched": self.unmatched["right"],
            "side": self.side,
        }

    def preview(self) -> Preview:
        return Preview(self.node_id, self.frame, self.unmatched[self.side], True, self.ms)


def inputs(node: Node) -> tuple[str, str]:
    """The join's left and right input; refuses any other node."""
    if node.type != "join":
        raise FlowError(f"{node.id} is a {node.type} node, not a join")
    left, right = (*node.inputs, None, None)[:2]
    if left is None or right is None:
        raise FlowError(f"{node.id}: both inputs of the join must be connected")
    return left, right


def unmatched_rows(
    settings: Join, left: pl.LazyFrame, right: pl.LazyFrame, rows: Mapping[Side, int]
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The rows of each side with no partner on the other, by anti-joins on the join's keys
    (``rows``: how many rows each side has)."""
    if settings.how == "cross":
        return (left if rows["right"] == 0 else left.head(0)), (
            right if rows["left"] == 0 else right.head(0)
        )
    left_on = settings.on or settings.left_on
    right_on = settings.on or settings.right_on
    if not left_on:
        raise FlowError("choose the key columns to join on")
    options: dict[str, Any] = {"how": "anti", "nulls_equal": settings.nulls_equal}
    return (
        left.join(right, left_on=left_on, right_on=right_on, **options),
        right.join(left, left_on=right_on, right_on=left_on, **options),
    )


def diagnose(
    handle: RunHandle | None, node: Node, wholes: Mapping[str, Whole], side: Side, n: int
) -> JoinDiagnostics:
    """Counts for both sides, and the first ``n`` unmatched rows of ``side``."""
    t0 = time.perf_counter()
    settings = node.settings
    assert isinstance(settings, Join)
    left_id, right_id = inputs(node)
    left, right = wholes[left_id], wholes[right_id]
    rows: dict[Side, int] = {"left": left.rows(), "right": right.rows()}
    found = unmatched_rows(settings, left.lazy(), right.lazy(), rows)
    lost = dict(zip(SIDES, found, strict=True))
    if handle is not None and handle.cancel_requested:
        raise RunCancelledError(f"run {handle.id} was cancelled")
    left_count, right_count, shown = pl.collect_all(
        [lost["left"].select(pl.len()), lost["right"].select(pl.len()), lost[side].head(n)]
    )
    return JoinDiagnostics(
        node.id,
        rows,
        {"left": int(left_count.item()), "right": int(right_count.item())},
        side,
        shown,
        (time.perf_counter() - t0) * 1000,
    )

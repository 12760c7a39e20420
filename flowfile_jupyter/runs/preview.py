"""Previews: the first rows (or a seeded random sample) of a node's cached result, and the
same as Arrow IPC stream bytes sized for the browser.

Every preview frame is built for its caller from the cache's files (or, for a result that
could not be cached, streamed from its plan): it is never a frame another thread holds.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..engine.cache import Cache
from .recent import Recent

MAX_CHARS = 1000
ELLIPSIS = "…"


@dataclass(frozen=True)
class Preview:
    """Rows of one node: ``frame`` holds at most n rows of ``rows_total``."""

    node_id: str
    frame: pl.DataFrame
    rows_total: int | None
    cached: bool
    ms: float = 0.0
    sample: bool = False
    note: str | None = None  # e.g. why the result is not cached

    def info(self) -> dict[str, Any]:
        return {
            "node": self.node_id,
            "rows": self.frame.height,
            "rows_total": self.rows_total,
            "cached": self.cached,
            "ms": round(self.ms, 3),
            "sample": self.sample,
            "note": self.note,
        }


def sample_rows(total: int, n: int, seed: int) -> list[int]:
    """``n`` row numbers of ``total`` drawn at random (``seed``), ascending."""
    return sorted(random.Random(seed).sample(range(total), n))


def from_cache(
    cache: Cache,
    key: str,
    n: int,
    sample: bool = False,
    seed: int = 0,
    recent: Recent | None = None,
) -> tuple[pl.DataFrame, int] | None:
    """Preview rows and the total row count of a cached key, or None when it is not cached;
    the first rows come from ``recent`` when it holds them (no file read)."""
    held = None if recent is None or sample else recent.head(key, n)
    if held is not None:
        return held
    found = cache.head(key, n)
    if found is None or not sample or n >= found[1]:
        return found
    taken = cache.take(key, sample_rows(found[1], n, seed))
    return None if taken is None else (taken, found[1])


def streamed(plan: pl.LazyFrame, n: int) -> pl.DataFrame:
    """The first ``n`` rows of a result that is not cached, computed on the streaming engine
    (which stops reading once it has them where the plan allows)."""
    return plan.head(n).collect(engine="streaming")


def to_ipc(preview: Preview, max_chars: int = MAX_CHARS) -> tuple[bytes, dict[str, Any]]:
    """Arrow IPC stream bytes for the wire (long strings cut at ``max_chars``) and its info."""
    frame, truncated = _shorten(preview.frame, max_chars)
    buf = io.BytesIO()
    frame.write_ipc_stream(buf, compat_level=pl.CompatLevel.newest())
    data = buf.getvalue()
    info = preview.info()
    info.update(truncated=truncated, bytes=len(data), max_chars=max_chars)
    return data, info


def _shorten(df: pl.DataFrame, max_chars: int) -> tuple[pl.DataFrame, bool]:
    """Cut String values longer than ``max_chars`` (marked with an ellipsis); Python objects,
    which Arrow cannot carry, become their repr."""
    changes: list[pl.Expr] = []
    truncated = False
    for name, dtype in df.schema.items():
        column = pl.col(name)
        if dtype == pl.String:
            lengths = df.get_column(name).str.len_chars()
            if (lengths.max() or 0) > max_chars:  # type: ignore[operator]
                truncated = True
                changes.append(
                    pl.when(column.str.len_chars() > max_chars)
                    .then(column.str.slice(0, max_chars) + ELLIPSIS)
                    .otherwise(column)
                    .alias(name)
                )
        elif dtype == pl.Object:
            changes.append(column.map_elements(repr, return_dtype=pl.String).alias(name))
    return (df.with_columns(changes) if changes else df), truncated

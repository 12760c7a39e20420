"""A node's whole result, as a development run left it, for work that needs all of it
(profiles, sorting and searching, join diagnostics, export) rather than its first rows.

Read on the flow's worker only: each ``lazy()`` is a new LazyFrame over the cached Arrow IPC
file (or, for a result that could not be cached, over its plan), never a frame another
thread holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ..engine.cache import Cache


class Vanished(Exception):
    """The cached result was removed while it was being read: the run plans again."""


@dataclass(frozen=True)
class Whole:
    """``node_id``'s result: its cache entry under ``key``, or its ``plan`` when it could not
    be cached (``note`` says why; reading it then computes it again)."""

    node_id: str
    key: str
    cache: Cache
    plan: pl.LazyFrame | None = None
    note: str | None = None

    @property
    def cached(self) -> bool:
        return self.plan is None

    def lazy(self) -> pl.LazyFrame:
        if self.plan is not None:
            return self.plan
        found = self.cache.scan(self.key)
        if found is None:
            raise Vanished(self.node_id)
        return found

    def rows(self) -> int:
        """How many rows it has (from the cache's record when cached)."""
        if self.plan is None:
            found = self.cache.rows(self.key)
            if found is None:
                raise Vanished(self.node_id)
            return found
        return int(self.plan.select(pl.len()).collect(engine="streaming").item())

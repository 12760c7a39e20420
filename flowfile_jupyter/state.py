"""What the flow knows about each node without running it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl


@dataclass(frozen=True)
class NodeState:
    """Predicted output schema, or why there is none.

    ``error`` is the node's own problem; ``blocked_by`` names the upstream node whose error
    stops this one (then ``error`` says so in words too).
    """

    schema: pl.Schema | None = None
    error: str | None = None
    blocked_by: str | None = None
    _empty: list[pl.LazyFrame] = field(default_factory=list, compare=False, repr=False)

    def empty(self) -> pl.LazyFrame:
        """An empty frame of this schema, built once: downstream predictions start from it."""
        if not self._empty:
            assert self.schema is not None
            columns = [_empty_series(dtype).alias(name) for name, dtype in self.schema.items()]
            self._empty.append(pl.DataFrame(columns).lazy())
        return self._empty[0]

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        if self.blocked_by is not None:
            return "blocked"
        return "error" if self.error is not None else "valid"


@lru_cache(maxsize=256)
def _empty_series(dtype: pl.DataType) -> pl.Series:
    return pl.Series("", [], dtype=dtype)

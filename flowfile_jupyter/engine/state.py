"""What the flow knows about each node without running it."""

from __future__ import annotations

from functools import lru_cache

import polars as pl


class NodeState:
    """Predicted output schema, or why there is none.

    ``error`` is the node's own problem; ``blocked_by`` names the upstream node whose error
    stops this one (then ``error`` says so in words too).

    A prediction usually ends with the node's output over zero rows (``frame``). The schema is
    read from that frame only when someone asks: building a ``pl.Schema`` of a wide frame costs
    more than running a node over empty inputs, and an edit at the root of a long chain
    re-predicts every node below it.
    """

    __slots__ = ("_columns", "_frame", "_lazy", "_schema", "blocked_by", "error")

    def __init__(
        self,
        schema: pl.Schema | None = None,
        error: str | None = None,
        blocked_by: str | None = None,
        *,
        frame: pl.DataFrame | None = None,
    ) -> None:
        self._schema = schema
        self._frame = frame
        self._columns: tuple[list[str], list[pl.DataType]] | None = None
        self._lazy: pl.LazyFrame | None = None
        self.error = error
        self.blocked_by = blocked_by

    @property
    def schema(self) -> pl.Schema | None:
        if self._schema is None and self._frame is not None:
            self._schema = self._frame.schema
        return self._schema

    @property
    def frame(self) -> pl.DataFrame | None:
        """The output over zero rows, when the prediction ran the node."""
        return self._frame

    def empty(self) -> pl.LazyFrame:
        """A frame of this schema with no rows: downstream predictions start from it."""
        if self._frame is None:
            assert self._schema is not None
            columns = [_empty_series(dtype).alias(name) for name, dtype in self._schema.items()]
            self._frame = pl.DataFrame(columns)
        if self._lazy is None:
            self._lazy = self._frame.lazy()
        return self._lazy

    def columns(self) -> tuple[list[str], list[pl.DataType]] | None:
        """Names and dtypes, without building a ``pl.Schema``."""
        if self._columns is None:
            if self._frame is not None:
                self._columns = self._frame.columns, self._frame.dtypes
            elif self._schema is not None:
                self._columns = self._schema.names(), self._schema.dtypes()
        return self._columns

    def width(self) -> int:
        if self._frame is not None:
            return self._frame.width
        return len(self._schema) if self._schema is not None else 0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        if self.blocked_by is not None:
            return "blocked"
        return "error" if self.error is not None else "valid"

    def __eq__(self, other: object) -> bool:
        # dtype ``==`` is exact for the instances Polars returns: time units, zones, inner types
        if not isinstance(other, NodeState):
            return NotImplemented
        return (
            self.error == other.error
            and self.blocked_by == other.blocked_by
            and self.width() == other.width()  # what an edit usually changes, and cheap
            and self.columns() == other.columns()
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self.error is not None:
            return f"NodeState(error={self.error!r})"
        return f"NodeState(schema={self.schema!r})"


@lru_cache(maxsize=256)
def _empty_series(dtype: pl.DataType) -> pl.Series:
    return pl.Series("", [], dtype=dtype)

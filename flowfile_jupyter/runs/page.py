"""A page of a node's whole result, sorted and searched by Polars, for a grid people work in.

Sorting and searching run over the whole cached result, not just the rows on screen, so a
search finds a row far beyond the first page and a sort gives the order Polars gives the whole
result. A search matches rows where any column's text contains the searched text, ignoring
case; nested and binary columns (lists, arrays, structs, bytes) are not searched.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from ..errors import FlowError
from ..text_checks import broken_character
from .handle import RunCancelledError, RunHandle
from .preview import Preview
from .whole import Whole

MAX_ROWS = 10_000  # one page
MAX_SEARCH = 1_000  # characters
MAX_SORT = 16  # columns


@dataclass(frozen=True)
class SortKey:
    column: str
    descending: bool = False


@dataclass(frozen=True)
class Page:
    """Rows ``offset`` to ``offset + frame.height`` of the ``matching`` rows (all of
    ``rows_total`` without a search), in the order asked for."""

    node_id: str
    frame: pl.DataFrame
    offset: int
    matching: int
    rows_total: int
    cached: bool
    ms: float = 0.0
    note: str | None = None

    def preview(self) -> Preview:
        """As a preview, for the one way rows travel to the browser."""
        return Preview(
            self.node_id, self.frame, self.rows_total, self.cached, self.ms, note=self.note
        )


def sort_keys(sort: Sequence[SortKey | str | tuple[str, bool]] | None) -> tuple[SortKey, ...]:
    """``"amount"``, ``("amount", True)`` (descending) or SortKey, as SortKeys."""
    keys: list[SortKey] = []
    for item in sort or ():
        if isinstance(item, SortKey):
            keys.append(item)
        elif isinstance(item, str):
            keys.append(SortKey(item))
        else:
            column, descending = item
            keys.append(SortKey(str(column), bool(descending)))
    if len(keys) > MAX_SORT:
        raise FlowError(f"sort by at most {MAX_SORT} columns")
    return tuple(keys)


def check(
    columns: Sequence[str], offset: int, n: int, sort: Sequence[SortKey], search: str | None
) -> None:
    """Refuse what cannot be asked, naming it, before anything runs."""
    if offset < 0:
        raise FlowError("offset must be 0 or more")
    if not 0 <= n <= MAX_ROWS:
        raise FlowError(f"n must be between 0 and {MAX_ROWS:,}")
    known = set(columns)
    for key in sort:
        if key.column not in known:
            raise FlowError(f"cannot sort by '{key.column[:80]}': there is no such column")
    if search is not None:
        if len(search) > MAX_SEARCH:
            raise FlowError(f"the search text is longer than {MAX_SEARCH:,} characters")
        if broken_character(search) is not None:
            raise FlowError("the search text has a broken character (a lone surrogate)")


def searchable(schema: pl.Schema) -> list[str]:
    return [
        name
        for name, dtype in schema.items()
        if not (dtype.is_nested() or dtype in (pl.Binary, pl.Object, pl.Null))
    ]


def matches(schema: pl.Schema, text: str) -> pl.Expr | None:
    """Rows where any searchable column's text contains ``text``, ignoring case."""
    needle = text.lower()
    columns = searchable(schema)
    if not columns:
        return None
    return pl.any_horizontal(
        pl.col(name).cast(pl.String).str.to_lowercase().str.contains(needle, literal=True)
        for name in columns
    ).fill_null(False)


def plan(
    frame: pl.LazyFrame, sort: Sequence[SortKey], search: str | None
) -> tuple[pl.LazyFrame, bool]:
    """The whole result searched and sorted (nulls last, ties in their first order); and
    whether a search narrowed it."""
    schema = frame.collect_schema()
    check(schema.names(), 0, 0, sort, search)
    found = frame
    narrowed = False
    if search:
        condition = matches(schema, search)
        found = found.filter(condition if condition is not None else pl.lit(False))
        narrowed = True
    if sort:
        found = found.sort(
            [k.column for k in sort],
            descending=[k.descending for k in sort],
            nulls_last=True,
            maintain_order=True,
        )
    return found, narrowed


def page(
    handle: RunHandle | None,
    whole: Whole,
    offset: int,
    n: int,
    sort: Sequence[SortKey] = (),
    search: str | None = None,
) -> Page:
    """Rows ``offset`` .. ``offset + n`` of the node's whole result, sorted and searched."""
    t0 = time.perf_counter()
    found, narrowed = plan(whole.lazy(), sort, search)
    total = whole.rows()
    if handle is not None and handle.cancel_requested:
        raise RunCancelledError(f"run {handle.id} was cancelled")
    window = found.slice(offset, n)
    if narrowed:
        rows, count = pl.collect_all([window, found.select(pl.len())])
        matching = int(count.item())
    else:
        rows, matching = window.collect(), total
    ms = (time.perf_counter() - t0) * 1000
    return Page(whole.node_id, rows, offset, matching, total, whole.cached, ms, whole.note)

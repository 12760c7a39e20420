"""Remove duplicate rows, judged on some columns or on all of them.

Defaults differ from Polars' on purpose: ``keep="first"`` makes the result deterministic, and
rows keep their input order wherever that order can be seen (engine/order.py), so the canvas
preview and the generated code show the same rows in the same order. An empty ``subset`` means
all columns and is rendered as no subset at all: Polars 2.1 panics on ``unique(subset=[])``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Code, Columns, NodeType, Scope, Settings, call, lit
from ._narwhals import NwScope, Portable, need_input_schemas, not_portable
from ._reading import Reading, generic
from ._row_order import ORDER_CHOICES


class Unique(Settings):
    subset: Columns = Field(
        default_factory=list, description="Columns that define a duplicate (empty: all columns)"
    )
    keep: Literal["first", "last", "any", "none"] = Field(
        "first", description="Which row of each duplicate group to keep (none: drop them all)"
    )
    maintain_order: bool | None = Field(
        None,
        description="Keep rows in their input order (default: when the order can be seen)",
        json_schema_extra=ORDER_CHOICES,
    )


def code(s: Unique, scope: Scope) -> Code:
    args = [f"subset={lit(s.subset)}"] if s.subset else []
    ordered = scope.ordered if s.maintain_order is None else s.maintain_order
    unique = call(
        "unique",
        *args,
        keep=None if s.keep == "any" else s.keep,
        maintain_order=ordered or None,
    )
    return Code(scope.input(0), (unique,))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Unique, scope: NwScope) -> Portable:
    keep = s.keep
    whole_rows = not s.subset or set(s.subset) >= set(need_input_schemas(scope)[0].names())
    if keep in ("first", "last") and whole_rows:
        keep = "any"  # duplicates of whole rows are alike: any one of them is the first
    if keep in ("first", "last"):
        raise not_portable(
            f'keep="{keep}" depends on row order, and engines other than Polars keep none: '
            'use keep="any" or "none"'
        )
    args = [f"subset={lit(s.subset)}"] if s.subset else []
    return Portable(Code(scope.input(0), (call("unique", *args, keep=keep),)), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------
def input_order(s: Unique, ordered: bool) -> bool:
    """Which row of a duplicate group is kept (first, last) depends on the order, unless the
    rows are duplicates in every column."""
    if s.subset and s.keep in ("first", "last"):
        return True
    return ordered if s.maintain_order is None else s.maintain_order


NODE = NodeType(
    readings=(Reading(("unique",), generic(Unique)),),
    name="unique",
    category="transform",
    settings=Unique,
    code=code,
    narwhals=narwhals,
    keeps_columns=True,
    input_order=input_order,
    label="Unique",
    description="Remove duplicate rows",
    var_name="deduplicated",
    examples=(
        {},
        {"subset": ["region"]},
        {"subset": ["region", "customer"], "keep": "last"},
        {"subset": ["customer"], "keep": "none", "maintain_order": False},
        {"subset": ["region"], "keep": "any"},
    ),
)

"""Sort rows by one or more columns, each ascending or descending, nulls first or last.

A sort decides the order itself, so nothing before it needs to keep rows in order (see
engine/order.py): rows with equal keys come in no particular order, as in Polars, unless
``maintain_order`` asks for a stable sort, which keeps the order of everything before it.
"""

from __future__ import annotations

from pydantic import Field

from ..errors import NodeError
from ._base import Code, Column, NodeType, Scope, Settings, call, lit


class SortKey(Settings):
    column: Column
    descending: bool = False
    nulls_last: bool = False


class Sort(Settings):
    by: list[SortKey] = Field(default_factory=list, description="Sort keys, most significant first")
    maintain_order: bool = Field(
        False,
        description="Keep the input order of rows with equal keys (a stable sort; the nodes "
        "before it then keep their order too)",
    )


def _flag(values: list[bool]) -> bool | list[bool] | None:
    """One flag when every key agrees (None when that is Polars' default), else one per key."""
    if all(v == values[0] for v in values):
        return values[0] or None
    return values


def code(s: Sort, scope: Scope) -> Code:
    if not s.by:
        raise NodeError("choose a column to sort by")
    names = [k.column for k in s.by]
    by = lit(names[0]) if len(names) == 1 else lit(names)
    sort = call(
        "sort",
        by,
        descending=_flag([k.descending for k in s.by]),
        nulls_last=_flag([k.nulls_last for k in s.by]),
        maintain_order=s.maintain_order or None,
    )
    return Code(scope.input(0), (sort,))


def input_order(s: Sort, _ordered: bool) -> bool:
    return s.maintain_order


NODE = NodeType(
    name="sort",
    category="transform",
    settings=Sort,
    code=code,
    keeps_columns=True,
    input_order=input_order,
    label="Sort",
    description="Order rows by columns",
    var_name="ordered",
    examples=(
        {"by": [{"column": "amount"}]},
        {"by": [{"column": "amount", "descending": True, "nulls_last": True}]},
        {
            "by": [
                {"column": "region", "nulls_last": True},
                {"column": "amount", "descending": True},
            ],
            "maintain_order": True,
        },
    ),
)

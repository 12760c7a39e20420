"""Sort rows by one or more columns, each ascending or descending, nulls first or last.

A sort decides the order itself, so nothing before it needs to keep rows in order (see
engine/order.py): rows with equal keys come in no particular order, as in Polars, unless
``maintain_order`` asks for a stable sort, which keeps the order of everything before it.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..errors import NodeError
from ._base import Code, Column, NodeType, Scope, Settings, call, lit
from ._narwhals import NwScope, Portable, not_portable
from ._reading import Candidate, Match, Reading, Unmapped, strings, value


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


def read(m: Match) -> Iterator[Candidate]:
    args = m.bound(0)
    if "multithreaded" in args:
        raise Unmapped("multithreaded")
    by = strings(args["by"]) + strings(args.get("more_by", ()))

    def each(name: str) -> list[bool]:
        got = value(args[name]) if name in args else False
        return list(got) if isinstance(got, list) else [got] * len(by)

    keys = [
        {"column": c, "descending": d, "nulls_last": n}
        for c, d, n in zip(by, each("descending"), each("nulls_last"), strict=False)
    ]
    order = value(args["maintain_order"]) if "maintain_order" in args else False
    yield Candidate({"by": keys, "maintain_order": order})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Sort, scope: NwScope) -> Portable:
    if not s.by:
        raise NodeError("choose a column to sort by")
    nulls_last = {k.nulls_last for k in s.by}
    if len(nulls_last) > 1:
        raise not_portable("Narwhals puts nulls first or last for every key at once")
    names = [k.column for k in s.by]
    by = lit(names[0]) if len(names) == 1 else lit(names)
    sort = call(
        "sort",
        by,
        descending=_flag([k.descending for k in s.by]),
        nulls_last=nulls_last.pop() or None,
    )
    # SQLFrame (4.10) merges a sort into a sort right before it (ORDER BY day, x for a sort by
    # x after a sort by day): a projection between them keeps them apart
    apart = (call("select", "nw.all()"),) if scope.inputs_ordered[:1] == (True,) else ()
    return Portable(Code(scope.input(0), (*apart, sort)), order="sorts")


# -- end of Narwhals ---------------------------------------------------------------------------
def input_order(s: Sort, _ordered: bool) -> bool:
    return s.maintain_order


NODE = NodeType(
    readings=(Reading(("sort",), read),),
    name="sort",
    category="transform",
    settings=Sort,
    code=code,
    narwhals=narwhals,
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

"""Count the rows: one row, one column."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, call, lit
from ._narwhals import NwScope, Portable, translated
from ._reading import Candidate, Match, Reading, Unmapped, method, value
from ._row_order import never


class Count(Settings):
    name: str = Field("count", min_length=1, description="Name of the count column")


def code(s: Count, scope: Scope) -> Code:
    return Code(scope.input(0), (call("select", f"pl.len().alias({lit(s.name)})"),))


def read(m: Match) -> Iterator[Candidate]:
    """``.select(pl.len().alias(name))``."""
    call = m.calls[0]
    if len(call.args) != 1 or call.keywords:
        raise Unmapped("not one expression")
    _, _, alias = method(call.args[0], "alias")
    yield Candidate({"name": value(alias.args[0])})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Count, scope: NwScope) -> Portable:
    return Portable(translated(code(s, scope)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("select",), read),),
    name="count",
    category="aggregate",
    settings=Count,
    code=code,
    narwhals=narwhals,
    input_order=never,
    label="Count rows",
    description="The number of rows, as a one-row table",
    var_name="row_count",
    examples=({}, {"name": "orders"}),
)

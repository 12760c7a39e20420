"""Count the rows: one row, one column.

The code names the column with a keyword, ``select(count=pl.len())``: the same aggregation
written ``select(pl.len().alias("count"))`` is a group_by without keys, and reads back as one.
A name that cannot be a keyword argument is written with ``.alias``.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Iterator

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, call, lit
from ._narwhals import NwScope, Portable, translated
from ._reading import Candidate, Match, Reading, Unmapped, method, value
from ._row_order import never


class Count(Settings):
    name: str = Field("count", min_length=1, description="Name of the count column")


def _keyword(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def code(s: Count, scope: Scope) -> Code:
    if _keyword(s.name):
        return Code(scope.input(0), (f".select({s.name}=pl.len())",))
    return Code(scope.input(0), (call("select", f"pl.len().alias({lit(s.name)})"),))


def read(m: Match) -> Iterator[Candidate]:
    """``.select(name=pl.len())``, or ``.select(pl.len().alias(name))`` for a name that
    cannot be a keyword."""
    call = m.calls[0]
    if len(call.args) + len(call.keywords) != 1:
        raise Unmapped("not one expression")
    if call.keywords:
        given = call.keywords[0]
        if given.arg is None or ast.unparse(given.value) != "pl.len()":
            raise Unmapped("not a count")
        yield Candidate({"name": given.arg})
        return
    _, _, alias = method(call.args[0], "alias")
    name = value(alias.args[0]) if len(alias.args) == 1 else None
    if not isinstance(name, str) or _keyword(name):
        raise Unmapped("a named aggregation of a group_by without keys")
    yield Candidate({"name": name})


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

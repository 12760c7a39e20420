"""The first rows of the input, optionally after skipping some (then it is a slice)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, call
from ._narwhals import NwScope, Portable, not_portable, require_order
from ._reading import Candidate, Match, Reading, Unmapped, generic, value


class Head(Settings):
    n: int = Field(5, ge=0, description="Number of rows")
    offset: int = Field(0, ge=0, description="Rows to skip first")


def code(s: Head, scope: Scope) -> Code:
    if s.offset:
        return Code(scope.input(0), (call("slice", str(s.offset), str(s.n)),))
    return Code(scope.input(0), (call("head", str(s.n)),))


def read_slice(m: Match) -> Iterator[Candidate]:
    """``.slice(offset, n)``."""
    args = m.bound(0)
    if "length" not in args:
        raise Unmapped("a slice to the end")
    yield Candidate({"offset": value(args["offset"]), "n": value(args["length"])})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Head, scope: NwScope) -> Portable:
    if s.offset:
        raise not_portable("Narwhals has no slice of a lazy frame: use head without an offset")
    require_order(scope, "keeping the first rows")
    return Portable(Code(scope.input(0), (call("head", str(s.n)),)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(
        Reading(("head",), generic(Head)),
        Reading(("limit",), generic(Head), renames={"limit": "head"}),
        Reading(("slice",), read_slice),
    ),
    name="head",
    category="transform",
    settings=Head,
    code=code,
    narwhals=narwhals,
    keeps_columns=True,
    label="Head",
    description="Keep the first rows",
    var_name="first_rows",
    examples=(
        {},
        {"n": 3},
        {"n": 2, "offset": 5},
        {"n": 0},
    ),
)

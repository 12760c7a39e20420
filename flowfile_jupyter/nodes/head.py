"""The first rows of the input, optionally after skipping some (then it is a slice)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, call
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

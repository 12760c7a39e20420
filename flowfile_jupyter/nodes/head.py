"""The first rows of the input, optionally after skipping some (then it is a slice)."""

from __future__ import annotations

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, call
from ._narwhals import NwScope, Portable, not_portable, require_order


class Head(Settings):
    n: int = Field(5, ge=0, description="Number of rows")
    offset: int = Field(0, ge=0, description="Rows to skip first")


def code(s: Head, scope: Scope) -> Code:
    if s.offset:
        return Code(scope.input(0), (call("slice", str(s.offset), str(s.n)),))
    return Code(scope.input(0), (call("head", str(s.n)),))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Head, scope: NwScope) -> Portable:
    if s.offset:
        raise not_portable("Narwhals has no slice of a lazy frame: use head without an offset")
    require_order(scope, "keeping the first rows")
    return Portable(Code(scope.input(0), (call("head", str(s.n)),)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
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

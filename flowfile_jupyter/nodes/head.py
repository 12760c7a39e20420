"""The first rows of the input, optionally after skipping some (then it is a slice)."""

from __future__ import annotations

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, call


class Head(Settings):
    n: int = Field(5, ge=0, description="Number of rows")
    offset: int = Field(0, ge=0, description="Rows to skip first")


def code(s: Head, scope: Scope) -> Code:
    if s.offset:
        return Code(scope.input(0), (call("slice", str(s.offset), str(s.n)),))
    return Code(scope.input(0), (call("head", str(s.n)),))


NODE = NodeType(
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

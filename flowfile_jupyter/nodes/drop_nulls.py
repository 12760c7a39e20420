"""Remove rows that have a null in any column, or in any of the chosen columns."""

from __future__ import annotations

from pydantic import Field

from ._base import Code, Columns, NodeType, Scope, Settings, call, lit
from ._row_order import follows


class DropNulls(Settings):
    subset: Columns = Field(
        default_factory=list, description="Look for nulls only here (empty: every column)"
    )


def code(s: DropNulls, scope: Scope) -> Code:
    args = [f"subset={lit(s.subset)}"] if s.subset else []
    return Code(scope.input(0), (call("drop_nulls", *args),))


NODE = NodeType(
    name="drop_nulls",
    category="transform",
    settings=DropNulls,
    code=code,
    input_order=follows,
    keeps_columns=True,
    label="Drop nulls",
    description="Remove rows with missing values",
    var_name="complete",
    examples=(
        {},
        {"subset": ["amount"]},
        {"subset": ["region", "tags"]},
    ),
)

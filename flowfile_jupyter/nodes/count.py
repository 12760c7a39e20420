"""Count the rows: one row, one column."""

from __future__ import annotations

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, call, lit
from ._row_order import never


class Count(Settings):
    name: str = Field("count", min_length=1, description="Name of the count column")


def code(s: Count, scope: Scope) -> Code:
    return Code(scope.input(0), (call("select", f"pl.len().alias({lit(s.name)})"),))


NODE = NodeType(
    name="count",
    category="aggregate",
    settings=Count,
    code=code,
    input_order=never,
    label="Count rows",
    description="The number of rows, as a one-row table",
    var_name="row_count",
    examples=({}, {"name": "orders"}),
)

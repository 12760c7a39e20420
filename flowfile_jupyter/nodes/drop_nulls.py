"""Remove rows that have a null in any column, or in any of the chosen columns."""

from __future__ import annotations

from pydantic import Field

from ._base import Code, Columns, NodeType, Scope, Settings, call, lit
from ._narwhals import NwScope, Portable, translated
from ._reading import Reading, generic
from ._row_order import follows


class DropNulls(Settings):
    subset: Columns = Field(
        default_factory=list, description="Look for nulls only here (empty: every column)"
    )


def code(s: DropNulls, scope: Scope) -> Code:
    args = [f"subset={lit(s.subset)}"] if s.subset else []
    return Code(scope.input(0), (call("drop_nulls", *args),))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: DropNulls, scope: NwScope) -> Portable:
    return Portable(translated(code(s, scope)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("drop_nulls",), generic(DropNulls)),),
    name="drop_nulls",
    category="transform",
    settings=DropNulls,
    code=code,
    narwhals=narwhals,
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

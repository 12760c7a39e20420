"""Remove columns (strict: dropping a column that is not there is an error, as in Polars)."""

from __future__ import annotations

from pydantic import Field

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, lit
from ._narwhals import NwScope, Portable, translated
from ._reading import Reading, generic
from ._row_order import follows


class Drop(Settings):
    columns: Columns = Field(default_factory=list, description="The columns to remove")


def code(s: Drop, scope: Scope) -> Code:
    if not s.columns:
        raise NodeError("choose the columns to drop")
    return Code(scope.input(0), (f".drop({', '.join(lit(c) for c in s.columns)})",))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Drop, scope: NwScope) -> Portable:
    return Portable(translated(code(s, scope)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("drop",), generic(Drop)),),
    name="drop",
    category="transform",
    settings=Drop,
    code=code,
    narwhals=narwhals,
    input_order=follows,
    label="Drop columns",
    description="Remove columns",
    var_name="dropped",
    examples=(
        {"columns": ["tags"]},
        {"columns": ["tags", "order_date", "customer"]},
    ),
)

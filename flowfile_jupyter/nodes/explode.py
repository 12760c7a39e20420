"""One row per list element: Polars' explode.

Prediction checks the dtypes itself: in Polars 2.1 ``explode`` on a column that is not a list
passes ``collect_schema()`` (the column keeps its type) and fails only when the data is read, so
the code alone would predict a schema the run never produces.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from pydantic import Field

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, call, lit
from ._narwhals import NwScope, Portable, not_portable
from ._reading import Reading, generic
from ._row_order import follows
from ._schema_checks import require_columns


class Explode(Settings):
    columns: Columns = Field(default_factory=list, description="List columns to spread over rows")
    empty_as_null: bool = Field(False, description="An empty list gives a null row (else none)")
    keep_nulls: bool = Field(True, description="A null list gives a null row (else none)")


def code(s: Explode, scope: Scope) -> Code:
    if not s.columns:
        raise NodeError("choose the list columns to explode")
    columns = [lit(c) for c in s.columns]
    options = call(
        "explode",
        *columns,
        empty_as_null=s.empty_as_null or None,
        keep_nulls=None if s.keep_nulls else False,
    )
    return Code(scope.input(0), (options,))


def check_list_columns(schema: pl.Schema, columns: Sequence[str]) -> None:
    """A NodeError naming the first column that is missing or is not a list."""
    require_columns(schema, columns)
    for name in columns:
        dtype = schema[name]
        if not isinstance(dtype, pl.List | pl.Array):
            hint = " (to split text into rows, use Text to rows)" if dtype == pl.String else ""
            raise NodeError(f'cannot explode "{name}": it holds {dtype}, not lists{hint}')


def check(s: Explode, schemas: Sequence[pl.Schema]) -> None:
    check_list_columns(schemas[0], s.columns)


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Explode, scope: NwScope) -> Portable:
    if not s.columns:
        raise NodeError("choose the list columns to explode")
    if len(s.columns) > 1:
        raise not_portable("Narwhals explodes one column at a time on other engines")
    columns = [lit(c) for c in s.columns]
    explode = call("explode", *columns, empty_as_null=s.empty_as_null, keep_nulls=s.keep_nulls)
    return Portable(Code(scope.input(0), (explode,)), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("explode",), generic(Explode, fields={"more_columns": "columns"})),),
    name="explode",
    category="transform",
    settings=Explode,
    code=code,
    narwhals=narwhals,
    input_order=follows,
    check=check,
    label="Explode",
    description="Give each element of list columns its own row",
    var_name="exploded",
    # none yet: the standard example inputs (tests/support.py) hold no list column
    examples=(
        {"_inputs": ["baskets"], "columns": ["items"]},
        {
            "_inputs": ["baskets"],
            "columns": ["items", "counts"],
            "empty_as_null": True,
            "keep_nulls": False,
        },
    ),
)

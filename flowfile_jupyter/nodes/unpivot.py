"""Wide to long: Polars' unpivot (a.k.a. melt), one row per index row and unpivoted column."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, lit
from ._layout import arguments
from ._narwhals import NwScope, Portable, need_input_schemas, need_schema, nw_col, nw_dtype
from ._reading import Reading, generic
from ._row_order import follows
from ._schema_checks import require_columns


class Unpivot(Settings):
    on: Columns = Field(
        default_factory=list, description="Columns to turn into rows (empty: all but index)"
    )
    index: Columns = Field(default_factory=list, description="Columns kept on every row")
    variable_name: str = Field("variable", min_length=1, description="Column of the old names")
    value_name: str = Field("value", min_length=1, description="Column of the values")

    @model_validator(mode="after")
    def _distinct(self) -> Unpivot:
        both = [c for c in self.on if c in self.index]
        if both:
            raise PydanticCustomError("settings", f"'{both[0]}' cannot be in both on and index")
        if self.variable_name == self.value_name:
            raise PydanticCustomError("settings", "variable_name and value_name must differ")
        return self


def _names(columns: list[str]) -> str:
    return lit(columns[0]) if len(columns) == 1 else lit(columns)


def code(s: Unpivot, scope: Scope) -> Code:
    args = [f"on={_names(s.on)}"] if s.on else []
    if s.index:
        args.append(f"index={_names(s.index)}")
    if s.variable_name != "variable":
        args.append(f"variable_name={lit(s.variable_name)}")
    if s.value_name != "value":
        args.append(f"value_name={lit(s.value_name)}")
    return Code(scope.input(0), (arguments(".unpivot", args),))


def check(s: Unpivot, schemas: Sequence[pl.Schema]) -> None:
    require_columns(schemas[0], [*s.on, *s.index])
    for name in (s.variable_name, s.value_name):
        if name in s.index:
            raise NodeError(f'"{name}" is an index column; choose another variable/value name')


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Unpivot, scope: NwScope) -> Portable:
    # DuckDB's unpivot drops null values and Polars' keeps them: one select per column instead.
    target, schema = need_schema(scope), need_input_schemas(scope)[0]
    on = s.on or [c for c in schema.names() if c not in s.index]
    value_type = nw_dtype(target[s.value_name])
    index = [lit(c) for c in s.index]
    parts = [
        arguments(
            f"{scope.input(0)}.select",
            [
                *index,
                f"nw.lit({lit(c)}).alias({lit(s.variable_name)})",
                f"{nw_col(c)}.cast({value_type}).alias({lit(s.value_name)})",
            ],
        )
        for c in on
    ]
    if not parts:
        raise NodeError("there is no column to unpivot")
    return Portable(Code(f"nw.concat([{', '.join(parts)}])"), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("unpivot",), generic(Unpivot)),),
    name="unpivot",
    category="aggregate",
    settings=Unpivot,
    code=code,
    narwhals=narwhals,
    input_order=follows,
    check=check,
    label="Unpivot",
    description="Wide to long: turn columns into (variable, value) rows",
    var_name="unpivoted",
    examples=(
        {"on": ["amount", "quantity"], "index": ["order_id"]},
        {
            "on": ["region", "customer"],
            "index": ["order_id", "order_date"],
            "variable_name": "field",
            "value_name": "text",
        },
        {"index": ["order_id", "region", "customer", "order_date", "tags"]},
        {"on": ["amount"]},
        {},
    ),
)

"""Keep the rows that match a condition: a basic form for people, expression text for the rest.

Prediction checks the basic form's value against the column's dtype: in Polars 2.1 comparing a
number column with text (or ``is_in`` with values of another type) passes ``collect_schema()``
and fails only when data is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import polars as pl
from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from ..errors import NodeError
from ._base import Code, Column, Expression, NodeType, Scope, Settings, call, col, expr, lit
from ._schema_checks import require_columns

Operator = Literal[
    "==",
    "!=",
    ">",
    ">=",
    "<",
    "<=",
    "between",
    "is_in",
    "not_in",
    "is_null",
    "is_not_null",
    "contains",
    "starts_with",
    "ends_with",
]
_COMPARE = {"==", "!=", ">", ">=", "<", "<="}
_TEXT = {"contains", "starts_with", "ends_with"}


# How the canvas shows the value: typed as plain text, converted by the column's dtype, and
# shaped by the operator (two bounds, a list, or nothing).
_VALUE_FORM: JsonDict = {
    "x-typed-by": "column",
    "x-shape": {
        "operator": {
            "between": "pair",
            "is_in": "list",
            "not_in": "list",
            "is_null": "none",
            "is_not_null": "none",
        }
    },
}


class Filter(Settings):
    model_config = ConfigDict(
        json_schema_extra={
            "x-modes": [
                {"title": "Basic", "fields": ["column", "operator", "value"]},
                {"title": "Expression", "fields": ["expr"]},
            ]
        }
    )

    expr: Expression | None = Field(None, description='Polars expression, e.g. pl.col("a") > 1')
    column: Column | None = Field(None, description="Basic form: the column to test")
    operator: Operator = "=="
    value: Any = Field(
        None,
        description="Basic form: the value (a list for is_in/between)",
        json_schema_extra=_VALUE_FORM,
    )

    @model_validator(mode="after")
    def _one_form(self) -> Filter:
        if self.expr is not None and self.column is not None:
            raise ValueError("give either expr or column/operator/value, not both")
        return self


def _values(s: Filter) -> list[Any]:
    """The values the basic form compares with, in the shape its operator takes."""
    op, v = s.operator, s.value
    if op in _COMPARE:
        if v is None:
            raise NodeError(f"give a value to compare {s.column} with")
        return [v]
    if op == "between":
        if not isinstance(v, list) or len(v) != 2:
            raise NodeError("between needs two values: [low, high]")
        return list(v)
    if op in ("is_in", "not_in"):
        return v if isinstance(v, list) else [v]
    if op in _TEXT:
        if not isinstance(v, str):
            raise NodeError(f"{op} needs a text value")
        return [v]
    return []


def predicate(s: Filter) -> str:
    if s.expr is not None:
        return expr(s.expr)
    if s.column is None:
        raise NodeError("choose a column (or write an expression)")
    c, op, values = col(s.column), s.operator, _values(s)
    if op in _COMPARE:
        return f"{c} {op} {lit(values[0])}"
    if op in ("is_null", "is_not_null"):
        return f"{c}.{op}()"
    if op == "between":
        # plain strings would be read as column names: bounds are literals
        low, high = (f"pl.lit({lit(v)})" if isinstance(v, str) else lit(v) for v in values)
        return f"{c}.is_between({low}, {high})"
    if op in ("is_in", "not_in"):
        test = f"{c}.is_in({lit(values)})"
        return f"~{test}" if op == "not_in" else test
    if op == "contains":
        return f"{c}.str.contains({lit(values[0])}, literal=True)"
    return f"{c}.str.{op}({lit(values[0])})"


def code(s: Filter, scope: Scope) -> Code:
    return Code(scope.input(0), (call("filter", predicate(s)),))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def check_values(s: Filter, dtype: pl.DataType) -> None:
    """A NodeError when the basic form's values cannot be compared with a column of ``dtype``."""
    name, op = s.column, s.operator
    if op in _TEXT:
        if dtype != pl.String:
            raise NodeError(f'{op} needs a text column; "{name}" is {dtype}')
        return
    values = [v for v in _values(s) if v is not None]
    if dtype.is_temporal():
        if values:
            example = f', e.g. pl.col("{name}") >= pl.date(2024, 1, 31)' if dtype == pl.Date else ""
            raise NodeError(
                f'"{name}" is a {dtype} column: the basic form compares with text, numbers or '
                f"booleans; write an expression instead{example}"
            )
        return
    if dtype.is_numeric():
        fits = [isinstance(v, int | float) and not isinstance(v, bool) for v in values]
    elif dtype == pl.Boolean:
        fits = [isinstance(v, bool) for v in values]
    elif dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum):
        fits = [isinstance(v, str) for v in values]
    else:
        return
    for value, ok in zip(values, fits, strict=True):
        if not ok:
            raise NodeError(
                f'"{name}" is a {dtype} column but the value {lit(value)} is {_kind(value)}'
            )
    if op in ("is_in", "not_in") and dtype.is_numeric():
        # Polars 2 refuses is_in between integers and floats without an explicit cast
        floats = any(isinstance(v, float) for v in values)
        if dtype.is_float() and values and not floats:
            shown = lit([float(v) for v in values])
            raise NodeError(f'"{name}" holds decimals ({dtype}): write the values as {shown}')
        if dtype.is_integer() and floats:
            raise NodeError(f'"{name}" holds integers ({dtype}): write the values without decimals')


def check(s: Filter, schemas: Sequence[pl.Schema]) -> None:
    """The basic form's column must exist and its value must fit the column's type (Polars
    would compare a number column with text only when data runs)."""
    if s.column is not None and schemas:
        require_columns(schemas[0], [s.column])
        check_values(s, schemas[0][s.column])


NODE = NodeType(
    name="filter",
    category="transform",
    settings=Filter,
    code=code,
    keeps_columns=True,
    check=check,
    label="Filter",
    description="Keep rows where a condition holds",
    var_name="filtered",
    examples=(
        {"expr": 'pl.col("amount") > 100'},
        {"column": "region", "operator": "==", "value": "north"},
        {"column": "amount", "operator": "between", "value": [10, 200]},
        {"column": "region", "operator": "between", "value": ["east", "north"]},
        {"column": "region", "operator": "is_in", "value": ["north", "south"]},
        {"column": "region", "operator": "not_in", "value": ["east"]},
        {"column": "customer", "operator": "starts_with", "value": "c1"},
        {"column": "customer", "operator": "ends_with", "value": "3"},
        {"column": "customer", "operator": "contains", "value": "1"},
        {"column": "amount", "operator": "is_not_null"},
        {"column": "amount", "operator": "is_null"},
        {"column": "quantity", "operator": "!=", "value": 2},
        {"column": "quantity", "operator": ">=", "value": 3},
        {"column": "amount", "operator": "<", "value": 100.5},
    ),
)

"""Keep the rows that match a condition: a basic form for people, expression text for the rest."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from ..errors import NodeError
from ._base import Code, Column, Expression, NodeType, Scope, Settings, call, col, expr, lit

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


class Filter(Settings):
    expr: Expression | None = Field(None, description='Polars expression, e.g. pl.col("a") > 1')
    column: Column | None = Field(None, description="Basic form: the column to test")
    operator: Operator = "=="
    value: Any = Field(None, description="Basic form: the value (a list for is_in/between)")

    @model_validator(mode="after")
    def _one_form(self) -> Filter:
        if self.expr is not None and self.column is not None:
            raise ValueError("give either expr or column/operator/value, not both")
        return self


def predicate(s: Filter) -> str:
    if s.expr is not None:
        return expr(s.expr)
    if s.column is None:
        raise NodeError("choose a column (or write an expression)")
    c, op, v = col(s.column), s.operator, s.value
    if op in _COMPARE:
        if v is None:
            raise NodeError(f"give a value to compare {s.column} with")
        return f"{c} {op} {lit(v)}"
    if op in ("is_null", "is_not_null"):
        return f"{c}.{op}()"
    if op == "between":
        if not isinstance(v, list) or len(v) != 2:
            raise NodeError("between needs two values: [low, high]")
        return f"{c}.is_between({lit(v[0])}, {lit(v[1])})"
    if op in ("is_in", "not_in"):
        values = v if isinstance(v, list) else [v]
        test = f"{c}.is_in({lit(values)})"
        return f"~{test}" if op == "not_in" else test
    if not isinstance(v, str):
        raise NodeError(f"{op} needs a text value")
    if op == "contains":
        return f"{c}.str.contains({lit(v)}, literal=True)"
    return f"{c}.str.{op}({lit(v)})"


def code(s: Filter, scope: Scope) -> Code:
    return Code(scope.input(0), (call("filter", predicate(s)),))


NODE = NodeType(
    name="filter",
    category="transform",
    settings=Filter,
    code=code,
    label="Filter",
    description="Keep rows where a condition holds",
    var_name="filtered",
    examples=(
        {"expr": 'pl.col("amount") > 100'},
        {"column": "region", "operator": "==", "value": "north"},
        {"column": "amount", "operator": "between", "value": [10, 200]},
        {"column": "region", "operator": "is_in", "value": ["north", "south"]},
        {"column": "region", "operator": "not_in", "value": ["east"]},
        {"column": "customer", "operator": "starts_with", "value": "c1"},
        {"column": "customer", "operator": "contains", "value": "1"},
        {"column": "amount", "operator": "is_not_null"},
    ),
)

"""Keep, reorder, rename and cast columns in one step (the canvas shows one row per column);
a row may also be a computed column, an expression checked like a formula's.

Rows whose ``keep`` is off are left out of the code entirely, so a column that has since
disappeared upstream is only an error while it is still kept.
"""

from __future__ import annotations

import ast
from typing import Any

from pydantic import Field, field_validator, model_validator

from ..errors import NodeError
from ._base import (
    Code,
    Column,
    DType,
    Expression,
    NodeType,
    Scope,
    Settings,
    chainable,
    col,
    dtype,
    expr,
    lit,
)
from ._row_order import uses_order


class SelectColumn(Settings):
    column: Column | None = Field(None, description="An input column")
    expr: Expression | None = Field(
        None, description='Or a computed column, e.g. pl.col("price") * pl.col("qty")'
    )
    rename: str | None = Field(
        None, min_length=1, description="New name (default: unchanged, or the expression's)"
    )
    cast: DType | None = Field(None, description="New data type (default: unchanged)")
    keep: bool = True

    @field_validator("rename", "cast", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @model_validator(mode="after")
    def _one_form(self) -> SelectColumn:
        if (self.column is None) == (self.expr is None):
            raise ValueError("give either an input column or an expression")
        return self


class Select(Settings):
    columns: list[SelectColumn] = Field(
        default_factory=list, description="The columns, in output order"
    )


def _expr(c: SelectColumn) -> str:
    if c.expr is not None:
        try:
            text = expr(c.expr)
        except NodeError as exc:
            raise NodeError(f"{c.rename or c.expr}: {exc}") from None
        try:
            ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
        else:  # a bare literal: select would read a string as a column name
            text = f"pl.lit({text})"
        if c.cast is not None or c.rename is not None:
            text = chainable(text)
    else:
        assert c.column is not None
        text = col(c.column)
    if c.cast is not None:
        text += f".cast({dtype(c.cast)})"
    if c.rename is not None and c.rename != c.column:
        text += f".alias({lit(c.rename)})"
    return text


def code(s: Select, scope: Scope) -> Code:
    kept = [c for c in s.columns if c.keep]
    if not kept:
        raise NodeError("choose at least one column to keep")
    seen: set[str] = set()
    for c in kept:
        name = c.rename or c.column
        if name is None:
            continue  # an expression's own name: Polars says when two clash
        if name in seen:
            raise NodeError(f"two columns would be named '{name}': rename one of them")
        seen.add(name)
    plain = all(
        c.expr is None and c.cast is None and (c.rename or c.column) == c.column for c in kept
    )
    args = [lit(c.column) for c in kept] if plain else [_expr(c) for c in kept]
    return Code(scope.input(0), (f".select({', '.join(args)})",))


def input_order(s: Select, ordered: bool) -> bool:
    return ordered or any(c.expr is not None and c.keep and uses_order(c.expr) for c in s.columns)


NODE = NodeType(
    name="select",
    category="transform",
    settings=Select,
    code=code,
    input_order=input_order,
    label="Select",
    description="Keep, reorder, rename and cast columns",
    var_name="selected",
    examples=(
        {"columns": [{"column": "region"}, {"column": "amount"}]},
        {
            "columns": [
                {"column": "amount", "cast": "Int64"},
                {"column": "region", "rename": "area"},
                {"column": "quantity", "rename": "qty", "cast": "Float32"},
                {"column": "customer", "keep": False},
                {"column": "order_date"},
            ]
        },
        {
            "columns": [
                {"column": "region"},
                {"expr": 'pl.col("amount") * pl.col("quantity")', "rename": "total"},
                {"expr": 'pl.col("order_date").dt.year()', "rename": "year", "cast": "Int32"},
                {"expr": 'pl.col("customer").str.to_uppercase()'},
            ]
        },
    ),
)

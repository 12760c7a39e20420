"""Split a text column at a delimiter and give each piece its own row.

Prediction checks the column's dtype itself: in Polars 2.1 ``.str.split`` on a column that is
not text passes ``collect_schema()`` (and even predicts String) and fails only when the data is
read, so the code alone would predict a schema the run never produces.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from pydantic import Field

from ..errors import NodeError
from ._base import Code, Column, NodeType, Scope, Settings, call, col, lit
from ._row_order import follows


class TextToRows(Settings):
    column: Column | None = Field(None, description="The text column to split")
    delimiter: str = Field(",", min_length=1, description="Text between the pieces")
    output: str | None = Field(
        None, min_length=1, description="Name for the pieces (default: replace the column)"
    )


def code(s: TextToRows, scope: Scope) -> Code:
    if s.column is None:
        raise NodeError("choose the text column to split")
    pieces = f"{col(s.column)}.str.split({lit(s.delimiter)})"
    target = s.output or s.column
    if target != s.column:
        pieces += f".alias({lit(target)})"
    return Code(scope.input(0), (call("with_columns", pieces), call("explode", lit(target))))


def check(s: TextToRows, schemas: Sequence[pl.Schema]) -> None:
    schema = schemas[0]
    # a missing column: Polars' own message says so, with the columns there are
    if s.column is not None and s.column in schema and schema[s.column] != pl.String:
        raise NodeError(
            f'"{s.column}" holds {schema[s.column]}, not text: only text columns can be split '
            "(cast it to String first)"
        )


NODE = NodeType(
    name="text_to_rows",
    category="transform",
    settings=TextToRows,
    code=code,
    input_order=follows,
    check=check,
    label="Text to rows",
    description="Split a text column at a delimiter into one row per piece",
    var_name="split",
    examples=(
        {"column": "tags", "delimiter": ";"},
        {"column": "tags", "delimiter": ";", "output": "tag"},
        {"column": "customer", "output": "customer"},
    ),
)

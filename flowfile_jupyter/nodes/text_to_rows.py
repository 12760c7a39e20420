"""Split a text column at a delimiter and give each piece its own row.

Prediction checks the column's dtype itself: in Polars 2.1 ``.str.split`` on a column that is
not text passes ``collect_schema()`` (and even predicts String) and fails only when the data is
read, so the code alone would predict a schema the run never produces.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any

import polars as pl
from pydantic import Field

from ..errors import NodeError
from ._base import Code, Column, NodeType, Scope, Settings, call, col, lit
from ._narwhals import NwScope, Portable, translate
from ._reading import Candidate, Match, Reading, Unmapped, col_name, method, value
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


def read(m: Match) -> Iterator[Candidate]:
    """``.with_columns(pl.col(c).str.split(d)[.alias(t)]).explode(t)``."""
    split, explode = m.calls
    if len(split.args) != 1 or split.keywords:
        raise Unmapped("not one expression")
    node = split.args[0]
    out: dict[str, Any] = {}
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "alias"
    ):
        node, _, alias = method(node, "alias")
        out["output"] = value(alias.args[0])
    inner, _, call = method(node, "split")
    if not isinstance(inner, ast.Attribute) or inner.attr != "str" or len(call.args) != 1:
        raise Unmapped("not a text split")
    out.update(column=col_name(inner.value), delimiter=value(call.args[0]))
    del explode
    yield Candidate(out)


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: TextToRows, scope: NwScope) -> Portable:
    polars = code(s, scope)
    target = s.output or s.column
    explode = call("explode", lit(target), "empty_as_null=False", "keep_nulls=True")
    return Portable(Code(scope.input(0), (translate(polars.calls[0]), explode)), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("with_columns", "explode"), read),),
    name="text_to_rows",
    category="transform",
    settings=TextToRows,
    code=code,
    narwhals=narwhals,
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

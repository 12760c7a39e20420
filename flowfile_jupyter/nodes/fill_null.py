"""Replace nulls with a value or by a strategy, in every column or in chosen ones.

Without ``columns`` this is ``LazyFrame.fill_null``: a value fills only the columns whose type
it fits (0 fills numbers, "x" fills text). With ``columns`` it is ``pl.col(...).fill_null`` on
those columns, which casts a column to the value's type when they differ.

Prediction probes the code on two rows per column, a value and a null: Polars checks a fill
against column types only when there is something to fill (``mean`` on a text column, or text
into a list column, passes over empty or all-null frames, then fails on data), and the flow must
say so on the node instead of at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import polars as pl
from pydantic import ConfigDict, Field, model_validator

from ..errors import NodeError, first_line
from ..node_globals import node_globals
from ._base import Code, Columns, NodeType, Scope, Settings, call, lit
from ._narwhals import (
    NwScope,
    Portable,
    need_input_schemas,
    need_schema,
    not_portable,
    nw_col,
    nw_dtype,
    with_columns,
)
from ._reading import Candidate, Match, Reading, Unmapped, keywords, method, strings, value
from ._row_order import follows

Strategy = Literal["forward", "backward", "min", "max", "mean", "zero", "one"]


class FillNull(Settings):
    model_config = ConfigDict(
        json_schema_extra={
            "x-modes": [
                {"title": "Value", "fields": ["value"]},
                {"title": "Strategy", "fields": ["strategy", "limit"], "optional": ["limit"]},
            ]
        }
    )

    value: str | int | float | bool | None = Field(
        None,
        description="The value to put in",
        json_schema_extra={"x-typed-by": "columns"},  # typed by the columns' dtype
    )
    strategy: Strategy | None = Field(None, description="Or: how to compute the fill")
    columns: Columns = Field(default_factory=list, description="Only these columns (empty: all)")
    limit: int | None = Field(
        None, ge=1, description="forward/backward: fill at most this many nulls in a row"
    )

    @model_validator(mode="after")
    def _value_or_strategy(self) -> FillNull:
        if self.value is not None and self.strategy is not None:
            raise ValueError("give either a value or a strategy, not both")
        if self.limit is not None and self.strategy not in ("forward", "backward"):
            raise ValueError("limit works only with the forward and backward strategies")
        return self


def _fill(s: FillNull) -> str:
    if s.value is not None:
        return call("fill_null", lit(s.value))
    if s.strategy is None:
        raise NodeError("give a value or choose a strategy")
    return call("fill_null", strategy=s.strategy, limit=s.limit)


def code(s: FillNull, scope: Scope) -> Code:
    fill = _fill(s)
    if not s.columns:
        return Code(scope.input(0), (fill,))
    columns = ", ".join(lit(c) for c in s.columns)
    return Code(scope.input(0), (f".with_columns(pl.col({columns}){fill})",))


def _run(text: str, name: str, frame: pl.LazyFrame) -> pl.LazyFrame:
    result = eval(text, node_globals(**{name: frame}))
    assert isinstance(result, pl.LazyFrame)
    return result


def _probe(name: str, dtype: pl.DataType) -> pl.Series:
    """A value then a null, of the column's type (two nulls when no value converts, as for
    structs and arrays: those are checked when the data runs)."""
    seeds = [pl.Series([0, None]), pl.Series(["0", None]), pl.Series([[0], None])]
    if isinstance(dtype, pl.Enum) and len(dtype.categories):
        seeds.insert(0, pl.Series([dtype.categories[0], None]))
    for seed in seeds:
        try:
            return seed.cast(dtype).alias(name)
        except Exception:
            continue
    return pl.Series(name, [None, None], dtype=dtype)


def _failing(s: FillNull, probe: pl.LazyFrame, columns: Sequence[str]) -> list[str]:
    """The columns whose own fill fails on the probe."""
    bad = []
    for c in columns:
        if s.value is not None:
            fill = pl.col(c).fill_null(s.value)
        else:
            fill = pl.col(c).fill_null(strategy=s.strategy, limit=s.limit)
        try:
            probe.select(fill).collect()
        except Exception:
            bad.append(c)
    return bad


def predict(s: FillNull, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    text = code(s, scope).text
    name = scope.input(0)
    schema = _run(text, name, frames[0]).collect_schema()
    inputs = frames[0].collect_schema()
    try:
        probe = pl.DataFrame([_probe(c, t) for c, t in inputs.items()]).lazy()
    except Exception:  # a type that cannot hold a probe row: leave it to run time
        return schema
    try:
        _run(text, name, probe).collect()
    except Exception as exc:
        # A value fills only the columns it fits unless columns are chosen: blame those only.
        suspects = s.columns or ([] if s.value is not None else inputs.names())
        bad = [f"{c} ({inputs[c]})" for c in _failing(s, probe, suspects)]
        if not bad:
            raise NodeError(first_line(exc)) from None
        if s.value is not None:
            raise NodeError(f"{lit(s.value)} cannot fill {', '.join(bad)}") from None
        hint = "" if s.columns else "; choose the columns to fill"
        raise NodeError(
            f"strategy '{s.strategy}' does not work on {', '.join(bad)}{hint}"
        ) from None
    return schema


def _fill_args(call: ast.Call) -> dict[str, Any]:
    if call.args:
        if len(call.args) != 1 or call.keywords:
            raise Unmapped("a value and options")
        return {"value": value(call.args[0])}
    return keywords(call)


def read(m: Match) -> Iterator[Candidate]:
    """``.fill_null(...)`` on the frame, or ``.with_columns(pl.col(a, b).fill_null(...))``."""
    call = m.calls[0]
    if isinstance(call.func, ast.Attribute) and call.func.attr == "fill_null":
        yield Candidate(_fill_args(call))
        return
    if len(call.args) != 1 or call.keywords:
        raise Unmapped("not one expression")
    inner, _, fill = method(call.args[0], "fill_null")
    _, _, columns = method(inner, "col")
    yield Candidate({**_fill_args(fill), "columns": strings(tuple(columns.args))})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def _fits(value: object, dtype: pl.DataType) -> bool:
    """Whether ``LazyFrame.fill_null(value)`` fills a column of ``dtype`` (it skips the rest)."""
    if isinstance(value, bool):
        return dtype == pl.Boolean
    if isinstance(value, int | float):
        return dtype.is_numeric()
    return dtype == pl.String


def narwhals(s: FillNull, scope: NwScope) -> Portable:
    target, schema = need_schema(scope), need_input_schemas(scope)[0]
    if s.strategy in ("forward", "backward"):
        raise not_portable(f"filling {s.strategy} depends on row order, which engines lack")
    if s.value is None and s.strategy is None:
        raise NodeError("give a value or choose a strategy")
    if s.columns:
        names = list(s.columns)
    elif s.value is not None:
        names = [c for c, t in schema.items() if _fits(s.value, t)]
    else:
        names = schema.names()
    fill = {"zero": "0", "one": "1"}
    exprs = []
    for c in names:
        if s.value is not None:
            value = lit(s.value)
        elif s.strategy in fill:
            value = fill[str(s.strategy)]
        else:
            value = f"{nw_col(c)}.{s.strategy}()"
        cast = f".cast({nw_dtype(target[c])})" if schema[c] != target[c] else ""
        exprs.append(f"{nw_col(c)}.fill_null({value}){cast}")
    if not exprs:
        return Portable(Code(scope.input(0)))
    return Portable(Code(scope.input(0), (with_columns(exprs),)))


# -- end of Narwhals ---------------------------------------------------------------------------
def input_order(s: FillNull, ordered: bool) -> bool:
    """Forward and backward fills read the rows before or after: the order matters."""
    return s.strategy in ("forward", "backward") or follows(s, ordered)


NODE = NodeType(
    readings=(Reading(("fill_null",), read), Reading(("with_columns",), read)),
    name="fill_null",
    category="transform",
    settings=FillNull,
    code=code,
    narwhals=narwhals,
    input_order=input_order,
    predict=predict,
    label="Fill nulls",
    description="Replace missing values",
    var_name="filled",
    examples=(
        {"value": 0},
        {"value": "unknown"},
        {"value": 0.5, "columns": ["amount", "quantity"]},
        {"value": "n/a", "columns": ["region", "tags"]},
        {"strategy": "forward"},
        {"strategy": "backward", "limit": 1, "columns": ["amount"]},
        {"strategy": "mean", "columns": ["amount"]},
        {"strategy": "min"},
    ),
)

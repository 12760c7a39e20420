"""Checks that predictions share: does a column exist, does an operation take its dtype.

In Polars 2.1 ``collect_schema()`` accepts several operations that fail (or change type) only
when data is read -- ``sum`` of a Date, ``cum_sum`` of text, ``rolling_mean`` of text -- so a node
that offers them checks the dtypes itself before trusting the schema Polars predicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import polars as pl

from ..errors import NodeError
from ..node_globals import node_globals
from ._base import Code, Scope


def listing(schema: pl.Schema) -> str:
    names = list(schema.names())
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"columns: {shown}" if names else "the input has no columns"


def require_columns(schema: pl.Schema, columns: Iterable[str], where: str = "input") -> None:
    """A NodeError naming the first of ``columns`` that ``schema`` lacks."""
    for name in columns:
        if name not in schema:
            prefix = "there is" if where == "input" else f"the {where} has"
            raise NodeError(f'{prefix} no column "{name}" ({listing(schema)})')


def evaluate(code: Code, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.LazyFrame:
    """The node's frame from its rendered code, as the engine evaluates it."""
    env = node_globals(**dict(zip(scope.inputs, frames, strict=True)))
    if code.setup:
        exec(code.setup, env)
    frame: pl.LazyFrame = eval(code.text, env)
    return frame


def _numbers(d: pl.DataType) -> bool:
    return d.is_numeric() or d == pl.Boolean


def _plain_numbers(d: pl.DataType) -> bool:
    return d.is_integer() or d.is_float() or d == pl.Boolean


Rule = tuple[Callable[[pl.DataType], bool], str]

_SUMMABLE: Rule = (lambda d: _numbers(d) or d == pl.Duration, "numbers, booleans or durations")
_AVERAGEABLE: Rule = (lambda d: _numbers(d) or d.is_temporal(), "numbers, booleans or dates/times")
_ORDERABLE: Rule = (
    lambda d: not d.is_nested() and not isinstance(d, pl.Categorical | pl.Enum),
    "numbers, text, booleans or dates/times",
)

RULES: dict[str, Rule] = {
    # aggregations
    "sum": _SUMMABLE,
    "mean": _AVERAGEABLE,
    "median": _AVERAGEABLE,
    "std": (_numbers, "numbers or booleans"),
    "var": (_numbers, "numbers or booleans"),
    "min": (lambda d: not d.is_nested(), "values that can be ordered (not lists or structs)"),
    "max": (lambda d: not d.is_nested(), "values that can be ordered (not lists or structs)"),
    "concat": (
        lambda d: not d.is_nested() and d != pl.Duration,
        "values that read as text (not lists, structs or durations)",
    ),
    # window functions
    "cum_sum": _SUMMABLE,
    "cum_prod": (_plain_numbers, "integers, floats or booleans"),
    "cum_max": _ORDERABLE,
    "cum_min": _ORDERABLE,
    "diff": (
        lambda d: d.is_numeric() or d.is_temporal(),
        "numbers or dates/times",
    ),
    "pct_change": _AVERAGEABLE,
    "rolling_mean": _AVERAGEABLE,
    "rolling_sum": (_plain_numbers, "integers, floats or booleans"),
    "rolling_min": (lambda d: _plain_numbers(d) or d.is_temporal(), "numbers or dates/times"),
    "rolling_max": (lambda d: _plain_numbers(d) or d.is_temporal(), "numbers or dates/times"),
}


def check_dtype(operation: str, column: str, dtype: pl.DataType) -> None:
    """A NodeError when ``operation`` (a key of RULES) does not work on ``dtype``."""
    rule = RULES.get(operation)
    if rule is not None and not rule[0](dtype):
        raise NodeError(f'{operation} does not work on "{column}" ({dtype}): it needs {rule[1]}')

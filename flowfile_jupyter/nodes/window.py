"""Window functions: ranks, running totals, rolling statistics and lags within partitions.

Each function becomes ``<expr>.over(partition_by, order_by=...)``: Polars evaluates it per
partition in ``order_by`` order and puts the results back on the original rows (the row order is
kept). Without a partition it is ``.over(order_by=...)``; without either, a plain expression.

Prediction checks each function against its column's dtype: in Polars 2.1 ``collect_schema()``
accepts e.g. ``cum_sum`` of text or ``rolling_mean`` of text, which fail or change type only when
data is read.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import polars as pl
from pydantic import Field

from ..errors import NodeError
from ._base import Code, Column, Columns, NodeType, Scope, Settings, col, kwargs, lit
from ._layout import arguments, fluent
from ._narwhals import NwScope, Portable, not_portable, nw_col
from ._reading import (
    Candidate,
    Match,
    Reading,
    Unmapped,
    col_name,
    keywords,
    method,
    strings,
    value,
)
from ._schema_checks import check_dtype, require_columns

Function = Literal[
    "rank",
    "cum_sum",
    "cum_count",
    "cum_max",
    "cum_min",
    "cum_prod",
    "rolling_mean",
    "rolling_sum",
    "rolling_min",
    "rolling_max",
    "shift",
    "diff",
    "pct_change",
]
RankMethod = Literal["average", "min", "max", "dense", "ordinal", "random"]


class WindowColumn(Settings):
    column: Column
    function: Function = "cum_sum"
    alias: str | None = Field(None, description="Output name (default: column_function)")
    method: RankMethod = Field("average", description="rank: how ties are ranked")
    descending: bool = Field(False, description="rank: largest value first")
    seed: int | None = Field(None, ge=0, description="rank 'random': seed for repeatable ties")
    reverse: bool = Field(False, description="cum_*: accumulate from the last row")
    window_size: int = Field(3, ge=1, description="rolling_*: rows in the window")
    min_samples: int | None = Field(
        None, ge=1, description="rolling_*: fewest non-null values for a result (default: all)"
    )
    n: int = Field(1, description="shift/diff/pct_change: how many rows back (negative: ahead)")


class Window(Settings):
    columns: list[WindowColumn] = Field(default_factory=list)
    partition_by: Columns = Field(default_factory=list, description="Compute within these groups")
    order_by: Columns = Field(default_factory=list, description="Row order the functions follow")
    descending: bool = Field(False, description="order_by from largest to smallest")
    nulls_last: bool = Field(False, description="order_by puts nulls last")


def function_call(w: WindowColumn) -> str:
    """``.rank("dense")``, ``.rolling_mean(3)``, ... for one window column."""
    f = w.function
    if f == "rank":
        method = [lit(w.method)] if w.method != "average" else []
        rest = kwargs(descending=w.descending or None, seed=w.seed)
        return f".rank({', '.join([*method, rest] if rest else method)})"
    if f.startswith("cum_"):
        return f".{f}({kwargs(reverse=w.reverse or None)})"
    if f.startswith("rolling_"):
        rest = kwargs(min_samples=w.min_samples)
        return f".{f}({w.window_size}{', ' + rest if rest else ''})"
    return f".{f}({w.n if w.n != 1 else ''})"


def _alias_call(w: WindowColumn) -> str:
    return f".alias({lit(w.alias or f'{w.column}_{w.function}')})"


def _names(columns: list[str]) -> str:
    return lit(columns[0]) if len(columns) == 1 else lit(columns)


def over(s: Window) -> str:
    args = [_names(s.partition_by)] if s.partition_by else []
    if s.order_by:
        args.append(f"order_by={_names(s.order_by)}")
        rest = kwargs(descending=s.descending or None, nulls_last=s.nulls_last or None)
        args += [rest] if rest else []
    return f".over({', '.join(args)})" if args else ""


def code(s: Window, scope: Scope) -> Code:
    if not s.columns:
        raise NodeError("add a window column: which column, and which function")
    window = over(s)
    exprs = [
        fluent([col(w.column), function_call(w), *([window] if window else []), _alias_call(w)])
        for w in s.columns
    ]
    return Code(scope.input(0), (arguments(".with_columns", exprs),))


def check(s: Window, schemas: Sequence[pl.Schema]) -> None:
    schema = schemas[0]
    require_columns(schema, [*s.partition_by, *s.order_by, *(w.column for w in s.columns)])
    for w in s.columns:
        check_dtype(w.function, w.column, schema[w.column])


def _function(call: ast.Call, name: str) -> dict[str, Any]:
    """The options of ``.rank(...)``, ``.cum_sum(...)``, ``.rolling_mean(3)``, ``.shift(n)``."""
    out: dict[str, Any] = {"function": name}
    rest = ast.Call(call.func, [], call.keywords)
    if name == "rank":
        if call.args:
            out["method"] = value(call.args[0])
        out.update(keywords(rest))
    elif name.startswith("cum_"):
        out.update(keywords(call))
    elif name.startswith("rolling_"):
        out["window_size"] = value(call.args[0]) if call.args else Unmapped
        out.update(keywords(rest))
    elif call.args:
        out["n"] = value(call.args[0])
    return out


def _over(call: ast.Call | None) -> dict[str, Any]:
    if call is None:
        return {}
    out: dict[str, Any] = {"partition_by": strings(tuple(call.args))}
    for k in call.keywords:
        if k.arg == "order_by":
            out["order_by"] = strings(k.value)
        elif k.arg in ("descending", "nulls_last"):
            out[k.arg] = value(k.value)
        else:
            raise Unmapped(f"over({k.arg}=...)")
    return out


def read(m: Match) -> Iterator[Candidate]:
    """``.with_columns(pl.col(c).<function>(...)[.over(...)].alias(name), ...)``, every column
    over the same window."""
    args = m.bound(0)
    if args.get("named_exprs"):
        raise Unmapped("named expressions")
    columns = []
    window: dict[str, Any] | None = None
    for node in args.get("exprs", ()):
        inner, _, alias = method(node, "alias")
        over = None
        if isinstance(inner, ast.Call) and ast.unparse(inner.func).endswith(".over"):
            inner, _, over = method(inner, "over")
        source, name, call = method(inner)
        column = {"column": col_name(source), **_function(call, name)}
        given = value(alias.args[0])
        if given != f"{column['column']}_{name}":
            column["alias"] = given
        this = _over(over)
        if window is not None and this != window:
            raise Unmapped("columns over different windows")
        window = this
        columns.append(column)
    yield Candidate({"columns": columns, **(window or {})})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


_NO_NARWHALS = {"pct_change", "rolling_min", "rolling_max"}


def _nw_expr(w: WindowColumn, window: str) -> str:
    """One window column in Narwhals: Polars' names, except what Narwhals lacks."""
    c = nw_col(w.column)
    if w.function in _NO_NARWHALS:
        raise not_portable(f"Narwhals has no {w.function}")
    if w.function == "rank":
        if w.method == "random":
            raise not_portable("rank 'random': engines cannot repeat Polars' random ties")
        rest = kwargs(descending=w.descending or None)
        rank = f".rank({', '.join([lit(w.method), rest] if rest else [lit(w.method)])})"
        return f"{c}{rank}{window}{_alias_call(w)}"
    if w.function == "diff" and w.n != 1:  # Narwhals' diff looks one row back only
        return f"({c} - {c}.shift({w.n}){window}){_alias_call(w)}"
    if w.function == "shift":
        return f"{c}.shift({w.n}){window}{_alias_call(w)}"
    return fluent([c, function_call(w), window, _alias_call(w)])


def narwhals(s: Window, scope: NwScope) -> Portable:
    if not s.columns:
        raise NodeError("add a window column: which column, and which function")
    if s.order_by and (s.descending or s.nulls_last):
        raise not_portable("Narwhals orders a window by its keys ascending, nulls first only")
    ordered = [w.function for w in s.columns if w.function != "rank"]
    if ordered and not s.order_by:
        raise not_portable(
            f"{ordered[0]} without order_by depends on row order, which engines lack: "
            "choose the order_by columns"
        )
    args = [_names(s.partition_by)] if s.partition_by else []
    if s.order_by:
        args.append(f"order_by={_names(s.order_by)}")
    window = f".over({', '.join(args)})" if args else ""
    exprs = [_nw_expr(w, window) for w in s.columns]
    return Portable(Code(scope.input(0), (arguments(".with_columns", exprs),)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("with_columns",), read),),
    name="window",
    category="aggregate",
    settings=Window,
    code=code,
    narwhals=narwhals,
    check=check,
    label="Window",
    description=(
        "Window functions (rank, running totals, rolling statistics, lags) within groups, "
        "in a row order; every row is kept"
    ),
    var_name="windowed",
    examples=(
        {
            "columns": [{"column": "amount", "function": "cum_sum", "alias": "running_total"}],
            "partition_by": ["region"],
            "order_by": ["order_date", "order_id"],
        },
        {
            "columns": [
                {"column": "amount", "function": "rank", "method": "dense", "descending": True},
                {"column": "quantity", "function": "rank", "method": "min"},
                {"column": "quantity", "function": "rank", "method": "max", "alias": "q_max"},
                {"column": "order_id", "function": "rank", "method": "ordinal", "alias": "o"},
                {
                    "column": "quantity",
                    "function": "rank",
                    "method": "random",
                    "seed": 7,
                    "alias": "q_random",
                },
                {"column": "amount", "function": "rank", "alias": "amount_avg_rank"},
            ],
            "partition_by": ["region"],
        },
        {
            "columns": [
                {"column": "quantity", "function": "cum_count"},
                {"column": "quantity", "function": "cum_max"},
                {"column": "quantity", "function": "cum_min", "reverse": True},
                {"column": "quantity", "function": "cum_prod"},
                {"column": "amount", "function": "cum_sum", "reverse": True},
            ],
            "order_by": ["order_id"],
            "descending": True,
        },
        {
            "columns": [
                {"column": "amount", "function": "rolling_mean", "window_size": 2},
                {"column": "amount", "function": "rolling_sum", "window_size": 2, "min_samples": 1},
                {"column": "quantity", "function": "rolling_min"},
                {"column": "quantity", "function": "rolling_max", "window_size": 1},
            ],
            "partition_by": ["customer", "region"],
            "order_by": ["order_date"],
            "nulls_last": True,
        },
        {
            "columns": [
                {"column": "amount", "function": "shift"},
                {"column": "amount", "function": "shift", "n": -1, "alias": "next_amount"},
                {"column": "amount", "function": "diff"},
                {"column": "quantity", "function": "diff", "n": 2, "alias": "q_diff2"},
                {"column": "amount", "function": "pct_change"},
                {"column": "order_date", "function": "diff", "alias": "days_since"},
            ],
            "order_by": ["order_date", "order_id"],
        },
        {"columns": [{"column": "quantity", "function": "cum_sum"}]},
    ),
)

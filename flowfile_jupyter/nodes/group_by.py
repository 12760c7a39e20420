"""Group rows and aggregate: the Polars group_by().agg() most people reach for.

An aggregation is a column and a function, or expression text (``(pl.col("price") *
pl.col("qty")).sum()``) checked like a formula's. With no group keys every row is one group and
the code is ``select(...)``: one row, also for empty input, as in Polars.

Prediction checks that the columns exist and that each aggregation takes its column's dtype: in
Polars 2.1 ``collect_schema()`` accepts e.g. ``sum`` of a Date, which fails only when data is read.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, get_args

import polars as pl
from pydantic import ConfigDict, Field, model_validator

from .. import expressions
from ..errors import NODE_FAILURES, NodeError, NotPortableError, first_line
from ._base import (
    Code,
    Column,
    Columns,
    Expression,
    NodeType,
    Scope,
    Settings,
    aliased,
    call,
    col,
    expr,
    lit,
)
from ._layout import arguments
from ._narwhals import (
    NwScope,
    Portable,
    check_lazy,
    need_input_schemas,
    not_portable,
    nw_expr,
    translate,
)
from ._reading import Candidate, Match, Reading, Unmapped, col_name, method, strings, value
from ._row_order import ORDER_CHOICES, uses_order
from ._schema_checks import check_dtype, require_columns

Agg = Literal[
    "sum",
    "mean",
    "median",
    "min",
    "max",
    "count",
    "n_unique",
    "first",
    "last",
    "std",
    "var",
    "len",
    "concat",
    "list",
]


class Aggregation(Settings):
    model_config = ConfigDict(
        json_schema_extra={
            "x-modes": [
                {
                    "title": "Column",
                    "fields": ["column", "agg", "separator"],
                    "optional": ["separator"],
                },
                {"title": "Expression", "fields": ["expr"]},
            ]
        }
    )

    column: Column | None = Field(None, description="The column to aggregate")
    agg: Agg = "sum"
    expr: Expression | None = Field(
        None,
        description='Or an aggregation written as an expression, e.g. (pl.col("price") * '
        'pl.col("qty")).sum()',
    )
    alias: str | None = Field(
        None, description="Output name (default: column_agg, or the expression's own name)"
    )
    separator: str = Field(
        ", ",
        description="Text between the values",
        json_schema_extra={"x-shown-when": {"agg": ["concat"]}},
    )

    @model_validator(mode="after")
    def _one_form(self) -> Aggregation:
        if self.column is None and self.expr is None:
            raise ValueError("give a column to aggregate, or an expression")
        if self.column is not None and self.expr is not None:
            raise ValueError("give either a column and agg, or an expression, not both")
        return self


class GroupBy(Settings):
    by: Columns = Field(
        default_factory=list,
        description="The columns that form the groups (none: one row for all rows)",
    )
    aggs: list[Aggregation] = Field(default_factory=list)
    maintain_order: bool | None = Field(
        None,
        description="Groups in order of first appearance (default: when the order can be seen, "
        "i.e. nothing after this node sorts or aggregates)",
        json_schema_extra=ORDER_CHOICES,
    )


_ORDERED_AGGS = {"first", "last", "concat", "list"}


def agg_expr(a: Aggregation) -> str:
    if a.expr is not None:
        try:
            return aliased(expr(a.expr), a.alias)
        except NodeError as exc:
            raise NodeError(f"{a.alias or a.expr}: {exc}") from None
    assert a.column is not None
    c = col(a.column)
    if a.agg == "concat":
        body = f"{c}.cast(pl.String).str.join({lit(a.separator)})"
    elif a.agg == "list":
        body = f"{c}.implode()"
    elif a.agg == "len":
        body = f"{c}.len()"
    else:
        body = f"{c}.{a.agg}()"
    alias = a.alias or f"{a.column}_{a.agg}"
    return f"{body}.alias({lit(alias)})"


def agg_call(aggs: Sequence[Aggregation]) -> str:
    """``.agg(...)``: one expression per aggregation, or the group size when there are none."""
    return arguments(".agg", [agg_expr(a) for a in aggs] or ["pl.len()"])


def _column_agg(node: ast.expr) -> dict[str, Any]:
    """The column-and-function form ``agg_expr`` writes as ``node`` (Unmapped when none)."""
    inner, _, alias = method(node, "alias")
    body, name, call = method(inner)
    out: dict[str, Any] = {}
    if name == "join" and isinstance(body, ast.Attribute) and body.attr == "str":
        cast, _, to = method(body.value, "cast")
        written = [ast.unparse(a) for a in to.args]
        if written != ["pl.String"] or to.keywords or len(call.args) != 1 or call.keywords:
            raise Unmapped("not text joined with a separator")
        out.update(column=col_name(cast), agg="concat", separator=value(call.args[0]))
    elif call.args or call.keywords:
        raise Unmapped("an aggregation with options")
    elif name == "implode":
        out.update(column=col_name(body), agg="list")
    elif name in get_args(Agg) and name not in ("concat", "list"):
        out.update(column=col_name(body), agg=name)
    else:
        raise Unmapped(f"not an aggregation of a column: {name}")
    out["alias"] = _name(alias)
    return out


def _name(alias: ast.Call) -> str:
    if len(alias.args) != 1 or alias.keywords:
        raise Unmapped("an alias without one name")
    given = value(alias.args[0])
    if not isinstance(given, str):
        raise Unmapped("a name that is not text")
    return given


def read_agg(node: ast.expr, m: Match, name: str | None = None) -> dict[str, Any]:
    """The aggregation ``agg_expr`` writes as ``node``: a column and a function, else the
    expression as written (``name``: the name a keyword argument gives it)."""
    if name is not None:
        node = ast.Call(ast.Attribute(node, "alias", ast.Load()), [ast.Constant(name)], [])
    try:
        out = _column_agg(node)
    except Unmapped:
        out = {}
        if _alias_call(node):
            inner, _, alias = method(node, "alias")
            out["alias"] = _name(alias)
            node = inner
        out["expr"] = m.text(node)
        return out
    if out["alias"] == f"{out['column']}_{out['agg']}":
        del out["alias"]
    return out


def _alias_call(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "alias"
    )


def read_aggs(args: Mapping[str, Any], m: Match) -> list[dict[str, Any]]:
    """The aggregations of ``.agg(...)`` bound by Polars' parameter names (none for the group
    size alone); ``name=expr`` arguments are aggregations with that name."""
    exprs = list(args.get("aggs", args.get("exprs", ())))
    named = dict(args.get("named_aggs", args.get("named_exprs", {})))
    if len(exprs) == 1 and isinstance(exprs[0], ast.List):
        exprs = list(exprs[0].elts)
    if not named and len(exprs) == 1 and ast.unparse(exprs[0]) == "pl.len()":
        return []
    return [read_agg(e, m) for e in exprs] + [read_agg(e, m, k) for k, e in named.items()]


def aggs_use_order(aggs: Sequence[Aggregation]) -> bool:
    """Whether an aggregation's value depends on the order of the rows (first, a list, ...)."""
    return any(uses_order(a.expr) if a.expr is not None else a.agg in _ORDERED_AGGS for a in aggs)


def check_aggs(schema: pl.Schema, aggs: Sequence[Aggregation]) -> None:
    """A NodeError for the first aggregation whose column is missing or of the wrong dtype."""
    require_columns(schema, [a.column for a in aggs if a.column is not None])
    for a in aggs:
        if a.column is not None:
            check_dtype(a.agg, a.column, schema[a.column])


def code(s: GroupBy, scope: Scope) -> Code:
    if not s.by:
        return Code(
            scope.input(0), (arguments(".select", [agg_expr(a) for a in s.aggs] or ["pl.len()"]),)
        )
    by = lit(s.by[0]) if len(s.by) == 1 else lit(s.by)
    ordered = scope.ordered if s.maintain_order is None else s.maintain_order
    group = call("group_by", by, maintain_order=ordered or None)
    return Code(scope.input(0), (group, agg_call(s.aggs)))


def input_order(s: GroupBy, ordered: bool) -> bool:
    """Groups come in input order only when asked for or seen; the aggregations' values
    depend on it only for first, last, lists and text joined in row order."""
    if aggs_use_order(s.aggs):
        return True
    if not s.by:
        return False
    return ordered if s.maintain_order is None else s.maintain_order


def check(s: GroupBy, schemas: Sequence[pl.Schema]) -> None:
    require_columns(schemas[0], s.by)
    check_aggs(schemas[0], s.aggs)
    if not s.by:
        _check_one_value(schemas[0], s.aggs)


def _check_one_value(schema: pl.Schema, aggs: Sequence[Aggregation]) -> None:
    """Without group keys every aggregation must give one value: ``pl.col("a") * 2`` would
    give a value per row, which Polars' select broadcasts instead of aggregating."""
    for a in aggs:
        if a.expr is None:
            continue
        try:
            rows = pl.LazyFrame(schema=schema).select(expressions.evaluate(a.expr)).collect()
        except NODE_FAILURES as exc:
            raise NodeError(f"{a.alias or a.expr}: {first_line(exc)}") from None
        if rows.height != 1:
            raise NodeError(
                f"{a.alias or a.expr}: without group keys an aggregation must give one value "
                "(end it with .sum(), .mean(), .max(), ...)"
            )


def read(m: Match) -> Iterator[Candidate]:
    """``.group_by(by, maintain_order=...).agg(...)``."""
    group, agg = m.bound(0), m.bound(1)
    if group.get("named_by"):
        raise Unmapped("group keys computed by name")
    by = strings(group.get("by", ())) + strings(group.get("more_by", ()))
    order = value(group["maintain_order"]) if "maintain_order" in group else False
    yield Candidate({"by": by, "maintain_order": order, "aggs": read_aggs(agg, m)})


def read_select(m: Match) -> Iterator[Candidate]:
    """``.select(...)`` of aggregations only: one row for all rows."""
    args = m.bound(0)
    exprs = list(args.get("exprs", ()))
    if len(exprs) == 1 and isinstance(exprs[0], ast.List):
        exprs = list(exprs[0].elts)
    given = [*exprs, *args.get("named_exprs", {}).values()]
    if not given or not all(_aggregates(e) for e in given):
        raise Unmapped("not aggregations alone")
    yield Candidate({"by": [], "aggs": read_aggs(args, m)})


# Methods whose value is one per group, and pl functions that are such aggregations.
_ONE_VALUE = frozenset(
    {
        *(set(get_args(Agg)) - {"concat", "list"}),
        "implode",
        "quantile",
        "product",
        "null_count",
        "any",
        "all",
        "approx_n_unique",
        "nan_max",
        "nan_min",
        "arg_max",
        "arg_min",
    }
)
_PL_ONE_VALUE = frozenset(_ONE_VALUE - {"any", "all"})
_NAMESPACES = frozenset({"str", "dt", "list", "arr", "struct", "cat", "name", "bin"})


def _aggregates(node: ast.AST) -> bool | None:
    """Whether expression code gives one value for all rows: True when every column it reads
    is aggregated, False when some column is read row by row (or the code is not understood),
    None for literals alone. Decided from the code as written, and strictly: an aggregation
    the reading misses stays a select, which computes the same."""
    if isinstance(node, ast.Constant):
        return None
    if isinstance(node, ast.Name):
        return None if node.id == "pl" else False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner, name = node.func.value, node.func.attr
        if isinstance(owner, ast.Name) and owner.id == "pl":
            if name in ("col", "all", "nth", "exclude", "first", "last") and not (
                name in ("first", "last") and node.args
            ):
                return False  # columns as they are, a value per row
            if name in _PL_ONE_VALUE or name == "count":
                return True
        elif name == "over":
            return False
        elif isinstance(owner, ast.Attribute) and owner.attr in _NAMESPACES:
            if owner.attr == "str" and name == "join":
                return True
        elif name in _ONE_VALUE:
            return True
    parts = [_aggregates(child) for child in ast.iter_child_nodes(node) if _expression(child)]
    if any(p is False for p in parts):
        return False
    return True if any(parts) else None


def _expression(node: ast.AST) -> bool:
    """Child nodes that are values (not operators, contexts or keyword wrappers)."""
    return isinstance(node, ast.expr | ast.keyword)


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


_UNORDERED = "aggregate with sum, mean, min, max, n_unique, ... instead"


def _nw_agg(a: Aggregation, keys: Sequence[str], schema: pl.Schema) -> str:
    """One aggregation said with Narwhals, or NotPortableError naming it and why."""
    if a.expr is None:
        if a.agg in _ORDERED_AGGS:
            raise not_portable(
                f"{a.agg} of {a.column} depends on row order or on lists, which Narwhals "
                "cannot give on other engines"
            )
    else:
        shown = a.alias or a.expr
        if uses_order(a.expr):  # the house's rule: only aggregations known not to read it
            raise not_portable(
                f"{shown}: its value may depend on row order, and engines other than Polars "
                f"keep none: {_UNORDERED}"
            )
        try:
            said = nw_expr(a.expr)
        except NotPortableError as exc:
            raise not_portable(f"{shown}: {exc}") from None
        check_lazy({shown: said}, schema, keys, instead=_UNORDERED)
    text = translate(agg_expr(a))
    return text if keys else _n_unique_of_nothing(text)


def _n_unique_of_nothing(text: str) -> str:
    """Without group keys an empty input still gives one row, where Polars counts 0 distinct
    values and Narwhals' SQL engines give null (a ``max`` over no rows): fill that null."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.string]
    lines = text.splitlines(keepends=True)
    # from the end, so that earlier positions stay where they are
    for i in reversed(range(1, len(tokens) - 2)):
        written = [t.string for t in tokens[i - 1 : i + 3]]
        if written == [".", "n_unique", "(", ")"]:
            row, column = tokens[i + 2].end
            line = lines[row - 1]
            lines[row - 1] = line[:column] + ".fill_null(0)" + line[column:]
    return "".join(lines)


def narwhals(s: GroupBy, scope: NwScope) -> Portable:
    schema = need_input_schemas(scope)[0]
    exprs = [_nw_agg(a, s.by, schema) for a in s.aggs]
    if not s.by:
        # one row for all rows: its order is defined
        select = arguments(".select", exprs or ["nw.len()"])
        return Portable(Code(scope.input(0), (select,)), order="sorts")
    by = lit(s.by[0]) if len(s.by) == 1 else lit(s.by)
    agg = arguments(".agg", exprs or ["nw.len()"])
    return Portable(Code(scope.input(0), (call("group_by", by), agg)), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(
        Reading(("group_by", "agg"), read),
        Reading(("select",), read_select, priority=-1),
    ),
    name="group_by",
    category="aggregate",
    settings=GroupBy,
    code=code,
    narwhals=narwhals,
    check=check,
    input_order=input_order,
    label="Group by",
    description="Group rows by columns and aggregate the others",
    var_name="grouped",
    examples=(
        {"by": ["region"], "aggs": [{"column": "amount", "agg": "sum", "alias": "total"}]},
        {
            "by": ["region", "customer"],
            "aggs": [
                {"column": "amount", "agg": "mean"},
                {"column": "amount", "agg": "n_unique"},
                {"column": "amount", "agg": "std"},
                {"column": "customer", "agg": "concat", "alias": "names"},
            ],
        },
        {"by": ["region"], "aggs": [{"column": "amount", "agg": "list"}]},
        {"by": ["region"]},
        {"by": []},
        {
            "aggs": [
                {"column": "amount", "agg": "sum", "alias": "total"},
                {"expr": 'pl.col("amount").max() - pl.col("amount").min()', "alias": "spread"},
                {"column": "customer", "agg": "n_unique"},
            ]
        },
        {
            "by": ["region"],
            "aggs": [
                {"expr": '(pl.col("amount") * pl.col("quantity")).sum()', "alias": "revenue"},
                {"expr": '0.2 * pl.col("quantity").mean()', "alias": "small"},
                {"expr": 'pl.col("amount").sum() / pl.col("quantity").sum()'},
                {"expr": 'pl.col("customer").first()', "alias": "first_customer"},
            ],
        },
        {
            "by": ["customer"],
            "maintain_order": False,
            "aggs": [
                {"column": "amount", "agg": "median"},
                {"column": "amount", "agg": "min"},
                {"column": "amount", "agg": "max"},
                {"column": "amount", "agg": "count"},
                {"column": "region", "agg": "first"},
                {"column": "region", "agg": "last"},
                {"column": "quantity", "agg": "var"},
                {"column": "quantity", "agg": "len"},
                {"column": "tags", "agg": "concat", "separator": " | "},
            ],
        },
    ),
)

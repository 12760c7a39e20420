"""Keep, reorder, rename and cast columns in one step (the canvas shows one row per column);
a row may also be a computed column, an expression checked like a formula's.

Rows whose ``keep`` is off are left out of the code entirely, so a column that has since
disappeared upstream is only an error while it is still kept.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from ..errors import NodeError, NotPortableError
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
from ._narwhals import (
    NwScope,
    Portable,
    check_lazy,
    need_input_schemas,
    not_portable,
    nw_dtype,
    nw_expr,
    translated,
)
from ._reading import Candidate, Match, Reading, Unmapped, col_name, dtype_name, method, value
from ._row_order import uses_order


class SelectColumn(Settings):
    model_config = ConfigDict(
        json_schema_extra={
            "x-modes": [
                {"title": "Column", "fields": ["column"]},
                {"title": "Expression", "fields": ["expr"]},
            ]
        }
    )

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


def _calls(node: ast.expr, name: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
    )


def _cast(node: ast.expr) -> str | None:
    """The dtype name of ``.cast(pl.T)`` when ``dtype`` writes it back as written."""
    _, _, call = method(node, "cast")
    if len(call.args) != 1 or call.keywords:
        return None
    name = dtype_name(call.args[0])
    if name is None or dtype(name) != ast.unparse(call.args[0]):
        return None
    return name


def _column(node: ast.expr, m: Match, rename: str | None = None) -> dict[str, Any]:
    """``"a"``, ``pl.col("a")`` or an expression, then ``[.cast(pl.T)][.alias("b")]``
    (``rename``: the name a keyword argument gives it)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and rename is None:
        return {"column": node.value}
    out: dict[str, Any] = {}
    if rename is not None:
        out["rename"] = rename
    elif _calls(node, "alias"):
        inner, _, call = method(node, "alias")
        if len(call.args) == 1 and not call.keywords:
            out["rename"] = value(call.args[0])
            node = inner
    if _calls(node, "cast") and (kind := _cast(node)) is not None:
        out["cast"] = kind
        node = method(node, "cast")[0]
    try:
        out["column"] = col_name(node)
    except Unmapped:
        out["expr"] = m.text(node)
    if out.get("rename") is not None and out["rename"] == out.get("column"):
        out["expr"] = col(out.pop("column"))  # pl.col("a").alias("a"): written as an expression
    return out


def read(m: Match) -> Iterator[Candidate]:
    """Columns as written: names, ``pl.col`` with a cast and a new name, or computed columns
    (``name=expr`` arguments too)."""
    args = m.bound(0)
    exprs = list(args.get("exprs", ()))
    if len(exprs) == 1 and isinstance(exprs[0], ast.List):
        exprs = list(exprs[0].elts)
    columns = [_column(e, m) for e in exprs]
    columns += [_column(e, m, name) for name, e in args.get("named_exprs", {}).items()]
    yield Candidate({"columns": columns})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


_IN_ORDER = "a Window step with order_by columns says which order"


def narwhals(s: Select, scope: NwScope) -> Portable:
    computed: dict[str, str] = {}
    for c in s.columns:
        if c.keep and c.cast is not None:
            nw_dtype(c.cast)
        if c.keep and c.expr is not None:
            name = c.rename or c.expr
            try:
                computed[name] = nw_expr(c.expr)
            except NotPortableError as exc:
                raise not_portable(f"{name}: {exc}") from None
    polars = code(s, scope)  # its node errors first
    check_lazy(computed, need_input_schemas(scope)[0], instead=_IN_ORDER)
    return Portable(translated(polars))


# -- end of Narwhals ---------------------------------------------------------------------------
def input_order(s: Select, ordered: bool) -> bool:
    return ordered or any(c.expr is not None and c.keep and uses_order(c.expr) for c in s.columns)


NODE = NodeType(
    # the general reading of a select: the nodes that write a select of their own read first
    readings=(Reading(("select",), read, priority=-2),),
    name="select",
    category="transform",
    settings=Select,
    code=code,
    narwhals=narwhals,
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

"""Formula: add or replace columns computed from Polars expression text.

Expression text goes through the allow-list in ``flowfile_jupyter/expressions.py`` (via
``expr()``), so a formula can build Polars expressions and nothing else.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Iterator

from pydantic import Field, field_validator

from ..errors import NodeError, NotPortableError
from ._base import Code, Expression, NodeType, Scope, Settings, expr, lit
from ._narwhals import (
    NwScope,
    Portable,
    check_lazy,
    need_input_schemas,
    not_portable,
    nw_expr,
    translated,
)
from ._reading import Candidate, Match, Reading, Unmapped, method, value
from ._row_order import any_uses_order


class Formula(Settings):
    name: str = Field(min_length=1, description="Output column (replaced when it exists)")
    expr: Expression = Field(description='Polars expression, e.g. pl.col("a") * 2')


class WithColumns(Settings):
    columns: list[Formula] = Field(default_factory=list, description="Columns to compute")

    @field_validator("columns")
    @classmethod
    def _unique_names(cls, value: list[Formula]) -> list[Formula]:
        seen: set[str] = set()
        for f in value:
            if f.name in seen:
                raise ValueError(f"two formulas are named '{f.name}'; each needs its own name")
            seen.add(f.name)
        return value


# Expressions that can take .alias(...) without parentheses.
_ATOMS = (ast.Call, ast.Attribute, ast.Subscript, ast.Name)


def _value(f: Formula) -> tuple[str, bool]:
    """The checked expression text, and whether ``.alias()`` can follow it directly."""
    text = expr(f.expr)
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    else:
        # A bare literal: with_columns would read a string as a column name, so say pl.lit.
        return f"pl.lit({text})", True
    return text, isinstance(ast.parse(text, mode="eval").body, _ATOMS)


def _is_keyword_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def code(s: WithColumns, scope: Scope) -> Code:
    if not s.columns:
        raise NodeError("add a column: give it a name and an expression")
    values = []
    for f in s.columns:
        try:
            values.append(_value(f))
        except NodeError as exc:
            raise NodeError(f"{f.name}: {exc}") from None
    # Keyword arguments must come last in a call, and with_columns adds columns in argument
    # order: use name=expr for the trailing run of identifier names, .alias() before it.
    first_kw = len(s.columns)
    while first_kw > 0 and _is_keyword_name(s.columns[first_kw - 1].name):
        first_kw -= 1
    args = []
    for i, (f, (text, atom)) in enumerate(zip(s.columns, values, strict=True)):
        if i >= first_kw:
            args.append(f"{f.name}={text}")
        else:
            args.append(f"{text if atom else f'({text})'}.alias({lit(f.name)})")
    return Code(scope.input(0), (f".with_columns({', '.join(args)})",))


def read(m: Match) -> Iterator[Candidate]:
    """``expr.alias("name")`` and ``name=expr`` arguments, each a formula."""
    args = m.bound(0)
    columns = []
    for node in args.get("exprs", ()):
        inner, _, alias = method(node, "alias")
        if len(alias.args) != 1:
            raise Unmapped("an alias without a name")
        columns.append({"name": value(alias.args[0]), "expr": m.text(inner)})
    for name, node in args.get("named_exprs", {}).items():
        columns.append({"name": name, "expr": m.text(node)})
    yield Candidate({"columns": columns})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


_IN_ORDER = "a Window step with order_by columns says which order"


def narwhals(s: WithColumns, scope: NwScope) -> Portable:
    computed: dict[str, str] = {}
    for f in s.columns:
        try:
            computed[f.name] = nw_expr(f.expr)
        except NotPortableError as exc:
            raise not_portable(f"{f.name}: {exc}") from None
    polars = code(s, scope)  # its node errors first
    check_lazy(computed, need_input_schemas(scope)[0], instead=_IN_ORDER)
    return Portable(translated(polars))


# -- end of Narwhals ---------------------------------------------------------------------------
def input_order(s: WithColumns, ordered: bool) -> bool:
    """Rows stay in input order; only expressions such as ``shift`` or ``cum_sum`` read it."""
    return ordered or any_uses_order(f.expr for f in s.columns)


NODE = NodeType(
    readings=(Reading(("with_columns",), read, priority=-1),),
    name="with_columns",
    category="transform",
    settings=WithColumns,
    code=code,
    narwhals=narwhals,
    input_order=input_order,
    label="Formula",
    description="Add or replace columns computed from expressions",
    var_name="computed",
    examples=(
        {"columns": [{"name": "total", "expr": 'pl.col("amount") * pl.col("quantity")'}]},
        {
            "columns": [
                {"name": "amount", "expr": 'pl.col("amount").fill_null(0)'},
                {
                    "name": "size",
                    "expr": 'pl.when(pl.col("amount") > 100).then(pl.lit("big"))'
                    '.otherwise(pl.lit("small"))',
                },
                {"name": "one", "expr": "1"},
            ]
        },
        {
            "columns": [
                {"name": "unit price", "expr": 'pl.col("amount") / pl.col("quantity")'},
                {"name": "class", "expr": '"x"'},
                {"name": "year", "expr": 'pl.col("order_date").dt.year()'},
            ]
        },
    ),
)

"""What a SQL query may read in a flow that is not trusted: its input tables, nothing else.

Polars SQL has table functions (``read_csv('...')``, ``read_parquet``, ``read_ipc``,
``read_json``) that read any file, and statements other than queries. The query is parsed with
sqlglot and refused unless it is one query whose every table is an input (``df``, ``df1``, ...)
or one of its own named subqueries. Because Polars parses SQL with another parser, the names of
its table functions are also refused wherever they appear in the text (a string, a comment): a
disagreement between the two parsers can then only refuse a query, never admit one.

Prediction runs the query over empty inputs, where only literals make rows; cross joins of
literal rows multiply, so the rows a query can make while predicting are bounded, and so are
the text functions that grow values (LPAD, RPAD, REPLACE).
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Mapping, Sequence

import sqlglot
from sqlglot import exp

from ..errors import NodeError
from ..expressions.sizes import MAX_BYTES, MAX_SIZE

# Polars' SQL table functions (crates/polars-sql/src/table_functions.rs: read_csv, read_parquet,
# read_ipc, read_json) and the names Polars gives its other readers, should SQL gain them.
_FILE_WORDS = re.compile(
    r"(?<![\w$])read_(csv|parquet|ipc|json|ndjson|delta|excel|avro|lines|database)(?![\w$])",
    re.IGNORECASE,
)
_TRUST = "load the flow with trust=True if you trust where it came from"


MAX_LENGTH = 100_000  # characters: sqlglot reads about that much in a second


def confine(query: str, tables: Sequence[str]) -> None:
    """A NodeError unless ``query`` is one query that reads only ``tables``."""
    if len(query) > MAX_LENGTH:
        raise NodeError(f"the query is longer than {MAX_LENGTH:,} characters")
    word = _FILE_WORDS.search(query)
    if word is not None:
        raise NodeError(
            f"the query mentions {word.group(0)}: SQL table functions read files, which an "
            f"untrusted flow may not do ({_TRUST})"
        )
    try:
        statements = [s for s in sqlglot.parse(query) if s is not None]
    except sqlglot.errors.SqlglotError as exc:
        raise NodeError(f"the query could not be checked: {_first(exc)}") from None
    if len(statements) != 1:
        raise NodeError("write one SQL statement (a SELECT)")
    statement = statements[0]
    if not isinstance(statement, exp.Query):
        raise NodeError(
            f"only queries (SELECT ...) are allowed, not {statement.key.upper()} ({_TRUST})"
        )
    names = _named_subqueries(statement)
    for source in _sources(statement):
        _check_source(source, tables, names)
    growth = _growth(statement)
    rows = max([_rows(s, names) for s in statement.find_all(exp.Select)] or [1.0])
    if rows > MAX_SIZE:
        raise NodeError(
            f"the query can make {_amount(rows)} rows from literals; the limit is {MAX_SIZE:,}"
        )
    if rows * growth * 8 > MAX_BYTES:
        raise NodeError(
            "the query can build more than 256 MB from literals while its schema is predicted "
            "(LPAD / RPAD widths and REPLACE texts multiply); use smaller sizes"
        )


def _first(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _amount(value: float) -> str:
    return f"{value:,.0f}" if math.isfinite(value) and value < 1e15 else f"{value:.1e}"


def _named_subqueries(statement: exp.Expr) -> dict[str, exp.Expr]:
    names: dict[str, exp.Expr] = {}
    for with_ in statement.find_all(exp.With):
        if with_.args.get("recursive"):
            raise NodeError("WITH RECURSIVE is not allowed in an untrusted flow")
        for cte in with_.expressions:
            names[cte.alias_or_name] = cte.this
    return names


def _sources(statement: exp.Expr) -> list[exp.Expr]:
    """Everything a FROM or JOIN reads, anywhere in the query."""
    found = []
    for clause in statement.find_all(exp.From, exp.Join):
        found.append(clause.this)
    found.extend(statement.find_all(exp.Table))
    return found


def _check_source(source: exp.Expr, tables: Sequence[str], names: Mapping[str, exp.Expr]) -> None:
    if isinstance(source, exp.Subquery):
        return  # its own sources are checked where they are
    if not isinstance(source, exp.Table) or not isinstance(source.this, exp.Identifier):
        what = source.sql()[:60]
        raise NodeError(
            f"FROM {what} is not allowed: the query may read only its input tables "
            f"({', '.join(tables)}) and its own WITH subqueries ({_TRUST})"
        )
    if source.args.get("db") or source.args.get("catalog"):
        inputs = ", ".join(tables)
        raise NodeError(f"{source.sql()} is not an input table (the inputs are {inputs})")
    name = source.name
    if name not in tables and name not in names:
        raise NodeError(
            f"relation '{name}' was not found (the inputs are tables {', '.join(tables)})"
        )


def _rows(select: exp.Select, names: Mapping[str, exp.Expr]) -> float:
    """An upper bound on the rows a SELECT makes when every input table is empty."""
    source = select.args.get("from_") or select.args.get("from")
    rows = 1.0 if source is None else _source_rows(source.this, names)
    for join in select.args.get("joins") or []:
        rows *= max(1.0, _source_rows(join.this, names))
    if select.args.get("group") is None and any(
        isinstance(e, exp.AggFunc) for e in select.expressions for e in e.find_all(exp.AggFunc)
    ):
        rows = 1.0  # an aggregate without GROUP BY: one row, even from an empty table
    for unnest in select.find_all(exp.Unnest):
        rows *= max(1.0, float(sum(1 for _ in unnest.find_all(exp.Literal))))
    limit = select.args.get("limit")
    if limit is not None and isinstance(limit.expression, exp.Literal):
        with contextlib.suppress(ValueError):
            rows = min(rows, float(limit.expression.this))
    return rows


def _source_rows(source: exp.Expr, names: Mapping[str, exp.Expr]) -> float:
    if isinstance(source, exp.Table):
        body = names.get(source.name)
        return 0.0 if body is None else _query_rows(body, names)
    if isinstance(source, exp.Subquery):
        return _query_rows(source.this, names)
    return float(MAX_SIZE + 1)


def _query_rows(query: exp.Expr, names: Mapping[str, exp.Expr]) -> float:
    if isinstance(query, exp.Select):
        return _rows(query, names)
    if isinstance(query, exp.SetOperation):
        return _query_rows(query.this, names) + _query_rows(query.expression, names)
    if isinstance(query, exp.Subquery):
        return _query_rows(query.this, names)
    return float(MAX_SIZE + 1)


def _growth(statement: exp.Expr) -> float:
    """How much the text functions can multiply the size of a value."""
    growth = 1.0
    for pad in statement.find_all(exp.Pad):
        width = pad.expression
        if not (isinstance(width, exp.Literal) and not width.is_string):
            raise NodeError(f"{pad.sql()[:60]}: write the width as a number")
        number = float(width.this)
        if number > MAX_SIZE:
            raise NodeError(f"{pad.sql()[:60]}: the width is at most {MAX_SIZE:,}")
        growth *= max(1.0, number)
    for replace in statement.find_all(exp.Replace):
        value = replace.args.get("replacement")
        if value is None:
            continue
        if not (isinstance(value, exp.Literal) and value.is_string):
            raise NodeError(f"{replace.sql()[:60]}: write the replacement as text")
        growth *= 1.0 + len(value.this)
    return growth

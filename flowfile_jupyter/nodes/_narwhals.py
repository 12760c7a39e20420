"""What a node's Narwhals code is made of, and the helpers node files write it with.

A flow runs on DuckDB, Spark or SQLFrame through Narwhals, whose lazy API is a subset of Polars'
with Polars' names. Each node file says in its own ``narwhals()`` function what its Narwhals code
is, or raises ``NotPortableError`` saying why there is none (for some settings, or at all); a node
type without such a function is not portable. One rule, in one place per node.

Engines other than Polars keep no row order: a node also says what it does to the order of its
rows (``Portable.order``), and a node whose result depends on that order (the first rows, a
running total without an order key) is portable only when its input's order is defined.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import polars as pl

from .. import expressions
from ..errors import NodeError, NotPortableError, first_line
from ._base import Code, Scope, Sink, kwargs, lit
from ._layout import arguments

# The Narwhals program writes node code inside a function: four spaces further in than Polars'.
IN_FUNCTION = 4

# keeps: rows come out in their input's order (a filter, a formula); sorts: in a defined order
# (a sort, and row-wise steps after it); loses: in no defined order (a group_by, a join).
Order = Literal["keeps", "sorts", "loses"]


@dataclass(frozen=True)
class Reader:
    """How generated code reaches one engine's own readers: ``backend=`` and its options.

    ``csv_as_text``: options that make the CSV reader read every column as text;
    ``csv_names``: the option that gives the columns their names (DuckDB trims the header's
    names, and Polars keeps them as they are).
    """

    backend: str = '"duckdb"'
    session: str | None = None
    csv_as_text: Mapping[str, Any] = field(default_factory=dict)
    csv_names: str | None = None
    quoted_paths: bool = True

    def path(self, path: str) -> str:
        """A file path as a literal for this engine's readers and writers. An engine that puts
        paths into SQL text unescaped (SQLFrame) gets no path with a quote in it."""
        if not self.quoted_paths and ("'" in path or '"' in path):
            raise not_portable(f"this engine cannot take a path with a quote in it: {path}")
        return lit(path)

    def options(self, **more: Any) -> str:
        """``backend="duckdb", ...``: the keyword arguments of a ``nw.scan_*`` call."""
        parts = [f"backend={self.backend}"]
        if self.session is not None:
            parts.append(f"session={self.session}")
        rendered = kwargs(**more)
        return ", ".join([*parts, rendered] if rendered else parts)


@dataclass(frozen=True)
class NwScope(Scope):
    """What a node's Narwhals code may use besides its inputs' names: the predicted schemas
    (engines infer types their own way; Polars' types are spelled out where they matter),
    whether each input's row order is defined, and the engine's readers (for sources)."""

    schema: pl.Schema | None = None
    schemas: tuple[pl.Schema, ...] = ()
    inputs_ordered: tuple[bool, ...] = ()  # whether each input's row order is defined
    reader: Reader = field(default_factory=Reader)


@dataclass(frozen=True)
class Portable:
    """A node's Narwhals code, what it does to row order, and (output nodes) its sink."""

    code: Code
    order: Order = "keeps"
    sink: Sink | None = None


def not_portable(reason: str) -> NotPortableError:
    return NotPortableError(reason)


def require_order(scope: NwScope, what: str) -> None:
    """Refuse a step whose result depends on row order when the input has none."""
    if not (scope.inputs_ordered and scope.inputs_ordered[0]):
        raise not_portable(
            f"{what} depends on row order, and engines other than Polars keep none: "
            "sort right before this step"
        )


def translate(text: str) -> str:
    """Polars code text with ``nw`` for ``pl``: Narwhals has Polars' names."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    lines = text.splitlines(keepends=True)
    previous = ""
    for tok in tokens:
        if tok.type == tokenize.NAME and tok.string == "pl" and previous != ".":
            row, column = tok.start
            line = lines[row - 1]
            lines[row - 1] = line[:column] + "nw" + line[column + 2 :]
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = tok.string
    return "".join(lines)


def translated(code: Code) -> Code:
    """A node's Polars code, said with Narwhals (for nodes whose calls Narwhals shares)."""
    return Code(translate(code.base), tuple(translate(c) for c in code.calls), code.setup)


def nw_expr(text: str) -> str:
    """A user's Polars expression said with Narwhals, checked against what Narwhals has."""
    normalized = expressions.parse(text)
    if "pl.date" in normalized:
        normalized = expressions.parse(_dates_as_text(normalized))
    narwhals_text = translate(normalized)
    _check_expression(narwhals_text)
    return narwhals_text


class _DateLiterals(ast.NodeTransformer):
    """``pl.date(1995, 3, 15)`` as ``pl.lit("1995-03-15").cast(pl.Date)``; likewise
    ``pl.datetime`` of literal parts (no time zone)."""

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "pl"
            and func.attr in ("date", "datetime")
            and not node.keywords
        ):
            return node
        parts = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if not all(type(p) is int for p in parts):
            return node
        try:
            if func.attr == "date":
                value, dtype = dt.date(*parts).isoformat(), "pl.Date"  # type: ignore[arg-type]
            else:
                value = dt.datetime(*parts).isoformat(sep=" ")  # type: ignore[arg-type]
                dtype = "pl.Datetime()"
        except (TypeError, ValueError):
            return node  # not a date: Polars says so
        literal = ast.parse(f"pl.lit({lit(value)}).cast({dtype})", mode="eval").body
        return ast.copy_location(literal, node)


def _dates_as_text(text: str) -> str:
    """Narwhals has no ``date()``: a date is its ISO text cast to a date, which every engine
    reads the same way."""
    tree = _DateLiterals().visit(ast.parse(text, mode="eval"))
    return ast.unparse(ast.fix_missing_locations(tree))


@lru_cache(maxsize=1024)
def _check_expression(text: str) -> None:
    import narwhals as nw

    try:
        eval(compile(text, "<expression>", "eval"), {"__builtins__": {}, "nw": nw})
    except AttributeError as exc:
        missing = getattr(exc, "name", None) or first_line(exc)
        raise not_portable(f"Narwhals has no {missing} (used in {text})") from None
    except NodeError:
        raise
    except Exception as exc:
        raise not_portable(f"Narwhals cannot express {text}: {first_line(exc)}") from None


# What Narwhals says (first words of its message) when a lazy engine cannot run an expression.
_LAZY_LIMITS = {
    "Order-dependent": "depends on row order, and engines other than Polars keep none",
    "Length-changing": "changes the number of rows, which engines other than Polars allow "
    "only inside an aggregation",
    "Found expression which does not aggregate": "gives a value per row, not one per group",
}


def check_lazy(
    exprs: Mapping[str, str], schema: pl.Schema, by: Sequence[str] = (), instead: str = ""
) -> None:
    """Refuse, by name, Narwhals expressions no lazy engine runs. Each is built (not run) over
    an empty frame of the input's columns, grouped by ``by`` when given: Narwhals itself says
    which depend on row order or change the number of rows (``instead``: what to do then)."""
    import narwhals as nw

    frame = nw.from_native(pl.LazyFrame(schema=schema))
    for name, text in exprs.items():
        try:
            value = eval(compile(text, "<expression>", "eval"), {"__builtins__": {}, "nw": nw})
            frame.group_by(*by).agg(value) if by else frame.select(value)
        except NodeError:
            raise
        except Exception as exc:
            said = first_line(exc)
            why = next((w for start, w in _LAZY_LIMITS.items() if said.startswith(start)), None)
            if why is None:
                raise not_portable(f"{name}: Narwhals cannot run it: {said}") from None
            said = f"{why}: {instead}" if instead else why
            raise not_portable(f"{name}: {said}") from None


def nw_col(name: str) -> str:
    return f"nw.col({lit(name)})"


_SIMPLE = {
    pl.Boolean: "Boolean",
    pl.Int8: "Int8",
    pl.Int16: "Int16",
    pl.Int32: "Int32",
    pl.Int64: "Int64",
    pl.UInt8: "UInt8",
    pl.UInt16: "UInt16",
    pl.UInt32: "UInt32",
    pl.UInt64: "UInt64",
    pl.Float32: "Float32",
    pl.Float64: "Float64",
    pl.String: "String",
    pl.Date: "Date",
}


def nw_dtype(dtype: pl.DataType | str) -> str:
    """``nw.Int64`` for a Polars dtype (or its name in node settings); refused when engines
    have no such type or give it other values (categoricals, times, binary)."""
    if isinstance(dtype, str):
        if dtype == "Datetime":
            return "nw.Datetime()"
        dtype = getattr(pl, dtype)
    for polars_type, name in _SIMPLE.items():
        if dtype == polars_type:
            return f"nw.{name}"
    if isinstance(dtype, pl.Datetime):
        return (
            f"nw.Datetime({lit(dtype.time_unit)})" if dtype.time_unit != "us" else "nw.Datetime()"
        )
    raise not_portable(f"the type {dtype} has no portable counterpart on other engines")


def casts(schema: pl.Schema, target: pl.Schema, names: Sequence[str] | None = None) -> list[str]:
    """``nw.col("a").cast(nw.Int64)`` for each column whose type differs from ``target``'s."""
    return [
        f"{nw_col(name)}.cast({nw_dtype(target[name])})"
        for name in (names if names is not None else schema.names())
        if name in target and schema[name] != target[name]
    ]


def with_columns(exprs: Sequence[str]) -> str:
    return arguments(".with_columns", exprs)


def from_text(schema: pl.Schema) -> list[str]:
    """Casts that give columns read as text the types in ``schema``."""
    return casts(pl.Schema(dict.fromkeys(schema.names(), pl.String())), schema)


def need_schema(scope: NwScope) -> pl.Schema:
    """The node's own predicted schema (nodes that spell out Polars' types need it)."""
    if scope.schema is None:
        raise not_portable("its columns are not known yet (the node has an error)")
    return scope.schema


def need_input_schemas(scope: NwScope) -> tuple[pl.Schema, ...]:
    if not scope.schemas:
        raise not_portable("its input columns are not known yet")
    return scope.schemas

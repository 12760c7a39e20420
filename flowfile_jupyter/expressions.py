"""Polars expression text, checked against an allow-list before it is ever evaluated.

Users type expressions such as ``pl.col("amount") > 100`` into filter and formula nodes, and
flow files carry them. Parsing with ``ast`` and walking an allow-list means opening a flow never
runs arbitrary code: only ``pl`` functions that build expressions, operators, literals and method
calls on expressions get through.
"""

from __future__ import annotations

import ast
import io
import tokenize
from functools import lru_cache
from typing import Any

import polars as pl

from .errors import NodeError, first_line

MAX_LENGTH = 10_000

_DTYPES = frozenset(
    name
    for name in dir(pl)
    if isinstance(getattr(pl, name), type) and issubclass(getattr(pl, name), pl.DataType)
)

_FUNCTIONS = (
    frozenset(
        {
            "col",
            "lit",
            "when",
            "all",
            "any",
            "len",
            "count",
            "sum",
            "mean",
            "median",
            "min",
            "max",
            "std",
            "var",
            "first",
            "last",
            "n_unique",
            "nth",
            "element",
            "exclude",
            "concat_str",
            "concat_list",
            "concat_arr",
            "format",
            "coalesce",
            "struct",
            "field",
            "int_range",
            "int_ranges",
            "date",
            "datetime",
            "time",
            "duration",
            "date_range",
            "date_ranges",
            "datetime_range",
            "time_range",
            "arange",
            "repeat",
            "zeros",
            "ones",
            "sum_horizontal",
            "min_horizontal",
            "max_horizontal",
            "mean_horizontal",
            "all_horizontal",
            "any_horizontal",
            "cum_sum",
            "cum_sum_horizontal",
            "arg_where",
            "arg_sort_by",
            "corr",
            "cov",
            "rolling_corr",
            "rolling_cov",
            "linear_space",
            "implode",
            "approx_n_unique",
            "head",
            "tail",
            "row_index",
            "cum_count",
            "cum_fold",
            "fold",
            "reduce",
            "dtype_of",
            "self_dtype",
            "Series",
        }
        - {"fold", "reduce", "cum_fold"}  # these take Python callables
    )
    | _DTYPES
)

# Method names on expressions that would hand data to Python code, print, or touch files.
_FORBIDDEN_METHODS = frozenset(
    {
        "map_elements",
        "map_batches",
        "map",
        "map_groups",
        "pipe",
        "apply",
        "inspect",
        "register_plugin",
        "from_json",
        "deserialize",
        "serialize",
        "write_json",
        "to_pandas",
        "collect",
        "show_graph",
    }
)


def is_function(name: str) -> bool:
    """Whether ``pl.<name>`` may appear in an expression."""
    return name in _FUNCTIONS


def is_method(name: str) -> bool:
    """Whether ``.<name>`` may be called on an expression."""
    return not name.startswith("_") and name not in _FORBIDDEN_METHODS


def _check(node: ast.AST, text: str) -> None:
    """Raise NodeError for the first construct that is not on the allow-list."""
    match node:
        case ast.Expression(body=body):
            _check(body, text)
        case ast.Constant(value=value):
            if not isinstance(value, (str, int, float, bool, type(None))):
                raise NodeError(f"literal {value!r} is not allowed in an expression")
        case ast.Name(id=name):
            if name != "pl":
                raise NodeError(
                    f"unknown name '{name}': expressions start from pl "
                    f'(for a column write pl.col("{name}"))'
                )
        case ast.Attribute(value=value, attr=attr):
            if attr.startswith("_"):
                raise NodeError(f"'{attr}' is not allowed in an expression")
            if isinstance(value, ast.Name) and value.id == "pl" and attr not in _FUNCTIONS:
                raise NodeError(f"pl.{attr} is not an expression function")
            if attr in _FORBIDDEN_METHODS:
                raise NodeError(f".{attr}() runs Python code and is not allowed in an expression")
            _check(value, text)
        case ast.Call(func=func, args=args, keywords=keywords):
            if not isinstance(func, ast.Attribute):
                raise NodeError("only pl functions and expression methods can be called")
            _check(func, text)
            for arg in args:
                if isinstance(arg, ast.Starred):
                    raise NodeError("*args is not allowed in an expression")
                _check(arg, text)
            for kw in keywords:
                if kw.arg is None:
                    raise NodeError("**kwargs is not allowed in an expression")
                _check(kw.value, text)
        case ast.BinOp(left=left, op=op, right=right):
            _check_constant_blowup(left, op, right)
            _check(left, text)
            _check(right, text)
        case ast.UnaryOp(operand=operand):
            _check(operand, text)
        case ast.Compare(left=left, comparators=comparators):
            if len(comparators) > 1:
                raise NodeError("chained comparisons are ambiguous; use .is_between() or &")
            _check(left, text)
            _check(comparators[0], text)
        case ast.BoolOp(op=op):
            symbol = "&" if isinstance(op, ast.And) else "|"
            word = "and" if isinstance(op, ast.And) else "or"
            raise NodeError(f"use {symbol} instead of '{word}' between expressions")
        case ast.List(elts=elts) | ast.Tuple(elts=elts) | ast.Set(elts=elts):
            for elt in elts:
                _check(elt, text)
        case ast.Dict(keys=keys, values=values):
            for key in keys:
                if key is None:
                    raise NodeError("**mapping is not allowed in an expression")
                _check(key, text)
            for value in values:
                _check(value, text)
        case ast.Subscript(value=value, slice=index):
            _check(value, text)
            _check(index, text)
        case ast.Slice(lower=lower, upper=upper, step=step):
            for part in (lower, upper, step):
                if part is not None:
                    _check(part, text)
        case ast.Lambda():
            raise NodeError("lambda is not allowed in an expression")
        case _:
            raise NodeError(f"{type(node).__name__} is not allowed in an expression")


def _check_constant_blowup(left: ast.AST, op: ast.operator, right: ast.AST) -> None:
    """Refuse Python-level arithmetic on literals that would hang the kernel (10**10**10)."""
    if not (isinstance(left, ast.Constant) and isinstance(right, ast.Constant | ast.BinOp)):
        return
    if isinstance(op, ast.Pow | ast.LShift) or (
        isinstance(op, ast.Mult) and isinstance(left.value, str)
    ):
        raise NodeError("arithmetic between two literals is not allowed; compute it yourself")


@lru_cache(maxsize=4096)
def parse(text: str) -> str:
    """Check expression text and return it normalized (one line, double quotes).

    Raises NodeError with a message for people: a syntax error points at the column.
    """
    if not text or not text.strip():
        raise NodeError("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise NodeError(f"the expression is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise NodeError(f"syntax error{where}: {exc.msg}") from None
    _check(tree, text)
    return _double_quoted(ast.unparse(tree))


def _double_quoted(source: str) -> str:
    """Rewrite 'x' string literals as "x" where that needs no escaping (ruff's style)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    out = source
    for tok in reversed(tokens):
        if tok.type != tokenize.STRING:
            continue
        literal = tok.string
        if literal.startswith("'") and '"' not in literal and "\\'" not in literal:
            start, end = tok.start[1], tok.end[1]
            out = out[:start] + '"' + literal[1:-1] + '"' + out[end:]
    return out


@lru_cache(maxsize=4096)
def _compiled(text: str) -> Any:
    return compile(text, "<expression>", "eval")


def evaluate(text: str) -> pl.Expr:
    """Evaluate checked expression text into a Polars expression."""
    normalized = parse(text)
    try:
        value = eval(_compiled(normalized), {"__builtins__": {}, "pl": pl})
    except Exception as exc:  # Polars or Python complaining about arguments
        raise NodeError(f"invalid expression: {first_line(exc)}") from None
    if not isinstance(value, pl.Expr):
        raise NodeError(f"expected a Polars expression, got {type(value).__name__}")
    return value

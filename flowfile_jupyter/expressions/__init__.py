"""Polars expression text, checked against a positive list before it is ever evaluated.

Users type expressions such as ``pl.col("amount") > 100`` into filter and formula nodes, and
flow files carry them. The text is parsed with ``ast`` and every part is checked for the kind of
value it stands for (``check``): only ``pl`` functions that build expressions, the methods of
expressions and their namespaces that return expressions (``api``), operators and literals get
through, with bounded sizes (``sizes``). So opening a flow never runs arbitrary code, and no
Series, frame, module or function is reachable from the text.
"""

from __future__ import annotations

import ast
import io
import tokenize
from functools import lru_cache
from typing import Any

import polars as pl

from ..errors import NodeError, first_line
from ..text_checks import broken_character
from .check import check

MAX_LENGTH = 10_000


SMALL = 1 << 16  # bytes: what an expression may build from literals and still run at once


def parse(text: str) -> str:
    """Check expression text and return it normalized (one line, double quotes).

    Raises NodeError with a message for people: a syntax error points at the column.
    """
    return _checked(text)[0]


@lru_cache(maxsize=8192)
def builds_data(text: str) -> bool:
    """Whether text (any setting) is an expression that can build more than a little data from
    literals: prediction then runs its plan with a time budget."""
    try:
        return _checked(text)[1] > SMALL
    except NodeError:
        return False


@lru_cache(maxsize=4096)
def _checked(text: str) -> tuple[str, int]:
    if not text or not text.strip():
        raise NodeError("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise NodeError(f"the expression is longer than {MAX_LENGTH} characters")
    _check_characters(text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise NodeError(f"syntax error{where}: {exc.msg}") from None
    except (MemoryError, RecursionError, ValueError):
        raise NodeError("the expression is nested too deeply") from None
    value = check(tree)
    return _double_quoted(ast.unparse(tree)), value.cost


def _check_characters(text: str) -> None:
    position = broken_character(text)
    if position is not None:
        raise NodeError(f"the expression has a broken character (a lone surrogate) at {position}")
    if "\x00" in text:
        raise NodeError(f"the expression has a NUL character at {text.index(chr(0)) + 1}")


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

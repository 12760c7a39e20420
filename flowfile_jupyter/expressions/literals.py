"""Arithmetic between Python literals in expression text, done here with limits first.

``2 * 1000`` or ``-1.5`` are fine; ``10 ** 10 ** 10`` would hold the kernel and ``"x" * 10**9``
would fill its memory before Polars ever sees the expression. So literal arithmetic is folded
here, on numbers only, with the size of the result checked before it is computed.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from ..errors import NodeError

MAX_BITS = 128  # Polars' widest integers (Int128 / UInt128)

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
}

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}

_PREFIX = "arithmetic between two literals"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, complex)


def binary(op: ast.operator, left: Any, right: Any) -> Any:
    """``left op right`` for two literal values, or a NodeError saying why not."""
    if isinstance(left, str) and isinstance(right, str) and isinstance(op, ast.Add):
        return left + right  # no longer than the expression text itself
    if isinstance(op, ast.Add):
        if isinstance(left, list) and isinstance(right, list):
            return left + right
        if isinstance(left, tuple) and isinstance(right, tuple):
            return left + right
    if not (is_number(left) and is_number(right)):
        kinds = f"{type(left).__name__} and {type(right).__name__}"
        raise NodeError(
            f"{_PREFIX} works on numbers only, not {kinds}; build text and lists with "
            "Polars (pl.lit(...), .str, .list)"
        )
    apply = _BINARY.get(type(op))
    if apply is None:
        raise NodeError(f"{_PREFIX}: {type(op).__name__} is not supported")
    _check_size(op, left, right)
    try:
        result = apply(left, right)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise NodeError(f"{_PREFIX}: {exc}") from None
    _check_result(result)
    return result


def unary(op: ast.unaryop, value: Any) -> Any:
    if not is_number(value):
        raise NodeError(f"{type(op).__name__} of {type(value).__name__} is not supported")
    if isinstance(op, ast.USub):
        return -value
    if isinstance(op, ast.UAdd):
        return +value
    if isinstance(op, ast.Invert) and isinstance(value, int):
        return ~value
    raise NodeError(f"{type(op).__name__} of {type(value).__name__} is not supported")


def compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    apply = _COMPARE.get(type(op))
    if apply is None or not (is_number(left) and is_number(right)):
        raise NodeError("comparing two literals: compare numbers with == != < <= > >=")
    return apply(left, right)


def _bits(value: Any) -> float:
    """About how many bits the integer part of a number needs."""
    magnitude = abs(value)
    if isinstance(magnitude, float) and not math.isfinite(magnitude):
        return 0.0
    return math.log2(magnitude) if magnitude > 1 else 0.0


def _check_size(op: ast.operator, left: Any, right: Any) -> None:
    too_big = False
    if isinstance(op, ast.Pow):
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            too_big = _bits(left) * right > MAX_BITS
        elif right > 0:
            too_big = abs(left) > 1 and _bits(left) * right > 1024
    elif isinstance(op, ast.LShift):
        too_big = right > MAX_BITS
    elif isinstance(op, ast.Mult):
        too_big = _bits(left) + _bits(right) > 1024
    if too_big:
        raise NodeError(f"{_PREFIX} gives a number larger than Polars holds; compute it yourself")


def _check_result(result: Any) -> None:
    if isinstance(result, int) and not isinstance(result, bool) and _bits(result) > MAX_BITS:
        raise NodeError(f"{_PREFIX} gives a number larger than Polars holds (over 2**128)")

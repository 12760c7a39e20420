"""Upper bounds of numbers while predicting: how large a value an expression can make.

Literals have a known size; sums, products and powers of them grow it. A size parameter that
takes such a value (``repeat_by(pl.lit(10) ** 12)``) is checked against the limits of
``sizes`` with this bound, so arithmetic on literals cannot slip past them.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Sequence

from . import literals, sizes
from .values import DTYPE, LITERAL, Value


def of_call(
    key: str, receiver: Value | None, args: list[Value], kwargs: dict[str, Value]
) -> float | None:
    """An upper bound on the call's size as a number while predicting, when one is known."""
    name = key.split(".", 1)[1]
    operands = [v for v in (*args, *kwargs.values()) if numeric(v)]
    if receiver is None:
        if key == "pl.lit":
            return args[0].bound if args else None
        if key == "pl.when":
            return 0.0
        if name in ("max_horizontal", "min_horizontal", "coalesce"):
            return largest(operands)
        if name == "sum_horizontal":
            return total(operands)
        return None
    if name in ("then", "otherwise", "when"):
        return largest([receiver, *operands])
    if name in sizes.KEEPS_SIZE:
        return largest([receiver, *operands])
    if name in sizes.ADDS:
        return total([receiver, *operands])
    if name in sizes.MULTIPLIES:
        if name == "pow" and operands:
            return power(receiver.bound, operands[0].bound)
        return product([receiver, *operands])
    if name in sizes.SUMS:
        rows = max(1.0, receiver.cost / 8)
        return None if receiver.bound is None else receiver.bound * rows
    return None


def numeric(value: Value) -> bool:
    """Whether a value can be a number (not a data type, not a literal string or list)."""
    if value.kind is DTYPE:
        return False
    return not (value.kind is LITERAL and not literals.is_number(value.const))


def largest(values: Sequence[Value]) -> float | None:
    bounds = [v.bound for v in values]
    return None if any(b is None for b in bounds) else max((b or 0.0 for b in bounds), default=0)


def total(values: Sequence[Value]) -> float | None:
    bounds = [v.bound for v in values]
    return None if any(b is None for b in bounds) else sum(b or 0.0 for b in bounds)


def product(values: Sequence[Value]) -> float | None:
    result = 1.0
    for value in values:
        if value.bound is None:
            return None
        result *= value.bound
    return result


def power(base: float | None, exponent: float | None) -> float | None:
    if base is None or exponent is None:
        return None
    if base <= 1:
        return 1.0
    return math.inf if exponent * math.log2(base) > 1000 else float(base**exponent)


def of_operator(op: ast.operator, left: Value, right: Value) -> float | None:
    a, b = left.bound, right.bound
    if a is None or b is None:
        return None
    if isinstance(op, ast.Add | ast.Sub):
        return a + b
    if isinstance(op, ast.Mult):
        return a * b
    if isinstance(op, ast.Div | ast.FloorDiv):
        divisor = right.const if right.known else None
        if isinstance(divisor, int | float) and divisor != 0 and math.isfinite(divisor):
            return a / abs(float(divisor))
        return None
    if isinstance(op, ast.Mod):
        return b
    if isinstance(op, ast.Pow):
        return power(a, b)
    if isinstance(op, ast.BitAnd):
        return min(a, b)
    return 2 * max(a, b)

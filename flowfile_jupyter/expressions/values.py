"""What a piece of expression text stands for, as the checker sees it before anything runs.

The checker walks the syntax tree and gives every sub-expression a ``Value``: its kind (an
expression, a namespace of one, a literal, a data type, a ``pl`` function or method not called
yet) and what is known about it while predicting, when every input has zero rows: its constant
value, whether it comes from the data, and upper bounds on the bytes it can build and on its
size as a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


PL: Final = _Marker("the polars module")
LITERAL: Final = _Marker("a literal")
DTYPE: Final = _Marker("a data type")
UNKNOWN: Final = _Marker("unknown")


@dataclass(frozen=True)
class Member:
    """``pl.col`` or ``<expr>.round`` before it is called: only calling it is allowed."""

    owner: type | None  # None for a pl function
    name: str
    function: Any
    returns: type | None
    union: bool  # Polars annotates ``Expr | Series``: an expression unless eager=True


@dataclass(frozen=True)
class Value:
    kind: Any  # PL, LITERAL, DTYPE, a Member, or a Polars class (Expr, a namespace, When, ...)
    const: Any = UNKNOWN  # the Python value when known (a literal, pl.lit(literal), a dtype)
    data: bool = False  # comes from the frame's columns
    cost: int = 8  # bytes it can build while predicting (cells, for a data type)
    bound: float | None = None  # upper bound of its size as a number while predicting
    plain: bool = False  # straight from columns, with no constant mixed in

    @property
    def known(self) -> bool:
        return self.const is not UNKNOWN

"""Row-order rules that node types share (see engine/order.py for how a flow uses them).

Whether expression text depends on row order is decided by a positive list: row-wise
operations and aggregations whose value does not depend on the order of the rows. Anything not
on it (``shift``, ``cum_sum``, ``first``, ``rank``, ``int_range``, ...) counts as depending on
order, which is always correct and at worst keeps an upstream join ordered.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..errors import NodeError
from ._base import choices, expr

# ``maintain_order: bool | None`` as the canvas offers it.
ORDER_CHOICES = choices(
    (None, "Automatic"), (True, "Keep the input's order"), (False, "Any order (faster)")
)

_FREE = frozenset(
    {
        # building expressions
        "col",
        "lit",
        "when",
        "then",
        "otherwise",
        "exclude",
        "alias",
        "cast",
        "strict_cast",
        "concat_str",
        "format",
        "coalesce",
        "struct",
        "field",
        "date",
        "datetime",
        "time",
        "duration",
        "over",
        # row-wise
        "is_null",
        "is_not_null",
        "is_nan",
        "is_not_nan",
        "is_finite",
        "is_infinite",
        "fill_nan",
        "fill_null",
        "abs",
        "round",
        "floor",
        "ceil",
        "sqrt",
        "log",
        "log10",
        "exp",
        "pow",
        "clip",
        "sign",
        "is_in",
        "is_between",
        "not_",
        "and_",
        "or_",
        "xor",
        "eq",
        "ne",
        "gt",
        "ge",
        "lt",
        "le",
        "add",
        "sub",
        "mul",
        "truediv",
        "floordiv",
        "mod",
        "neg",
        "replace",
        "replace_strict",
        "sum_horizontal",
        "min_horizontal",
        "max_horizontal",
        "mean_horizontal",
        "all_horizontal",
        "any_horizontal",
        "is_duplicated",
        "is_unique",
        # aggregations whose value does not depend on row order
        "sum",
        "mean",
        "median",
        "min",
        "max",
        "std",
        "var",
        "count",
        "len",
        "n_unique",
        "approx_n_unique",
        "null_count",
        "quantile",
        "product",
        "any",
        "all",
        "corr",
        "cov",
        "nan_max",
        "nan_min",
    }
)
_NAMESPACES = frozenset({"str", "dt", "list", "arr", "struct", "cat", "name", "bin"})
_NOT_FREE_IN = {"str": frozenset({"join", "concat"})}  # text of all rows, in row order


def follows(_settings: Any, ordered: bool) -> bool:
    """The rule of a node that keeps its rows in input order and whose values do not depend on
    it: the inputs' order matters exactly when this node's does."""
    return ordered


def never(_settings: Any, _ordered: bool) -> bool:
    """A node whose result has no row order to speak of (one row, counts)."""
    return False


@lru_cache(maxsize=4096)
def uses_order(text: str) -> bool:
    """Whether expression text may give different values for the same rows in another order.

    Text that does not parse counts as using order (it is a node error anyway)."""
    try:
        tree = ast.parse(expr(text), mode="eval")
    except (NodeError, SyntaxError):
        return True
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if isinstance(owner, ast.Attribute) and owner.attr in _NAMESPACES:
            if node.attr in _NOT_FREE_IN.get(owner.attr, ()):
                return True
            continue
        if node.attr in _NAMESPACES or _is_dtype(node):
            continue
        if node.attr not in _FREE or _has_order_keyword(tree, node):
            return True
    return False


def any_uses_order(texts: Iterable[str | None]) -> bool:
    return any(t is not None and uses_order(t) for t in texts)


def _is_dtype(node: ast.Attribute) -> bool:
    """``pl.Int64``, ``pl.Decimal``: data types, which do not touch rows."""
    return isinstance(node.value, ast.Name) and node.attr[:1].isupper()


_ORDER_KEYWORDS = frozenset({"mapping_strategy", "strategy"})


def _has_order_keyword(tree: ast.AST, attribute: ast.Attribute) -> bool:
    """``over(..., mapping_strategy="explode")`` returns rows in group order and
    ``fill_null(strategy="forward")`` reads the rows before: both depend on the input's order."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.func is attribute:
            return any(k.arg in _ORDER_KEYWORDS for k in node.keywords)
    return False

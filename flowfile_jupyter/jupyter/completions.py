"""What the expression editor offers after ``pl.``, after ``.`` and after ``.str.``: the
positive list of ``expressions/api.py`` as names with a one-line summary, so the editor
suggests only what a node will accept."""

from __future__ import annotations

from functools import cache
from typing import Any

import polars as pl

from ..expressions import api
from . import protocol as p

NAMESPACES = tuple(api.NAMESPACES)
_SUMMARY = 90  # characters of the docstring's first line


def _summary(obj: Any) -> str:
    doc = (getattr(obj, "__doc__", None) or "").strip()
    line = doc.splitlines()[0].strip() if doc else ""
    return line if len(line) <= _SUMMARY else line[: _SUMMARY - 1] + "…"


def _members(obj: Any, allowed: frozenset[str]) -> list[p.Completion]:
    return [
        {"name": name, "info": _summary(getattr(obj, name, None))}
        for name in sorted(allowed)
        if hasattr(obj, name)
    ]


@cache
def payload() -> p.Completions:
    """Sent once per canvas."""
    column = pl.col("x")
    return {
        "functions": _members(pl, api.FUNCTIONS | api.DTYPES),
        "methods": _members(pl.Expr, api.EXPR - set(NAMESPACES)),
        "namespaces": {ns: _members(getattr(column, ns), api.NAMESPACES[ns]) for ns in NAMESPACES},
    }

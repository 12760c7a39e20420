"""What the expression editor offers after ``pl.``, after ``.`` and after ``.str.``: the
allow-list of ``expressions.py`` as names with a one-line summary, so the editor suggests only
what a node will accept."""

from __future__ import annotations

from functools import cache
from typing import Any

import polars as pl

from .. import expressions
from . import protocol as p

NAMESPACES = ("str", "dt", "list", "arr", "struct", "cat", "name", "bin")
_SUMMARY = 90  # characters of the docstring's first line


def _summary(obj: Any) -> str:
    doc = (getattr(obj, "__doc__", None) or "").strip()
    line = doc.splitlines()[0].strip() if doc else ""
    return line if len(line) <= _SUMMARY else line[: _SUMMARY - 1] + "…"


def _members(obj: Any) -> list[p.Completion]:
    return [
        {"name": name, "info": _summary(getattr(obj, name, None))}
        for name in sorted(dir(obj))
        if expressions.is_method(name)
    ]


@cache
def payload() -> p.Completions:
    """Sent once per canvas."""
    column = pl.col("x")
    return {
        "functions": [
            {"name": name, "info": _summary(getattr(pl, name, None))}
            for name in sorted(dir(pl))
            if expressions.is_function(name)
        ],
        "methods": _members(pl.Expr),
        "namespaces": {ns: _members(getattr(column, ns)) for ns in NAMESPACES},
    }

"""How long code is laid out in generated programs, the way ruff formats it.

Node code is a chain of parts that the code generator writes one per line at four spaces of
indentation, so a part's own arguments go at eight and its closing parenthesis at four.
"""

from __future__ import annotations

from collections.abc import Sequence

WIDTH = 80  # a call part on one line: leaves room for the indentation and a variable name
LINE = 100  # ruff's line length for this project


def arguments(head: str, args: Sequence[str]) -> str:
    """``head(a, b)`` when it fits on a line, else one argument per line."""
    one = f"{head}({', '.join(args)})"
    if not args or (len(one) <= WIDTH and "\n" not in one):
        return one
    lines = "".join(f"        {a},\n" for a in args)
    return f"{head}(\n{lines}    )"


def fluent(parts: Sequence[str], keyword: str = "") -> str:
    """An argument ``keyword=a.b().c()`` on one line, or one call per line when too long."""
    head = f"{keyword}=" if keyword else ""
    one = head + "".join(parts)
    if 8 + len(one) + 1 <= LINE:
        return one
    return head + "\n        ".join(parts)

"""How long code is laid out in generated programs, the way ruff formats it.

Node code is a chain of parts that the code generator writes one per line at four spaces of
indentation, so a part's own arguments go at eight and its closing parenthesis at four.
"""

from __future__ import annotations

import ast
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


def wrapped(text: str, indent: int, lead: int = 0, deeper: int = 0) -> str:
    """One expression at ``indent`` (after ``lead`` characters such as ``| ``) over several lines
    when it is too long, the way ruff breaks it: the arguments of the call that ends it on their
    own line, or one per line. Anything else stays as it is. ``deeper``: how much further in the
    program indents the whole code (it counts for the width only)."""
    room = LINE - deeper
    if indent + lead + len(text) <= room or "\n" in text:
        return text
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return text
    last = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and n.end_col_offset == len(text) and (n.args or n.keywords)
    ]
    if not last or last[0].func.end_col_offset is None:
        return text
    call = last[0]  # the outermost: ast.walk goes outside in
    head = text[: call.func.end_col_offset]
    parts = [ast.get_source_segment(text, a) or "" for a in [*call.args, *call.keywords]]
    if indent + lead + len(head) + 1 > room:
        return text
    inner = " " * (indent + 4)
    together = ", ".join(parts)
    if indent + 4 + len(together) <= room:
        return f"{head}(\n{inner}{together}\n{' ' * indent})"
    listed = "".join(f"{inner}{p},\n" for p in parts)
    return f"{head}(\n{listed}{' ' * indent})"

"""The node catalog: every module in this package that defines ``NODE`` is a node type.

Adding a node type means adding one file here; nothing else needs to know its name.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import cache
from typing import Any

from ..errors import UnknownNodeTypeError
from ._base import Code, NodeType, Scope, Settings, Sink

__all__ = ["Code", "NodeType", "Scope", "Settings", "Sink", "catalog", "get"]

CATEGORY_ORDER = ("input", "transform", "combine", "aggregate", "output")


@cache
def catalog() -> dict[str, NodeType[Any]]:
    """All node types by name, in palette order (category, then module order)."""
    found: list[NodeType[Any]] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        node = getattr(module, "NODE", None)
        if isinstance(node, NodeType):
            found.append(node)
    found.sort(key=lambda n: (CATEGORY_ORDER.index(n.category), n.name))
    return {n.name: n for n in found}


def get(name: str) -> NodeType[Any]:
    try:
        return catalog()[name]
    except KeyError:
        close = difflib.get_close_matches(str(name), catalog(), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UnknownNodeTypeError(f"unknown node type '{name}'{hint}") from None

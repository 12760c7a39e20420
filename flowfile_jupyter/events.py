"""Edit events: what a subscriber (the canvas, autosave, a cache) hears after each edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EventKind = Literal[
    "add",
    "update",
    "connect",
    "disconnect",
    "remove",
    "move",
    "relabel",
    "undo",
    "redo",
    "load",
    "batch",
    "state",
]


@dataclass(frozen=True)
class FlowEvent:
    """``nodes``: the nodes the edit touched; ``changed``: nodes whose predicted state changed."""

    kind: EventKind
    nodes: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

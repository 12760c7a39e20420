"""Values computed from objects that stay the same objects while they do not change.

Nodes, node states and the payloads built from them are immutable, so anything derived from one
(the canvas's payload for it, that payload's JSON) can be kept for as long as the object is in
use. Each round (one sync of the canvas, one encoding) keeps only what it used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    def __init__(self) -> None:
        self._last: dict[Any, tuple[Any, Any, V]] = {}
        self._now: dict[Any, tuple[Any, Any, V]] = {}

    def get(self, source: Any, build: Callable[[Any], V], also: Any = None) -> V:
        """``build(source)``, kept while ``source`` (and ``also``, a second object the value
        depends on) stay the same objects."""
        key = id(source) if also is None else (id(source), id(also))
        hit = self._now.get(key) or self._last.get(key)
        if hit is None or hit[0] is not source or hit[1] is not also:
            hit = (source, also, build(source))
        self._now[key] = hit  # holding the sources keeps their ids from being reused
        return hit[2]

    def next_round(self) -> None:
        """Forget what the round that just ended did not use."""
        self._last, self._now = self._now, {}

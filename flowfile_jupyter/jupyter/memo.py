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
        self._last: dict[int, tuple[Any, V]] = {}
        self._now: dict[int, tuple[Any, V]] = {}

    def get(self, source: Any, build: Callable[[Any], V]) -> V:
        key = id(source)
        hit = self._now.get(key) or self._last.get(key)
        if hit is None or hit[0] is not source:
            hit = (source, build(source))
        self._now[key] = hit  # holding the source keeps its id from being reused
        return hit[1]

    def next_round(self) -> None:
        """Forget what the round that just ended did not use."""
        self._last, self._now = self._now, {}

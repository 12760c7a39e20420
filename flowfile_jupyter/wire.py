"""Traits that travel as JSON bytes, built from pieces each encoded once.

The canvas's ``states`` trait holds every node's schema. Sending it as an ordinary trait
re-walked (looking for binary buffers) and re-encoded all of them on every edit, which cost
more than predicting them. The widget keeps each node's payload as the same object until the
node changes, so the JSON of that object is kept too, and bytes cross the wire untouched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class JsonPieces:
    """Encodes containers whose items are mostly the same objects as in the last call."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}

    def mapping(self, items: Mapping[str, Any]) -> bytes:
        memo: dict[int, tuple[Any, bytes]] = {}
        parts = [encode(key) + b":" + self._piece(value, memo) for key, value in items.items()]
        self._memo = memo
        return b"{" + b",".join(parts) + b"}"

    def sequence(self, items: Sequence[Any]) -> bytes:
        memo: dict[int, tuple[Any, bytes]] = {}
        parts = [self._piece(value, memo) for value in items]
        self._memo = memo
        return b"[" + b",".join(parts) + b"]"

    def _piece(self, value: Any, memo: dict[int, tuple[Any, bytes]]) -> bytes:
        hit = self._memo.get(id(value))
        if hit is None or hit[0] is not value:
            hit = (value, encode(value))
        memo[id(value)] = hit  # holding the value keeps its id from being reused
        return hit[1]


def encode(value: Any) -> bytes:
    return _encode(value).encode()

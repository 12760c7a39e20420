"""Traits that travel as JSON bytes, built from pieces each encoded once.

The canvas's ``states`` trait holds every node's schema. Sending it as an ordinary trait
re-walked (looking for binary buffers) and re-encoded all of them on every edit, which cost
more than predicting them. The widget keeps each node's payload, and each schema in it, as the
same object while it does not change (nodes that keep their input's columns share one schema
object), so the JSON of that object is kept too, and bytes cross the wire untouched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

_Memo = dict[int, tuple[Any, bytes]]


def encode(value: Any) -> bytes:
    return _encode(value).encode()


class JsonPieces:
    """Encodes containers whose items (and the lists and dicts in them) are mostly the same
    objects as in the last call."""

    def __init__(self) -> None:
        self._memo: _Memo = {}

    def mapping(self, items: Mapping[str, Any]) -> bytes:
        memo: _Memo = {}
        parts = [encode(key) + b":" + self._item(value, memo) for key, value in items.items()]
        self._memo = memo
        return b"{" + b",".join(parts) + b"}"

    def sequence(self, items: Sequence[Any]) -> bytes:
        memo: _Memo = {}
        parts = [self._item(value, memo) for value in items]
        self._memo = memo
        return b"[" + b",".join(parts) + b"]"

    def _item(self, value: Any, memo: _Memo) -> bytes:
        if not isinstance(value, dict):
            return self._piece(value, memo)
        hit = self._memo.get(id(value))
        if hit is None or hit[0] is not value:
            fields = [encode(k) + b":" + self._piece(v, memo) for k, v in value.items()]
            hit = (value, b"{" + b",".join(fields) + b"}")
        memo[id(value)] = hit
        return hit[1]

    def _piece(self, value: Any, memo: _Memo) -> bytes:
        if not isinstance(value, list | dict):
            return encode(value)
        hit = memo.get(id(value)) or self._memo.get(id(value))
        if hit is None or hit[0] is not value:
            hit = (value, encode(value))
        memo[id(value)] = hit  # holding the value keeps its id from being reused
        return hit[1]

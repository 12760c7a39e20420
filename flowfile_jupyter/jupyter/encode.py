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

from .memo import IdentityMemo

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode(value: Any) -> bytes:
    return _encode(value).encode()


class JsonPieces:
    """Encodes containers whose items (and the lists and dicts in them) are mostly the same
    objects as in the last call."""

    def __init__(self) -> None:
        self._memo: IdentityMemo[bytes] = IdentityMemo()

    def mapping(self, items: Mapping[str, Any]) -> bytes:
        parts = [encode(key) + b":" + self._item(value) for key, value in items.items()]
        self._memo.next_round()
        return b"{" + b",".join(parts) + b"}"

    def sequence(self, items: Sequence[Any]) -> bytes:
        parts = [self._item(value) for value in items]
        self._memo.next_round()
        return b"[" + b",".join(parts) + b"]"

    def _item(self, value: Any) -> bytes:
        if isinstance(value, dict):
            return self._memo.get(value, self._fields)
        return self._piece(value)

    def _fields(self, value: dict[str, Any]) -> bytes:
        return b"{" + b",".join(encode(k) + b":" + self._piece(v) for k, v in value.items()) + b"}"

    def _piece(self, value: Any) -> bytes:
        if isinstance(value, list | dict):
            return self._memo.get(value, encode)
        return encode(value)

"""Cache keys: a content hash of what a node computes, never of where it sits on the canvas.

A node's key hashes its type, its settings, its inputs' keys (in port order) and, for sources,
the identity of the data they read: a file's path, size and mtime, a notebook variable's object
and shape (``NodeType.identity``). Labels and positions are not part of it, so renaming or
moving a node keeps its cached result; editing a node changes its key and, through the input
keys, the keys of everything downstream, and nothing upstream.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import weakref
from collections.abc import Container, Iterable, Mapping
from typing import Any

import polars as pl

from ..graph import Node, ancestors, topological_order
from ..nodes import get

SALT = f"flowfile-jupyter/keys-2/polars-{pl.__version__}"


def node_keys(
    nodes: Mapping[str, Node],
    targets: Iterable[str],
    namespace: Mapping[str, Any],
    identities: Mapping[str, str] | None = None,
    ordered: Container[str] | None = None,
) -> dict[str, str]:
    """The key of every node the targets depend on (the targets included).

    ``identities`` (from ``source_identities``, taken on the thread that owns the notebook's
    variables) replaces looking at the namespace here: a run on another thread must not call
    into frames the notebook may be using. ``ordered``: the nodes computed with their row order
    kept (None: all of them, as development mode does).
    """
    keys: dict[str, str] = {}
    for nid in topological_order(nodes, ancestors(nodes, targets)):
        node = nodes[nid]
        known = identities.get(nid) if identities is not None else source_identity(node, namespace)
        keys[nid] = node_key(
            node,
            [keys[s] if s else None for s in node.inputs],
            known,
            ordered is None or nid in ordered,
        )
    return keys


def source_identities(nodes: Mapping[str, Node], namespace: Mapping[str, Any]) -> dict[str, str]:
    """What each source node reads now (a file's stamp, a notebook object), by node id."""
    found: dict[str, str] = {}
    for nid, node in nodes.items():
        identity = source_identity(node, namespace)
        if identity is not None:
            found[nid] = identity
    return found


def source_identity(node: Node, namespace: Mapping[str, Any]) -> str | None:
    ntype = get(node.type)
    if ntype.identity is None and ntype.reads is None:
        return None
    parts: dict[str, Any] = {}
    if ntype.identity is not None:
        parts["identity"] = ntype.identity(node.settings, namespace)
    if ntype.reads is not None:
        parts["reads"] = {
            name: variable_identity(namespace.get(name)) for name in ntype.reads(node.settings)
        }
    return json.dumps(parts, default=str, separators=(",", ":"))


def node_key(
    node: Node, input_keys: list[str | None], identity: str | None, ordered: bool = True
) -> str:
    """``identity``: what a source reads (``source_identity``); ``ordered``: whether the
    result was computed with its row order kept: a result in any order is a different entry
    (it may not be shown as a preview). Sources read their rows in one order either way."""
    parts: dict[str, Any] = {
        "salt": SALT,
        "type": node.type,
        "settings": node.settings.model_dump_json(),
        "inputs": input_keys,
    }
    if not ordered and node.inputs:
        parts["unordered"] = True
    if identity is not None:
        parts["source"] = identity
    text = json.dumps(parts, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


_tokens: dict[int, tuple[Any, int]] = {}
_counter = itertools.count(1)
_tokens_lock = threading.Lock()


def variable_identity(obj: Any) -> str:
    """Which object a notebook variable holds: a token unique to the live object, and its shape.

    ``id()`` alone is not enough: Python reuses the id of a freed object, so a variable replaced
    by a new frame could get the old one's id. Objects that take weak references get a token that
    is never reused; the others are keyed by id, type and shape.
    """
    shape = getattr(obj, "shape", None)
    kind = f"{type(obj).__module__}.{type(obj).__qualname__}"
    token: int | str
    try:
        ref = weakref.ref(obj)
    except TypeError:
        token = f"id{id(obj)}"
    else:
        with _tokens_lock:
            held = _tokens.get(id(obj))
            if held is not None and held[0]() is obj:
                token = held[1]
            else:
                token = next(_counter)
                _tokens[id(obj)] = (ref, token)
                if len(_tokens) > 4096:
                    for k in [k for k, (r, _) in _tokens.items() if r() is None]:
                        del _tokens[k]
    return f"{kind}:{token}:{shape}"

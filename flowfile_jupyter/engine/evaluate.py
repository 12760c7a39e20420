"""Turning nodes into LazyFrames by evaluating their rendered Polars code (pure, synchronous).

The engine never calls Polars any other way: what runs is the text the code generator emits,
so the canvas, ``Flow.collect`` and the generated program cannot disagree.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from functools import lru_cache
from typing import Any

import polars as pl

from ..errors import NODE_FAILURES, NodeError, first_line
from ..graph import Node, missing_input, topological_order
from ..node_globals import node_globals
from ..nodes import Code, NodeType, Scope, get
from .order import observable


@lru_cache(maxsize=64)
def input_names(count: int) -> tuple[str, ...]:
    return tuple(f"in_{i}" for i in range(count))


@lru_cache(maxsize=8192)
def _compiled(text: str) -> Any:
    return compile(text, "<node>", "eval")


_RENDERED: dict[tuple[int, bool], tuple[Node, Code]] = {}


def render(node: Node, namespace: Mapping[str, Any], ordered: bool = True) -> Code:
    """The node's code over inputs named in_0, in_1, ...; ``ordered``: whether its row order
    can be seen (engine/order.py).

    Nodes are immutable (an edit makes a new one), so the code of a node that reads nothing
    from the notebook is rendered once and remembered: prediction renders every node downstream
    of an edit, and rendering parses expression text.
    """
    held = _RENDERED.get((id(node), ordered))
    if held is not None and held[0] is node:
        return held[1]
    ntype = get(node.type)
    scope = Scope(input_names(len(node.inputs)), node.id, namespace, ordered=ordered)
    code = ntype.code(node.settings, scope)
    if ntype.reads is None:
        if len(_RENDERED) >= 8192:
            _RENDERED.clear()
        _RENDERED[(id(node), ordered)] = (node, code)
    return code


def evaluate(
    node: Node,
    frames: Sequence[pl.LazyFrame],
    namespace: Mapping[str, Any],
    ordered: bool = True,
) -> pl.LazyFrame:
    """The node's LazyFrame over the given input frames (``ordered``: whether its row order
    can be seen; True is always correct). Raises NodeError for people."""
    ntype = get(node.type)
    code = render(node, namespace, ordered)
    env = _environment(ntype, node, frames, namespace)
    try:
        if code.setup:
            exec(code.setup, env)
        result = eval(_compiled(code.text), env)
    except NodeError:
        raise
    except NODE_FAILURES as exc:
        raise NodeError(first_line(exc)) from None
    if not isinstance(result, pl.LazyFrame):
        raise NodeError(f"the node produced a {type(result).__name__}, not a LazyFrame")
    return result


def _environment(
    ntype: NodeType[Any], node: Node, frames: Sequence[pl.LazyFrame], namespace: Mapping[str, Any]
) -> dict[str, Any]:
    # polars_code runs the user's own Python (trusted flows only); everything else is rendered
    env: dict[str, Any] = {"pl": pl} if ntype.trusted_only else node_globals()
    for name in ntype.reads(node.settings) if ntype.reads else ():
        if name not in namespace:
            raise NodeError(f"there is no variable named '{name}' in the notebook")
        env[name] = namespace[name]
    env.update(zip(input_names(len(frames)), frames, strict=True))
    return env


def sink(node: Node, frame: pl.LazyFrame, namespace: MutableMapping[str, Any]) -> Any:
    """Run an output node's effect (write a file, assign a variable)."""
    ntype = get(node.type)
    if ntype.sink is None:
        raise NodeError(f"{node.type} is not an output node")
    spec = ntype.sink(node.settings)
    env = node_globals(in_0=frame)
    try:
        value = eval(_compiled("in_0" + spec.call), env)
    except NODE_FAILURES as exc:
        raise NodeError(_sink_failure(exc)) from None
    if spec.assign is not None:
        namespace[spec.assign] = value
    return value


def frames(
    nodes: Mapping[str, Node],
    targets: Iterable[str],
    namespace: Mapping[str, Any],
    ready: Callable[[str], pl.LazyFrame | None] | None = None,
    then: Callable[[str, pl.LazyFrame], pl.LazyFrame] | None = None,
    label: Callable[[str], str] = str,
    keep_order: Iterable[str] = (),
) -> dict[str, pl.LazyFrame]:
    """Lazy plans for the targets, built once over their shared upstream nodes: the one loop
    that turns nodes into frames. ``ready`` may supply a frame for any node (a cached result);
    what is upstream of a ready node is not built. ``then`` sees each node's frame as it is
    built, upstream first, and returns the frame the nodes after it read (development mode
    materializes it there). The row order of the targets and of ``keep_order`` (the nodes
    development mode caches) is kept, and every other node's only where it shows in one of
    them (engine/order.py). Raises NodeError naming the node at fault."""
    needed: set[str] = set()
    given: dict[str, pl.LazyFrame] = {}
    targets_list = list(targets)
    stack = list(targets_list)
    while stack:
        nid = stack.pop()
        if nid in needed:
            continue
        needed.add(nid)
        found = ready(nid) if ready is not None else None
        if found is not None:
            given[nid] = found
            continue
        node = nodes[nid]
        problem = missing_input(node)
        if problem is not None:
            raise NodeError(f"{label(nid)}: {problem}", nid)
        stack.extend(s for s in node.inputs if s is not None)
    ordered = observable(nodes, [*targets_list, *keep_order], given)
    built: dict[str, pl.LazyFrame] = {}
    for nid in topological_order(nodes, needed):
        if nid in given:
            built[nid] = given[nid]
            continue
        node = nodes[nid]
        inputs = [built[s] for s in node.inputs if s is not None]
        try:
            frame = evaluate(node, inputs, namespace, nid in ordered)
        except NodeError as exc:
            raise NodeError(f"{label(nid)}: {exc}", nid) from None
        built[nid] = frame if then is None else then(nid, frame)
    return built


def _sink_failure(exc: BaseException) -> str:
    """A write into a folder that does not exist says so, rather than 'file not found'."""
    message = first_line(exc)
    if message.startswith("file not found: "):
        folder = os.path.dirname(message.removeprefix("file not found: "))
        if folder and not os.path.isdir(folder):
            return f"the folder {folder} does not exist (create it, or turn on mkdir)"
    return message

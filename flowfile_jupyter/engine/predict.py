"""Strict schema prediction, pure and synchronous: each node's output schema from its inputs'
schemas, no data read.

Every problem becomes a message on the node that has it; nothing raises out of a prediction.
Nodes whose output columns depend on the data (pivot) say ``needs_data`` and get the real
upstream plans; sources read only headers or metadata.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

import polars as pl

from .. import expressions, graph
from ..deadline import collect_within
from ..errors import NODE_FAILURES, NodeError, first_line
from ..graph import Node, missing_input
from ..nodes import Scope, get
from .evaluate import evaluate, frames, input_names
from .state import NodeState

_NO_OPTIMIZATIONS = pl.QueryOptFlags.none()  # on empty frames they cost more than they save


def repredict(
    nodes: Mapping[str, Node],
    states: dict[str, NodeState],
    dirty: set[str],
    namespace: Mapping[str, Any],
    label: Callable[[str], str] = str,
    trusted: bool = False,
) -> tuple[str, ...]:
    """Update ``states`` for the dirty nodes and, while states keep changing, what is downstream.

    Returns the nodes whose state changed, upstream first.
    """
    for nid in [n for n in states if n not in nodes]:
        del states[nid]
    changed: dict[str, None] = {}
    for nid in graph.topological_order(nodes, graph.descendants(nodes, dirty)):
        node = nodes[nid]
        if not (
            nid in dirty
            or nid not in states
            or get(node.type).needs_data
            or any(src in changed for src in node.inputs)
        ):
            continue
        state = predict(
            node,
            [states.get(s) if s is not None else None for s in node.inputs],
            namespace,
            lambda port, node=node: _upstream(nodes, node.inputs[port] or "", namespace),  # type: ignore[misc]
            label,
            trusted,
        )
        if states.get(nid) != state:
            states[nid] = state
            changed[nid] = None
    return tuple(changed)


def predict(
    node: Node,
    inputs: Sequence[NodeState | None],
    namespace: Mapping[str, Any],
    upstream: Callable[[int], pl.LazyFrame],
    label: Callable[[str], str] = str,
    trusted: bool = False,
) -> NodeState:
    """The node's state given its inputs' states (None for an unconnected port).

    An ordinary node's plan runs over its empty inputs: Polars finds some type errors (comparing
    a string with a number) only when a plan executes, and the empty result is the frame the
    nodes downstream predict from. It runs with a time budget (``deadline``). ``trusted`` says
    the flow's author is trusted (a flow built here, or loaded with ``trust=True``).
    """
    ntype = get(node.type)
    problem = missing_input(node)
    if problem is not None:
        return NodeState(error=problem)
    for port, state in enumerate(inputs):
        assert state is not None
        if not state.ok:
            root = state.blocked_by or node.inputs[port]
            assert root is not None
            return NodeState(
                error=f"blocked by '{label(root)}': fix that node first", blocked_by=root
            )
    try:
        if ntype.check is not None:
            ntype.check(node.settings, _Schemas([s for s in inputs if s is not None]))
        if ntype.needs_data:
            frames = [upstream(i) for i in range(len(inputs))]
        else:
            frames = [s.empty() for s in inputs if s is not None]
        if ntype.predict is not None:
            scope = Scope(input_names(len(frames)), node.id, namespace, trusted=trusted)
            schema = ntype.predict(node.settings, frames, scope)
            same = inputs[0] if len(inputs) == 1 and not ntype.needs_data else None
            if same is not None and same.columns() == (schema.names(), schema.dtypes()):
                return NodeState(schema=schema, frame=same.frame)  # rows change only
        else:
            result = evaluate(node, frames, namespace)
            if frames and not ntype.needs_data:
                # Run the plan over the empty inputs now: Polars finds some type errors only
                # when a plan executes, and the empty result is the frame the nodes downstream
                # predict from (building an empty frame from a wide schema costs far more).
                empty = _run_empty(node, result)
                same = inputs[0] if ntype.keeps_columns else None
                return NodeState(frame=empty if same is None else same.frame)
            schema = result.collect_schema()
    except NodeError as exc:
        return NodeState(error=str(exc))
    except NODE_FAILURES as exc:  # Polars' own errors: keep the part a person needs
        return NodeState(error=first_line(exc))
    return NodeState(schema=schema)


def _run_empty(node: Node, plan: pl.LazyFrame) -> pl.DataFrame:
    """The plan over empty inputs: at once when only its inputs can make rows (they are
    empty), with a time budget when its expressions can build data from literals."""
    if _builds_data(node):
        return collect_within(plan, optimizations=_NO_OPTIMIZATIONS)
    return plan.collect(engine="in-memory", optimizations=_NO_OPTIMIZATIONS)


_BUILDS: dict[int, tuple[Node, bool]] = {}


def _builds_data(node: Node) -> bool:
    held = _BUILDS.get(id(node))
    if held is not None and held[0] is node:
        return held[1]
    found = any(expressions.builds_data(text) for text in _texts(node.settings.model_dump()))
    if len(_BUILDS) >= 8192:
        _BUILDS.clear()
    _BUILDS[id(node)] = (node, found)
    return found


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _upstream(nodes: Mapping[str, Node], source: str, namespace: Mapping[str, Any]) -> pl.LazyFrame:
    return frames(nodes, [source], namespace)[source]


class _Schemas(Sequence[pl.Schema]):
    """The inputs' schemas for a ``check`` hook, built only if the hook reads them."""

    def __init__(self, states: Sequence[NodeState]) -> None:
        self._states = states

    def __len__(self) -> int:
        return len(self._states)

    @overload
    def __getitem__(self, index: int) -> pl.Schema: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[pl.Schema]: ...
    def __getitem__(self, index: int | slice) -> pl.Schema | Sequence[pl.Schema]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        schema = self._states[index].schema
        assert schema is not None  # checks run only when every input is ok
        return schema

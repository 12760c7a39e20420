"""Strict schema prediction: each node's output schema from its inputs' schemas, no data read.

Every problem becomes a message on the node that has it; nothing raises out of a prediction.
Nodes whose output columns depend on the data (pivot) say ``needs_data`` and get the real
upstream plans; sources read only headers or metadata.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl

from .errors import NodeError
from .expressions import first_line
from .graph import Node
from .nodes import Scope, get
from .plan import evaluate, input_names
from .state import NodeState


def predict(
    node: Node,
    inputs: Sequence[NodeState | None],
    namespace: Mapping[str, Any],
    upstream: Callable[[int], pl.LazyFrame],
    label: Callable[[str], str] = str,
) -> NodeState:
    """The node's state given its inputs' states (None for an unconnected port)."""
    ntype = get(node.type)
    if ntype.variadic and not node.inputs:
        return NodeState(error="connect at least one input")
    for port, state in enumerate(inputs):
        if state is None:
            name = ntype.inputs[min(port, len(ntype.inputs) - 1)]
            return NodeState(error=f"input '{name}' is not connected")
    for port, state in enumerate(inputs):
        assert state is not None
        if not state.ok:
            root = state.blocked_by or node.inputs[port]
            assert root is not None
            return NodeState(
                error=f"blocked by '{label(root)}': fix that node first", blocked_by=root
            )
    try:
        if ntype.needs_data:
            frames = [upstream(i) for i in range(len(inputs))]
        else:
            frames = [pl.LazyFrame(schema=s.schema) for s in inputs if s is not None]
        if ntype.predict is not None:
            scope = Scope(input_names(len(frames)), node.id, namespace)
            schema = ntype.predict(node.settings, frames, scope)
        else:
            schema = evaluate(node, frames, namespace).collect_schema()
    except NodeError as exc:
        return NodeState(error=str(exc))
    except Exception as exc:  # Polars' own errors: keep the part a person needs
        return NodeState(error=first_line(exc))
    return NodeState(schema=schema)

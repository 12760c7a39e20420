"""A flow as it was when a run was requested: later edits do not change a run."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ..engine.state import NodeState
from ..graph import Node, display_name


@dataclass(frozen=True)
class Snapshot:
    """Nodes, their predicted states and the notebook variables, frozen for one run."""

    nodes: Mapping[str, Node]
    states: Mapping[str, NodeState]
    namespace: Mapping[str, Any]
    # where output nodes assign their variables: the live notebook namespace, not a copy
    assign_to: MutableMapping[str, Any] = field(default_factory=dict, compare=False)

    def describe(self, node_id: str) -> str:
        node = self.nodes.get(node_id)
        return node_id if node is None else display_name(node)

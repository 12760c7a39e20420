"""A flow as it was when a run was requested: later edits do not change a run.

A snapshot is taken on the thread that owns the notebook's variables. Data frames that nodes
read from the notebook are handed over as new LazyFrames, and what each source reads is
recorded then, so a run on the flow's worker never calls into a frame the notebook may be
using (two threads calling into one Polars frame can deadlock).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ..engine.keys import node_keys
from ..engine.state import NodeState
from ..graph import Node, display_name


@dataclass(frozen=True)
class Snapshot:
    """Nodes, their predicted states and the notebook variables, frozen for one run."""

    nodes: Mapping[str, Node]
    states: Mapping[str, NodeState]
    namespace: Mapping[str, Any]
    # what each source reads (file stamps, notebook objects), taken with the snapshot
    identities: Mapping[str, str] = field(default_factory=dict)
    # where output nodes assign their variables: the live notebook namespace, not a copy
    assign_to: MutableMapping[str, Any] = field(default_factory=dict, compare=False)

    def keys(self, targets: Iterable[str]) -> dict[str, str]:
        """Cache keys of the targets and what they depend on, as of the snapshot."""
        return node_keys(self.nodes, targets, self.namespace, self.identities)

    def describe(self, node_id: str) -> str:
        node = self.nodes.get(node_id)
        return node_id if node is None else display_name(node)

"""Which nodes of a flow can run on other engines, and their Narwhals code.

One walk over the flow, upstream first: each node's ``narwhals()`` gets its predicted schema,
its inputs' schemas and whether each input's row order is defined; it answers with its code or
a reason. A flow goes to another engine only when every node it needs is portable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import graph
from ..engine.evaluate import input_names
from ..engine.state import NodeState
from ..errors import NodeError, NotPortableError
from ..graph import Node
from ..nodes import Code, Sink, get
from ..nodes._narwhals import NwScope, Portable, Reader


@dataclass
class Portability:
    """Per node: its Narwhals code (over inputs in_0, in_1, ...) or why there is none."""

    nodes: Mapping[str, Node]
    states: Mapping[str, NodeState]
    namespace: Mapping[str, Any]
    reader: Reader
    ordered: dict[str, bool] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def scope(self, node: Node, names: tuple[str, ...]) -> NwScope:
        inputs = [s for s in node.inputs if s is not None]
        schemas = [self.states[s].schema for s in inputs]
        return NwScope(
            names,
            node.id,
            self.namespace,
            schema=self.states[node.id].schema,
            schemas=tuple(s for s in schemas if s is not None),
            inputs_ordered=tuple(self.ordered.get(s, False) for s in inputs),
            reader=self.reader,
        )

    def portable(self, node: Node, names: tuple[str, ...]) -> Portable:
        """The node's Narwhals code over inputs called ``names`` (NotPortableError if none)."""
        narwhals = get(node.type).narwhals
        if narwhals is None:
            raise NotPortableError(f"{node.type} has no counterpart on other engines")
        return narwhals(node.settings, self.scope(node, names))

    def code(self, node: Node, names: tuple[str, ...], name: str = "") -> Code:
        return self.portable(node, names).code

    def sink(self, node: Node) -> Sink | None:
        if get(node.type).sink is None:
            return None
        return self.portable(node, input_names(len(node.inputs))).sink

    def refuse(self, wanted: Iterable[str], engine: str, describe: Any = str) -> None:
        """NotPortableError naming every node in ``wanted`` that cannot go to ``engine``."""
        bad = {nid: self.problems[nid] for nid in wanted if nid in self.problems}
        if bad:
            listed = "; ".join(f"{describe(nid)}: {why}" for nid, why in bad.items())
            raise NotPortableError(f"cannot run on {engine}: {listed}", bad)


def check(
    nodes: Mapping[str, Node],
    states: Mapping[str, NodeState],
    namespace: Mapping[str, Any],
    reader: Reader | None = None,
) -> Portability:
    """Walk the flow upstream first: order flags and problems for every node without an
    error of its own (nodes with errors are the canvas's business, not portability's)."""
    result = Portability(nodes, states, namespace, reader or Reader())
    for nid in graph.topological_order(nodes):
        node = nodes[nid]
        state = states.get(nid)
        if state is None or state.error is not None:
            continue
        try:
            portable = result.portable(node, input_names(len(node.inputs)))
        except NotPortableError as exc:
            result.problems[nid] = str(exc)
            continue
        except NodeError:
            continue
        inputs = [s for s in node.inputs if s is not None]
        if portable.order == "sorts":
            result.ordered[nid] = True
        elif portable.order == "keeps":
            result.ordered[nid] = bool(inputs) and all(result.ordered.get(s) for s in inputs)
        else:
            result.ordered[nid] = False
    return result

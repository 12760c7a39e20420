"""Nodes and edges, the walks a flow needs (order, ancestors, descendants), and the graph
rules that edits and flow files both obey."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter

from .errors import GraphError
from .nodes import Settings, get


@dataclass(frozen=True)
class Node:
    """One node of a flow. Immutable: an edit replaces it, so a snapshot is a dict copy."""

    id: str
    type: str
    settings: Settings
    inputs: tuple[str | None, ...] = ()
    label: str = ""
    position: tuple[float, float] = (0.0, 0.0)

    def same_work(self, other: Node) -> bool:
        """Whether two versions compute the same thing (labels and positions don't count)."""
        return (self.type, self.settings, self.inputs) == (other.type, other.settings, other.inputs)


def display_name(node: Node) -> str:
    """A node's name in messages and on the canvas: its label, else its type's title and its
    number (``filter_2`` is "Filter 2"), so a message names what the canvas shows."""
    if node.label:
        return node.label
    prefix, _, number = node.id.rpartition("_")
    if prefix == node.type and number.isdigit():
        return f"{get(node.type).title} {number}"
    return node.id


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    port: int


def edges(nodes: Mapping[str, Node]) -> list[Edge]:
    return [
        Edge(src, node.id, port)
        for node in nodes.values()
        for port, src in enumerate(node.inputs)
        if src is not None
    ]


def consumers(nodes: Mapping[str, Node]) -> dict[str, list[Edge]]:
    """For every node, the edges leaving it."""
    out: dict[str, list[Edge]] = {nid: [] for nid in nodes}
    for edge in edges(nodes):
        out[edge.source].append(edge)
    return out


def topological_order(nodes: Mapping[str, Node], subset: Iterable[str] | None = None) -> list[str]:
    """Upstream first; ties keep insertion order so generated code reads like the canvas."""
    keep = set(nodes) if subset is None else set(subset)
    rank = {nid: i for i, nid in enumerate(nodes)}
    return dependency_order(
        {nid: [s for s in nodes[nid].inputs if s is not None and s in keep] for nid in keep}, rank
    )


def dependency_order(depends: Mapping[str, Iterable[str]], rank: Mapping[str, int]) -> list[str]:
    """Each item after the items it depends on; ties in ``rank`` order."""
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for item in sorted(depends, key=rank.__getitem__):
        sorter.add(item, *depends[item])
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=rank.__getitem__)
        order.extend(ready)
        sorter.done(*ready)
    return order


def ancestors(nodes: Mapping[str, Node], start: Iterable[str]) -> set[str]:
    """The start nodes and everything upstream of them."""
    seen: set[str] = set()
    stack = [s for s in start if s in nodes]
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue
        seen.add(nid)
        stack.extend(s for s in nodes[nid].inputs if s is not None and s in nodes)
    return seen


def descendants(nodes: Mapping[str, Node], start: Iterable[str]) -> set[str]:
    """The start nodes and everything downstream of them."""
    down = consumers(nodes)
    seen: set[str] = set()
    stack = [s for s in start if s in nodes]
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue
        seen.add(nid)
        stack.extend(e.target for e in down[nid])
    return seen


# -- graph rules: the same for edits on a Flow and for loading a flow file --------------------


def missing_input(node: Node) -> str | None:
    """Why the node cannot run for want of an input (None when every port is connected)."""
    ntype = get(node.type)
    if ntype.variadic and not node.inputs:
        return "no input is connected yet"
    for port, src in enumerate(node.inputs):
        if src is None:
            name = ntype.inputs[min(port, len(ntype.inputs) - 1)]
            return f"input '{name}' is not connected"
    return None


def padded(type_name: str, inputs: tuple[str | None, ...]) -> tuple[str | None, ...]:
    """A node's inputs with a None for each port not connected (variadic nodes have none)."""
    ntype = get(type_name)
    if ntype.variadic or len(inputs) >= len(ntype.inputs):
        return inputs
    return inputs + (None,) * (len(ntype.inputs) - len(inputs))


def check_inputs(
    nodes: Mapping[str, Node], node: Node, describe: Callable[[str], str] = str
) -> None:
    """Raise GraphError when ``node``'s inputs break a rule: too many for its type, an unknown
    source, or a source that is an output node."""
    ntype = get(node.type)
    if len(node.inputs) > len(ntype.inputs) and not ntype.variadic:
        raise GraphError(
            f"{describe(node.id)} ({node.type}) has {len(node.inputs)} inputs; it takes "
            f"{len(ntype.inputs)} ({', '.join(ntype.inputs) or 'none'})"
        )
    for src in node.inputs:
        if src is None:
            continue
        if src not in nodes:
            raise GraphError(f"{describe(node.id)} reads from unknown node '{src}'")
        if get(nodes[src].type).outputs == 0:
            raise GraphError(
                f"{describe(node.id)} reads from {describe(src)}, an output node that nothing "
                "can read from"
            )


def check_acyclic(nodes: Mapping[str, Node]) -> None:
    try:
        topological_order(nodes)
    except CycleError:
        raise GraphError("the edges make a cycle") from None

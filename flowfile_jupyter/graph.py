"""Nodes and edges, and the graph walks a flow needs (order, ancestors, descendants)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from graphlib import TopologicalSorter

from .nodes import Settings


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

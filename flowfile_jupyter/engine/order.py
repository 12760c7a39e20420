"""Which nodes' row order a person can see: those run in a fixed order, the others as fast as
Polars can.

Keeping rows in order costs Polars real work (an ordered hash join is several times slower than
an unordered one), and is wasted where a later sort, aggregation or join makes the order
invisible. The rule: the targets' order is observable (a preview, a collected result, the rows
a file gets); from there, each node says, given whether its own order is observable, whether
its inputs' order matters (``NodeType.input_order``): a filter passes the question on, a sort
or an unordered aggregation answers no, ``head`` or a ``first`` aggregation always answers yes
(what they return depends on the order). A node type that says nothing is assumed to need
ordered inputs, which is always correct and at worst slower.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from ..graph import Node, topological_order
from ..nodes import get


def observable(
    nodes: Mapping[str, Node], targets: Iterable[str], given: Collection[str] = ()
) -> frozenset[str]:
    """The nodes the targets depend on whose row order must be deterministic (the targets
    included). ``given`` nodes are supplied from elsewhere (a cached result): the walk does not
    go upstream of them."""
    ordered = {t for t in targets if t in nodes}
    needed: set[str] = set()
    stack = list(ordered)
    while stack:
        nid = stack.pop()
        if nid in needed:
            continue
        needed.add(nid)
        if nid not in given:
            stack.extend(s for s in nodes[nid].inputs if s is not None and s in nodes)
    for nid in reversed(topological_order(nodes, needed)):
        if nid in given:
            continue
        node = nodes[nid]
        if not node.inputs:
            continue
        for source, keep in zip(node.inputs, input_order(node, nid in ordered), strict=True):
            if keep and source is not None and source in nodes:
                ordered.add(source)
    return frozenset(ordered)


def input_order(node: Node, ordered: bool) -> tuple[bool, ...]:
    """For each input of ``node``, whether its row order matters, given whether the node's own
    order is observable."""
    rule = get(node.type).input_order
    count = len(node.inputs)
    if rule is None:
        return (True,) * count
    answer = rule(node.settings, ordered)
    if isinstance(answer, bool):
        return (answer,) * count
    return (tuple(answer) + (True,) * count)[:count]

"""Polars code -> a flow's nodes, without running the code (see program.py for how).

``nodes()`` gives a laid-out graph for a new flow; ``rebuild()`` gives the graph an existing
flow becomes when its code was edited: nodes that still exist keep their id, position, label
and (when they render the same code) settings, and new ones are placed beside their inputs.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import graph
from ..graph import Node
from ..nodes import Scope, get
from ..nodes._base import snake
from .program import Draft, Reader, read

__all__ = ["Draft", "Reader", "nodes", "read", "rebuild"]

STEP_X = 260.0
STEP_Y = 140.0


def nodes(source: str, *, name: str = "flow") -> dict[str, Node]:
    """The graph the code describes, laid out left to right."""
    drafts = read(source, name=name).drafts
    return _laid_out({d.id: _node(d) for d in drafts})


def rebuild(current: Mapping[str, Node], source: str, *, name: str = "flow") -> dict[str, Node]:
    """The graph ``current`` becomes when its code is ``source``."""
    drafts = read(source, name=name, taken=current).drafts
    new = {d.id: _node(d) for d in drafts}
    mapping = _match(current, new)
    taken = set(current) | set(mapping.values())
    out: dict[str, Node] = {}
    for nid in graph.topological_order(new):
        node = new[nid]
        if nid in mapping:
            old = current[mapping[nid]]
            settings = node.settings if _differs(old, node) else old.settings
            label = old.label if snake(old.label) == snake(node.label) else node.label
            position = old.position
            new_id = old.id
        else:
            new_id = nid if nid not in taken else _fresh(node.type, taken)
            settings, label, position = node.settings, node.label, (0.0, 0.0)
        taken.add(new_id)
        mapping[nid] = new_id
        inputs = tuple(mapping[s] if s is not None else None for s in node.inputs)
        out[new_id] = Node(new_id, node.type, settings, inputs, label, position)
    placed = {mapping[nid] for nid in new if mapping[nid] in current}
    return _beside_inputs(out, placed)


def _node(d: Draft) -> Node:
    return Node(d.id, d.type, d.settings, graph.padded(d.type, d.inputs), d.label)


def _differs(old: Node, new: Node) -> bool:
    """Whether two nodes of one type compute different code (a filter typed as an expression
    and the same filter in the basic form do not)."""
    if old.settings == new.settings:
        return False
    ntype = get(old.type)
    scope = Scope(tuple(f"in_{i}" for i in range(len(new.inputs))), "node", {})
    try:
        return ntype.code(old.settings, scope) != ntype.code(new.settings, scope) or (
            ntype.sink is not None and ntype.sink(old.settings) != ntype.sink(new.settings)
        )
    except Exception:
        return True


def _match(current: Mapping[str, Node], new: Mapping[str, Node]) -> dict[str, str]:
    """new id -> current id, upstream first: same type, then the same code, the same inputs
    or the same name decide."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for nid in graph.topological_order(new):
        node = new[nid]
        inputs = tuple(mapping.get(s, "?") if s is not None else None for s in node.inputs)
        best, score = None, 0
        for oid, old in current.items():
            if oid in used or old.type != node.type:
                continue
            points = 0
            if not _differs(old, node):
                points += 4
            if old.inputs == inputs:
                points += 2
            if node.label and snake(old.label) == snake(node.label):
                points += 1
            if points > score:
                best, score = oid, points
        if best is not None:
            mapping[nid] = best
            used.add(best)
    return mapping


def _fresh(type_name: str, taken: set[str]) -> str:
    k = 1
    while f"{type_name}_{k}" in taken:
        k += 1
    return f"{type_name}_{k}"


def _laid_out(nodes: dict[str, Node]) -> dict[str, Node]:
    """Columns by depth (longest path from a source), rows in code order."""
    depth: dict[str, int] = {}
    rows: dict[int, int] = {}
    out: dict[str, Node] = {}
    for nid in graph.topological_order(nodes):
        node = nodes[nid]
        depth[nid] = 1 + max((depth[s] for s in node.inputs if s is not None), default=-1)
        row = rows.get(depth[nid], 0)
        rows[depth[nid]] = row + 1
        position = (depth[nid] * STEP_X, row * STEP_Y)
        out[nid] = Node(nid, node.type, node.settings, node.inputs, node.label, position)
    return {nid: out[nid] for nid in nodes}


def _beside_inputs(nodes: dict[str, Node], placed: set[str]) -> dict[str, Node]:
    """New nodes right of their first input, moved down until no node is in the way."""
    spots = [nodes[nid].position for nid in placed]
    out = dict(nodes)
    for nid in graph.topological_order(nodes):
        if nid in placed:
            continue
        node = out[nid]
        first = next((s for s in node.inputs if s is not None), None)
        if first is not None:
            x, y = out[first].position
            x += STEP_X
        else:
            x, y = 0.0, max((p[1] for p in spots), default=-STEP_Y) + STEP_Y
        while any(abs(px - x) < STEP_X * 0.8 and abs(py - y) < STEP_Y * 0.7 for px, py in spots):
            y += STEP_Y
        spots.append((x, y))
        out[nid] = Node(nid, node.type, node.settings, node.inputs, node.label, (x, y))
    return {nid: out[nid] for nid in nodes}

"""What "the same flow" means for code read back: same node types, settings (or settings that
render the very same code: a filter typed as ``pl.col("a") > 1`` is the basic form's filter),
edges and names (labels compare as the variable names they become)."""

from __future__ import annotations

from collections import Counter

from flowfile_jupyter import Flow
from flowfile_jupyter.graph import Node
from flowfile_jupyter.nodes import Scope, get
from flowfile_jupyter.nodes._base import snake


def rendered(node: Node) -> tuple[object, ...]:
    ntype = get(node.type)
    scope = Scope(tuple(f"in_{i}" for i in range(len(node.inputs))), "node", {})
    sink = ntype.sink(node.settings) if ntype.sink is not None else None
    try:
        return (ntype.code(node.settings, scope), sink)
    except Exception as exc:  # a node whose code needs the notebook (from_variable)
        return (node.settings, type(exc).__name__)


def signatures(flow: Flow) -> Counter[str]:
    """Each node as what it computes from what (its inputs' signatures, recursively), counted:
    equal for two flows that are the same graph, whatever ids and insertion order they have."""
    memo: dict[str, str] = {}

    def sig(nid: str) -> str:
        if nid not in memo:
            node = flow.nodes[nid]
            ups = tuple(sig(s) if s is not None else None for s in node.inputs)
            memo[nid] = repr((node.type, rendered(node), snake(node.label), ups))
        return memo[nid]

    return Counter(sig(nid) for nid in flow.nodes)


def assert_same_flow(got: Flow, want: Flow) -> None:
    assert signatures(got) == signatures(want), f"\n{got.to_code()}\n---\n{want.to_code()}"

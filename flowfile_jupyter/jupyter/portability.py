"""What the canvas shows when a target engine is chosen: each node that cannot run there, and
why. Computed only while an engine is chosen (a Polars-only canvas pays nothing)."""

from __future__ import annotations

from typing import Any

from ..targets.engines import ENGINES
from ..targets.portable import check


def payload(flow: Any, engine: str) -> dict[str, str]:
    """``{node_id: reason}`` for the nodes that cannot run on ``engine`` ("" = Polars: none)."""
    if not engine or engine not in ENGINES:
        return {}
    nodes = flow.nodes
    states = {nid: flow.state(nid) for nid in nodes}
    return check(nodes, states, flow.namespace, ENGINES[engine].reader).problems

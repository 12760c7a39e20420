"""Where a node added without a position goes: next to its input, on a free spot.

A node stacked on top of another looks like one node, and one placed far away is lost off
screen; the canvas pans to new nodes, so the spot only has to be near and free.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .graph import Node

STEP_X = 260.0  # one column to the right of the input
STEP_Y = 120.0  # one row further down
_NEAR_X = STEP_X / 2
_NEAR_Y = STEP_Y * 0.75


def taken(nodes: Mapping[str, Node], x: float, y: float) -> bool:
    """Whether a node already sits (nearly) at ``(x, y)``."""
    return any(
        abs(n.position[0] - x) < _NEAR_X and abs(n.position[1] - y) < _NEAR_Y
        for n in nodes.values()
    )


def place(nodes: Mapping[str, Node], inputs: Sequence[str]) -> tuple[float, float]:
    """Right of the first input (the first free row from its height down); with no input,
    below the lowest node, in the leftmost column."""
    if inputs and inputs[0] in nodes:
        x0, y = nodes[inputs[0]].position
        x = x0 + STEP_X
    elif nodes:
        x = min(n.position[0] for n in nodes.values())
        y = max(n.position[1] for n in nodes.values()) + STEP_Y
    else:
        return (0.0, 0.0)
    for _ in range(len(nodes) + 1):
        if not taken(nodes, x, y):
            break
        y += STEP_Y
    return (float(x), float(y))

"""Nodes added without a position land next to their input, never on top of another node."""

from __future__ import annotations

from pathlib import Path

from flowfile_jupyter import Flow
from flowfile_jupyter.placement import STEP_X, STEP_Y, taken


def test_new_nodes_go_right_of_their_input_on_a_free_row(data_dir: Path) -> None:
    flow = Flow("p", namespace={})
    src = flow.add("read_csv", path=str(data_dir / "orders.csv"), position=(100, 50))
    a = flow.add("filter", src, expr="pl.lit(True)")
    b = flow.add("head", src, n=3)
    c = flow.add("sort", src)
    assert flow.nodes[a].position == (100 + STEP_X, 50)
    assert flow.nodes[b].position == (100 + STEP_X, 50 + STEP_Y)
    assert flow.nodes[c].position == (100 + STEP_X, 50 + 2 * STEP_Y)
    positions = [n.position for n in flow.nodes.values()]
    assert len(set(positions)) == len(positions)


def test_a_node_without_input_goes_below_the_others(data_dir: Path) -> None:
    flow = Flow("p", namespace={})
    first = flow.add("read_csv", path=str(data_dir / "orders.csv"), position=(-40, 10))
    flow.add("head", first, n=1)
    second = flow.add("read_csv", path=str(data_dir / "regions.csv"))
    x, y = flow.nodes[second].position
    assert (x, y) == (-40, 10 + STEP_Y)
    others = {k: v for k, v in flow.nodes.items() if k != second}
    assert not taken(others, x, y)

"""Code -> flow -> code: every node type's examples, and random flows, come back as they were."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowfile_jupyter import Flow
from flowfile_jupyter.nodes import catalog

from ..random_flows import frames, grow, two_sources
from ..support import example_flow
from .support import assert_same_flow

EXAMPLES = [
    pytest.param(name, i, id=f"{name}-{i}")
    for name, ntype in catalog().items()
    for i in range(len(ntype.examples))
]


def test_every_node_type_has_examples_to_round_trip() -> None:
    assert all(ntype.examples for ntype in catalog().values())


@pytest.mark.parametrize(("type_name", "index"), EXAMPLES)
def test_node_examples_round_trip(
    type_name: str, index: int, data_dir: Path, tmp_path: Path, namespace: dict[str, Any]
) -> None:
    ntype = catalog()[type_name]
    flow, _ = example_flow(ntype, ntype.examples[index], data_dir, tmp_path, namespace)
    code = flow.to_code()
    again = Flow.from_code(code, name=flow.name, namespace=namespace)
    assert_same_flow(again, flow)
    assert again.to_code() == code


@pytest.mark.parametrize(("type_name", "index"), EXAMPLES)
def test_labelled_example_nodes_keep_their_names(
    type_name: str, index: int, data_dir: Path, tmp_path: Path, namespace: dict[str, Any]
) -> None:
    ntype = catalog()[type_name]
    flow, node = example_flow(ntype, ntype.examples[index], data_dir, tmp_path, namespace)
    if ntype.sink is not None:
        node = flow.nodes[node].inputs[0] or ""
    flow.relabel(node, "Step under test")
    if ntype.sink is None:
        flow.add("head", node, n=3)  # a labelled node with a consumer gets its own variable
    again = Flow.from_code(flow.to_code(), name=flow.name, namespace=namespace)
    assert_same_flow(again, flow)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames, other=frames, data=st.data())
def test_random_flows_round_trip(
    frame: pl.DataFrame, other: pl.DataFrame, data: st.DataObject
) -> None:
    with two_sources(frame, other) as (flow, _):
        grow(flow, data, 20)
        code = flow.to_code()
        again = Flow.from_code(code, name="random", namespace={})
        assert_same_flow(again, flow)
        # the same program, up to which of two like nodes gets the suffix _2
        assert _unnumbered(again.to_code()) == _unnumbered(code)


def _unnumbered(code: str) -> list[str]:
    return sorted(re.sub(r"_\d+\b", "", line) for line in code.splitlines())

"""What each node changes in its input's columns: equal to the difference of the predicted
schemas, for every declared example of every node type, on the canvas too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.changes import SchemaChange
from flowfile_jupyter.jupyter.widget import FlowWidget
from flowfile_jupyter.nodes import catalog

from ..support import example_flow

CASES = [
    pytest.param(name, i, id=f"{name}-{i}")
    for name, ntype in catalog().items()
    for i in range(len(ntype.examples))
]


def by_hand(before: pl.Schema, after: pl.Schema) -> dict[str, Any]:
    return {
        "added": [c for c in after if c not in before],
        "removed": [c for c in before if c not in after],
        "retyped": [
            [c, str(before[c]), str(after[c])]
            for c in after
            if c in before and before[c] != after[c]
        ],
    }


@pytest.mark.parametrize(("name", "index"), CASES)
def test_every_example_changes_what_its_predicted_schemas_say(
    name: str, index: int, data_dir: Path, tmp_path: Path, namespace: dict[str, Any]
) -> None:
    ntype = catalog()[name]
    flow, node = example_flow(ntype, ntype.examples[index], data_dir, tmp_path, namespace)
    canvas = FlowWidget(flow)
    try:
        shown = canvas.states[node]["changes"]
        inputs = flow.nodes[node].inputs
        if not inputs:
            assert flow.schema_change(node) is None and shown is None
            return
        expected = by_hand(flow.schema(inputs[0] or ""), flow.schema(node))
        change = flow.schema_change(node)
        assert change is not None
        assert {
            "added": list(change.added),
            "removed": list(change.removed),
            "retyped": [list(r) for r in change.retyped],
        } == expected
        assert shown == expected
        for source in inputs:  # sources have nothing to compare against
            assert canvas.states[source or ""]["changes"] is None
    finally:
        canvas.close()


def test_the_badge_follows_an_edit_of_the_input_alone() -> None:
    """A node whose own prediction does not change still says something new when its input
    gains a column: the change is against the input as it is now."""
    flow = Flow("badge", namespace={"df": pl.DataFrame({"a": [1], "b": ["x"]})})
    src = flow.add("from_variable", name="df")
    keep = flow.add("select", src, columns=[{"column": "a"}])
    canvas = FlowWidget(flow)
    try:
        assert canvas.states[keep]["changes"] == {"added": [], "removed": ["b"], "retyped": []}
        flow.namespace["df"] = pl.DataFrame({"a": [1], "b": ["x"], "c": [2.0]})
        flow.refresh()
        assert canvas.states[keep]["changes"] == {
            "added": [],
            "removed": ["b", "c"],
            "retyped": [],
        }
        cast = flow.add("cast", keep, dtypes={"a": "Float64"})
        assert canvas.states[cast]["changes"] == {
            "added": [],
            "removed": [],
            "retyped": [["a", "Int64", "Float64"]],
        }
        flow.update(keep, columns=[{"column": "a"}, {"column": "missing"}])
        assert canvas.states[keep]["changes"] is None  # an error: nothing to compare
        assert canvas.states[cast]["changes"] is None  # blocked
    finally:
        canvas.close()


def test_summary_reads_like_the_badge() -> None:
    assert SchemaChange(("a", "b"), ("c",), (("d", "Int64", "String"),)).summary() == (
        "+2 columns, -1, 1 retyped"
    )
    assert SchemaChange().summary() == "no column changes"
    assert SchemaChange(added=("x",)).summary() == "+1 column"

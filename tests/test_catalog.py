"""Every node type, every declared example: the three promises hold and files round-trip.

1. predicted schema == schema of the data the node produces;
2. running the generated code in a fresh namespace == the engine's result;
3. save -> load gives the same flow and the same result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError
from flowfile_jupyter.codegen import generate
from flowfile_jupyter.nodes import catalog

from .support import example_flow

CASES = [
    pytest.param(name, i, id=f"{name}-{i}")
    for name, ntype in catalog().items()
    for i in range(len(ntype.examples))
]


def test_every_node_type_declares_examples() -> None:
    missing = [name for name, ntype in catalog().items() if not ntype.examples]
    assert missing == []


def test_catalog_covers_every_category() -> None:
    categories = {ntype.category for ntype in catalog().values()}
    assert categories == {"input", "transform", "combine", "aggregate", "output"}


@pytest.mark.parametrize(("name", "index"), CASES)
def test_example(
    name: str, index: int, data_dir: Path, tmp_path: Path, namespace: dict[str, Any]
) -> None:
    ntype = catalog()[name]
    flow, node = example_flow(ntype, ntype.examples[index], data_dir, tmp_path, namespace)
    assert flow.errors == {}

    if ntype.sink is not None:
        check_sink(flow, node, tmp_path, namespace)
        return

    predicted = flow.schema(node)
    result = flow.collect(node)
    assert result.schema == predicted

    program = generate(flow, [node])
    fresh: dict[str, Any] = {k: v for k, v in namespace.items()}
    exec(program.text, fresh)
    assert_frame_equal(fresh[program.outputs[node]], result, check_row_order=False)

    path = tmp_path / "example.flowfile.yaml"
    flow.save(path)
    again = Flow.load(path, trust=True, namespace=namespace)
    assert again.to_dict() == flow.to_dict()
    assert_frame_equal(again.collect(node), result, check_row_order=False)


def check_sink(flow: Flow, node: str, tmp_path: Path, namespace: dict[str, Any]) -> None:
    """Output nodes act only when the flow runs; generated code acts the same."""
    written = sorted(p.name for p in tmp_path.iterdir())
    before_keys = set(namespace)
    flow.run()
    produced = _outputs(tmp_path, namespace, before_keys)
    assert produced, "running the flow produced nothing"
    program = generate(flow)
    for p in tmp_path.iterdir():
        if p.name not in written:
            p.unlink()
    fresh: dict[str, Any] = dict(namespace)
    for key in set(namespace) - before_keys:
        fresh.pop(key)
    exec(program.text, fresh)
    again = _outputs(tmp_path, fresh, before_keys)
    assert again.keys() == produced.keys()
    for key, frame in produced.items():
        assert_frame_equal(again[key], frame, check_row_order=False)


def _outputs(tmp: Path, namespace: dict[str, Any], before: set[str]) -> dict[str, pl.DataFrame]:
    found: dict[str, pl.DataFrame] = {}
    readers = {
        ".csv": pl.read_csv,
        ".parquet": pl.read_parquet,
        ".arrow": pl.read_ipc,
        ".ipc": pl.read_ipc,
    }
    for p in tmp.iterdir():
        if p.suffix in readers:
            found[p.name] = readers[p.suffix](p)
    for key in set(namespace) - before:
        value = namespace[key]
        if isinstance(value, pl.DataFrame):
            found[key] = value
    return found


@pytest.mark.parametrize("name", sorted(catalog()))
def test_settings_schema_and_refusals(name: str) -> None:
    ntype = catalog()[name]
    schema = ntype.json_schema()
    assert schema["type"] == "object"
    assert "properties" in schema
    flow = Flow("refusals")
    with pytest.raises(SettingsError, match="unknown setting 'no_such_setting'"):
        flow.add(name, no_such_setting=1)
    assert len(flow) == 0


@pytest.mark.parametrize("name", sorted(catalog()))
def test_a_blank_node_can_be_dropped_on_the_canvas(name: str) -> None:
    """The palette adds nodes with no settings: that must work, and say what is missing."""
    flow = Flow("blank", namespace={})
    node = flow.add(name)
    state = flow.state(node)
    if catalog()[name].inputs:
        assert state.error is not None and "connected" in state.error
    assert flow.to_dict()["nodes"][0]["type"] == name

"""Flow files: round trips, small diffs, atomic saves and clear errors for bad files."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
import yaml

from flowfile_jupyter import Flow, FlowFileError


@pytest.fixture
def flow(data_dir: Path) -> Flow:
    f = Flow("sales")
    src = f.add("read_csv", path=str(data_dir / "orders.csv"), label="Orders")
    big = f.add("filter", src, expr='pl.col("amount") > 100')
    regions = f.add("read_csv", path=str(data_dir / "regions.csv"))
    f.add("join", big, regions, on=["region"], how="left")
    f.move(big, 300, 40.5)
    return f


def test_round_trip_keeps_everything(flow: Flow, tmp_path: Path) -> None:
    path = tmp_path / "sales.flowfile.yaml"
    flow.save(path)
    again = Flow.load(path)
    assert again.name == "sales"
    assert again.to_dict() == flow.to_dict()
    assert again.nodes == flow.nodes
    assert again.collect("join_1").equals(flow.collect("join_1"))
    # a reloaded flow gives new nodes fresh ids
    assert again.add("filter", "join_1", expr="pl.lit(True)") == "filter_2"


def test_file_is_readable_yaml_with_stable_order(flow: Flow, tmp_path: Path) -> None:
    path = tmp_path / "sales.flowfile.yaml"
    flow.save(path)
    text = path.read_text()
    assert text.startswith("flowfile: 1\nname: sales\nnodes:\n")
    assert "position: {x: 300, y: 40.5}" in text
    assert "label: Orders" in text
    data = yaml.safe_load(text)
    assert [n["id"] for n in data["nodes"]] == ["read_csv_1", "filter_1", "read_csv_2", "join_1"]
    assert data["nodes"][3]["inputs"] == ["filter_1", "read_csv_2"]
    flow.save(path)
    assert path.read_text() == text  # saving twice gives the same bytes


def test_one_edit_is_a_small_diff(flow: Flow, tmp_path: Path) -> None:
    path = tmp_path / "sales.flowfile.yaml"
    flow.save(path)
    before = path.read_text().splitlines()
    flow.update("filter_1", expr='pl.col("amount") > 200')
    flow.save(path)
    after = path.read_text().splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-    expr: pl.col("amount") > 100',
        '+    expr: pl.col("amount") > 200',
    ]


def test_failed_save_keeps_the_old_file(
    flow: Flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sales.flowfile.yaml"
    flow.save(path)
    good = path.read_text()
    flow.update("filter_1", expr='pl.col("amount") > 1')

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        flow.save(path)
    assert path.read_text() == good
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nodes: [\n", "is not valid YAML (line"),
        ("- just\n- a list\n", "is not a flow file"),
        (
            "flowfile: 99\nnodes: []\n",
            "has flow file version 99; this flowfile-jupyter reads version 1",
        ),
        ("flowfile: 1\nnodes: {a: 1}\n", "'nodes' must be a list"),
        ("flowfile: 1\nnodes:\n- {type: filter}\n", "node #1 needs an 'id' and a 'type'"),
        (
            "flowfile: 1\nnodes:\n- {id: a, type: fliter}\n",
            "unknown node type 'fliter'; did you mean 'filter'?",
        ),
        (
            "flowfile: 1\nnodes:\n- {id: a, type: group_by, settings: {by: 3}}\n",
            "node 'a': group_by: by: Input should be a valid list",
        ),
        (
            "flowfile: 1\nnodes:\n- {id: a, type: filter, inputs: [b]}\n",
            "reads from unknown node 'b'",
        ),
        (
            "flowfile: 1\nnodes:\n- {id: a, type: filter, inputs: [b]}\n"
            "- {id: b, type: filter, inputs: [a]}\n",
            "the edges make a cycle",
        ),
        (
            "flowfile: 1\nnodes:\n- {id: a, type: filter}\n- {id: a, type: filter}\n",
            "appears twice",
        ),
        ("flowfile: 1\nnodes:\n- {id: a, type: filter, position: 5}\n", "bad position"),
        (
            "flowfile: 1\nnodes:\n- {id: a, type: manual_input}\n"
            "- {id: h, type: head, inputs: [a, a, a]}\n",
            "node 'h' (head) has 3 inputs; it takes 1 (input)",
        ),
        (
            "flowfile: 1\nnodes:\n- {id: a, type: manual_input}\n"
            "- {id: out, type: to_variable, inputs: [a], settings: {name: x}}\n"
            "- {id: f, type: filter, inputs: [out]}\n",
            "node 'f' reads from node 'out', an output node that nothing can read from",
        ),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.flowfile.yaml"
    path.write_text(text)
    with pytest.raises(FlowFileError) as info:
        Flow.load(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_a_join_saved_with_one_input_loads_with_the_other_port_free(tmp_path: Path) -> None:
    path = tmp_path / "half.flowfile.yaml"
    path.write_text(
        "flowfile: 1\nnodes:\n- {id: a, type: manual_input}\n- {id: b, type: manual_input}\n"
        "- {id: j, type: join, inputs: [a], settings: {'on': [column_1]}}\n"
    )
    flow = Flow.load(path)
    assert flow.nodes["j"].inputs == ("a", None)
    assert flow.errors["j"] == "input 'right' is not connected"
    flow.connect("b", "j")
    assert flow.nodes["j"].inputs == ("a", "b")


def test_saving_keeps_the_file_permissions(flow: Flow, tmp_path: Path) -> None:
    path = tmp_path / "shared.flowfile.yaml"
    flow.save(path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()  # like any new file
    path.chmod(0o640)
    flow.save(path)
    assert path.stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FlowFileError, match="no flow file at"):
        Flow.load(tmp_path / "nope.flowfile.yaml")


def test_loading_never_runs_anything(tmp_path: Path) -> None:
    """A writer in a loaded flow writes nothing until the flow is run."""
    out = tmp_path / "out.csv"
    path = tmp_path / "w.flowfile.yaml"
    path.write_text(
        "flowfile: 1\nname: w\nnodes:\n"
        f"- {{id: src, type: read_csv, settings: {{path: {tmp_path / 'missing.csv'}}}}}\n"
        f"- {{id: out, type: write_csv, settings: {{path: {out}}}, inputs: [src]}}\n"
    )
    flow = Flow.load(path)
    assert "file not found" in flow.errors["src"]
    assert flow.state("out").blocked_by == "src"
    assert not out.exists()

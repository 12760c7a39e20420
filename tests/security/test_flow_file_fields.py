"""Every problem in a flow file is a FlowFileError naming the node and the field, infinity
survives as ``float("inf")``, and temporary files of a killed save do not stay forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flowfile_jupyter import Flow, FlowFileError

NODE = (
    "- {id: a, type: manual_input, settings: {columns: [{name: x, dtype: Float64}], "
    "rows: [[1.5]]}}\n"
)
CASES = [
    (
        "settings: 5",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, settings: 5}\n",
        "node 'a': 'settings' must be a mapping",
    ),
    (
        "settings: list",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, settings: [1]}\n",
        "node 'a': 'settings' must be a mapping",
    ),
    (
        "unknown setting",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, settings: {exp: x}}\n",
        "node 'a': filter: unknown setting 'exp'",
    ),
    (
        "unknown node field",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, setings: {}}\n",
        "node 'a': unknown field 'setings'",
    ),
    ("unknown top field", "flowfile: 1\nnode: []\n", "unknown field 'node'"),
    (
        "type not text",
        "flowfile: 1\nnodes:\n- {id: a, type: [filter]}\n",
        "node 'a': 'type' must be text",
    ),
    (
        "id a mapping",
        "flowfile: 1\nnodes:\n- {id: {a: 1}, type: filter}\n",
        "node #1: id must be text",
    ),
    (
        "label a list",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, label: [x]}\n",
        "node 'a': 'label' must be text",
    ),
    ("name a number", "flowfile: 1\nname: 5\nnodes: []\n", "'name' must be text"),
    (
        "inputs text",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, inputs: b}\n",
        "node 'a': 'inputs' must be a list",
    ),
    (
        "input a list",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, inputs: [[b]]}\n",
        "node 'a': inputs must be text",
    ),
    (
        "surrogate in a setting",
        'flowfile: 1\nnodes:\n- {id: a, type: filter, settings: {column: "x\\udc80"}}\n',
        "node 'a': settings.column has a broken character",
    ),
    (
        "surrogate deep in a setting",
        "flowfile: 1\nnodes:\n- {id: a, type: with_columns, settings: {columns: "
        '[{name: "\\ud800", expr: "1"}]}}\n',
        "node 'a': settings.columns[0].name has a broken character",
    ),
    (
        "surrogate in an id",
        'flowfile: 1\nnodes:\n- {id: "\\udfff", type: filter}\n',
        "node #1: id has a broken character",
    ),
    (
        "infinite position",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, position: {x: .inf}}\n",
        "node 'a' has a bad position: x is inf",
    ),
    (
        "nan position",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, position: {y: .nan}}\n",
        "node 'a' has a bad position: y is nan",
    ),
    (
        "position text",
        "flowfile: 1\nnodes:\n- {id: a, type: filter, position: {x: left}}\n",
        "node 'a' has a bad position: x must be a number",
    ),
    (
        "int setting infinite",
        "flowfile: 1\nnodes:\n- {id: a, type: head, settings: {n: .inf}}\n",
        "node 'a': head: n:",
    ),
    ("version true", "flowfile: true\nnodes: []\n", "has flow file version True"),
    (
        "date stays text",
        "flowfile: 1\nname: 2024-01-31\nnodes:\n- {id: a, type: filter, "
        "settings: {value: 2024-01-31, column: x}}\n",
        None,
    ),
]


@pytest.mark.parametrize(("case", "text", "message"), CASES, ids=[c[0] for c in CASES])
def test_problems_name_the_node_and_the_field(
    case: str, text: str, message: str | None, tmp_path: Path
) -> None:
    path = tmp_path / "f.flowfile.yaml"
    path.write_text(text, encoding="utf-8")
    if message is None:
        flow = Flow.load(path)
        assert flow.name == "2024-01-31"
        assert flow.nodes["a"].settings.model_dump()["value"] == "2024-01-31"
        return
    with pytest.raises(FlowFileError) as info:
        Flow.load(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_infinity_is_rendered_as_float_inf_and_survives_a_save(tmp_path: Path) -> None:
    path = tmp_path / "inf.flowfile.yaml"
    path.write_text(
        "flowfile: 1\nnodes:\n" + NODE + "- {id: f, type: filter, inputs: [a], "
        "settings: {column: x, operator: '<', value: .inf}}\n"
        + "- {id: g, type: filter, inputs: [f], "
        "settings: {column: x, operator: '>', value: -.inf}}\n"
    )
    flow = Flow.load(path)
    assert flow.errors == {}
    code = flow.to_code()
    assert 'pl.col("x") < float("inf")' in code
    assert 'pl.col("x") > float("-inf")' in code
    namespace: dict[str, object] = {}
    exec(code, namespace)
    assert namespace["flow_df"].equals(flow.collect("g"))  # type: ignore[union-attr]
    flow.save(path)
    again = Flow.load(path)
    assert again.nodes["f"].settings == flow.nodes["f"].settings
    assert "value: .inf" in path.read_text()


_KILLED_SAVE = """
import os, sys, time
from flowfile_jupyter import Flow
flow = Flow("killed", namespace={})
flow.add("manual_input")
def stuck(src, dst):
    print("WRITING", flush=True)
    time.sleep(60)
os.replace = stuck
flow.save(sys.argv[1])
"""


def _killed_save(path: Path) -> list[Path]:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_KILLED_SAVE), str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "WRITING"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def test_temporary_files_of_a_killed_save_are_removed_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "killed.flowfile.yaml"
    left = _killed_save(path)
    assert len(left) == 1  # kill -9 mid-save leaves its temporary file
    flow = Flow("killed", namespace={})
    flow.add("manual_input")
    flow.save(path)
    assert sorted(tmp_path.glob(".*.tmp")) == []
    assert Flow.load(path).name == "killed"


def test_and_by_the_next_load(tmp_path: Path) -> None:
    path = tmp_path / "killed.flowfile.yaml"
    Flow("killed", namespace={}).save(path)
    assert len(_killed_save(path)) == 1
    other = tmp_path / ".other.flowfile.yaml.abc123.tmp"  # an old one, from before pids
    other.write_text("x")
    old = time.time() - 2 * 3600
    os.utime(other, (old, old))
    mine = tmp_path / f".killed.flowfile.yaml.{os.getpid()}.abc.tmp"  # a save running here
    mine.write_text("x")
    unrelated = tmp_path / ".notes.txt.123.abc.tmp"
    unrelated.write_text("x")
    Flow.load(path)
    assert sorted(p.name for p in tmp_path.glob(".*.tmp")) == sorted([mine.name, unrelated.name])

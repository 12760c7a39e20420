"""``%flowfile`` in a real IPython shell: create, reuse, autosave, reload, usage messages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from flowfile_jupyter import Flow
from flowfile_jupyter.jupyter.bound import header
from flowfile_jupyter.jupyter.magic import _autosaves
from flowfile_jupyter.jupyter.widget import FlowWidget


@pytest.fixture
def shell(tmp_path: Path) -> Iterator[Any]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "flowfile_jupyter")
    ip.user_ns.pop("sales", None)
    yield ip
    for saver in list(_autosaves.values()):
        saver.stop()
    _autosaves.clear()
    ip.user_ns.pop("sales", None)
    os.chdir(cwd)


def test_creates_a_flow_with_a_canvas_and_a_file(shell: Any, tmp_path: Path) -> None:
    canvas = shell.run_line_magic("flowfile", "sales --height 600")
    assert isinstance(canvas, FlowWidget)
    assert canvas.height == 600
    flow = shell.user_ns["sales"]
    assert isinstance(flow, Flow)
    assert (tmp_path / "sales.flowfile.yaml").exists()
    assert shell.run_line_magic("flowfile", "sales").flow is flow


def test_edits_are_autosaved_and_restored_after_restart(
    shell: Any, tmp_path: Path, data_dir: Path
) -> None:
    shell.run_line_magic("flowfile", "sales")
    flow = shell.user_ns["sales"]
    src = flow.add("read_csv", path=str(data_dir / "orders.csv"))
    flow.add("filter", src, expr='pl.col("amount") > 100', label="Big")
    _autosaves[id(flow)].flush()
    del shell.user_ns["sales"]  # as after a kernel restart
    _autosaves.clear()
    shell.run_line_magic("flowfile", "sales")
    again = shell.user_ns["sales"]
    assert again is not flow
    assert again.to_dict() == flow.to_dict()
    assert again.collect("filter_1").equals(flow.collect("filter_1"))


def test_file_option_and_no_save(shell: Any, tmp_path: Path) -> None:
    shell.run_line_magic("flowfile", "sales --file other.flowfile.yaml")
    assert (tmp_path / "other.flowfile.yaml").exists()
    shell.run_line_magic("flowfile", "scratch --no-save")
    assert not (tmp_path / "scratch.flowfile.yaml").exists()
    shell.user_ns.pop("scratch")


def test_listing_and_usage_messages(shell: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert shell.run_line_magic("flowfile", "").startswith("No flows yet")
    shell.run_line_magic("flowfile", "sales")
    assert "sales: <Flow 'sales': 0 nodes>" in shell.run_line_magic("flowfile", "")
    assert shell.run_line_magic("flowfile", "sales --colour red") is None
    out = capsys.readouterr().out
    assert "unrecognized arguments: --colour red" in out
    assert "--no-save" in out
    shell.run_line_magic("flowfile", "'not a name'")
    assert "is not a valid Python name" in capsys.readouterr().out
    shell.user_ns["taken"] = 3
    shell.run_line_magic("flowfile", "taken")
    assert "'taken' is already a int" in capsys.readouterr().out


def test_code_option_fills_the_next_cell(shell: Any, data_dir: Path) -> None:
    shell.run_line_magic("flowfile", "sales")
    shell.user_ns["sales"].add("read_csv", path=str(data_dir / "orders.csv"))
    shell.run_line_magic("flowfile", "sales --code")
    flow = shell.user_ns["sales"]
    # the flow's code, under a comment that binds the cell to the flow
    assert shell.rl_next_input == f"{header(flow)}{flow.to_code()}"
    assert shell.rl_next_input.startswith("# flowfile: sales")

"""Cells bound to a flow, in a real IPython shell: running the edited generated cell moves the
canvas as one undoable edit; ``%%flowfile`` and ``--from-cell`` read a cell's code."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from IPython.core.interactiveshell import InteractiveShell

from flowfile_jupyter import Flow, FlowEvent
from flowfile_jupyter.jupyter.bound import cell_code
from flowfile_jupyter.jupyter.magic import _autosaves
from flowfile_jupyter.jupyter.widget import FlowWidget


@pytest.fixture
def shell(tmp_path: Path) -> Iterator[Any]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "flowfile_jupyter")
    for name in ("sales", "hand", "later"):
        ip.user_ns.pop(name, None)
    yield ip
    for saver in list(_autosaves.values()):
        saver.stop()
    _autosaves.clear()
    for name in ("sales", "hand", "later"):
        ip.user_ns.pop(name, None)
    os.chdir(cwd)


def sales_flow(shell: Any, data_dir: Path) -> Flow:
    shell.run_line_magic("flowfile", "sales --no-save")
    flow: Flow = shell.user_ns["sales"]
    src = flow.add("read_csv", path=str(data_dir / "orders.csv"), position=(10, 20))
    big = flow.add("filter", src, column="amount", operator=">", value=100, position=(300, 20))
    flow.add(
        "group_by",
        big,
        by=["region"],
        aggs=[{"column": "amount", "agg": "sum", "alias": "total"}],
        position=(600, 20),
    )
    return flow


def test_running_the_edited_generated_cell_moves_the_canvas_in_one_undo_step(
    shell: Any, data_dir: Path
) -> None:
    flow = sales_flow(shell, data_dir)
    before = dict(flow.nodes)
    code = cell_code(flow)
    assert code.startswith("# flowfile: sales")
    edited = code.replace('pl.col("amount") > 100', 'pl.col("amount") > 200').replace(
        '.group_by("region"', '.filter(pl.col("quantity") >= 2)\n    .group_by("region"'
    )
    assert edited != code
    events: list[FlowEvent] = []
    flow.subscribe(events.append)
    result = shell.run_cell(edited, store_history=True)
    assert result.success
    assert len(events) == 1  # one edit: one prediction, one save, one canvas update
    filters = [n for n in flow.nodes.values() if n.type == "filter"]
    assert len(filters) == 2
    old_filter = next(n for n in filters if n.id in before)
    assert old_filter.settings.model_dump()["value"] == 200
    assert old_filter.position == before[old_filter.id].position  # kept where it was
    new = next(n for n in filters if n.id not in before)
    assert new.inputs == (old_filter.id,)
    assert new.position not in [n.position for n in before.values()]
    assert flow.errors == {}
    # the cell ran as code too, and its result is what the canvas computes
    leaf = next(n.id for n in flow.nodes.values() if n.type == "group_by")
    assert shell.user_ns["sales_df"].equals(flow.collect(leaf))
    assert flow.undo()
    assert dict(flow.nodes) == before


def test_running_the_unchanged_cell_is_no_edit(shell: Any, data_dir: Path) -> None:
    flow = sales_flow(shell, data_dir)
    undo_depth = len(flow._undo)
    assert shell.run_cell(cell_code(flow), store_history=True).success
    assert len(flow._undo) == undo_depth


def test_a_cell_with_code_no_node_reads_keeps_working_and_shows_code_nodes(
    shell: Any, data_dir: Path
) -> None:
    flow = sales_flow(shell, data_dir)
    edited = cell_code(flow).replace(
        ".collect()", ".pipe(lambda d: d.with_columns(twice=pl.col('total') * 2))\n    .collect()"
    )
    assert shell.run_cell(edited, store_history=True).success
    assert "twice" in shell.user_ns["sales_df"].columns
    code_nodes = [n for n in flow.nodes.values() if n.type == "polars_code"]
    assert len(code_nodes) == 1
    assert flow.collect(code_nodes[0].id).equals(shell.user_ns["sales_df"])


def test_a_broken_edit_leaves_the_flow_as_it_was(shell: Any, data_dir: Path, capsys: Any) -> None:
    flow = sales_flow(shell, data_dir)
    before = dict(flow.nodes)
    shell.run_cell(cell_code(flow) + "\nx = (", store_history=True)
    assert dict(flow.nodes) == before


def test_cell_magic_turns_a_hand_written_pipeline_into_a_flow(
    shell: Any, data_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    cell = f"""import polars as pl
orders = pl.scan_parquet("{data_dir}/orders.parquet")
top = (
    orders.filter(pl.col("amount") > 60)
    .sort("amount", descending=True)
    .head(3)
)
open("{marker}", "w")
"""
    result = shell.run_cell(f"%%flowfile hand --no-save\n{cell}", store_history=True)
    assert result.success
    assert isinstance(result.result, FlowWidget)
    flow: Flow = shell.user_ns["hand"]
    assert sorted(n.type for n in flow.nodes.values()) == ["filter", "head", "read_parquet", "sort"]
    top = next(n.id for n in flow.nodes.values() if n.label == "top")
    preview = flow.preview(top)
    assert preview.height == 3
    assert not marker.exists()  # the cell's code was read, not run
    # running the cell again after an edit updates the same flow, as one edit
    result = shell.run_cell(f"%%flowfile hand --no-save\n{cell.replace('head(3)', 'head(2)')}")
    assert flow.preview(top).height == 2
    flow.undo()
    assert flow.preview(top).height == 3


def test_from_cell_reads_an_earlier_cell_and_follows_it(shell: Any, data_dir: Path) -> None:
    code = (
        f'import polars as pl\nlf = pl.scan_parquet("{data_dir}/orders.parquet")'
        '.filter(pl.col("quantity") > 1)\n'
    )
    assert shell.run_cell(code, store_history=True, cell_id="cell-a").success
    shell.run_cell("%flowfile later --no-save --from-cell", store_history=True, cell_id="cell-b")
    flow: Flow = shell.user_ns["later"]
    assert sorted(n.type for n in flow.nodes.values()) == ["filter", "read_parquet"]
    shell.run_cell(code.replace("> 1", "> 2"), store_history=True, cell_id="cell-a")
    node = next(n for n in flow.nodes.values() if n.type == "filter")
    assert node.settings.model_dump()["value"] == 2
    expected = pl.read_parquet(data_dir / "orders.parquet").filter(pl.col("quantity") > 2)
    assert flow.collect(node.id).equals(expected)

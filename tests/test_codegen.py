"""Generated code: one readable, ruff-clean program that runs as is and matches the engine."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.codegen import generate

from .support import ruff_lint


@pytest.fixture
def flow(data_dir: Path) -> Flow:
    f = Flow("Sales Report")
    src = f.add("read_csv", path=str(data_dir / "orders.csv"))
    big = f.add("filter", src, expr='pl.col("amount") > 100')
    f.add(
        "group_by", big, by=["region"], aggs=[{"column": "amount", "agg": "sum", "alias": "total"}]
    )
    return f


def test_linear_chain_is_one_method_chain(flow: Flow, data_dir: Path) -> None:
    assert flow.to_code() == textwrap.dedent(
        f"""\
        import polars as pl

        sales_report_df = (
            pl.scan_csv("{data_dir / "orders.csv"}")
            .filter(pl.col("amount") > 100)
            .group_by("region", maintain_order=True)
            .agg(pl.col("amount").sum().alias("total"))
            .collect()
        )
        """
    )


def test_labels_and_shared_steps_get_variables(flow: Flow, data_dir: Path) -> None:
    flow.relabel("filter_1", "Big orders")
    flow.add("filter", "filter_1", expr='pl.col("quantity") > 2', label="Many items")
    regions = flow.add("read_csv", path=str(data_dir / "regions.csv"))
    flow.add("join", "group_by_1", regions, on=["region"], how="left")
    program = generate(flow)
    code = program.text
    assert "big_orders = (\n    pl.scan_csv(" in code
    assert "regions = pl.scan_csv(" in code
    assert "many_items = big_orders.filter(" in code
    assert '.join(regions, on="region", how="left"' in code
    assert set(program.outputs) == {"filter_2", "join_1"}
    assert program.outputs == {"filter_2": "many_items", "join_1": "joined"}
    ns: dict[str, object] = {}
    exec(code, ns)
    assert_frame_equal(ns["many_items"], flow.collect("filter_2"))  # type: ignore[arg-type]


def test_names_never_shadow_builtins_or_polars(data_dir: Path) -> None:
    f = Flow("pl")
    a = f.add("read_csv", path=str(data_dir / "orders.csv"), label="filter")
    f.add("filter", a, expr="pl.lit(True)", label="list")
    f.add("filter", a, expr="pl.lit(True)", label="pl")
    code = generate(f).text
    for bad in ("\nfilter = ", "\nlist = ", "\npl = "):
        assert bad not in code
    _run_fresh(code)


def test_nodes_with_errors_are_left_out_with_a_comment(flow: Flow) -> None:
    flow.update("filter_1", expr='pl.col("nope") > 1')
    program = generate(flow)
    assert program.text.startswith("# Left out (fix these nodes on the canvas first):\n")
    assert '# Filter 1: unable to find column "nope"' in program.text
    assert "# Group by 1: blocked by 'Filter 1'" in program.text
    assert set(program.skipped) == {"filter_1", "group_by_1"}
    _run_fresh(program.text)


def test_one_node_code(flow: Flow) -> None:
    program = generate(flow, ["filter_1"])
    assert "group_by" not in program.text
    ns: dict[str, object] = {}
    exec(program.text, ns)
    assert_frame_equal(ns[program.outputs["filter_1"]], flow.collect("filter_1"))  # type: ignore[arg-type]


def test_writers_become_sinks(flow: Flow, tmp_path: Path) -> None:
    out = tmp_path / "totals.csv"
    flow.add("write_csv", "group_by_1", path=str(out))
    code = flow.to_code()
    assert f'.sink_csv("{out}")' in code
    assert ".collect()" not in code
    _run_fresh(code)
    assert_frame_equal(pl.read_csv(out), flow.collect("group_by_1"), check_dtypes=False)


def test_generated_code_is_ruff_clean(flow: Flow, data_dir: Path) -> None:
    regions = flow.add("read_csv", path=str(data_dir / "regions.csv"))
    flow.add("join", "group_by_1", regions, on=["region"], how="left")
    flow.add("filter", "filter_1", expr='(pl.col("amount") > 1) | (pl.col("tags") == "x\\"y")')
    flow.add("filter", "filter_1", expr='pl.col("nope") > 1')  # left out, with a comment
    code = flow.to_code()
    result = ruff_lint(code)
    assert result.returncode == 0, result.stdout + code


def _run_fresh(code: str) -> None:
    """Run in a new interpreter, as a fresh kernel would."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr + "\n" + code

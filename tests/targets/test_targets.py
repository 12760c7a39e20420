"""Running a flow elsewhere from Python: what is refused, and that a refusal does nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.errors import NotPortableError

from ..support import ruff_lint
from .examples import EXAMPLES, example
from .parity import assert_same_rows


def _orders(data_dir: Path) -> tuple[Flow, str]:
    flow = Flow("orders", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"), label="Orders")
    return flow, src


def test_a_flow_with_non_portable_nodes_is_refused_naming_each(
    data_dir: Path, tmp_path: Path
) -> None:
    flow, src = _orders(data_dir)
    firsts = flow.add("head", src, n=3, label="First three")
    ranked = flow.add("with_row_index", firsts, name="rank")
    out = tmp_path / "out.parquet"
    flow.add("write_parquet", ranked, path=str(out))
    for attempt in (
        lambda: flow.to_code(target="narwhals"),
        lambda: flow.collect(ranked, engine="duckdb"),
        lambda: flow.run(engine="sqlframe"),
    ):
        with pytest.raises(NotPortableError) as refused:
            attempt()
        message = str(refused.value)
        assert "First three: keeping the first rows depends on row order" in message
        # named as the canvas names it: the type's title and its number
        assert "Record ID 1: with_row_index has no counterpart on other engines" in message
        assert set(refused.value.nodes) == {firsts, ranked}
    assert not out.exists()  # refused before anything ran: no file written
    assert not list(tmp_path.iterdir())


def test_only_the_nodes_a_result_needs_must_be_portable(data_dir: Path) -> None:
    flow, src = _orders(data_dir)
    flow.add("sample", src, n=2)  # another branch, not needed below
    north = flow.add("filter", src, column="region", value="north")
    assert_same_rows(flow.collect(north, engine="duckdb"), flow.collect(north))
    assert "sample" not in flow.to_code(north, target="narwhals")


def test_a_flow_whose_every_node_has_an_error_gives_a_program_that_says_so() -> None:
    flow = Flow("broken", namespace={})
    flow.add("read_csv", path="/nowhere/missing.csv")
    program = flow.to_code(target="narwhals")
    assert "# Left out" in program and "missing.csv" in program
    assert ruff_lint(program).returncode == 0
    exec(program, {})


def test_a_node_with_an_error_is_refused_by_its_message(data_dir: Path) -> None:
    flow, src = _orders(data_dir)
    bad = flow.add("filter", src, expr='pl.col("nope") > 1')
    with pytest.raises(FlowError, match="nope"):
        flow.collect(bad, engine="duckdb")


def test_unknown_engines_and_targets_are_refused(data_dir: Path) -> None:
    flow, _ = _orders(data_dir)
    with pytest.raises(FlowError, match="unknown engine 'oracle'"):
        flow.to_code(target="narwhals", engine="oracle")  # type: ignore[arg-type]
    with pytest.raises(FlowError, match="unknown code target 'sql'"):
        flow.to_code(target="sql")  # type: ignore[arg-type]


def test_results_come_back_with_the_predicted_polars_types(data_dir: Path) -> None:
    flow, src = _orders(data_dir)
    counted = flow.add(
        "group_by",
        src,
        by=["region"],
        aggs=[
            {"column": "quantity", "agg": "sum", "alias": "qty"},  # DuckDB: a Decimal
            {"column": "customer", "agg": "n_unique", "alias": "customers"},  # Int64 elsewhere
        ],
    )
    got = flow.collect(counted, engine="duckdb")
    assert got.schema == flow.schema(counted)
    assert got.schema["customers"] == pl.UInt32
    assert_same_rows(got, flow.collect(counted))


def test_run_on_duckdb_writes_the_outputs_and_assigns_variables(
    data_dir: Path, tmp_path: Path
) -> None:
    namespace: dict[str, Any] = {}
    flow = Flow("out", namespace=namespace)
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    big = flow.add("filter", src, expr='pl.col("amount") > 100')
    flow.add("write_parquet", big, path=str(tmp_path / "big.parquet"))
    flow.add("write_csv", big, path=str(tmp_path / "big.csv"))
    flow.add("to_variable", big, name="big_df")
    flow.run(engine="duckdb")
    expected = flow.collect(big)
    assert_same_rows(
        pl.read_parquet(tmp_path / "big.parquet").cast(dict(expected.schema)), expected
    )
    assert_same_rows(pl.read_csv(tmp_path / "big.csv", try_parse_dates=True), expected)
    assert_same_rows(namespace["big_df"], expected)


def test_sales_program_is_clean_and_runs_on_duckdb_as_a_cell_would() -> None:
    sales = example("sales_flow").build(str(EXAMPLES / "sales.csv"))
    program = sales.to_code(target="narwhals")
    lint = ruff_lint(program)
    assert lint.returncode == 0, lint.stdout
    assert program.startswith("import narwhals as nw\n")
    assert "def sales_flow(orders: nw.LazyFrame) -> nw.LazyFrame:" in program
    assert "import polars" not in program
    namespace: dict[str, Any] = {}
    exec(program, namespace)
    result = namespace["sales_df"]
    expected = sales.collect()
    assert_frame_equal(result.cast(dict(expected.schema)), expected)


def test_readme_shows_the_current_narwhals_program_of_the_sales_flow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(EXAMPLES)  # the example reads sales.csv next to it
    sales = example("sales_flow").build("sales.csv")
    readme = (EXAMPLES.parent / "README.md").read_text()
    assert sales.to_code(target="narwhals") in readme


def test_a_program_with_several_results_and_outputs_runs_as_a_cell_would(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    flow, src = _orders(data_dir)
    big = flow.add("filter", src, expr='pl.col("amount") > 100', label="Big orders")
    totals = flow.add(
        "group_by", big, by=["region"], aggs=[{"column": "amount", "agg": "sum", "alias": "total"}]
    )
    counted = flow.add("count", src)
    flow.add("write_parquet", big, path="big.parquet")
    flow.add("to_variable", totals, name="totals_df")
    program = flow.to_code(target="narwhals")
    assert ruff_lint(program).returncode == 0, ruff_lint(program).stdout
    assert "-> tuple[nw.LazyFrame, nw.LazyFrame, nw.LazyFrame]:" in program
    namespace: dict[str, Any] = {}
    exec(program, namespace)
    assert_same_rows(namespace["totals_df"].cast(dict(flow.schema(totals))), flow.collect(totals))
    counts = [v for k, v in namespace.items() if k.endswith("_df") and k != "totals_df"]
    assert [c.cast(dict(flow.schema(counted))).to_dicts() for c in counts] == [
        flow.collect(counted).to_dicts()
    ]
    expected = flow.collect(big)
    assert_same_rows(
        pl.read_parquet(tmp_path / "big.parquet").cast(dict(expected.schema)), expected
    )


def test_steps_that_need_row_order_run_where_a_sort_gives_one(data_dir: Path) -> None:
    flow, src = _orders(data_dir)
    ranked = flow.add("sort", src, by=[{"column": "amount", "descending": True}])
    kept = flow.add("filter", ranked, column="amount", operator="is_not_null")
    top = flow.add("head", kept, n=3)
    later = flow.add("group_by", top, by=["region"], aggs=[{"column": "amount", "agg": "sum"}])
    after_group = flow.add("head", later, n=1)  # a group_by leaves no order behind
    expected = flow.collect(top)
    for engine in ("duckdb", "sqlframe"):
        got = flow.collect(top, engine=engine)
        assert_frame_equal(got, expected)  # the same three rows, in the same order
    with pytest.raises(NotPortableError, match="sort right before this step") as refused:
        flow.collect(after_group, engine="duckdb")
    assert set(refused.value.nodes) == {after_group}


def test_keep_first_of_whole_rows_is_keep_any(data_dir: Path) -> None:
    flow, src = _orders(data_dir)
    doubled = flow.add("union", src, src)
    every_column = flow.schema(src).names()
    for subset in ([], every_column):
        once = flow.add("unique", doubled, subset=subset, keep="first")
        assert_same_rows(flow.collect(once, engine="duckdb"), flow.collect(once))
    partial = flow.add("unique", doubled, subset=["region"], keep="first")
    with pytest.raises(NotPortableError, match='keep="first" depends on row order'):
        flow.collect(partial, engine="duckdb")

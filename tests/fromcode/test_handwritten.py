"""Polars written by hand, in the styles people use, becomes a flow that computes the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow


def run(code: str, result: str, namespace: dict[str, Any] | None = None) -> pl.DataFrame:
    env: dict[str, Any] = dict(namespace or {})
    exec(code, env)
    value = env[result]
    return value.collect() if isinstance(value, pl.LazyFrame) else value


def types(flow: Flow) -> list[str]:
    return sorted(n.type for n in flow.nodes.values())


def one_leaf(flow: Flow) -> pl.DataFrame:
    return flow.collect()


def test_one_long_chain(data_dir: Path) -> None:
    code = f"""
import polars as pl

result = (
    pl.scan_csv("{data_dir}/orders.csv")
    .filter(pl.col("amount") > 100)
    .with_columns((pl.col("amount") * pl.col("quantity")).alias("total"))
    .group_by("region", maintain_order=True)
    .agg(pl.col("total").sum().alias("total_sum"))
    .sort("total_sum", descending=True)
    .collect()
)
"""
    flow = Flow.from_code(code, name="sales", namespace={})
    assert types(flow) == [
        "filter",
        "group_by",
        "read_csv",
        "sort",
        "to_variable",
        "with_columns",
    ]
    assert flow.errors == {}
    leaf = next(n for n in flow.nodes.values() if n.type == "sort").id
    assert_frame_equal(flow.collect(leaf), run(code, "result"))


def test_one_step_per_variable_and_a_fork(data_dir: Path) -> None:
    code = f"""
import polars as pl

orders = pl.scan_parquet("{data_dir}/orders.parquet")
big = orders.filter(pl.col("amount") >= 120)
small = orders.filter(pl.col("amount") < 120)
big_by_region = big.group_by("region", maintain_order=True).agg(pl.len())
"""
    flow = Flow.from_code(code, name="f", namespace={})
    source = [n for n in flow.nodes.values() if n.type == "read_parquet"]
    assert len(source) == 1  # read twice: one node, two edges (a fork)
    readers = [n for n in flow.nodes.values() if source[0].id in n.inputs]
    assert len(readers) == 2
    labels = {n.label for n in flow.nodes.values()}
    assert {"big", "small", "big_by_region"} <= labels
    by_label = {n.label: n.id for n in flow.nodes.values()}
    assert_frame_equal(flow.collect(by_label["big_by_region"]), run(code, "big_by_region"))
    assert_frame_equal(flow.collect(by_label["small"]), run(code, "small"))


def test_concat_of_branches(data_dir: Path) -> None:
    code = f"""
import polars as pl

orders = pl.scan_parquet("{data_dir}/orders.parquet")
both = pl.concat(
    [
        orders.filter(pl.col("region") == "north"),
        orders.filter(pl.col("region") == "south"),
    ],
    how="vertical",
)
"""
    flow = Flow.from_code(code, name="f", namespace={})
    assert types(flow) == ["filter", "filter", "read_parquet", "union"]
    union = next(n for n in flow.nodes.values() if n.type == "union")
    assert len(union.inputs) == 2
    assert_frame_equal(flow.collect(union.id), run(code, "both"))


def test_join_of_two_chains(data_dir: Path) -> None:
    code = f"""
import polars as pl

joined = (
    pl.scan_parquet("{data_dir}/orders.parquet")
    .filter(pl.col("quantity") > 1)
    .join(
        pl.scan_parquet("{data_dir}/regions.parquet").select("region", "manager"),
        on="region",
        how="left",
        maintain_order="left_right",
    )
)
"""
    flow = Flow.from_code(code, name="f", namespace={})
    assert types(flow) == ["filter", "join", "read_parquet", "read_parquet", "select"]
    join = next(n for n in flow.nodes.values() if n.type == "join")
    assert [flow.nodes[s or ""].type for s in join.inputs] == ["filter", "select"]
    assert_frame_equal(flow.collect(join.id), run(code, "joined"))


def test_mid_chain_collect_then_lazy(data_dir: Path) -> None:
    code = f"""
import polars as pl

out = (
    pl.scan_parquet("{data_dir}/orders.parquet")
    .filter(pl.col("amount") > 60)
    .collect()
    .lazy()
    .select("order_id", "amount")
    .head(3)
)
"""
    flow = Flow.from_code(code, name="f", namespace={})
    assert types(flow) == ["filter", "head", "read_parquet", "select"]
    assert_frame_equal(one_leaf(flow), run(code, "out"))


def test_notebook_variables_become_from_variable(namespace: dict[str, Any]) -> None:
    code = 'top = orders_df.lazy().sort("amount", descending=True).head(2)'
    flow = Flow.from_code(code, name="f", namespace=namespace)
    source = next(n for n in flow.nodes.values() if n.type == "from_variable")
    assert source.settings.model_dump() == {"name": "orders_df"}
    assert_frame_equal(one_leaf(flow), run(code, "top", namespace))


def test_sinks_and_eager_writes(data_dir: Path, tmp_path: Path) -> None:
    code = f"""
import polars as pl

lf = pl.scan_parquet("{data_dir}/orders.parquet").filter(pl.col("quantity") >= 2)
lf.sink_parquet("{tmp_path}/a.parquet")
lf.collect().write_csv("{tmp_path}/b.csv")
"""
    flow = Flow.from_code(code, name="f", namespace={})
    assert types(flow) == ["filter", "read_parquet", "write_csv", "write_parquet"]
    assert not list(tmp_path.iterdir())  # reading the code wrote nothing
    flow.run()
    expected = run(f'import polars as pl\nx = pl.scan_parquet("{data_dir}/orders.parquet")', "x")
    expected = expected.filter(pl.col("quantity") >= 2)
    assert_frame_equal(pl.read_parquet(tmp_path / "a.parquet"), expected)
    assert pl.read_csv(tmp_path / "b.csv").height == expected.height


def test_window_expressions_and_row_index(data_dir: Path) -> None:
    code = f"""
import polars as pl

ranked = (
    pl.scan_parquet("{data_dir}/orders.parquet")
    .with_row_index("row", offset=1)
    .with_columns(
        pl.col("amount").cum_sum().over("region", order_by="order_id").alias("running"),
    )
    .unpivot(on=["amount", "running"], index="row")
    .explode("value")
)
"""
    flow = Flow.from_code(code, name="f", namespace={})
    assert types(flow) == ["explode", "read_parquet", "unpivot", "window", "with_row_index"]
    assert flow.errors == {
        nid: msg for nid, msg in flow.errors.items() if flow.nodes[nid].type == "explode"
    }


def test_pivot_as_code_generation_writes_it(data_dir: Path) -> None:
    code = f"""
import polars as pl

orders = pl.scan_parquet("{data_dir}/orders.parquet")
wide = orders.pivot(
    "region",
    on_columns=["north", "south"],
    index="customer",
    values="amount",
    aggregate_function="sum",
)
"""
    flow = Flow.from_code(code, name="f", namespace={})
    assert types(flow) == ["pivot", "read_parquet"]
    assert_frame_equal(one_leaf(flow), run(code, "wide"))


def test_syntax_errors_are_a_clear_flow_error() -> None:
    from flowfile_jupyter import FlowError

    with pytest.raises(FlowError, match="syntax error on line 2"):
        Flow.from_code("import polars as pl\nx = (", name="f")

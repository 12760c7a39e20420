"""The frame API: Polars-style calls that build a flow as they go and collect like Polars."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import flowfile_jupyter as ff


def test_a_pipeline_in_code_is_a_flow_at_every_step(data_dir: Path) -> None:
    orders = ff.scan_csv(str(data_dir / "orders.csv"))
    big = orders.filter(ff.col("amount") > 100)
    assert [n.type for n in big.flow.nodes.values()] == ["read_csv", "filter"]
    result = (
        big.with_columns((ff.col("amount") * ff.col("quantity")).alias("total"))
        .group_by("region", maintain_order=True)
        .agg(ff.col("total").sum().alias("total_sum"))
        .sort("total_sum", descending=True)
    )
    assert [n.type for n in result.flow.nodes.values()] == [
        "read_csv",
        "filter",
        "with_columns",
        "group_by",
        "sort",
    ]
    expected = (
        pl.scan_csv(data_dir / "orders.csv")
        .filter(pl.col("amount") > 100)
        .with_columns((pl.col("amount") * pl.col("quantity")).alias("total"))
        .group_by("region", maintain_order=True)
        .agg(pl.col("total").sum().alias("total_sum"))
        .sort("total_sum", descending=True)
        .collect()
    )
    assert_frame_equal(result.collect(), expected)
    assert result.columns == ["region", "total_sum"]
    # the flow writes the same program back
    namespace: dict[str, object] = {}
    exec(result.to_code(), namespace)
    assert_frame_equal(namespace["flow_df"], expected)  # type: ignore[arg-type]


def test_each_step_is_one_undo_step_and_branches_fork(data_dir: Path) -> None:
    orders = ff.scan_parquet(str(data_dir / "orders.parquet"))
    north = orders.filter(ff.col("region") == "north")
    south = orders.filter(ff.col("region") == "south")
    both = ff.concat([north, south], flow=orders.flow)
    flow = both.flow
    assert flow is orders.flow
    assert [n.type for n in flow.nodes.values()] == ["read_parquet", "filter", "filter", "union"]
    assert both.collect().height == 5
    flow.undo()
    assert [n.type for n in flow.nodes.values()] == ["read_parquet", "filter", "filter"]


def test_joining_frames_of_two_flows_copies_the_other_in(data_dir: Path) -> None:
    orders = ff.scan_parquet(str(data_dir / "orders.parquet"))
    regions = ff.scan_parquet(str(data_dir / "regions.parquet")).select("region", "manager")
    joined = orders.join(regions, on="region", how="left")
    assert joined.flow is orders.flow
    types = [n.type for n in joined.flow.nodes.values()]
    assert types == ["read_parquet", "read_parquet", "select", "join"]
    assert "manager" in joined.columns
    assert joined.collect().height == 8


def test_calls_no_node_reads_become_code_nodes(data_dir: Path) -> None:
    orders = ff.scan_parquet(str(data_dir / "orders.parquet"))
    shifted = orders.with_columns(ff.col("amount").shift(1).alias("previous")).head(3)
    assert shifted.collect().height == 3
    odd = orders.select(ff.col("order_id").map_batches(ff.polars.Series.abs))  # code node
    assert [n.type for n in odd.flow.nodes.values()][-1] == "polars_code"


def test_sinks_add_output_nodes_that_write_when_the_flow_runs(
    data_dir: Path, tmp_path: Path
) -> None:
    orders = ff.scan_parquet(str(data_dir / "orders.parquet"))
    assert orders.sink_parquet(str(tmp_path / "out.parquet")) is None
    assert not (tmp_path / "out.parquet").exists()
    orders.flow.run()
    assert pl.read_parquet(tmp_path / "out.parquet").height == 8


def test_polars_expression_objects_are_refused_with_a_hint(data_dir: Path) -> None:
    orders = ff.scan_parquet(str(data_dir / "orders.parquet"))
    with pytest.raises(ff.FlowError, match=r"ff\.col"):
        orders.filter(pl.col("amount") > 1)
    assert len(orders.flow) == 1

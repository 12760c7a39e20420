"""Union: stacking any number of inputs, with mismatches caught before anything runs."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow

from ..support import generated


@pytest.fixture
def tables(data_dir: Path) -> tuple[Flow, str, str]:
    flow = Flow("stack", namespace={})
    orders = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    regions = flow.add("read_parquet", path=str(data_dir / "regions.parquet"))
    return flow, orders, regions


def test_union_of_three_inputs_matches_columns_by_name(tables: tuple[Flow, str, str]) -> None:
    flow, orders, regions = tables
    node = flow.add("union", orders, regions, orders)
    result = flow.collect(node)
    assert result.height == 8 + 3 + 8
    assert result.columns == [*flow.schema(orders).names(), "manager", "target"]
    assert result.schema == flow.schema(node)
    managers = result["manager"].to_list()
    assert managers[8:11] == ["Ann", "Bob", "Cy"]
    assert managers[:8] == [None] * 8
    code = flow.to_code(node)
    assert 'pl.concat([orders, regions, orders], how="diagonal_relaxed")' in code
    assert_frame_equal(generated(flow, node), result)


def test_vertical_needs_the_same_columns(tables: tuple[Flow, str, str]) -> None:
    flow, orders, regions = tables
    node = flow.add("union", orders, regions, how="vertical")
    message = flow.errors[node]
    assert message.startswith(
        "input 2 has columns [region, manager, target] but input 1 has [order_id, region, "
    )
    assert message.endswith(
        "vertical needs the same columns in the same order "
        "(use how='diagonal_relaxed' to match columns by name)"
    )
    flow.update(node, how="diagonal_relaxed")
    assert flow.errors == {}


def test_vertical_needs_the_same_order(data_dir: Path, tmp_path: Path) -> None:
    pl.DataFrame({"a": [1], "b": ["x"]}).write_parquet(tmp_path / "ab.parquet")
    pl.DataFrame({"b": ["y"], "a": [2]}).write_parquet(tmp_path / "ba.parquet")
    flow = Flow("order", namespace={})
    ab = flow.add("read_parquet", path=str(tmp_path / "ab.parquet"))
    ba = flow.add("read_parquet", path=str(tmp_path / "ba.parquet"))
    node = flow.add("union", ab, ba, how="vertical_relaxed")
    assert flow.errors[node] == (
        "input 2 has columns [b, a] but input 1 has [a, b]: vertical_relaxed needs the same "
        "columns in the same order (use how='diagonal_relaxed' to match columns by name)"
    )
    flow.update(node, how="diagonal")
    assert flow.collect(node).rows() == [(1, "x"), (2, "y")]


def test_types_must_agree_unless_relaxed(tmp_path: Path) -> None:
    pl.DataFrame({"id": [1], "v": [1]}).write_parquet(tmp_path / "ints.parquet")
    pl.DataFrame({"id": [2], "v": [2.5]}).write_parquet(tmp_path / "floats.parquet")
    pl.DataFrame({"id": [3], "w": ["z"]}).write_parquet(tmp_path / "other.parquet")
    flow = Flow("types", namespace={})
    ints = flow.add("read_parquet", path=str(tmp_path / "ints.parquet"))
    other = flow.add("read_parquet", path=str(tmp_path / "other.parquet"))
    floats = flow.add("read_parquet", path=str(tmp_path / "floats.parquet"))
    node = flow.add("union", ints, other, floats, how="diagonal")
    assert flow.errors == {
        node: 'column "v" is Float64 in input 3 but Int64 in input 1 '
        "(use how='diagonal_relaxed' to widen the types)"
    }
    flow.update(node, how="diagonal_relaxed")
    result = flow.collect(node)
    assert result.schema == flow.schema(node)
    assert result.rows() == [(1, 1.0, None), (3, None, "z"), (2, 2.5, None)]

    strict = flow.add("union", ints, floats, how="vertical")
    assert "(use how='vertical_relaxed' to widen the types)" in flow.errors[strict]
    flow.update(strict, how="vertical_relaxed")
    assert flow.collect(strict)["v"].to_list() == [1.0, 2.5]
    assert 'pl.concat([ints, floats], how="vertical_relaxed")' in flow.to_code(strict)


def test_vertical_union_of_identical_inputs(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("union", orders, orders, how="vertical")
    assert "pl.concat([orders, orders])" in flow.to_code(node)
    result = flow.collect(node)
    assert result.height == 16
    assert_frame_equal(generated(flow, node), result)


def test_inputs_come_and_go(tables: tuple[Flow, str, str]) -> None:
    flow, orders, regions = tables
    node = flow.add("union", orders)
    assert flow.collect(node).height == 8
    flow.connect(regions, node)
    assert flow.collect(node).height == 11
    flow.remove(orders, regions)
    assert flow.errors == {node: "no input is connected yet"}

"""Record ID: numbering rows, first column, optionally within groups."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError

from ..support import generated


@pytest.fixture
def orders(data_dir: Path) -> tuple[Flow, str]:
    flow = Flow("ids", namespace={})
    return flow, flow.add("read_parquet", path=str(data_dir / "orders.parquet"))


def test_plain_record_id_is_the_first_column(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("with_row_index", src, name="id", offset=1)
    assert '.with_row_index("id", offset=1)' in flow.to_code(node)
    result = flow.collect(node)
    assert result.columns[0] == "id"
    assert result["id"].to_list() == list(range(1, 9))
    assert flow.schema(node) == result.schema
    assert result.schema["id"] == pl.UInt32


def test_defaults_follow_polars(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("with_row_index", src)
    assert "\n    .with_row_index()\n" in flow.to_code(node)
    assert flow.collect(node)["index"].to_list() == list(range(8))


def test_grouped_ids_count_within_each_group(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("with_row_index", src, name="n", offset=1, by=["region"])
    result = flow.collect(node)
    assert result.columns == ["n", *flow.schema(src).names()]
    assert flow.schema(node) == result.schema
    # same type as the ungrouped ID, so adding a group does not change the column's type
    assert result.schema["n"] == pl.UInt32
    pairs = list(zip(result["region"].to_list(), result["n"].to_list(), strict=True))
    assert pairs == [
        ("north", 1),
        ("south", 1),
        ("north", 2),
        ("east", 1),
        ("south", 2),
        ("north", 3),
        (None, 1),
        ("east", 2),
    ]
    assert_frame_equal(generated(flow, node), result)


def test_grouped_by_two_columns_from_zero(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("with_row_index", src, name="line", by=["region", "customer"])
    result = flow.collect(node)
    north_c1 = result.filter(pl.col("region") == "north", pl.col("customer") == "c1")
    assert north_c1["line"].to_list() == [0, 1]
    assert result["line"].max() == 1
    assert_frame_equal(generated(flow, node), result)


@pytest.mark.parametrize("by", [[], ["region"]])
def test_taken_name_is_a_node_error(orders: tuple[Flow, str], by: list[str]) -> None:
    flow, src = orders
    node = flow.add("with_row_index", src, name="amount", by=by)
    assert flow.errors == {node: 'there is already a column named "amount": choose another name'}
    flow.update(node, name="amount_id")
    assert flow.errors == {}


def test_unknown_group_column_is_a_node_error(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("with_row_index", src, by=["regoin"])
    assert flow.errors[node].startswith('unable to find column "regoin"')
    assert flow.errors[node].endswith('Did you mean "region"?')


def test_bad_settings_are_refused(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    with pytest.raises(SettingsError, match="offset: Input should be greater than or equal to 0"):
        flow.add("with_row_index", src, offset=-1)
    with pytest.raises(SettingsError, match="name: String should have at least 1 character"):
        flow.add("with_row_index", src, name="")
    assert len(flow) == 1

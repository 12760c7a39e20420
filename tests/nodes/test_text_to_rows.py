"""Text to rows: split a text column at a delimiter, one row per piece."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError

from ..support import generated


@pytest.fixture
def orders(data_dir: Path) -> tuple[Flow, str]:
    flow = Flow("tags", namespace={})
    return flow, flow.add("read_parquet", path=str(data_dir / "orders.parquet"))


def test_split_replaces_the_column(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("text_to_rows", src, column="tags", delimiter=";")
    result = flow.collect(node)
    assert result.schema == flow.schema(node) == flow.schema(src)
    first = result.filter(pl.col("order_id") == 8)["tags"].to_list()
    assert first == ["a", "b", "c"]
    # a null text stays one row with null
    assert result.filter(pl.col("order_id") == 4)["tags"].to_list() == [None]
    assert result.height == 13
    code = flow.to_code(node)
    assert '.with_columns(pl.col("tags").str.split(";"))' in code
    assert '.explode("tags")' in code
    assert_frame_equal(generated(flow, node), result)


def test_split_into_a_new_column_keeps_the_text(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("text_to_rows", src, column="tags", delimiter=";", output="tag")
    result = flow.collect(node)
    assert result.columns == [*flow.schema(src).names(), "tag"]
    assert result.filter(pl.col("order_id") == 1).select("tags", "tag").rows() == [
        ("a;b", "a"),
        ("a;b", "b"),
    ]
    assert flow.schema(node) == result.schema
    assert_frame_equal(generated(flow, node), result)


def test_text_without_the_delimiter_gives_one_row(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("text_to_rows", src, column="customer")
    assert flow.collect(node)["customer"].to_list() == flow.collect(src)["customer"].to_list()


def test_non_text_column_is_a_node_error_before_running(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("text_to_rows", src, column="amount")
    assert flow.errors == {
        node: '"amount" holds Float64, not text: only text columns can be split '
        "(cast it to String first)"
    }


def test_missing_column_is_a_node_error(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("text_to_rows", src, column="tag")
    assert flow.errors[node].startswith('unable to find column "tag"')


def test_a_new_node_asks_for_a_column(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    node = flow.add("text_to_rows", src)
    assert flow.errors == {node: "choose the text column to split"}
    flow.update(node, column="tags", delimiter=";")
    assert flow.errors == {}


def test_empty_delimiter_or_name_is_refused(orders: tuple[Flow, str]) -> None:
    flow, src = orders
    with pytest.raises(SettingsError, match="delimiter: String should have at least 1 char"):
        flow.add("text_to_rows", src, column="tags", delimiter="")
    with pytest.raises(SettingsError, match="output: String should have at least 1 char"):
        flow.add("text_to_rows", src, column="tags", output="")
    assert len(flow) == 1

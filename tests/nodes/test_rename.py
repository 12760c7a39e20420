"""Rename: Polars' strict rename, with errors on the node for missing or clashing names."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowfile_jupyter import Flow, SettingsError

from ..support import ORDERS
from ._transform import checked, orders, rendered


def test_rename_keeps_position_and_data(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("rename", src, mapping={"amount": "revenue", "order_id": "id"})
    result = checked(flow, node)
    assert result.columns == [
        "id", "region", "customer", "revenue", "quantity", "order_date", "tags"
    ]  # fmt: skip
    assert result["revenue"].to_list() == ORDERS["amount"].to_list()
    assert '.rename({"amount": "revenue", "order_id": "id"})' in rendered(flow, node)


def test_swapping_two_names(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("rename", src, mapping={"region": "customer", "customer": "region"})
    result = checked(flow, node)
    assert result["customer"].to_list() == ORDERS["region"].to_list()
    assert result["region"].to_list() == ORDERS["customer"].to_list()


def test_a_missing_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("rename", src, mapping={"amount": "revenue", "nope": "x"})
    assert flow.errors[node] == '"nope" not found'


def test_renaming_onto_an_existing_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("rename", src, mapping={"amount": "region"})
    assert flow.errors[node] == "column 'region' is duplicate"


def test_nothing_to_rename_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("rename", src)
    assert flow.errors[node] == "choose a column to rename"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"amount": ""}, "give 'amount' a new name"),
        ({"": "x"}, "a column to rename has an empty name"),
        ({"amount": 3}, "mapping.amount"),
        (["amount"], "mapping"),
    ],
)
def test_bad_mappings_are_refused(mapping: object, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("rename", mapping=mapping)

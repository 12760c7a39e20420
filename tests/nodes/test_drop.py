"""Drop columns: strict, so dropping a column that is not there is a node error."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowfile_jupyter import Flow, SettingsError

from ._transform import checked, orders, rendered


def test_drop_columns(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("drop", src, columns=["tags", "customer"])
    result = checked(flow, node)
    assert result.columns == ["order_id", "region", "amount", "quantity", "order_date"]
    assert result.height == 8
    assert '.drop("tags", "customer")' in rendered(flow, node)


def test_a_missing_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("drop", src, columns=["tags", "nope"])
    assert flow.errors[node] == '"nope" not found'


def test_a_column_dropped_upstream_already_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    first = flow.add("drop", src, columns=["tags"])
    second = flow.add("drop", first, columns=["tags"])
    assert list(flow.errors) == [second]


def test_nothing_to_drop_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("drop", src)
    assert flow.errors[node] == "choose the columns to drop"


def test_columns_must_be_names() -> None:
    with pytest.raises(SettingsError, match="columns"):
        Flow("refused", namespace={}).add("drop", columns="tags")

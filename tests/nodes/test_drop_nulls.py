"""Drop nulls: rows with a null anywhere, or in the chosen columns."""

from __future__ import annotations

from pathlib import Path

from ._transform import checked, orders, rendered


def test_any_column(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("drop_nulls", src)
    assert checked(flow, node)["order_id"].to_list() == [1, 2, 3, 6, 8]
    assert ".drop_nulls()" in rendered(flow, node)


def test_chosen_columns(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("drop_nulls", src, subset=["amount"])
    assert checked(flow, node)["order_id"].to_list() == [1, 2, 3, 4, 6, 7, 8]
    assert '.drop_nulls(subset=["amount"])' in rendered(flow, node)
    flow.update(node, subset=["region", "tags"])
    assert checked(flow, node)["order_id"].to_list() == [1, 2, 3, 5, 6, 8]


def test_a_missing_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("drop_nulls", src, subset=["amount", "nope"])
    assert flow.errors[node] == '"nope" not found'

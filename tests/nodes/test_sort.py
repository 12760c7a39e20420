"""Sort: row ORDER is what matters, in the canvas and in the generated code alike."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._transform import checked, orders, rendered, source


def test_ascending_puts_nulls_first_like_polars(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("sort", src, by=[{"column": "amount"}])
    assert checked(flow, node)["order_id"].to_list() == [5, 7, 1, 6, 4, 2, 3, 8]
    assert '.sort("amount")' in rendered(flow, node)


def test_descending_with_nulls_last(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("sort", src, by=[{"column": "amount", "descending": True, "nulls_last": True}])
    assert checked(flow, node)["order_id"].to_list() == [8, 3, 2, 4, 6, 1, 7, 5]
    assert '.sort("amount", descending=True, nulls_last=True)' in rendered(flow, node)


def test_several_keys_with_their_own_directions(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "sort",
        src,
        by=[
            {"column": "region", "nulls_last": True},
            {"column": "amount", "descending": True},
        ],
    )
    assert checked(flow, node)["order_id"].to_list() == [8, 4, 3, 6, 1, 5, 2, 7]
    assert (
        '.sort(["region", "amount"], descending=[False, True], nulls_last=[True, False])'
    ) in rendered(flow, node)


def test_equal_flags_are_written_once(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "sort",
        src,
        by=[
            {"column": "customer", "descending": True},
            {"column": "order_date", "descending": True},
        ],
        maintain_order=False,
    )
    assert checked(flow, node)["order_id"].to_list() == [7, 6, 8, 4, 5, 2, 3, 1]
    assert '.sort(["customer", "order_date"], descending=True)' in rendered(flow, node)


def test_maintain_order_keeps_ties_in_input_order(tmp_path: Path) -> None:
    n = 200_000
    frame = pl.DataFrame({"key": [i % 7 for i in range(n)], "row": range(n)})
    flow, src = source(tmp_path, frame)
    node = flow.add("sort", src, by=[{"column": "key", "descending": True}], maintain_order=True)
    assert '.sort("key", descending=True, maintain_order=True)' in rendered(flow, node)
    result = checked(flow, node)
    assert result["key"].to_list() == sorted(frame["key"].to_list(), reverse=True)
    for key in range(7):
        assert result.filter(pl.col("key") == key)["row"].is_sorted()


def test_a_missing_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("sort", src, by=[{"column": "amount"}, {"column": "nope"}])
    assert flow.errors[node].startswith('unable to find column "nope"')


def test_no_key_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("sort", src)
    assert flow.errors[node] == "choose a column to sort by"


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ([{"column": ""}], "by.0.column"),
        ([{"column": "a", "descending": "down"}], "by.0.descending"),
        (["amount"], "by.0"),
    ],
)
def test_bad_keys_are_refused(by: list[object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("sort", by=by)

"""Pivot: hand-computed wide tables, data-driven prediction, the column cap, and the errors.

ORDERS (id: region, customer, amount, quantity):
  1: north c1  50.0 1    5: south c2  null 1
  2: south c2 150.0 3    6: north c4  80.5 2
  3: north c1 300.0 2    7: null  c5  20.0 4
  4: east  c3 120.0 5    8: east  c3 310.0 3
Regions in order of first appearance: north, south, east, null.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._aggregate_support import checked, code_result, orders_flow, read, rows


def pivoted(data_dir: Path, **settings: Any) -> pl.DataFrame:
    flow, src = orders_flow(data_dir)
    node = flow.add("pivot", src, **settings)
    return checked(flow, node)


def test_sum_per_customer_and_region(data_dir: Path) -> None:
    result = pivoted(
        data_dir, on="region", index=["customer"], values=["amount"], aggregate_function="sum"
    )
    # new columns in order of first appearance; a null region becomes a column named "null"
    assert result.columns == ["customer", "north", "south", "east", "null"]
    # Polars 2.1: the sum of an empty cell is 0, not null
    assert rows(result) == [
        ("c1", 350.0, 0.0, 0.0, 0.0),
        ("c2", 0.0, 150.0, 0.0, 0.0),
        ("c3", 0.0, 0.0, 430.0, 0.0),
        ("c4", 80.5, 0.0, 0.0, 0.0),
        ("c5", 0.0, 0.0, 0.0, 20.0),
    ]


def test_first_leaves_empty_cells_null_and_sort_columns_sorts(data_dir: Path) -> None:
    result = pivoted(
        data_dir, on="region", index=["customer"], values=["amount"], sort_columns=True
    )
    assert result.columns == ["customer", "null", "east", "north", "south"]
    assert rows(result) == [
        ("c1", None, None, 50.0, None),
        ("c2", None, None, None, 150.0),
        ("c3", None, 120.0, None, None),
        ("c4", None, None, 80.5, None),
        ("c5", 20.0, None, None, None),
    ]


@pytest.mark.parametrize(
    ("function", "north", "south", "east", "dtype"),
    [
        ("first", [1, None, None], [None, 3, None], [None, None, 5], pl.Int64),
        ("last", [2, None, None], [None, 1, None], [None, None, 3], pl.Int64),
        ("min", [1, None, None], [None, 1, None], [None, None, 3], pl.Int64),
        ("max", [2, None, None], [None, 3, None], [None, None, 5], pl.Int64),
        ("sum", [3, 0, 0], [0, 4, 0], [0, 0, 8], pl.Int64),
        ("mean", [1.5, None, None], [None, 2.0, None], [None, None, 4.0], pl.Float64),
        ("median", [1.5, None, None], [None, 2.0, None], [None, None, 4.0], pl.Float64),
        ("len", [2, 0, 0], [0, 2, 0], [0, 0, 2], pl.UInt32),
    ],
)
def test_each_aggregate_function(
    tmp_path: Path,
    function: str,
    north: list[Any],
    south: list[Any],
    east: list[Any],
    dtype: pl.DataType,
) -> None:
    # customers c1 (north: 1, 2), c2 (south: 3, 1), c3 (east: 5, 3)
    frame = pl.DataFrame(
        {
            "customer": ["c1", "c2", "c1", "c3", "c2", "c3"],
            "region": ["north", "south", "north", "east", "south", "east"],
            "quantity": [1, 3, 2, 5, 1, 3],
        }
    )
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, frame, "sales")
    node = flow.add(
        "pivot",
        src,
        on="region",
        index=["customer"],
        values=["quantity"],
        aggregate_function=function,
    )
    result = checked(flow, node)
    assert result["customer"].to_list() == ["c1", "c2", "c3"]
    assert result["north"].to_list() == north
    assert result["south"].to_list() == south
    assert result["east"].to_list() == east
    assert result.schema["north"] == dtype


def test_item_takes_the_one_value_of_each_cell(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"day": [1, 1, 2, 2], "metric": ["in", "out", "in", "out"], "n": [5, 3, 7, 2]}
    )
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, frame, "metrics")
    node = flow.add("pivot", src, on="metric", index=["day"], aggregate_function="item")
    assert rows(checked(flow, node)) == [(1, 5, 3), (2, 7, 2)]


def test_item_fails_on_the_data_when_a_cell_is_not_exactly_one_value(tmp_path: Path) -> None:
    # known only once the data is read: prediction succeeds, running says why it failed
    frame = pl.DataFrame({"day": [1, 1, 2], "metric": ["in", "out", "in"], "n": [5, 3, 7]})
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, frame, "metrics")
    node = flow.add("pivot", src, on="metric", index=["day"], aggregate_function="item")
    assert node not in flow.errors
    with pytest.raises(pl.exceptions.ComputeError, match="aggregation 'item' expected"):
        flow.collect(node)


def test_several_value_columns_use_the_separator(data_dir: Path) -> None:
    result = pivoted(
        data_dir,
        on="region",
        index=["customer"],
        values=["amount", "quantity"],
        aggregate_function="max",
        separator="|",
        sort_columns=True,
    )
    assert result.columns == [
        "customer",
        "amount|null",
        "amount|east",
        "amount|north",
        "amount|south",
        "quantity|null",
        "quantity|east",
        "quantity|north",
        "quantity|south",
    ]
    assert rows(result, "customer", "amount|north", "quantity|north")[0] == ("c1", 300.0, 2)


def test_empty_values_means_every_other_column(data_dir: Path) -> None:
    flow = Flow("test", namespace={})
    columns = ["customer", "region", "amount", "quantity"]
    narrow = flow.add("read_parquet", path=str(data_dir / "orders.parquet"), columns=columns)
    node = flow.add("pivot", narrow, on="region", index=["customer"], sort_columns=True)
    result = checked(flow, node)
    assert result.columns == [
        "customer",
        "amount_null",
        "amount_east",
        "amount_north",
        "amount_south",
        "quantity_null",
        "quantity_east",
        "quantity_north",
        "quantity_south",
    ]


def test_empty_index_means_every_other_column(data_dir: Path) -> None:
    flow = Flow("test", namespace={})
    columns = ["order_id", "region", "amount"]
    narrow = flow.add("read_parquet", path=str(data_dir / "orders.parquet"), columns=columns)
    node = flow.add("pivot", narrow, on="region", values=["amount"], maintain_order=True)
    result = checked(flow, node)
    assert result.columns == ["order_id", "north", "south", "east", "null"]
    assert rows(result)[:2] == [(1, 50.0, None, None, None), (2, None, 150.0, None, None)]


def test_generated_code_reads_the_values_like_the_engine(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    big = flow.add("filter", src, column="amount", operator=">", value=100)
    node = flow.add(
        "pivot", big, on="region", index=["customer"], values=["amount"], aggregate_function="sum"
    )
    code = flow.to_code(node)
    assert "filtered = (\n    pl.scan_parquet(" in code
    assert (
        "    filtered.pivot(\n"
        '        "region",\n'
        '        on_columns=filtered.select(pl.col("region").unique(maintain_order=True))\n'
        "        .collect()\n"
        "        .to_series(),\n"
        '        index="customer",\n'
    ) in code
    result = checked(flow, node)
    assert result.columns == ["customer", "south", "north", "east"]


def test_listed_on_columns_read_no_data(tmp_path: Path, data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    # fails on every row when the data is read (tags are not numbers), not when predicting
    broken = flow.add("filter", src, expr='pl.col("tags").cast(pl.Int64) > 0')
    assert flow.errors == {}
    listed = flow.add(
        "pivot",
        broken,
        on="region",
        index=["customer"],
        values=["amount"],
        on_columns=["south", "north"],
    )
    assert listed not in flow.errors
    assert list(flow.schema(listed)) == ["customer", "south", "north"]
    computed = flow.add("pivot", broken, on="region", index=["customer"], values=["amount"])
    assert flow.errors[computed].startswith(
        'the schema is unknown: the values of pivot column "region" could not be read '
        "(conversion from `str` to `i64` failed"
    )


def test_listed_on_columns(data_dir: Path) -> None:
    result = pivoted(
        data_dir,
        on="quantity",
        index=["region"],
        values=["amount"],
        aggregate_function="sum",
        on_columns=[3, 1, 9],
        sort_columns=True,
    )
    assert result.columns == ["region", "1", "3", "9"]
    assert rows(result) == [
        ("north", 50.0, 0.0, 0.0),
        ("south", 0.0, 150.0, 0.0),
        ("east", 0.0, 310.0, 0.0),
        (None, 0.0, 0.0, 0.0),
    ]


def test_new_values_in_the_data_give_new_columns_on_refresh(tmp_path: Path) -> None:
    path = tmp_path / "sales.parquet"
    pl.DataFrame({"k": [1, 1], "c": ["a", "b"], "v": [1, 2]}).write_parquet(path)
    flow = Flow("test", namespace={})
    src = flow.add("read_parquet", path=str(path))
    node = flow.add("pivot", src, on="c", index=["k"])
    assert list(flow.schema(node)) == ["k", "a", "b"]
    pl.DataFrame({"k": [1, 1, 1], "c": ["a", "b", "z"], "v": [1, 2, 3]}).write_parquet(path)
    flow.refresh()
    assert list(flow.schema(node)) == ["k", "a", "b", "z"]
    assert rows(code_result(flow, node)) == [(1, 1, 2, 3)]


def _wide(tmp_path: Path, keys: int) -> tuple[Flow, str]:
    frame = pl.DataFrame({"id": [1] * keys, "key": [f"k{i}" for i in range(keys)], "v": 1})
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, frame, "wide")
    return flow, flow.add("pivot", src, on="key", index=["id"], values=["v"])


def test_at_most_1000_columns(tmp_path: Path) -> None:
    flow, node = _wide(tmp_path, 999)
    assert len(flow.schema(node)) == 1000
    flow, node = _wide(tmp_path, 1000)
    assert flow.errors[node] == (
        'the pivot would make 1001 columns (1000 distinct values of "key" x 1 value column(s)); '
        "the limit is 1000: pivot on a column with fewer values, choose fewer value columns, "
        "or filter first"
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"on": "nope", "index": ["customer"]},
            'there is no column "nope" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"on": "region", "index": ["who"]},
            'there is no column "who" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {
                "on": "region",
                "index": ["order_id"],
                "values": ["customer"],
                "aggregate_function": "mean",
            },
            'mean does not work on "customer" (String): it needs numbers, booleans or dates/times',
        ),
        (
            {
                "on": "region",
                "index": ["customer"],
                "values": ["order_date"],
                "aggregate_function": "sum",
            },
            'sum does not work on "order_date" (Date): it needs numbers, booleans or durations',
        ),
        ({"on": "region"}, "choose the index columns, the value columns, or both"),
        (
            {"index": ["customer"]},
            "choose the pivot column (on): its values become the new columns",
        ),
        (
            {"on": "quantity", "index": ["region"], "values": ["amount"], "on_columns": ["1"]},
            'on_columns: "quantity" is a Int64 column; "1" does not fit',
        ),
        (
            {"on": "region", "index": ["customer"], "values": ["amount"], "on_columns": [1]},
            'on_columns: "region" is a String column; 1 does not fit',
        ),
        (
            {"on": "order_date", "index": ["region"], "values": ["amount"], "on_columns": ["x"]},
            'on_columns can be listed only for text, number or boolean columns; "order_date" is '
            "Date: leave on_columns empty to use the column's values",
        ),
    ],
)
def test_node_errors(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("pivot", src, **settings)
    assert flow.errors[node] == message


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"on": ""}, "on: String should have at least 1 character"),
        ({"on": "region", "index": ["region"]}, "'region' is the pivot column"),
        (
            {"on": "region", "index": ["a"], "values": ["a"]},
            "'a' cannot be in both index and values",
        ),
        ({"on": "region", "on_columns": ["a", "a"]}, "list each value once"),
        (
            {"on": "region", "on_columns": ["a", 1], "sort_columns": True},
            "on_columns: to sort them, give values of one kind",
        ),
        ({"on": "region", "aggregate_function": "count"}, "aggregate_function: Input should be"),
    ],
)
def test_refusals(settings: dict[str, Any], message: str) -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match=message):
        flow.add("pivot", **settings)
    assert len(flow) == 0

"""Window functions: hand-computed ranks, running totals, rolling values and lags.

ORDERS in id order (which is also order_date, order_id order):
  id:       1      2      3      4      5     6      7     8
  region:   north  south  north  east   south north  null  east
  customer: c1     c2     c1     c3     c2    c4     c5    c3
  amount:   50     150    300    120    null  80.5   20    310
  quantity: 1      3      2      5      1     2      4     3
  date:     01-01  01-01  01-02  01-03  01-05 01-08  01-08 01-09
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._aggregate_support import checked, orders_flow, read

BY_DATE = ["order_date", "order_id"]


def windowed(data_dir: Path, columns: list[dict[str, Any]], **settings: Any) -> pl.DataFrame:
    flow, src = orders_flow(data_dir)
    node = flow.add("window", src, columns=columns, **settings)
    result = checked(flow, node)
    assert result["order_id"].to_list() == [1, 2, 3, 4, 5, 6, 7, 8]  # every row, in place
    return result


def test_running_total_per_region(data_dir: Path) -> None:
    result = windowed(
        data_dir,
        [{"column": "amount", "function": "cum_sum", "alias": "running_total"}],
        partition_by=["region"],
        order_by=BY_DATE,
    )
    assert result.columns[-1] == "running_total"
    assert result["running_total"].to_list() == [50, 150, 350, 120, None, 430.5, 20, 430]


def test_order_by_not_row_order_decides(tmp_path: Path, data_dir: Path) -> None:
    orders = pl.read_parquet(data_dir / "orders.parquet").reverse()
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, orders, "reversed")
    node = flow.add(
        "window",
        src,
        columns=[{"column": "quantity", "function": "cum_sum", "alias": "total"}],
        order_by=["order_id"],
    )
    result = checked(flow, node)
    assert result["order_id"].to_list() == [8, 7, 6, 5, 4, 3, 2, 1]  # rows stay where they were
    assert result["total"].to_list() == [21, 18, 14, 12, 11, 6, 4, 1]
    assert '.over(order_by="order_id")' in flow.to_code(node)


@pytest.mark.parametrize(
    ("settings", "expected", "dtype"),
    [
        ({}, [1.0, 2.0, 2.5, 2.0, 1.0, 2.5, 1.0, 1.0], pl.Float64),
        ({"method": "min"}, [1, 2, 2, 2, 1, 2, 1, 1], pl.UInt32),
        ({"method": "max"}, [1, 2, 3, 2, 1, 3, 1, 1], pl.UInt32),
        ({"method": "dense"}, [1, 2, 2, 2, 1, 2, 1, 1], pl.UInt32),
        ({"method": "ordinal"}, [1, 2, 2, 2, 1, 3, 1, 1], pl.UInt32),
        ({"method": "min", "descending": True}, [3, 1, 1, 1, 2, 1, 1, 2], pl.UInt32),
    ],
)
def test_rank_quantity_per_region(
    data_dir: Path, settings: dict[str, Any], expected: list[Any], dtype: pl.DataType
) -> None:
    # quantities: north 1, 2, 2 (ids 1, 3, 6); south 3, 1; east 5, 3; null region 4
    column = {"column": "quantity", "function": "rank", "alias": "r", **settings}
    result = windowed(data_dir, [column], partition_by=["region"])
    assert result["r"].to_list() == expected
    assert result.schema["r"] == dtype


def test_random_rank_is_repeatable_with_a_seed(data_dir: Path) -> None:
    column = {"column": "quantity", "function": "rank", "method": "random", "seed": 3}
    result = windowed(data_dir, [column], partition_by=["region"])
    ranks = result["quantity_rank"].to_list()
    north = [ranks[0], ranks[2], ranks[5]]
    assert north[0] == 1  # the smallest quantity; the two 2s share ranks 2 and 3 at random
    assert sorted(north) == [1, 2, 3]


def test_rank_of_nulls_is_null(data_dir: Path) -> None:
    column = {"column": "amount", "function": "rank", "method": "dense", "descending": True}
    result = windowed(data_dir, [column], partition_by=["region"])
    assert result["amount_rank"].to_list() == [3, 1, 1, 2, None, 2, 1, 1]


def test_cumulative_functions_in_descending_order(data_dir: Path) -> None:
    # order_id descending: ids 8..1 carry quantities 3, 4, 2, 1, 5, 2, 3, 1
    functions = ["cum_count", "cum_max", "cum_min", "cum_sum", "cum_prod"]
    columns: list[dict[str, Any]] = [
        {"column": "quantity", "function": f, "alias": f} for f in functions
    ]
    columns.append(
        {"column": "quantity", "function": "cum_sum", "reverse": True, "alias": "reverse"}
    )
    result = windowed(data_dir, columns, order_by=["order_id"], descending=True)
    assert result["cum_count"].to_list() == [8, 7, 6, 5, 4, 3, 2, 1]
    assert result["cum_max"].to_list() == [5, 5, 5, 5, 4, 4, 4, 3]
    assert result["cum_min"].to_list() == [1, 1, 1, 1, 1, 2, 3, 3]
    assert result["cum_sum"].to_list() == [21, 20, 17, 15, 10, 9, 7, 3]
    assert result["cum_prod"].to_list() == [720, 720, 240, 120, 24, 24, 12, 3]
    assert result["reverse"].to_list() == [1, 4, 6, 11, 12, 14, 18, 21]


def test_rolling_functions(data_dir: Path) -> None:
    # amount in date order: 50, 150, 300, 120, null, 80.5, 20, 310
    columns: list[dict[str, Any]] = [
        {"column": "amount", "function": "rolling_mean", "window_size": 2, "alias": "mean"},
        {"column": "amount", "function": "rolling_sum", "window_size": 2, "alias": "sum"},
        {
            "column": "amount",
            "function": "rolling_sum",
            "window_size": 2,
            "min_samples": 1,
            "alias": "sum1",
        },
        {"column": "quantity", "function": "rolling_min", "alias": "min3"},
        {"column": "quantity", "function": "rolling_max", "window_size": 2, "alias": "max2"},
    ]
    result = windowed(data_dir, columns, order_by=BY_DATE)
    assert result["mean"].to_list() == [None, 100.0, 225.0, 210.0, None, None, 50.25, 165.0]
    assert result["sum"].to_list() == [None, 200.0, 450.0, 420.0, None, None, 100.5, 330.0]
    assert result["sum1"].to_list() == [50.0, 200.0, 450.0, 420.0, 120.0, 80.5, 100.5, 330.0]
    assert result["min3"].to_list() == [None, None, 1, 2, 1, 1, 1, 2]
    assert result["max2"].to_list() == [None, 3, 3, 5, 5, 2, 4, 4]


def test_rolling_within_partitions(data_dir: Path) -> None:
    column = {"column": "amount", "function": "rolling_sum", "window_size": 2, "min_samples": 1}
    result = windowed(
        data_dir, [column], partition_by=["customer", "region"], order_by=["order_date"]
    )
    # c1/north: ids 1, 3; c2/south: ids 2, 5 (null); c3/east: ids 4, 8; others alone
    assert result["amount_rolling_sum"].to_list() == [50, 150, 350, 120, 150, 80.5, 20, 430]


def test_lags_and_differences(data_dir: Path) -> None:
    columns: list[dict[str, Any]] = [
        {"column": "amount", "function": "shift"},
        {"column": "amount", "function": "shift", "n": -1, "alias": "next"},
        {"column": "amount", "function": "diff"},
        {"column": "quantity", "function": "diff", "n": 2, "alias": "diff2"},
        {"column": "amount", "function": "pct_change"},
        {"column": "order_date", "function": "diff", "alias": "gap"},
    ]
    result = windowed(data_dir, columns, order_by=BY_DATE)
    assert result["amount_shift"].to_list() == [None, 50, 150, 300, 120, None, 80.5, 20]
    assert result["next"].to_list() == [150, 300, 120, None, 80.5, 20, 310, None]
    assert result["amount_diff"].to_list() == [None, 100, 150, -180, None, None, -60.5, 290]
    assert result["diff2"].to_list() == [None, None, 1, 2, -1, -3, 3, 1]
    assert result["amount_pct_change"].to_list() == pytest.approx(
        [None, 2.0, 1.0, -0.6, None, None, 20 / 80.5 - 1, 14.5], nan_ok=True
    )
    assert result["gap"].to_list() == [None] + [dt.timedelta(days=d) for d in (0, 1, 1, 2, 3, 0, 1)]


def test_partition_without_order_follows_row_order(data_dir: Path) -> None:
    result = windowed(
        data_dir, [{"column": "amount", "function": "shift"}], partition_by=["region"]
    )
    assert result["amount_shift"].to_list() == [None, None, 50, None, 150, 300, None, 120]


def test_neither_partition_nor_order_is_a_plain_expression(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("window", src, columns=[{"column": "quantity", "function": "cum_sum"}])
    assert checked(flow, node)["quantity_cum_sum"].to_list() == [1, 4, 6, 11, 12, 14, 18, 21]
    assert '.with_columns(pl.col("quantity").cum_sum().alias("quantity_cum_sum"))' in (
        flow.to_code(node)
    )


def test_generated_code_uses_over(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add(
        "window",
        src,
        columns=[{"column": "amount", "function": "rank", "method": "dense", "alias": "r"}],
        partition_by=["region", "customer"],
        order_by=["order_date"],
        nulls_last=True,
    )
    checked(flow, node)
    assert (
        'pl.col("amount")\n        .rank("dense")\n'
        '        .over(["region", "customer"], order_by="order_date", nulls_last=True)\n'
        '        .alias("r"),'
    ) in flow.to_code(node)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"columns": [{"column": "nope"}]},
            'there is no column "nope" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"columns": [{"column": "amount"}], "partition_by": ["area"]},
            'there is no column "area" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"columns": [{"column": "amount"}], "order_by": ["when"]},
            'there is no column "when" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"columns": [{"column": "region", "function": "cum_sum"}]},
            'cum_sum does not work on "region" (String): it needs numbers, booleans or durations',
        ),
        (
            {"columns": [{"column": "customer", "function": "rolling_mean"}]},
            'rolling_mean does not work on "customer" (String): it needs numbers, booleans or '
            "dates/times",
        ),
        (
            {"columns": [{"column": "order_date", "function": "rolling_sum"}]},
            'rolling_sum does not work on "order_date" (Date): it needs integers, floats or '
            "booleans",
        ),
        (
            {"columns": [{"column": "tags", "function": "diff"}]},
            'diff does not work on "tags" (String): it needs numbers or dates/times',
        ),
        (
            {"columns": [{"column": "tags", "function": "pct_change"}]},
            'pct_change does not work on "tags" (String): it needs numbers, booleans or '
            "dates/times",
        ),
        ({}, "add a window column: which column, and which function"),
        (
            {
                "columns": [
                    {"column": "amount", "function": "shift", "alias": "x"},
                    {"column": "amount", "function": "diff", "alias": "x"},
                ]
            },
            "the name 'x' passed to `LazyFrame.with_columns` is duplicate",
        ),
    ],
)
def test_node_errors(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    # Polars 2.1 predicts a schema for cum_sum of text (and others) and fails only on the data
    flow, src = orders_flow(data_dir)
    node = flow.add("window", src, **settings)
    assert flow.errors[node] == message


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ({"column": "a", "function": "lag"}, "columns.0.function: Input should be 'rank'"),
        ({"column": "a", "function": "rank", "method": "first"}, "columns.0.method: Input"),
        ({"column": "a", "window_size": 0}, "columns.0.window_size: Input should be greater"),
        ({"column": "a", "seed": -1}, "columns.0.seed: Input should be greater than or equal"),
        ({"column": ""}, "columns.0.column: String should have at least 1 character"),
    ],
)
def test_refusals(column: dict[str, Any], message: str) -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match=message):
        flow.add("window", columns=[column])
    assert len(flow) == 0

"""Time windows (group_by_dynamic): hand-computed windows, sorting, and the errors a user sees.

ORDERS by order_date (2024-01-01 is a Monday):
  id:     1     2     3     4     5     6     7     8
  date:   01-01 01-01 01-02 01-03 01-05 01-08 01-08 01-09
  amount: 50    150   300   120   null  80.5  20    310
  region: north south north east  south north null  east
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError
from flowfile_jupyter.nodes import get

from ._aggregate_support import checked, orders_flow, read, rows

TOTAL = [{"column": "amount", "agg": "sum", "alias": "total"}]


def windows(data_dir: Path, **settings: Any) -> pl.DataFrame:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by_dynamic", src, index_column="order_date", **settings)
    return checked(flow, node)


def day(d: int) -> dt.date:
    return dt.date(2024, 1, d)


def test_weekly_totals(data_dir: Path) -> None:
    result = windows(data_dir, every="1w", aggs=TOTAL)
    assert rows(result) == [(day(1), 620.0), (day(8), 410.5)]


def test_the_index_column_is_sorted_first(tmp_path: Path, data_dir: Path) -> None:
    shuffled = pl.read_parquet(data_dir / "orders.parquet").reverse()
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, shuffled, "shuffled")
    node = flow.add("group_by_dynamic", src, index_column="order_date", every="1w", aggs=TOTAL)
    assert rows(checked(flow, node)) == [(day(1), 620.0), (day(8), 410.5)]
    code = flow.to_code(node)
    assert '    .sort("order_date")\n    .group_by_dynamic("order_date", every="1w")\n' in code
    assert "sorts by the index column" in get("group_by_dynamic").description


def test_windows_per_group_with_boundaries(data_dir: Path) -> None:
    result = windows(data_dir, every="1w", group_by=["region"], include_boundaries=True, aggs=TOTAL)
    assert result.columns == ["region", "_lower_boundary", "_upper_boundary", "order_date", "total"]
    monday = dt.datetime(2024, 1, 1)
    next_monday = dt.datetime(2024, 1, 8)
    assert sorted(rows(result), key=str) == sorted(
        [
            ("east", monday, next_monday, day(1), 120.0),
            ("east", next_monday, dt.datetime(2024, 1, 15), day(8), 310.0),
            ("north", monday, next_monday, day(1), 350.0),
            ("north", next_monday, dt.datetime(2024, 1, 15), day(8), 80.5),
            ("south", monday, next_monday, day(1), 150.0),
            (None, next_monday, dt.datetime(2024, 1, 15), day(8), 20.0),
        ],
        key=str,
    )
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by_dynamic", src, index_column="order_date", group_by=["region"])
    assert '.sort("region", "order_date")' in flow.to_code(node)


def test_closed_both_and_label_right(data_dir: Path) -> None:
    # [01-01, 01-08] takes the two orders of 01-08 too; labels show each window's end
    result = windows(data_dir, every="1w", closed="both", window_label="right", aggs=TOTAL)
    assert rows(result) == [(day(8), 720.5), (day(15), 410.5)]


def test_closed_right(data_dir: Path) -> None:
    # (12-31, 01-01], (01-01, 01-02], ... per day: windows with no rows are left out
    result = windows(data_dir, every="1d", closed="right", aggs=TOTAL)
    assert rows(result) == [
        (dt.date(2023, 12, 31), 200.0),
        (day(1), 300.0),
        (day(2), 120.0),
        (day(4), 0.0),  # only a null amount: Polars sums it to 0
        (day(7), 100.5),
        (day(8), 310.0),
    ]


def test_a_period_may_mix_units(data_dir: Path) -> None:
    # weekly windows eight days long: [01-01, 01-09) and [01-08, 01-16) share 01-08
    result = windows(data_dir, every="1w", period="1w1d", aggs=TOTAL)
    assert rows(result) == [(day(1), 720.5), (day(8), 410.5)]


def test_period_shorter_than_every(data_dir: Path) -> None:
    # two days from each Monday: [01-01, 01-03) and [01-08, 01-10)
    result = windows(data_dir, every="1w", period="2d", aggs=TOTAL)
    assert rows(result) == [(day(1), 500.0), (day(8), 410.5)]


def test_offset_and_datapoint_label(data_dir: Path) -> None:
    # weeks from Tuesday (offset 1d): [12-26, 01-02), [01-02, 01-09), [01-09, 01-16)
    result = windows(data_dir, every="1w", offset="1d", window_label="datapoint", aggs=TOTAL)
    assert rows(result) == [(day(1), 200.0), (day(2), 520.5), (day(9), 310.0)]


def test_start_by_datapoint(data_dir: Path) -> None:
    # 3-day windows from the first date: [01-01, 01-04), [01-04, 01-07), [01-07, 01-10)
    result = windows(data_dir, every="3d", start_by="datapoint", aggs=TOTAL)
    assert rows(result) == [(day(1), 620.0), (day(4), 0.0), (day(7), 410.5)]


def test_start_by_a_weekday(data_dir: Path) -> None:
    # weeks from Wednesday: the first window starts on the Wednesday before 01-01
    result = windows(data_dir, every="1w", start_by="wednesday", aggs=TOTAL)
    # [12-27, 01-03): ids 1, 2, 3   [01-03, 01-10): ids 4 to 8
    assert rows(result) == [(dt.date(2023, 12, 27), 500.0), (day(3), 530.5)]


def test_month_windows_and_several_aggregations(data_dir: Path) -> None:
    result = windows(
        data_dir,
        every="1mo",
        aggs=[
            {"column": "order_id", "agg": "count"},
            {"column": "amount", "agg": "mean"},
            {"column": "customer", "agg": "n_unique"},
            {"column": "region", "agg": "concat", "separator": "/"},
        ],
    )
    assert rows(result) == [
        (day(1), 8, 1030.5 / 7, 5, "north/south/north/east/south/north/east"),
    ]


def test_no_aggregations_counts_rows(data_dir: Path) -> None:
    assert rows(windows(data_dir, every="1w")) == [(day(1), 5), (day(8), 3)]


def test_integer_index_counts_steps(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by_dynamic", src, index_column="order_id", every="3i", aggs=TOTAL)
    # [0, 3): ids 1, 2   [3, 6): ids 3, 4, 5   [6, 9): ids 6, 7, 8
    assert rows(checked(flow, node)) == [(0, 200.0), (3, 420.0), (6, 410.5)]
    shorter = flow.add(
        "group_by_dynamic", src, index_column="order_id", every="3i", period="2i", aggs=TOTAL
    )
    # [0, 2): id 1   [3, 5): ids 3, 4   [6, 8): ids 6, 7
    assert rows(checked(flow, shorter)) == [(0, 50.0), (3, 420.0), (6, 100.5)]


def test_datetime_index_with_hours(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "at": [dt.datetime(2024, 1, 1, h, m) for h, m in ((0, 10), (1, 5), (1, 55), (5, 0))],
            "n": [1, 2, 3, 4],
        }
    )
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, frame, "events")
    node = flow.add(
        "group_by_dynamic",
        src,
        index_column="at",
        every="2h",
        aggs=[{"column": "n", "agg": "sum"}],
    )
    assert rows(checked(flow, node)) == [
        (dt.datetime(2024, 1, 1, 0), 6),
        (dt.datetime(2024, 1, 1, 4), 4),
    ]


def test_nulls_in_the_index_column_fail_when_the_data_is_read(tmp_path: Path) -> None:
    frame = pl.DataFrame({"d": [day(1), None, day(2)], "n": [1, 2, 3]})
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, frame, "gaps")
    node = flow.add("group_by_dynamic", src, index_column="d", every="1d")
    assert node not in flow.errors
    with pytest.raises(pl.exceptions.ComputeError, match="null values in `group_by_dynamic`"):
        flow.collect(node)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"every": "1 week"}, "every: '1 week' is not a duration like 1w, 3d, 2h"),
        ({"every": "week"}, "every: 'week' is not a duration like 1w, 3d, 2h"),
        ({"every": "-1d"}, "every: '-1d' must be positive"),
        ({"every": "0d"}, "every: '0d' must be longer than zero"),
        ({"period": "-2h"}, "period: '-2h' must be positive"),
        (
            {"every": "1d12h"},
            "every: '1d12h' mixes days and time; use one kind of unit: months (mo, q, y), "
            "weeks (w), days (d), time (h, m, s, ms, us, ns) or index counts (i)",
        ),
        ({"every": "1w2d"}, "every: '1w2d' mixes days and weeks"),
        ({"offset": "1 day"}, "offset: '1 day' is not a duration like 1w, 3d, 2h"),
        ({"closed": "open"}, "closed: Input should be 'left', 'right', 'both' or 'none'"),
        ({"start_by": "june"}, "start_by: Input should be"),
        ({"index_column": ""}, "index_column: String should have at least 1 character"),
        ({"aggs": [{"column": "amount", "agg": "avg"}]}, "aggs.0.agg: Input should be"),
    ],
)
def test_refusals(settings: dict[str, Any], message: str) -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match="^" + re.escape(f"group_by_dynamic: {message}")):
        flow.add("group_by_dynamic", **{"index_column": "order_date", **settings})
    assert len(flow) == 0


def test_accepted_durations() -> None:
    flow = Flow("accepted", namespace={})
    for every, period, offset in (
        ("1h30m", None, "-1d"),
        ("2mo", "1w1d", "1w"),
        ("1q", None, "-1d12h"),
        ("10i", "12i", "-2i"),
    ):
        flow.add("group_by_dynamic", index_column="d", every=every, period=period, offset=offset)
    assert len(flow) == 4


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "choose the index column: the dates, datetimes or integers to window"),
        (
            {"index_column": "region"},
            '"region" is String: time windows need a Date, Datetime, Int32 or Int64 index column',
        ),
        (
            {"index_column": "when"},
            'there is no column "when" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"index_column": "order_date", "group_by": ["area"]},
            'there is no column "area" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"index_column": "order_id", "every": "1d"},
            'every: "order_id" holds integers, so durations count index steps: write e.g. 3i, '
            "not 1d",
        ),
        (
            {"index_column": "order_id", "every": "2i", "offset": "1d"},
            'offset: "order_id" holds integers, so durations count index steps: write e.g. 3i, '
            "not 1d",
        ),
        (
            {"index_column": "order_date", "every": "2i"},
            'every: "order_date" holds Date values; write a time duration such as 1w, 3d or 2h, '
            "not 2i",
        ),
        (
            {"index_column": "order_date", "every": "1d", "period": "500ns"},
            'period: 500ns is shorter than the precision of "order_date" (Date)',
        ),
        (
            {"index_column": "order_date", "aggs": [{"column": "order_date", "agg": "sum"}]},
            'sum does not work on "order_date" (Date): it needs numbers, booleans or durations',
        ),
        (
            {"index_column": "order_date", "aggs": [{"column": "price", "agg": "sum"}]},
            'there is no column "price" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
    ],
)
def test_node_errors(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    # Polars 2.1 predicts all of these fine and fails only when the data is read
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by_dynamic", src, **settings)
    assert flow.errors[node] == message


def test_nanosecond_windows_on_microsecond_datetimes_are_refused(tmp_path: Path) -> None:
    # Polars 2.1 panics (divide by zero) on such windows; the node stops it before it runs
    frame = pl.DataFrame({"at": [dt.datetime(2024, 1, 1)], "n": [1]})
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, frame, "events")
    node = flow.add("group_by_dynamic", src, index_column="at", every="999ns")
    assert flow.errors[node] == (
        "every: 999ns is shorter than the precision of \"at\" (Datetime(time_unit='us', "
        "time_zone=None))"
    )
    flow.update(node, every="1us")
    assert rows(checked(flow, node)) == [(dt.datetime(2024, 1, 1), 1)]

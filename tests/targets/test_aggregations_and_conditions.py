"""The group_by without keys, aggregations and computed columns written as expressions, and the
filter's typed dates, on DuckDB and SQLFrame: Polars' rows, or a refusal that names the setting
and says why, before anything runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.errors import NotPortableError

from ..support import ORDERS, ruff_lint
from .parity import assert_same_rows

ENGINES: tuple[Literal["duckdb", "sqlframe"], ...] = ("duckdb", "sqlframe")


def _orders(tmp_path: Path, rows: int | None = None) -> tuple[Flow, str]:
    path = tmp_path / "orders.parquet"
    (ORDERS if rows is None else ORDERS.head(rows)).write_parquet(path)
    flow = Flow("orders", namespace={})
    return flow, flow.add("read_parquet", path=str(path), label="Orders")


def _same_everywhere(flow: Flow, node: str) -> pl.DataFrame:
    expected = flow.collect(node)
    for engine in ENGINES:
        assert_same_rows(flow.collect(node, engine=engine), expected)
    program = flow.to_code(node, target="narwhals")
    assert ruff_lint(program).returncode == 0, ruff_lint(program).stdout
    return expected


@pytest.mark.parametrize("rows", [None, 0])
def test_aggregating_all_rows_gives_polars_one_row_also_for_no_rows(
    tmp_path: Path, rows: int | None
) -> None:
    flow, src = _orders(tmp_path, rows)
    summary = flow.add(
        "group_by",
        src,
        by=[],
        aggs=[
            {"column": "amount", "agg": "sum", "alias": "total"},
            {"column": "customer", "agg": "n_unique", "alias": "customers"},
            {"column": "quantity", "agg": "len", "alias": "rows"},
            {"expr": '(pl.col("amount") * pl.col("quantity")).sum()', "alias": "revenue"},
            {"expr": 'pl.col("region").n_unique() + pl.col("customer").n_unique()'},
            {"expr": 'pl.col("amount").max() - pl.col("amount").min()', "alias": "spread"},
        ],
    )
    counted = flow.add("group_by", src, by=[])  # the number of rows alone
    expected = _same_everywhere(flow, summary)
    assert expected.height == 1
    if rows == 0:  # Polars counts nothing as 0 (SQL engines say null unless told)
        assert expected.row(0, named=True)["customers"] == 0
        assert expected.row(0, named=True)["total"] == 0
    assert _same_everywhere(flow, counted).item() == (rows if rows is not None else 8)


def test_one_row_keeps_an_order_so_a_head_after_it_runs(tmp_path: Path) -> None:
    flow, src = _orders(tmp_path)
    summary = flow.add("group_by", src, by=[], aggs=[{"column": "amount", "agg": "mean"}])
    first = flow.add("head", summary, n=1)
    _same_everywhere(flow, first)


def test_expression_aggregations_per_group_give_polars_rows(tmp_path: Path) -> None:
    flow, src = _orders(tmp_path)
    grouped = flow.add(
        "group_by",
        src,
        by=["region"],
        aggs=[
            {"expr": '(pl.col("amount") * pl.col("quantity")).sum()', "alias": "revenue"},
            {"expr": '0.2 * pl.col("quantity").mean()', "alias": "small"},
            {"expr": "pl.len()", "alias": "orders"},
        ],
    )
    _same_everywhere(flow, grouped)


def test_typed_dates_in_conditions_and_in_expressions_give_polars_rows(tmp_path: Path) -> None:
    flow, src = _orders(tmp_path)
    dated = flow.add(
        "filter",
        src,
        conditions=[
            {"column": "order_date", "operator": ">=", "value": dt.date(2024, 1, 2)},
            {
                "combine": "or",
                "conditions": [
                    {
                        "column": "order_date",
                        "operator": "between",
                        "value": [dt.date(2024, 1, 3), dt.date(2024, 1, 5)],
                        "negate": True,
                    },
                    {"column": "amount", "operator": ">", "other": "quantity"},
                ],
            },
        ],
    )
    written = flow.add(
        "filter", src, expr='pl.col("order_date").cast(pl.Datetime) < pl.datetime(2024, 1, 8, 12)'
    )
    assert _same_everywhere(flow, dated).height > 0
    assert _same_everywhere(flow, written).height == 7  # up to Jan 8 noon
    program = flow.to_code(target="narwhals")
    assert "nw.date" not in program and "nw.datetime" not in program
    assert 'nw.lit("2024-01-02").cast(nw.Date)' in program


def test_computed_select_columns_give_polars_rows(tmp_path: Path) -> None:
    flow, src = _orders(tmp_path)
    chosen = flow.add(
        "select",
        src,
        columns=[
            {"column": "region"},
            {"expr": 'pl.col("amount") * pl.col("quantity")', "rename": "revenue"},
            {"expr": 'pl.col("amount").sum()', "rename": "all_amounts"},  # broadcast
            {"column": "quantity", "cast": "Float64"},
        ],
    )
    _same_everywhere(flow, chosen)


@pytest.mark.parametrize(
    ("node", "settings", "named"),
    [
        (
            "group_by",
            {"by": ["region"], "aggs": [{"expr": 'pl.col("customer").first()', "alias": "who"}]},
            "who: its value may depend on row order",
        ),
        (
            "group_by",
            {"by": [], "aggs": [{"expr": 'pl.col("amount").cum_sum().max()', "alias": "peak"}]},
            "peak: its value may depend on row order",
        ),
        (
            "select",
            {"columns": [{"expr": 'pl.col("amount").shift(1)', "rename": "before"}]},
            "before: depends on row order, and engines other than Polars keep none: "
            "a Window step with order_by columns says which order",
        ),
        (
            "select",
            {"columns": [{"expr": 'pl.col("amount").drop_nulls()', "rename": "known"}]},
            "known: changes the number of rows",
        ),
        (
            "with_columns",
            {"columns": [{"name": "running", "expr": 'pl.col("amount").cum_sum()'}]},
            "running: depends on row order",
        ),
    ],
)
def test_what_needs_row_order_is_refused_by_name_and_nothing_is_written(
    tmp_path: Path, node: str, settings: dict[str, Any], named: str
) -> None:
    flow, src = _orders(tmp_path)
    step = flow.add(node, src, label="The step", **settings)
    assert step not in flow.errors  # fine in Polars
    out = tmp_path / "out" / "result.parquet"
    out.parent.mkdir()
    flow.add("write_parquet", step, path=str(out))
    for attempt in (
        lambda: flow.to_code(target="narwhals"),
        lambda: flow.collect(step, engine="duckdb"),
        lambda: flow.run(engine="sqlframe"),
    ):
        with pytest.raises(NotPortableError) as refused:
            attempt()
        assert f"The step: {named}" in str(refused.value)
        assert set(refused.value.nodes) == {step}
    assert not list(out.parent.iterdir())  # refused before anything ran


def test_a_sort_right_after_a_sort_orders_by_its_own_keys(tmp_path: Path) -> None:
    """SQLFrame merges consecutive sorts into one ORDER BY (the first sort's keys first): the
    second sort must still decide the order, as it does in Polars."""
    flow, src = _orders(tmp_path)
    by_date = flow.add("sort", src, by=[{"column": "order_date", "descending": True}])
    by_amount = flow.add("sort", by_date, by=[{"column": "amount", "nulls_last": True}])
    expected = flow.collect(by_amount)
    for engine in ENGINES:
        assert_same_rows(flow.collect(by_amount, engine=engine), expected, ["amount"])

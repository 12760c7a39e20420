"""Group by: every aggregation against hand-computed values, and the errors a user sees.

ORDERS by region (first appearance order: north, south, east, null):
  north: ids 1, 3, 6   amount 50, 300, 80.5   quantity 1, 2, 2   customers c1, c1, c4
  south: ids 2, 5      amount 150, null       quantity 3, 1      customers c2, c2
  east:  ids 4, 8      amount 120, 310        quantity 5, 3      customers c3, c3
  null:  id 7          amount 20              quantity 4         customer  c5
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._aggregate_support import checked, orders_flow, read, rows

REGIONS_IN_ORDER = ["north", "south", "east", None]


def by_region(data_dir: Path, *aggs: dict[str, object]) -> pl.DataFrame:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src, by=["region"], aggs=list(aggs))
    return checked(flow, node)


def test_sum_keeps_groups_in_order_of_first_appearance(data_dir: Path) -> None:
    result = by_region(data_dir, {"column": "amount", "agg": "sum", "alias": "total"})
    assert rows(result) == [("north", 430.5), ("south", 150.0), ("east", 430.0), (None, 20.0)]


@pytest.mark.parametrize(
    ("agg", "expected"),
    [
        ("mean", [143.5, 150.0, 215.0, 20.0]),
        ("median", [80.5, 150.0, 215.0, 20.0]),
        ("min", [50.0, 150.0, 120.0, 20.0]),
        ("max", [300.0, 150.0, 310.0, 20.0]),
        ("count", [3, 1, 2, 1]),  # non-null values
        ("len", [3, 2, 2, 1]),  # rows, nulls included
        ("n_unique", [3, 2, 2, 1]),  # null counts as a value
        ("first", [50.0, 150.0, 120.0, 20.0]),
        ("last", [80.5, None, 310.0, 20.0]),
        ("list", [[50.0, 300.0, 80.5], [150.0, None], [120.0, 310.0], [20.0]]),
    ],
)
def test_each_aggregation_of_amount(data_dir: Path, agg: str, expected: list[object]) -> None:
    result = by_region(data_dir, {"column": "amount", "agg": agg})
    assert result.columns == ["region", f"amount_{agg}"]
    assert result["region"].to_list() == REGIONS_IN_ORDER
    assert result[f"amount_{agg}"].to_list() == expected


def test_std_and_var(data_dir: Path) -> None:
    result = by_region(
        data_dir, {"column": "amount", "agg": "std"}, {"column": "quantity", "agg": "var"}
    )
    std = result["amount_std"].to_list()
    assert std[0] == pytest.approx(136.38823263)  # sample std of 50, 300, 80.5
    assert std[1] is None  # one non-null value
    assert std[2] == pytest.approx(134.35028843)  # 120, 310
    assert result["quantity_var"].to_list()[:3] == pytest.approx([1 / 3, 2.0, 2.0])
    assert result["quantity_var"].to_list()[3] is None


def test_concat_joins_text_with_the_separator(data_dir: Path) -> None:
    result = by_region(
        data_dir,
        {"column": "customer", "agg": "concat"},
        {"column": "quantity", "agg": "concat", "separator": "+", "alias": "quantities"},
    )
    assert result["customer_concat"].to_list() == ["c1, c1, c4", "c2, c2", "c3, c3", "c5"]
    assert result["quantities"].to_list() == ["1+2+2", "3+1", "5+3", "4"]


def test_no_aggregations_counts_rows(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src, by=["region"])
    assert rows(checked(flow, node)) == [("north", 3), ("south", 2), ("east", 2), (None, 1)]
    assert '    .group_by("region", maintain_order=True)\n    .agg(pl.len())\n' in flow.to_code(
        node
    )


def test_several_keys_and_unordered_groups(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add(
        "group_by",
        src,
        by=["region", "customer"],
        aggs=[{"column": "quantity", "agg": "sum"}],
        maintain_order=False,
    )
    result = checked(flow, node, row_order=False)
    assert sorted(rows(result), key=str) == sorted(
        [
            ("north", "c1", 3),
            ("north", "c4", 2),
            ("south", "c2", 4),
            ("east", "c3", 8),
            (None, "c5", 4),
        ],
        key=str,
    )
    assert 'group_by(["region", "customer"])' in flow.to_code(node)


def test_many_aggregations_are_laid_out_one_per_line(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    aggs = [{"column": "amount", "agg": a} for a in ("sum", "mean", "min", "max")]
    node = flow.add("group_by", src, by=["region"], aggs=aggs)
    checked(flow, node)
    assert '    .agg(\n        pl.col("amount").sum().alias("amount_sum"),\n' in flow.to_code(node)


def test_a_missing_key_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src, by=["nope"])
    assert flow.errors[node] == (
        'there is no column "nope" (columns: order_id, region, customer, amount, quantity, '
        "order_date, tags)"
    )


def test_a_missing_aggregated_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src, by=["region"], aggs=[{"column": "price", "agg": "sum"}])
    assert flow.errors[node].startswith('there is no column "price" (columns: order_id, ')


@pytest.mark.parametrize(
    ("column", "agg", "message"),
    [
        (
            "order_date",
            "sum",
            'sum does not work on "order_date" (Date): it needs numbers, booleans or durations',
        ),
        (
            "region",
            "mean",
            'mean does not work on "region" (String): it needs numbers, booleans or dates/times',
        ),
        (
            "customer",
            "std",
            'std does not work on "customer" (String): it needs numbers or booleans',
        ),
        (
            "order_date",
            "var",
            'var does not work on "order_date" (Date): it needs numbers or booleans',
        ),
    ],
)
def test_an_aggregation_of_the_wrong_dtype_is_a_node_error(
    data_dir: Path, column: str, agg: str, message: str
) -> None:
    # Polars 2.1 predicts a schema for sum of a Date and fails only on the data: the node says so
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src, by=["region"], aggs=[{"column": column, "agg": agg}])
    assert flow.errors[node] == message


def test_fixing_the_setting_clears_the_error(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src, by=["region"], aggs=[{"column": "order_date", "agg": "sum"}])
    assert node in flow.errors
    flow.update(node, aggs=[{"column": "order_date", "agg": "max"}])
    result = checked(flow, node)
    assert result["order_date_max"].dtype == pl.Date


def test_a_new_node_counts_all_rows_until_given_keys(data_dir: Path) -> None:
    # the canvas adds nodes with default settings: no keys is one group, as in Polars
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src)
    assert checked(flow, node).rows() == [(8,)]
    flow.update(node, by=["region"])
    assert checked(flow, node).height == 4


def test_refusals() -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match="by: Input should be a valid list"):
        flow.add("group_by", by="region")
    with pytest.raises(SettingsError, match=r"aggs\.0\.agg: Input should be 'sum'"):
        flow.add("group_by", by=["region"], aggs=[{"column": "amount", "agg": "average"}])
    assert len(flow) == 0


# -- no keys, and aggregations written as expressions ------------------------------------------


def test_no_keys_aggregate_every_row_into_one(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add(
        "group_by",
        src,
        aggs=[
            {"column": "amount", "agg": "sum", "alias": "total"},
            {"expr": 'pl.col("amount").max() - pl.col("amount").min()', "alias": "spread"},
            {"column": "customer", "agg": "n_unique"},
        ],
    )
    assert rows(checked(flow, node)) == [(1030.5, 290.0, 5)]
    assert ".select(" in flow.to_code() and "group_by" not in flow.to_code()


def test_no_keys_on_empty_input_give_one_row_as_polars_does(tmp_path: Path) -> None:
    flow = Flow("empty", namespace={})
    empty = pl.DataFrame(schema={"amount": pl.Float64, "quantity": pl.Int64})
    src = read(flow, tmp_path, empty, "empty")
    aggs = [
        {"column": "amount", "agg": "sum", "alias": "total"},
        {"column": "amount", "agg": "mean", "alias": "average"},
        {"expr": '(pl.col("amount") * pl.col("quantity")).sum()', "alias": "revenue"},
        {"expr": "pl.len()", "alias": "rows"},
        {"column": "quantity", "agg": "list", "alias": "all"},
    ]
    node = flow.add("group_by", src, aggs=aggs)
    result = checked(flow, node)
    expected = empty.select(
        pl.col("amount").sum().alias("total"),
        pl.col("amount").mean().alias("average"),
        (pl.col("amount") * pl.col("quantity")).sum().alias("revenue"),
        pl.len().alias("rows"),
        pl.col("quantity").implode().alias("all"),
    )
    assert result.height == 1
    assert result.to_dicts() == expected.to_dicts()
    assert result.schema == expected.schema


def test_without_keys_an_expression_must_aggregate(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("group_by", src, aggs=[{"expr": 'pl.col("amount") * 2', "alias": "double"}])
    assert flow.errors[node] == (
        "double: without group keys an aggregation must give one value "
        "(end it with .sum(), .mean(), .max(), ...)"
    )
    flow.update(node, aggs=[{"expr": '(pl.col("amount") * 2).sum()', "alias": "double"}])
    assert rows(checked(flow, node)) == [(2061.0,)]


def test_expression_aggregations_per_group(data_dir: Path) -> None:
    result = by_region(
        data_dir,
        {"expr": '(pl.col("amount") * pl.col("quantity")).sum()', "alias": "revenue"},
        {"expr": '0.5 * pl.col("quantity").mean()', "alias": "half"},
        {"expr": 'pl.col("amount").sum() / pl.col("quantity").sum()'},
    )
    assert result.columns == ["region", "revenue", "half", "amount"]
    assert rows(result)[0] == ("north", 50.0 + 600.0 + 161.0, 5 / 6, 430.5 / 5)


def test_an_expression_aggregation_with_a_mistake_says_which(
    data_dir: Path, tmp_path: Path
) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add(
        "group_by", src, by=["region"], aggs=[{"expr": 'pl.col("amount").sum(', "alias": "s"}]
    )
    assert flow.errors[node].startswith("s: syntax error")
    flow.update(node, aggs=[{"expr": 'pl.col("nope").sum()', "alias": "s"}])
    assert "nope" in flow.errors[node]
    # code in an aggregation is refused before anything runs: no file appears
    marker = tmp_path / "pwned"
    attack = f'__import__("os").system("touch {marker}")'
    flow.update(node, by=[], aggs=[{"expr": attack, "alias": "s"}])
    assert flow.errors[node].startswith("s: ")  # the wording is the allow-list's
    flow.update(node, aggs=[{"expr": f'pl.col("amount").map_batches(lambda s: {attack})'}])
    assert node in flow.errors
    assert not marker.exists()


def test_an_aggregation_is_a_column_or_an_expression() -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match="give a column to aggregate, or an expression"):
        flow.add("group_by", by=["region"], aggs=[{"agg": "sum"}])
    with pytest.raises(SettingsError, match="not both"):
        flow.add(
            "group_by", by=["region"], aggs=[{"column": "amount", "expr": 'pl.col("a").sum()'}]
        )
    assert len(flow) == 0

"""Select: keep, reorder, rename and cast columns in one node."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ..support import ORDERS
from ._transform import checked, orders, rendered


def test_plain_columns_in_the_chosen_order(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("select", src, columns=[{"column": "amount"}, {"column": "region"}])
    result = checked(flow, node)
    assert result.columns == ["amount", "region"]
    assert result["region"].to_list() == ORDERS["region"].to_list()
    assert '.select("amount", "region")' in rendered(flow, node)


def test_rename_cast_and_unkept_rows(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "select",
        src,
        columns=[
            {"column": "customer", "keep": False},
            {"column": "amount", "cast": "Int64"},
            {"column": "region", "rename": "area"},
            {"column": "quantity", "rename": "qty", "cast": "Float32"},
        ],
    )
    result = checked(flow, node)
    assert result.schema == pl.Schema({"amount": pl.Int64, "area": pl.String, "qty": pl.Float32})
    assert result["amount"].to_list() == [50, 150, 300, 120, None, 80, 20, 310]
    assert (
        '.select(pl.col("amount").cast(pl.Int64), pl.col("region").alias("area"), '
        'pl.col("quantity").cast(pl.Float32).alias("qty"))'
    ) in rendered(flow, node)


def test_renaming_to_the_same_name_or_blank_is_no_rename(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "select", src, columns=[{"column": "region", "rename": "region"}, {"column": "amount"}]
    )
    assert '.select("region", "amount")' in rendered(flow, node)
    flow.update(node, columns=[{"column": "region", "rename": "", "cast": ""}])
    assert flow.nodes[node].settings.model_dump()["columns"][0]["rename"] is None
    assert checked(flow, node).columns == ["region"]


def test_a_missing_kept_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("select", src, columns=[{"column": "region"}, {"column": "nope"}])
    assert flow.errors[node].startswith('unable to find column "nope"')


def test_a_missing_column_that_is_not_kept_is_fine(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "select", src, columns=[{"column": "region"}, {"column": "gone", "keep": False}]
    )
    assert checked(flow, node).columns == ["region"]


def test_a_column_removed_upstream_turns_the_node_red(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("select", src, columns=[{"column": "region"}, {"column": "amount"}])
    assert flow.errors == {}
    flow.update(src, columns=["region", "customer"])
    assert 'unable to find column "amount"' in flow.errors[node]


def test_nothing_kept_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    empty = flow.add("select", src)
    unkept = flow.add("select", src, columns=[{"column": "region", "keep": False}])
    assert flow.errors[empty] == "choose at least one column to keep"
    assert flow.errors[unkept] == "choose at least one column to keep"


def test_two_outputs_with_one_name_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "select", src, columns=[{"column": "region"}, {"column": "customer", "rename": "region"}]
    )
    assert flow.errors[node] == "two columns would be named 'region': rename one of them"


def test_the_same_column_twice_under_two_names(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "select",
        src,
        columns=[
            {"column": "amount"},
            {"column": "amount", "rename": "amount_int", "cast": "Int32"},
        ],
    )
    assert checked(flow, node).columns == ["amount", "amount_int"]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([{"column": ""}], "columns.0.column"),
        ([{"column": "a", "cast": "Int128"}], "columns.0.cast"),
        ([{"name": "a"}], "unknown setting 'columns.0.name'"),
        ([{"column": "a", "keep": "maybe"}], "columns.0.keep"),
    ],
)
def test_bad_rows_are_refused(columns: list[dict[str, object]], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("select", columns=columns)


def test_a_computed_column_sits_among_the_kept_ones(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "select",
        src,
        columns=[
            {"column": "order_id"},
            {"expr": 'pl.col("amount") * pl.col("quantity")', "rename": "total"},
            {"expr": 'pl.col("order_date").dt.day()', "rename": "day", "cast": "Int64"},
            {"expr": 'pl.col("customer").str.to_uppercase()'},
        ],
    )
    result = checked(flow, node)
    assert result.columns == ["order_id", "total", "day", "customer"]
    assert result.row(0) == (1, 50.0, 1, "C1")
    assert result.schema["day"] == pl.Int64


def test_a_computed_column_with_a_mistake_is_a_node_error(data_dir: Path, tmp_path: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("select", src, columns=[{"expr": "pl.col(", "rename": "x"}])
    assert flow.errors[node].startswith("x: syntax error")
    # code in a computed column is refused before anything runs: no file is written
    marker = tmp_path / "pwned"
    flow.update(node, columns=[{"expr": f'open("{marker}", "w")', "rename": "x"}])
    assert flow.errors[node].startswith("x: ")
    assert not marker.exists()


def test_a_row_is_a_column_or_an_expression() -> None:
    with pytest.raises(SettingsError, match="give either an input column or an expression"):
        Flow("refused", namespace={}).add(
            "select", columns=[{"column": "a", "expr": 'pl.col("a")'}]
        )

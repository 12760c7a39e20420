"""Filter: every operator of the basic form, the expression form, and the errors a user sees.

ORDERS (id: region, customer, amount, quantity, tags):
  1: north c1  50.0  1 a;b     5: south c2  null  1 c
  2: south c2 150.0  3 b       6: north c4  80.5  2 a
  3: north c1 300.0  2 a;c     7: null  c5  20.0  4 b;c
  4: east  c3 120.0  5 null    8: east  c3 310.0  3 a;b;c
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from flowfile_jupyter import Flow, SettingsError
from flowfile_jupyter.nodes import get
from flowfile_jupyter.nodes.filter import predicate

from ._aggregate_support import checked, orders_flow


def kept(data_dir: Path, **settings: Any) -> list[int]:
    """The order ids the filter keeps."""
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, **settings)
    return checked(flow, node)["order_id"].to_list()


@pytest.mark.parametrize(
    ("column", "operator", "value", "ids"),
    [
        ("region", "==", "north", [1, 3, 6]),
        ("quantity", "!=", 2, [1, 2, 4, 5, 7, 8]),
        ("amount", ">", 100, [2, 3, 4, 8]),  # null amount is not > 100
        ("quantity", ">=", 3, [2, 4, 7, 8]),
        ("amount", "<", 100.5, [1, 6, 7]),
        ("amount", "<=", 80.5, [1, 6, 7]),
        ("amount", "between", [20, 120], [1, 4, 6, 7]),  # both ends included
        ("region", "between", ["east", "north"], [1, 3, 4, 6, 8]),  # text bounds, not columns
        ("region", "is_in", ["north", "south"], [1, 2, 3, 5, 6]),
        ("quantity", "is_in", [1, 5], [1, 4, 5]),
        ("amount", "is_in", [50.0, 310.0], [1, 8]),
        ("region", "not_in", ["east"], [1, 2, 3, 5, 6]),  # a null region is not "not east"
        ("region", "is_in", "south", [2, 5]),  # one value needs no list
        ("amount", "is_null", None, [5]),
        ("amount", "is_not_null", None, [1, 2, 3, 4, 6, 7, 8]),
        ("tags", "contains", "c", [3, 5, 7, 8]),
        ("tags", "contains", ";", [1, 3, 7, 8]),
        ("customer", "starts_with", "c1", [1, 3]),
        ("tags", "ends_with", "b", [1, 2]),
    ],
)
def test_each_operator(
    data_dir: Path, column: str, operator: str, value: Any, ids: list[int]
) -> None:
    assert kept(data_dir, column=column, operator=operator, value=value) == ids


def test_contains_is_literal_text_not_a_pattern(data_dir: Path) -> None:
    assert kept(data_dir, column="tags", operator="contains", value="a.b") == []
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, column="tags", operator="contains", value="a;b")
    assert '.filter(pl.col("tags").str.contains("a;b", literal=True))' in flow.to_code(node)


def test_expression_form(data_dir: Path) -> None:
    ids = kept(data_dir, expr='(pl.col("amount") > 100) & (pl.col("region") == "east")')
    assert ids == [4, 8]


def test_generated_code_for_the_basic_form(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    between = flow.add("filter", src, column="region", operator="between", value=["a", "m"])
    assert '.filter(pl.col("region").is_between(pl.lit("a"), pl.lit("m")))' in flow.to_code(between)
    not_in = flow.add("filter", src, column="region", operator="not_in", value=["east"])
    assert '.filter(~pl.col("region").is_in(["east"]))' in flow.to_code(not_in)


def test_a_missing_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, column="nope", operator="==", value=1)
    assert flow.errors[node] == (
        'there is no column "nope" (columns: order_id, region, customer, amount, quantity, '
        "order_date, tags)"
    )
    expr = flow.add("filter", src, expr='pl.col("nope") > 1')
    assert flow.errors[expr].startswith('unable to find column "nope"; valid columns: [')


@pytest.mark.parametrize(
    ("column", "operator", "value", "message"),
    [
        ("amount", "==", "abc", '"amount" is a Float64 column but the value "abc" is text'),
        ("region", ">", 5, '"region" is a String column but the value 5 is a number'),
        ("quantity", "==", True, '"quantity" is a Int64 column but the value True is a boolean'),
        ("amount", "between", [1, "z"], '"amount" is a Float64 column but the value "z" is text'),
        (
            "region",
            "is_in",
            ["north", 3],
            '"region" is a String column but the value 3 is a number',
        ),
        (
            "amount",
            "is_in",
            [50, 150],
            '"amount" holds decimals (Float64): write the values as [50.0, 150.0]',
        ),
        (
            "quantity",
            "not_in",
            [1.5],
            '"quantity" holds integers (Int64): write the values without decimals',
        ),
        ("amount", "contains", "1", 'contains needs a text column; "amount" is Float64'),
        ("quantity", "starts_with", "1", 'starts_with needs a text column; "quantity" is Int64'),
        (
            "order_date",
            "==",
            "2024-01-01",
            '"order_date" is a Date column: give the value as a date, e.g. '
            '{"date": "2024-01-31"} (in Python datetime.date(2024, 1, 31)), not text',
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_a_node_error(
    data_dir: Path, column: str, operator: str, value: Any, message: str
) -> None:
    # Polars 2.1 predicts these fine and fails only on the data: the node says so at once
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, column=column, operator=operator, value=value)
    assert flow.errors[node] == message


def test_an_expression_of_the_wrong_type_is_a_node_error(data_dir: Path) -> None:
    # collect_schema() accepts this in Polars 2.1; the node runs it over zero rows to find out
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, expr='pl.col("region") > 1')
    assert flow.errors[node] == "cannot compare string with numeric type (i32)"


def test_a_date_column_works_through_an_expression(data_dir: Path) -> None:
    ids = kept(data_dir, expr='pl.col("order_date") >= pl.date(2024, 1, 8)')
    assert ids == [6, 7, 8]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"column": "region", "operator": "=="}, "give a value to compare region with"),
        ({"column": "amount", "operator": "between", "value": [1]}, "between needs two values"),
        ({"column": "amount", "operator": "between", "value": 5}, "between needs two values"),
        ({"column": "tags", "operator": "contains", "value": 1}, "contains needs a text value"),
        ({"operator": "is_null"}, "choose a column (or write an expression)"),
    ],
)
def test_incomplete_settings_are_node_errors(
    data_dir: Path, settings: dict[str, Any], message: str
) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, **settings)
    assert flow.errors[node].startswith(message)


def test_refusals() -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(
        SettingsError, match="give one of: expr, column/operator/value, or conditions"
    ):
        flow.add("filter", expr="pl.lit(True)", column="region")
    with pytest.raises(SettingsError, match="operator: Input should be"):
        flow.add("filter", column="region", operator="like", value="n%")
    assert len(flow) == 0


# -- conditions: typed dates, two columns, patterns, negation, and / or ------------------------
# order dates: 1: Jan 1, 2: Jan 1, 3: Jan 2, 4: Jan 3, 5: Jan 5, 6: Jan 8, 7: Jan 8, 8: Jan 9


def test_a_date_column_compares_with_a_typed_date(data_dir: Path) -> None:
    python = kept(data_dir, column="order_date", operator=">=", value=dt.date(2024, 1, 8))
    assert python == [6, 7, 8]
    # the same date as the canvas and flow files send it
    assert kept(data_dir, column="order_date", operator=">=", value={"date": "2024-01-08"}) == [
        6,
        7,
        8,
    ]
    between = [{"date": "2024-01-02"}, {"date": "2024-01-05"}]
    assert kept(data_dir, column="order_date", operator="between", value=between) == [3, 4, 5]


def test_a_datetime_value_renders_as_pl_datetime() -> None:
    s = get("filter").validate(
        {"column": "at", "operator": "<", "value": dt.datetime(2024, 1, 8, 9, 30)}
    )
    assert predicate(s) == 'pl.col("at") < pl.datetime(2024, 1, 8, 9, 30)'


def test_a_typed_date_survives_a_flow_file(data_dir: Path, tmp_path: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, column="order_date", operator="<", value=dt.date(2024, 1, 3))
    flow.save(tmp_path / "f.flowfile.yaml")
    again = Flow.load(tmp_path / "f.flowfile.yaml", namespace={})
    assert again.nodes[node].settings == flow.nodes[node].settings
    assert checked(again, node)["order_id"].to_list() == [1, 2, 3]


def test_a_date_that_is_not_a_date_is_refused() -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match="value"):
        flow.add("filter", column="order_date", operator="<", value={"date": "2024-13-45"})
    assert len(flow) == 0


def test_a_date_against_a_text_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, column="region", operator="==", value=dt.date(2024, 1, 1))
    assert flow.errors[node] == '"region" is a String column but the value is a date'


def test_a_column_compares_with_another_column(data_dir: Path) -> None:
    # a null amount compares with nothing
    assert kept(data_dir, column="amount", operator=">", other="quantity") == [1, 2, 3, 4, 6, 7, 8]
    assert kept(data_dir, column="quantity", operator="==", other="order_id") == [1]


def test_two_columns_of_types_that_do_not_compare_are_a_node_error(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, column="region", operator=">", other="quantity")
    assert "cannot compare" in flow.errors[node]
    missing = flow.add("filter", src, column="region", operator=">", other="nope")
    assert flow.errors[missing].startswith('there is no column "nope"')
    between = flow.add("filter", src, column="amount", operator="between", other="quantity")
    assert flow.errors[between] == (
        "between cannot compare two columns: use ==, !=, >, >=, < or <="
    )


def test_a_value_and_another_column_together_are_refused() -> None:
    with pytest.raises(SettingsError, match="with a value or with another column, not both"):
        Flow("refusals", namespace={}).add(
            "filter", column="amount", operator=">", value=1, other="quantity"
        )


def test_matches_takes_a_regular_expression(data_dir: Path) -> None:
    assert kept(data_dir, column="tags", operator="matches", value="^a;.*c$") == [3, 8]
    assert kept(data_dir, column="customer", operator="matches", value="c[12]", negate=True) == [
        4,
        6,
        7,
        8,
    ]


@pytest.mark.parametrize("pattern", ["a(", "[z-a]", "x{99999999}"])
def test_a_pattern_polars_cannot_read_is_a_node_error_before_any_data(
    data_dir: Path, pattern: str
) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, column="tags", operator="matches", value=pattern)
    assert flow.errors[node].startswith("not a regular expression Polars reads:")
    assert "Traceback" not in flow.errors[node]


def test_negate_keeps_the_rows_where_a_condition_does_not_hold(data_dir: Path) -> None:
    assert kept(data_dir, column="customer", operator="starts_with", value="c1", negate=True) == [
        2,
        4,
        5,
        6,
        7,
        8,
    ]


def test_conditions_all_hold_by_default(data_dir: Path) -> None:
    ids = kept(
        data_dir,
        conditions=[
            {"column": "order_date", "operator": "<", "value": dt.date(2024, 1, 9)},
            {"column": "amount", "operator": ">", "value": 60},
        ],
    )
    assert ids == [2, 3, 4, 6]


def test_or_of_groups_needs_no_code(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add(
        "filter",
        src,
        combine="or",
        conditions=[
            {
                "conditions": [
                    {"column": "region", "operator": "==", "value": "north"},
                    {"column": "amount", "operator": ">", "value": 100},
                ]
            },
            {
                "conditions": [
                    {"column": "region", "operator": "==", "value": "east"},
                    {"column": "quantity", "operator": "<", "value": 4},
                ]
            },
        ],
    )
    assert checked(flow, node)["order_id"].to_list() == [3, 8]
    assert predicate(flow.nodes[node].settings) == (
        '((pl.col("region") == "north") & (pl.col("amount") > 100)) | '
        '((pl.col("region") == "east") & (pl.col("quantity") < 4))'
    )


def test_an_empty_group_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("filter", src, conditions=[{"conditions": []}])
    assert flow.errors[node] == "a group of conditions is empty: add one or remove the group"

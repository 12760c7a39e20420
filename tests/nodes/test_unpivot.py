"""Unpivot: wide to long, against hand-computed rows, and the errors a user sees.

Row order is compared as a set: in Polars 2.1 the streaming engine (the default) emits an input
row's values together, the in-memory engine one unpivoted column after another.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._aggregate_support import checked, orders_flow, read, rows


def scores(tmp_path: Path) -> tuple[Flow, str]:
    frame = pl.DataFrame({"name": ["Ann", "Bob"], "maths": [9, 6], "physics": [7, 8]})
    flow = Flow("test", namespace={})
    return flow, read(flow, tmp_path, frame, "scores")


def test_on_and_index(tmp_path: Path) -> None:
    flow, src = scores(tmp_path)
    node = flow.add("unpivot", src, on=["maths", "physics"], index=["name"])
    result = checked(flow, node, row_order=False)
    assert result.columns == ["name", "variable", "value"]
    assert sorted(rows(result)) == [
        ("Ann", "maths", 9),
        ("Ann", "physics", 7),
        ("Bob", "maths", 6),
        ("Bob", "physics", 8),
    ]
    assert '.unpivot(on=["maths", "physics"], index="name")' in flow.to_code(node)


def test_empty_on_means_every_column_but_the_index(tmp_path: Path) -> None:
    flow, src = scores(tmp_path)
    node = flow.add("unpivot", src, index=["name"], variable_name="subject", value_name="score")
    result = checked(flow, node, row_order=False)
    assert result.columns == ["name", "subject", "score"]
    assert sorted(rows(result)) == [
        ("Ann", "maths", 9),
        ("Ann", "physics", 7),
        ("Bob", "maths", 6),
        ("Bob", "physics", 8),
    ]
    assert '.unpivot(index="name", variable_name="subject", value_name="score")' in (
        flow.to_code(node)
    )


def test_no_index_keeps_only_variable_and_value(tmp_path: Path) -> None:
    flow, src = scores(tmp_path)
    node = flow.add("unpivot", src, on=["physics"])
    assert sorted(rows(checked(flow, node, row_order=False))) == [("physics", 7), ("physics", 8)]


def test_values_of_different_types_share_their_supertype(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    numbers = flow.add("unpivot", src, on=["amount", "quantity"], index=["order_id"])
    result = checked(flow, numbers, row_order=False)
    assert result.schema["value"] == pl.Float64
    assert result.height == 16
    assert result.filter(order_id=1).sort("variable").rows() == [
        (1, "amount", 50.0),
        (1, "quantity", 1.0),
    ]
    mixed = flow.add("unpivot", src, on=["amount", "region"], index=["order_id"])
    result = checked(flow, mixed, row_order=False)
    assert result.schema["value"] == pl.String
    assert result.filter(order_id=6).sort("variable").rows() == [
        (6, "amount", "80.5"),
        (6, "region", "north"),
    ]


def test_everything(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("unpivot", src)
    result = checked(flow, node, row_order=False)
    assert result.columns == ["variable", "value"]
    assert result.height == 8 * 7


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"on": ["nope"], "index": ["order_id"]},
            'there is no column "nope" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"on": ["amount"], "index": ["id"]},
            'there is no column "id" (columns: order_id, region, customer, amount, quantity, '
            "order_date, tags)",
        ),
        (
            {"on": ["amount"], "index": ["order_id"], "value_name": "order_id"},
            '"order_id" is an index column; choose another variable/value name',
        ),
    ],
)
def test_node_errors(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("unpivot", src, **settings)
    assert flow.errors[node] == message


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"on": ["a"], "index": ["a"]}, "'a' cannot be in both on and index"),
        ({"variable_name": "x", "value_name": "x"}, "variable_name and value_name must differ"),
        ({"value_name": ""}, "value_name: String should have at least 1 character"),
        ({"on": "amount"}, "on: Input should be a valid list"),
    ],
)
def test_refusals(settings: dict[str, Any], message: str) -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match=message):
        flow.add("unpivot", **settings)
    assert len(flow) == 0

"""Explode: one row per list element, and a clear error for columns that hold no lists."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow

from ..support import generated

BASKETS = pl.DataFrame(
    {
        "basket": [1, 2, 3, 4],
        "items": [["apple", "pear"], ["fig"], [], None],
        "counts": [[2, 1], [5], [], None],
        "note": ["x", "y", "z", "w"],
    }
)


@pytest.fixture
def baskets(tmp_path: Path) -> tuple[Flow, str]:
    path = tmp_path / "baskets.parquet"
    BASKETS.write_parquet(path)
    flow = Flow("baskets", namespace={})
    return flow, flow.add("read_parquet", path=str(path))


def test_explode_one_column(baskets: tuple[Flow, str]) -> None:
    flow, src = baskets
    node = flow.add("explode", src, columns=["items"])
    assert flow.schema(node) == pl.Schema(
        {"basket": pl.Int64, "items": pl.String, "counts": pl.List(pl.Int64), "note": pl.String}
    )
    result = flow.collect(node)
    assert result.schema == flow.schema(node)
    # Polars 2.x: an empty list gives no row, a null list one null row
    assert result["basket"].to_list() == [1, 1, 2, 4]
    assert result["items"].to_list() == ["apple", "pear", "fig", None]
    assert '.explode("items")' in flow.to_code(node)
    assert_frame_equal(generated(flow, node), result)


def test_explode_two_columns_side_by_side(baskets: tuple[Flow, str]) -> None:
    flow, src = baskets
    node = flow.add("explode", src, columns=["items", "counts"])
    result = flow.collect(node)
    assert result.select("items", "counts").rows() == [
        ("apple", 2),
        ("pear", 1),
        ("fig", 5),
        (None, None),
    ]
    assert flow.schema(node) == result.schema


def test_empty_and_null_list_options(baskets: tuple[Flow, str], tmp_path: Path) -> None:
    flow, src = baskets
    node = flow.add("explode", src, columns=["items"], empty_as_null=True, keep_nulls=False)
    assert '.explode("items", empty_as_null=True, keep_nulls=False)' in flow.to_code(node)
    result = flow.collect(node)
    assert result["basket"].to_list() == [1, 1, 2, 3]
    assert result["items"].to_list() == ["apple", "pear", "fig", None]
    assert_frame_equal(generated(flow, node), result)
    path = tmp_path / "explode.flowfile.yaml"
    flow.save(path)
    again = Flow.load(path, namespace={})
    assert again.to_dict() == flow.to_dict()
    assert_frame_equal(again.collect(node), result)


def test_column_without_lists_is_a_node_error_before_running(baskets: tuple[Flow, str]) -> None:
    flow, src = baskets
    node = flow.add("explode", src, columns=["items", "basket"])
    assert flow.errors == {node: 'cannot explode "basket": it holds Int64, not lists'}
    flow.update(node, columns=["note"])
    assert flow.errors == {
        node: 'cannot explode "note": it holds String, not lists '
        "(to split text into rows, use Text to rows)"
    }


def test_missing_column_is_a_node_error(baskets: tuple[Flow, str]) -> None:
    flow, src = baskets
    node = flow.add("explode", src, columns=["itmes"])
    assert flow.errors == {
        node: 'there is no column "itmes" (columns: basket, items, counts, note)'
    }


def test_a_new_node_asks_for_columns(baskets: tuple[Flow, str]) -> None:
    flow, src = baskets
    node = flow.add("explode", src)
    assert flow.errors == {node: "choose the list columns to explode"}
    flow.update(node, columns=["items"])
    assert flow.errors == {}

"""Count rows: one row, one UInt32 column."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._aggregate_support import checked, orders_flow, read


def test_counts_the_rows(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    node = flow.add("count", src)
    result = checked(flow, node)
    assert result.rows() == [(8,)]
    assert result.schema == pl.Schema({"count": pl.UInt32})
    assert "    .select(count=pl.len())\n" in flow.to_code(node)


def test_named_count_after_a_filter(data_dir: Path) -> None:
    flow, src = orders_flow(data_dir)
    north = flow.add("filter", src, column="region", operator="==", value="north")
    node = flow.add("count", north, name="north orders")
    assert checked(flow, node).to_dict(as_series=False) == {"north orders": [3]}
    assert '.select(pl.len().alias("north orders"))' in flow.to_code(node)


def test_an_empty_input_counts_zero(tmp_path: Path) -> None:
    flow = Flow("test", namespace={})
    src = read(flow, tmp_path, pl.DataFrame(schema={"a": pl.Int64}), "empty")
    node = flow.add("count", src)
    assert checked(flow, node).rows() == [(0,)]


def test_an_unconnected_input_is_a_node_error() -> None:
    flow = Flow("test", namespace={})
    node = flow.add("count")
    assert flow.errors[node] == "input 'input' is not connected"


def test_refusals() -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match="name: String should have at least 1 character"):
        flow.add("count", name="")
    with pytest.raises(SettingsError, match="name: Input should be a valid string"):
        flow.add("count", name=3)
    assert len(flow) == 0

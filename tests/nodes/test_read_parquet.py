"""read_parquet: a lazy scan of Parquet files; prediction reads only the file metadata."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError
from flowfile_jupyter.nodes import get

from ..support import ORDERS
from ._transform import checked, rendered


def test_reads_the_file_with_its_own_dtypes(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.parquet"
    node = flow.add("read_parquet", path=str(path))
    assert flow.schema(node) == ORDERS.schema
    assert_frame_equal(checked(flow, node), ORDERS)
    assert rendered(flow, node) == f'pl.scan_parquet("{path}")'


def test_columns_and_rows(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.parquet"
    node = flow.add("read_parquet", path=str(path), columns=["amount", "region"], n_rows=2)
    assert_frame_equal(checked(flow, node), ORDERS.select("amount", "region").head(2))
    assert rendered(flow, node) == (
        f'pl.scan_parquet("{path}", n_rows=2).select(["amount", "region"])'
    )


def test_no_rows(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add("read_parquet", path=str(data_dir / "orders.parquet"), n_rows=0)
    result = checked(flow, node)
    assert result.height == 0
    assert result.schema == ORDERS.schema


def test_prediction_reads_only_the_metadata(tmp_path: Path) -> None:
    # the data pages are wiped but the footer is intact: only reading the data finds out
    path = tmp_path / "wiped.parquet"
    pl.DataFrame({"a": range(100_000)}).write_parquet(path, compression="uncompressed")
    data = path.read_bytes()
    footer = int.from_bytes(data[-8:-4], "little") + 8
    path.write_bytes(data[:4] + bytes(len(data) - 4 - footer) + data[-footer:])
    flow = Flow("t", namespace={})
    node = flow.add("read_parquet", path=str(path))
    assert flow.errors == {}
    assert flow.schema(node) == pl.Schema({"a": pl.Int64})
    with pytest.raises(pl.exceptions.ComputeError, match="out of specification"):
        flow.collect(node)


def test_globs_read_every_file(tmp_path: Path) -> None:
    for part in (1, 2):
        ORDERS.write_parquet(tmp_path / f"part{part}.parquet")
    flow = Flow("t", namespace={})
    node = flow.add("read_parquet", path=str(tmp_path / "part*.parquet"))
    assert checked(flow, node).height == 2 * ORDERS.height


def test_missing_file_is_a_node_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.parquet"
    flow = Flow("t", namespace={})
    node = flow.add("read_parquet", path=str(path))
    assert flow.errors[node] == f"file not found: {path}"
    with pytest.raises(FlowError, match="file not found"):
        flow.collect(node)


def test_a_column_the_file_lacks(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add("read_parquet", path=str(data_dir / "orders.parquet"), columns=["nope"])
    assert flow.errors[node].startswith('unable to find column "nope"; valid columns: [')


def test_not_a_parquet_file_is_a_node_error(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add("read_parquet", path=str(data_dir / "orders.csv"))
    assert "PAR1" in flow.errors[node]


def test_a_blank_node_asks_for_a_file(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    blank = flow.add("read_parquet")
    empty = flow.add("read_parquet", path="")
    message = "choose a Parquet file to read"
    assert flow.errors == {blank: message, empty: message}
    flow.update(blank, path=str(data_dir / "orders.parquet"))
    assert list(flow.errors) == [empty]
    assert_frame_equal(checked(flow, blank), ORDERS)


def test_a_changed_file_is_predicted_again(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pl.DataFrame({"a": [1]}).write_parquet(path)
    flow = Flow("t", namespace={})
    node = flow.add("read_parquet", path=str(path))
    assert flow.schema(node) == pl.Schema({"a": pl.Int64})
    pl.DataFrame({"a": ["one"], "b": [True]}).write_parquet(path)
    os.utime(path, ns=(10**18, 10**18))  # a new version even within the clock's resolution
    flow.refresh()
    assert flow.schema(node) == pl.Schema({"a": pl.String, "b": pl.Boolean})
    assert flow.collect(node).rows() == [("one", True)]


def test_identity_follows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pl.DataFrame({"a": [1]}).write_parquet(path)
    ntype = get("read_parquet")
    settings = ntype.validate({"path": str(path)})
    assert ntype.identity is not None
    before = ntype.identity(settings, {})
    pl.DataFrame({"a": [1, 2]}).write_parquet(path)
    os.utime(path, ns=(1, 1))
    assert ntype.identity(settings, {}) != before


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"n_rows": -1}, "n_rows: Input should be greater than or equal to 0"),
        ({"columns": "amount"}, "columns: Input should be a valid list"),
        ({"separator": ";"}, "unknown setting 'separator'"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=f"read_parquet: {message}"):
        flow.add("read_parquet", **{"path": str(data_dir / "orders.parquet"), **settings})
    assert len(flow) == 0

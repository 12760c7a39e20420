"""read_ndjson: a lazy scan of newline-delimited JSON, with the options Polars users expect."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError
from flowfile_jupyter.nodes import get

from ..support import ORDERS
from ._transform import checked, rendered


def test_reads_every_row_and_predicts_the_schema(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add("read_ndjson", path=str(data_dir / "orders.ndjson"))
    result = checked(flow, node)
    expected = ORDERS.with_columns(pl.col("order_date").cast(pl.String))
    assert_frame_equal(result, expected)
    assert rendered(flow, node) == f'pl.scan_ndjson("{data_dir / "orders.ndjson"}")'


def test_options_shape_the_result(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add(
        "read_ndjson",
        path=str(data_dir / "orders.ndjson"),
        schema_overrides={"order_date": "Date", "quantity": "Int32"},
        n_rows=3,
        row_index_name="row",
        row_index_offset=1,
    )
    result = checked(flow, node)
    assert result.columns[0] == "row"
    assert result["row"].to_list() == [1, 2, 3]
    assert result.schema["order_date"] == pl.Date
    assert result.schema["quantity"] == pl.Int32
    assert result.height == 3


def test_reading_every_line_to_infer_is_written_out(data_dir: Path) -> None:
    # None means "infer from all lines"; it must not vanish from the code as if it were unset
    flow = Flow("t", namespace={})
    path = data_dir / "orders.ndjson"
    node = flow.add("read_ndjson", path=str(path), infer_schema_length=None)
    assert rendered(flow, node) == f'pl.scan_ndjson("{path}", infer_schema_length=None)'
    assert checked(flow, node).height == ORDERS.height


def test_overrides_polars_cannot_read_are_refused(data_dir: Path) -> None:
    # Polars 2.1 panics (killing more than the node) on these; the setting never gets there
    flow = Flow("t", namespace={})
    for kind in ("Int8", "UInt16", "Time", "Duration"):
        with pytest.raises(SettingsError, match=f"schema_overrides: quantity: {kind} cannot"):
            flow.add(
                "read_ndjson",
                path=str(data_dir / "orders.ndjson"),
                schema_overrides={"quantity": kind},
            )
    with pytest.raises(SettingsError, match="Decimal needs a precision and scale"):
        flow.add(
            "read_ndjson", path=str(data_dir / "orders.ndjson"), schema_overrides={"a": "Decimal"}
        )
    assert len(flow) == 0


def test_inference_length_decides_the_dtype(tmp_path: Path) -> None:
    path = tmp_path / "late.ndjson"
    path.write_text('{"a": 1}\n{"a": 2}\n{"a": 2.5}\n')
    flow = Flow("t", namespace={})
    short = flow.add("read_ndjson", path=str(path), infer_schema_length=1)
    full = flow.add("read_ndjson", path=str(path), infer_schema_length=None)
    assert flow.schema(short)["a"] == pl.Int64
    assert flow.schema(full)["a"] == pl.Float64
    assert flow.collect(full)["a"].to_list() == [1.0, 2.0, 2.5]


def test_missing_file_is_a_node_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.ndjson"
    flow = Flow("t", namespace={})
    node = flow.add("read_ndjson", path=str(path))
    assert flow.errors[node] == f"file not found: {path}"


def test_override_of_a_column_the_file_lacks(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add(
        "read_ndjson", path=str(data_dir / "orders.ndjson"), schema_overrides={"nope": "Int64"}
    )
    assert flow.errors[node] == "schema_overrides: the file has no column 'nope'"


def test_not_ndjson_is_a_node_error(tmp_path: Path) -> None:
    path = tmp_path / "array.ndjson"
    path.write_text('[{"a": 1}, {"a": 2}]')
    flow = Flow("t", namespace={})
    node = flow.add("read_ndjson", path=str(path))
    assert "JSON object" in flow.errors[node]


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"infer_schema_length": 0}, "infer_schema_length"),
        ({"n_rows": -1}, "n_rows"),
        ({"row_index_name": ""}, "row_index_name"),
        ({"schema_overrides": {"a": "Int65"}}, "schema_overrides.a"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], field: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=f"read_ndjson: {field}:"):
        flow.add("read_ndjson", **{"path": str(data_dir / "orders.ndjson"), **settings})
    assert len(flow) == 0


def test_a_blank_node_asks_for_a_file(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    blank = flow.add("read_ndjson")
    empty = flow.add("read_ndjson", path="")
    message = "choose an NDJSON file to read"
    assert flow.errors == {blank: message, empty: message}
    flow.update(blank, path=str(data_dir / "orders.ndjson"))
    assert list(flow.errors) == [empty]
    assert checked(flow, blank).height == ORDERS.height


def test_identity_follows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    path.write_text('{"a": 1}\n')
    ntype = get("read_ndjson")
    settings = ntype.validate({"path": str(path)})
    assert ntype.identity is not None
    before = ntype.identity(settings, {})
    path.write_text('{"a": 1}\n{"a": 2}\n')
    os.utime(path, ns=(1, 1))
    assert ntype.identity(settings, {}) != before

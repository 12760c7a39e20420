"""read_csv: a lazy CSV scan with the options people reach for; every option the user changed
is written into the code, and None (scan every row, no quoting) is written out as None."""

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

AS_TEXT = ORDERS.with_columns(pl.col("order_date").cast(pl.String))  # no date parsing by default


def read(path: Path | str, **settings: Any) -> tuple[Flow, str]:
    flow = Flow("t", namespace={})
    return flow, flow.add("read_csv", path=str(path), **settings)


def test_reads_the_file_and_predicts_the_schema(data_dir: Path) -> None:
    path = data_dir / "orders.csv"
    flow, node = read(path)
    assert_frame_equal(checked(flow, node), AS_TEXT)
    assert rendered(flow, node) == f'pl.scan_csv("{path}")'


def test_dates_are_parsed_on_request(data_dir: Path) -> None:
    path = data_dir / "orders.csv"
    flow, node = read(path, try_parse_dates=True)
    assert_frame_equal(checked(flow, node), ORDERS)
    assert rendered(flow, node) == f'pl.scan_csv("{path}", try_parse_dates=True)'


def test_schema_overrides_replace_the_inferred_dtypes(data_dir: Path) -> None:
    path = data_dir / "orders.csv"
    flow, node = read(
        path, schema_overrides={"amount": "Float32", "order_id": "String", "order_date": "Date"}
    )
    result = checked(flow, node)
    assert result.schema["amount"] == pl.Float32
    assert result.schema["order_id"] == pl.String
    assert result.schema["quantity"] == pl.Int64  # the others are still inferred
    assert result["order_date"].to_list() == ORDERS["order_date"].to_list()
    assert rendered(flow, node) == (
        f'pl.scan_csv("{path}", schema_overrides={{"amount": pl.Float32, "order_id": pl.String, '
        '"order_date": pl.Date})'
    )


def test_an_override_the_data_does_not_fit_fails_when_the_data_is_read(data_dir: Path) -> None:
    flow, node = read(data_dir / "orders.csv", schema_overrides={"amount": "Int64"})
    assert flow.schema(node)["amount"] == pl.Int64  # the header alone cannot tell
    with pytest.raises(pl.exceptions.ComputeError, match=r"could not parse `50\.0` as dtype `i64`"):
        flow.collect(node)


def test_separator_and_no_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("north;1,5\nsouth;2\n")
    flow, node = read(path, separator=";", has_header=False)
    result = checked(flow, node)
    assert result.columns == ["column_0", "column_1"]  # Polars 2.1 numbers them from 0
    assert result.rows() == [("north", "1,5"), ("south", "2")]
    assert rendered(flow, node) == f'pl.scan_csv("{path}", separator=";", has_header=False)'


def test_reading_every_row_to_infer_is_written_out(tmp_path: Path) -> None:
    # None means "infer from every row"; it must not vanish from the code as if it were unset
    path = tmp_path / "late.csv"
    path.write_text("a\n1\n2\n2.5\n")
    flow, short = read(path, infer_schema_length=1)
    full = flow.add("read_csv", path=str(path), infer_schema_length=None)
    assert flow.schema(short)["a"] == pl.Int64
    with pytest.raises(pl.exceptions.ComputeError, match=r"could not parse `2\.5`"):
        flow.collect(short)
    assert checked(flow, full)["a"].to_list() == [1.0, 2.0, 2.5]
    assert rendered(flow, full) == f'pl.scan_csv("{path}", infer_schema_length=None)'
    assert rendered(flow, short) == f'pl.scan_csv("{path}", infer_schema_length=1)'


def test_no_inference_reads_text(data_dir: Path) -> None:
    flow, node = read(data_dir / "orders.csv", infer_schema_length=0)
    assert set(checked(flow, node).schema.dtypes()) == {pl.String}


def test_null_values_skipped_and_limited_rows(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("exported by a tool\nregion,amount\nnorth,NA\n-,2\nwest,3\neast,4\n")
    flow, node = read(path, skip_rows=1, null_values=["NA", "-"], n_rows=3)
    result = checked(flow, node)
    assert result.rows() == [("north", None), (None, 2), ("west", 3)]
    assert result.schema == pl.Schema({"region": pl.String, "amount": pl.Int64})
    assert rendered(flow, node) == (
        f'pl.scan_csv("{path}", skip_rows=1, n_rows=3, null_values=["NA", "-"])'
    )


def test_quoting(tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text("a,b\n'x, y',1\n\"q\",2\n")
    flow, single = read(path, quote_char="'")
    assert checked(flow, single).rows() == [("x, y", 1), ('"q"', 2)]
    assert rendered(flow, single) == f'pl.scan_csv("{path}", quote_char="\'")'
    path.write_text('a,b\n"x",1\n')
    none = flow.add("read_csv", path=str(path), quote_char=None)
    assert checked(flow, none).rows() == [('"x"', 1)]  # the quotes are data
    assert rendered(flow, none) == f'pl.scan_csv("{path}", quote_char=None)'


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"name,n\ncaf\xe9,1\n")
    flow, strict = read(path)
    with pytest.raises(pl.exceptions.ComputeError, match="invalid utf-8"):
        flow.collect(strict)
    lossy = flow.add("read_csv", path=str(path), encoding="utf8-lossy")
    assert checked(flow, lossy)["name"].to_list() == ["caf\ufffd"]
    assert rendered(flow, lossy) == f'pl.scan_csv("{path}", encoding="utf8-lossy")'


def test_globs_read_every_file(tmp_path: Path) -> None:
    for part in (1, 2):
        ORDERS.write_csv(tmp_path / f"part{part}.csv")
    flow, node = read(tmp_path / "part*.csv")
    assert checked(flow, node).height == 2 * ORDERS.height


def test_missing_file_is_a_node_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    flow, node = read(path)
    assert flow.errors[node] == f"file not found: {path}"
    with pytest.raises(FlowError, match="file not found"):
        flow.collect(node)


def test_a_blank_node_asks_for_a_file(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    blank = flow.add("read_csv")
    empty = flow.add("read_csv", path="")
    assert flow.errors == {blank: "choose a CSV file to read", empty: "choose a CSV file to read"}
    flow.update(blank, path=str(data_dir / "orders.csv"))
    assert list(flow.errors) == [empty]
    assert_frame_equal(checked(flow, blank), AS_TEXT)


def test_a_changed_file_is_predicted_again(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n")
    flow, node = read(path)
    assert flow.schema(node) == pl.Schema({"a": pl.Int64})
    path.write_text("a,b\none,true\n")
    os.utime(path, ns=(10**18, 10**18))  # a new version even within the clock's resolution
    flow.refresh()
    assert flow.schema(node) == pl.Schema({"a": pl.String, "b": pl.Boolean})


def test_identity_follows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n")
    ntype = get("read_csv")
    settings = ntype.validate({"path": str(path)})
    assert ntype.identity is not None
    before = ntype.identity(settings, {})
    path.write_text("a\n1\n2\n")
    os.utime(path, ns=(1, 1))
    assert ntype.identity(settings, {}) != before


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"separator": ";;"}, "separator: String should have at most 1 character"),
        ({"separator": ""}, "separator: String should have at least 1 character"),
        ({"quote_char": "ab"}, "quote_char: String should have at most 1 character"),
        ({"encoding": "latin1"}, "encoding: Input should be 'utf8' or 'utf8-lossy'"),
        ({"skip_rows": -1}, "skip_rows: Input should be greater than or equal to 0"),
        ({"infer_schema_length": -1}, "infer_schema_length: Input should be greater than"),
        ({"n_rows": -1}, "n_rows: Input should be greater than or equal to 0"),
        ({"schema_overrides": {"a": "Int65"}}, "schema_overrides.a: Input should be"),
        ({"schema_overrides": {"a": "Duration"}}, "schema_overrides: a: Duration cannot be read"),
        ({"schema_overrides": {"a": "Binary"}}, "schema_overrides: a: Binary cannot be read"),
        ({"null_values": "NA"}, "null_values: Input should be a valid list"),
        ({"columns": ["a"]}, "unknown setting 'columns'"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=f"read_csv: {message}"):
        flow.add("read_csv", **{"path": str(data_dir / "orders.csv"), **settings})
    assert len(flow) == 0

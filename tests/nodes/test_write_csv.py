"""write_csv: writes only when the flow runs; every CSV option people reach for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError
from flowfile_jupyter.nodes import get

from ..support import ORDERS

SMALL: dict[str, Any] = {
    "columns": [
        {"name": "name", "dtype": "String"},
        {"name": "price", "dtype": "Float64"},
        {"name": "day", "dtype": "Date"},
        {"name": "at", "dtype": "Datetime"},
        {"name": "opens", "dtype": "Time"},
    ],
    "rows": [
        ["a, b", 1.23456, "2024-01-31", "2024-01-31 09:30:15", "09:30:15"],
        ["c", None, None, None, None],
    ],
}


def written(tmp_path: Path, **settings: Any) -> str:
    """The text a small table is written as, and checks that generated code writes the same."""
    path = tmp_path / "out.csv"
    flow = Flow("t", namespace={})
    src = flow.add("manual_input", **SMALL)
    flow.add("write_csv", src, path=str(path), **settings)
    assert flow.errors == {}
    flow.run()
    text = path.read_bytes().decode("utf-8")
    path.unlink()
    exec(flow.to_code(), {})
    assert path.read_bytes().decode("utf-8") == text
    return text


def test_writes_only_when_the_flow_runs(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    out = flow.add("write_csv", src, path=str(path))
    flow.cache = tmp_path / "cache"
    assert flow.errors == {}
    assert_frame_equal(flow.collect(src), ORDERS)
    assert_frame_equal(flow.preview(out), ORDERS)  # shows what it would write
    flow.to_code()
    assert not path.exists()
    flow.run()
    assert_frame_equal(pl.read_csv(path, try_parse_dates=True), ORDERS)


def sink_call(flow: Flow, node: str) -> str:
    """The call the node adds to its input's chain when the flow runs."""
    sink = get("write_csv").sink
    assert sink is not None
    return sink(flow.nodes[node].settings).call


def test_defaults() -> None:
    flow = Flow("t", namespace={})
    src = flow.add("manual_input", **SMALL)
    out = flow.add("write_csv", src, path="out.csv")
    assert sink_call(flow, out) == '.sink_csv("out.csv")'


def test_changed_options_are_written_into_the_call() -> None:
    flow = Flow("t", namespace={})
    src = flow.add("manual_input", **SMALL)
    out = flow.add("write_csv", src, path="out.csv", separator=";", null_value="NA", mkdir=True)
    assert (
        sink_call(flow, out) == '.sink_csv("out.csv", separator=";", null_value="NA", mkdir=True)'
    )


def test_a_blank_node_asks_where_to_write(tmp_path: Path) -> None:
    flow = Flow("t", namespace={})
    src = flow.add("manual_input", **SMALL)
    out = flow.add("write_csv", src)
    assert flow.errors == {out: "choose where to write the CSV file"}
    with pytest.raises(FlowError, match="choose where to write the CSV file"):
        flow.run()
    path = tmp_path / "out.csv"
    flow.update(out, path=str(path))
    assert flow.errors == {}
    flow.run()
    assert path.read_text().startswith("name,price")


def test_default_text(tmp_path: Path) -> None:
    assert written(tmp_path) == (
        "name,price,day,at,opens\n"
        '"a, b",1.23456,2024-01-31,2024-01-31T09:30:15.000000,09:30:15.000000000\n'
        "c,,,,\n"
    )


def test_separator_header_nulls(tmp_path: Path) -> None:
    text = written(tmp_path, separator=";", include_header=False, null_value="NA")
    assert text.splitlines() == [
        "a, b;1.23456;2024-01-31;2024-01-31T09:30:15.000000;09:30:15.000000000",
        "c;NA;NA;NA;NA",
    ]


def test_formats_and_precision(tmp_path: Path) -> None:
    text = written(
        tmp_path,
        date_format="%d/%m/%Y",
        datetime_format="%Y-%m-%d %H:%M",
        time_format="%H:%M",
        float_precision=2,
    )
    assert text.splitlines()[1] == '"a, b",1.23,31/01/2024,2024-01-31 09:30,09:30'


def test_decimal_comma_and_scientific(tmp_path: Path) -> None:
    line = written(tmp_path, separator=";", decimal_comma=True).splitlines()[1]
    assert line.split(";")[1] == "1,23456"
    line = written(tmp_path, float_scientific=True, float_precision=1).splitlines()[1]
    assert line.split(",")[2] == "1.2e0"


def test_quoting_bom_and_line_endings(tmp_path: Path) -> None:
    text = written(
        tmp_path,
        quote_style="always",
        quote_char="'",
        line_terminator="\r\n",
        include_bom=True,
    )
    assert text.startswith("\ufeff'name','price'")
    assert text.endswith("'',''\r\n")
    never = written(tmp_path, quote_style="never")
    assert never.splitlines()[1].startswith("a, b,1.23456")
    non_numeric = written(tmp_path, quote_style="non_numeric")
    assert non_numeric.splitlines()[1].startswith('"a, b",1.23456,')


def test_mkdir_creates_the_folders(tmp_path: Path) -> None:
    path = tmp_path / "x" / "y" / "out.csv"
    flow = Flow("t", namespace={})
    src = flow.add("manual_input", **SMALL)
    flow.add("write_csv", src, path=str(path), mkdir=True)
    flow.run()
    assert path.read_text().startswith("name,price")


def test_a_missing_folder_fails_the_run_not_the_build(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "out.csv"
    flow = Flow("t", namespace={})
    src = flow.add("manual_input", **SMALL)
    flow.add("write_csv", src, path=str(path))
    assert flow.errors == {}
    with pytest.raises(Exception, match="nowhere"):
        flow.run()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"date_format": "%Q"}, "date_format: .*'%Q' is not a date format Polars can write"),
        ({"date_format": "%H:%M"}, "date_format: .*is not a date format"),
        ({"time_format": "%Y"}, "time_format: .*'%Y' is not a time format"),
        ({"datetime_format": "%Q"}, "datetime_format: .*is not a date-time format"),
        ({"separator": ";;"}, "separator: String should have at most 1 character"),
        ({"quote_char": ""}, "quote_char: String should have at least 1 character"),
        ({"quote_style": "sometimes"}, "quote_style: Input should be"),
        ({"float_precision": -1}, "float_precision: Input should be greater than or equal to 0"),
        ({"compression": "gzip"}, "unknown setting 'compression'"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    src = flow.add("manual_input", **SMALL)
    with pytest.raises(SettingsError, match=f"write_csv: {message}"):
        flow.add("write_csv", src, path="out.csv", **settings)
    assert len(flow) == 1


def test_a_valid_format_passes(tmp_path: Path) -> None:
    assert dt.date(2024, 1, 31).strftime("%d.%m.%Y") in written(tmp_path, date_format="%d.%m.%Y")

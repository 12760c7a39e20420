"""manual_input: a table typed in by hand becomes readable pl.LazyFrame code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError

from ..support import ruff_lint
from ._transform import checked, rendered

COLUMNS = [{"name": "region", "dtype": "String"}, {"name": "target", "dtype": "Int32"}]


def test_a_small_table(tmp_path: Path) -> None:
    flow = Flow("targets", namespace={})
    node = flow.add("manual_input", columns=COLUMNS, rows=[["north", 400], ["south", None]])
    result = checked(flow, node)
    expected = pl.DataFrame(
        {"region": ["north", "south"], "target": [400, None]},
        schema={"region": pl.String, "target": pl.Int32},
    )
    assert_frame_equal(result, expected)
    # too long for one line: one column per line, indented for the first line of a chain
    assert rendered(flow, node) == (
        "pl.LazyFrame(\n"
        "        {\n"
        '            "region": ["north", "south"],\n'
        '            "target": [400, None],\n'
        "        },\n"
        '        schema={"region": pl.String, "target": pl.Int32},\n'
        "    )"
    )


def test_a_tiny_table_is_one_line() -> None:
    flow = Flow("t", namespace={})
    node = flow.add("manual_input", columns=[{"name": "a", "dtype": "Int64"}], rows=[[1], [2]])
    assert rendered(flow, node) == 'pl.LazyFrame({"a": [1, 2]}, schema={"a": pl.Int64})'
    assert checked(flow, node)["a"].to_list() == [1, 2]


def test_dates_times_and_nulls_typed_as_text() -> None:
    flow = Flow("t", namespace={})
    node = flow.add(
        "manual_input",
        columns=[
            {"name": "day", "dtype": "Date"},
            {"name": "at", "dtype": "Datetime"},
            {"name": "opens", "dtype": "Time"},
        ],
        rows=[
            ["2024-02-29", "2024-02-29T18:30", "09:00"],
            [None, "2024-03-01 07:05:09.25", None],
        ],
    )
    result = checked(flow, node)
    assert result.to_dicts() == [
        {"day": dt.date(2024, 2, 29), "at": dt.datetime(2024, 2, 29, 18, 30), "opens": dt.time(9)},
        {"day": None, "at": dt.datetime(2024, 3, 1, 7, 5, 9, 250000), "opens": None},
    ]
    code = rendered(flow, node)
    assert '"at": ["2024-02-29 18:30:00", "2024-03-01 07:05:09.250000"]' in code
    assert 'pl.col("day").str.to_date()' in code
    assert 'pl.col("at").str.to_datetime()' in code
    assert 'pl.col("opens").str.to_time()' in code


def test_numbers_booleans_and_categories() -> None:
    flow = Flow("t", namespace={})
    node = flow.add(
        "manual_input",
        columns=[
            {"name": "f", "dtype": "Float32"},
            {"name": "u", "dtype": "UInt8"},
            {"name": "b", "dtype": "Boolean"},
            {"name": "c", "dtype": "Categorical"},
        ],
        rows=[[1, 255, True, "x"], [2.5, 0, False, "y"], [None, None, None, None]],
    )
    result = checked(flow, node)
    assert result["f"].to_list() == [1.0, 2.5, None]
    assert result["u"].to_list() == [255, 0, None]
    assert result.schema["c"] == pl.Categorical()
    assert '"f": [1.0, 2.5, None]' in rendered(flow, node)


def test_no_rows_gives_an_empty_typed_frame() -> None:
    flow = Flow("t", namespace={})
    node = flow.add("manual_input", columns=[*COLUMNS, {"name": "d", "dtype": "Date"}])
    result = flow.collect(node)
    assert result.height == 0
    assert result.schema == pl.Schema({"region": pl.String, "target": pl.Int32, "d": pl.Date})


def test_a_long_table_is_laid_out_and_lints_clean(tmp_path: Path) -> None:
    rows: list[list[Any]] = [[f"customer, number {i}", i * 1.5, "2024-01-02"] for i in range(40)]
    flow = Flow("t", namespace={})
    node = flow.add(
        "manual_input",
        columns=[
            {"name": "customer", "dtype": "String"},
            {"name": "spend", "dtype": "Float64"},
            {"name": "since", "dtype": "Date"},
        ],
        rows=rows,
    )
    code = flow.to_code()
    assert max(len(line) for line in code.splitlines()) <= 88
    lint = ruff_lint(code)
    assert lint.returncode == 0, lint.stdout + code
    ns: dict[str, Any] = {}
    exec(code, ns)
    assert_frame_equal(ns["t_df"], flow.collect(node))
    assert ns["t_df"]["customer"][3] == "customer, number 3"


def test_editing_the_rows_updates_the_result() -> None:
    flow = Flow("t", namespace={})
    node = flow.add("manual_input", columns=COLUMNS, rows=[["north", 1]])
    flow.update(node, rows=[["north", 1], ["east", 2]])
    assert flow.collect(node)["region"].to_list() == ["north", "east"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"columns": COLUMNS, "rows": [["north", 1], ["south"]]},
            r"rows: row 2 has 1 value\(s\) but the table has 2 column\(s\) \(region, target\)",
        ),
        (
            {"columns": COLUMNS, "rows": [["north", "many"]]},
            "rows: row 1, column 'target' \\(Int32\\): \"many\" is not a whole number",
        ),
        (
            {"columns": COLUMNS, "rows": [[1, 1]]},
            r"rows: row 1, column 'region' \(String\): 1 is not text",
        ),
        (
            {"columns": [{"name": "u", "dtype": "UInt8"}], "rows": [[256]]},
            "rows: row 1, column 'u' \\(UInt8\\): 256 is outside 0..255",
        ),
        (
            {"columns": [{"name": "d", "dtype": "Date"}], "rows": [["31/01/2024"]]},
            "rows: row 1, column 'd' \\(Date\\): \"31/01/2024\" is not a date like",
        ),
        (
            {"columns": [{"name": "d", "dtype": "Date"}], "rows": [["2023-02-29"]]},
            "rows: row 1, column 'd' \\(Date\\): \"2023-02-29\" is not a date like",
        ),
        (
            {"columns": [{"name": "t", "dtype": "Datetime"}], "rows": [["2024-01-01T10:00+02:00"]]},
            "rows: row 1, column 't' \\(Datetime\\): .* is not a date-time like",
        ),
        (
            {"columns": [{"name": "b", "dtype": "Boolean"}], "rows": [["yes"]]},
            "rows: row 1, column 'b' \\(Boolean\\): \"yes\" is not true or false",
        ),
        ({"columns": COLUMNS, "rows": [["north", [1, 2]]]}, "rows.0.1: \\[1, 2\\] is not a single"),
        ({"columns": [*COLUMNS, COLUMNS[0]]}, "columns: column 'region' appears twice"),
        ({"columns": "region"}, "columns: Input should be a valid list"),
        ({"columns": [{"name": "", "dtype": "String"}]}, "columns.0.name:"),
        (
            {"columns": [{"name": "x", "dtype": "Decimal"}]},
            "columns.0.dtype: Decimal values cannot be typed into a table",
        ),
        ({"columns": [{"name": "x", "dtype": "Duration"}]}, "columns.0.dtype: Duration values"),
        ({"columns": COLUMNS, "rows": "north,1"}, "rows: Input should be a valid list"),
    ],
)
def test_malformed_tables_are_refused(settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=f"manual_input: {message}"):
        flow.add("manual_input", **settings)
    assert len(flow) == 0


def test_a_blank_node_is_one_empty_text_column() -> None:
    flow = Flow("t", namespace={})
    node = flow.add("manual_input")
    assert flow.errors == {}
    result = checked(flow, node)
    assert result.height == 0
    assert result.schema == pl.Schema({"column_1": pl.String})
    flow.update(node, rows=[["typed in"]])
    assert checked(flow, node)["column_1"].to_list() == ["typed in"]


def test_no_columns_is_a_node_error() -> None:
    flow = Flow("t", namespace={})
    node = flow.add("manual_input", columns=[])
    assert flow.errors == {node: "add a column to the table"}
    with pytest.raises(FlowError, match="add a column to the table"):
        flow.collect(node)
    flow.update(node, columns=COLUMNS, rows=[["north", 1]])
    assert flow.errors == {}
    assert checked(flow, node).rows() == [("north", 1)]


def test_a_refused_edit_keeps_the_table() -> None:
    flow = Flow("t", namespace={})
    node = flow.add("manual_input", columns=COLUMNS, rows=[["north", 1]])
    with pytest.raises(SettingsError, match="row 1 has 3 value"):
        flow.update(node, rows=[["north", 1, 2]])
    assert flow.collect(node).height == 1

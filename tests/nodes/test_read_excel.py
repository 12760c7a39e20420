"""read_excel: one sheet of a workbook, read by calamine; the prediction is the real schema."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError

from ..support import ORDERS
from ._transform import checked, rendered


def test_reads_the_first_sheet(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.xlsx"
    node = flow.add("read_excel", path=str(path))
    assert_frame_equal(checked(flow, node), ORDERS)
    assert rendered(flow, node) == f'pl.read_excel("{path}").lazy()'


def test_sheet_columns_and_overrides(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.xlsx"
    node = flow.add(
        "read_excel",
        path=str(path),
        sheet_name="orders",
        columns=["amount", "order_id"],
        schema_overrides={"order_id": "Int16"},
    )
    result = checked(flow, node)
    assert result.schema == pl.Schema({"amount": pl.Float64, "order_id": pl.Int16})
    # too long for one line, so the node lays its call out one argument per line
    assert rendered(flow, node) == (
        "pl.read_excel(\n"
        f'        "{path}",\n'
        '        sheet_name="orders",\n'
        '        columns=["amount", "order_id"],\n'
        '        schema_overrides={"order_id": pl.Int16},\n'
        "    ).lazy()"
    )


def test_headerless_text_first_rows(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add(
        "read_excel",
        path=str(data_dir / "orders.xlsx"),
        sheet_id=1,
        has_header=False,
        infer_schema_length=0,
        n_rows=2,
    )
    result = flow.collect(node)
    assert result.schema == flow.schema(node)
    assert set(result.schema.dtypes()) == {pl.String}
    assert result.row(0)[:2] == ("order_id", "region")
    assert result.height == 2


def test_empty_rows_are_kept_on_request(tmp_path: Path) -> None:
    path = tmp_path / "gaps.xlsx"
    pl.DataFrame({"a": [1, None, 3], "b": ["x", None, "z"]}).write_excel(path)
    flow = Flow("t", namespace={})
    dropped = flow.add("read_excel", path=str(path))
    kept = flow.add("read_excel", path=str(path), drop_empty_rows=False)
    assert flow.collect(dropped).height == 2
    assert flow.collect(kept).height == 3


def test_prediction_sees_every_row_not_just_the_first(tmp_path: Path) -> None:
    # whole numbers and midnight times for 150 rows; Polars would call them Int64 and Date if
    # it looked only at those, but the last row says Float64 and Datetime
    path = tmp_path / "late.xlsx"
    pl.DataFrame(
        {
            "x": [1.0] * 150 + [2.5],
            "t": [dt.datetime(2024, 1, 1)] * 150 + [dt.datetime(2024, 1, 1, 9, 30)],
        }
    ).write_excel(path)
    assert pl.read_excel(path, read_options={"n_rows": 100}).schema["x"] == pl.Int64
    flow = Flow("t", namespace={})
    node = flow.add("read_excel", path=str(path))
    predicted = flow.schema(node)
    assert predicted["x"] == pl.Float64
    assert predicted["t"] == pl.Datetime("ms")
    assert flow.collect(node).schema == predicted


def test_a_changed_workbook_is_predicted_again(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    pl.DataFrame({"a": [1]}).write_excel(path)
    flow = Flow("t", namespace={})
    node = flow.add("read_excel", path=str(path))
    assert flow.schema(node) == pl.Schema({"a": pl.Int64})
    pl.DataFrame({"a": ["one"], "b": [True]}).write_excel(path)
    os.utime(path, ns=(10**18, 10**18))  # a new version even within the clock's resolution
    flow.refresh()
    assert flow.schema(node) == pl.Schema({"a": pl.String, "b": pl.Boolean})


def test_missing_file_is_a_node_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.xlsx"
    flow = Flow("t", namespace={})
    node = flow.add("read_excel", path=str(path))
    assert flow.errors[node] == f"file not found: {path}"


def test_a_blank_node_asks_for_a_workbook(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    blank = flow.add("read_excel")
    empty = flow.add("read_excel", path="", sheet_name="orders")
    message = "choose a workbook to read"
    assert flow.errors == {blank: message, empty: message}
    flow.update(blank, path=str(data_dir / "orders.xlsx"))
    assert list(flow.errors) == [empty]
    assert_frame_equal(checked(flow, blank), ORDERS)


def test_bad_sheet_name_lists_the_sheets(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    by_name = flow.add("read_excel", path=str(data_dir / "orders.xlsx"), sheet_name="Sheet1")
    by_id = flow.add("read_excel", path=str(data_dir / "orders.xlsx"), sheet_id=2)
    assert flow.errors == {
        by_name: "orders.xlsx has no sheet named 'Sheet1'; its sheets are: 'orders'",
        by_id: "orders.xlsx has no sheet 2; its sheets are: 'orders'",
    }


def test_columns_the_sheet_lacks(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = str(data_dir / "orders.xlsx")
    chosen = flow.add("read_excel", path=path, columns=["nope"])
    overridden = flow.add("read_excel", path=path, schema_overrides={"nope": "Int64"})
    assert flow.errors[chosen] == 'columns: column with name "nope" not found'
    assert flow.errors[overridden] == "schema_overrides: the sheet has no column 'nope'"


def test_not_a_workbook_is_a_node_error(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add("read_excel", path=str(data_dir / "orders.csv"))
    assert flow.errors[node] == "calamine error: Cannot detect file format"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"sheet_name": "orders", "sheet_id": 1}, "give either sheet_name or sheet_id, not both"),
        ({"sheet_id": 0}, "sheet_id: Input should be greater than or equal to 1"),
        ({"n_rows": 0}, "n_rows: Input should be greater than or equal to 1"),
        ({"schema_overrides": {"a": "Decimal"}}, "schema_overrides: a: Decimal needs"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=message):
        flow.add("read_excel", **{"path": str(data_dir / "orders.xlsx"), **settings})
    assert len(flow) == 0

"""read_json: an eager read wrapped in .lazy(); prediction reads only the objects that decide
the schema, and the whole file only when the data is needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError

from ..support import ORDERS
from ._transform import checked, rendered


def test_reads_an_array_of_objects(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.json"
    node = flow.add("read_json", path=str(path))
    result = checked(flow, node)
    assert_frame_equal(result, ORDERS.with_columns(pl.col("order_date").cast(pl.String)))
    assert rendered(flow, node) == f'pl.read_json("{path}").lazy()'


def test_overrides_and_inference_length(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.json"
    node = flow.add(
        "read_json",
        path=str(path),
        schema_overrides={"order_date": "Date", "quantity": "Int16"},
        infer_schema_length=None,
    )
    result = checked(flow, node)
    assert result.schema["order_date"] == pl.Date
    assert result.schema["quantity"] == pl.Int16
    assert rendered(flow, node) == (
        f'pl.read_json("{path}", schema_overrides={{"order_date": pl.Date, "quantity": pl.Int16}}'
        ", infer_schema_length=None).lazy()"
    )


def test_prediction_reads_only_the_objects_it_infers_from(tmp_path: Path) -> None:
    # three good objects, then a file that is cut off: only reading the data finds that out
    path = tmp_path / "cut.json"
    path.write_text('[{"a": 1, "b": "x"}, {"a": 2, "b": "y"},\n {"a": 3, "b": null}, {"a": 4, "b')
    flow = Flow("t", namespace={})
    head = flow.add("read_json", path=str(path), infer_schema_length=3)
    assert flow.errors == {}
    assert flow.schema(head) == pl.Schema({"a": pl.Int64, "b": pl.String})
    with pytest.raises(FlowError, match="Syntax"):
        flow.collect(head)
    every = flow.add("read_json", path=str(path), infer_schema_length=None)
    assert every in flow.errors  # every object counts: the whole file is read, and fails


def test_predicted_schema_is_the_real_one_across_read_chunks(tmp_path: Path) -> None:
    # objects far larger than the reader's chunks, keys appearing late, a dtype that widens
    rows = [{"id": i, "text": "é" * 50_000 + str(i)} for i in range(5)]
    rows[3]["extra"] = [1, 2]
    rows[4]["id"] = 4.5
    path = tmp_path / "big.json"
    path.write_text(json.dumps(rows, ensure_ascii=False))
    flow = Flow("t", namespace={})
    for length in (4, 5, 100, None):
        node = flow.add("read_json", path=str(path), infer_schema_length=length)
        assert flow.schema(node) == pl.read_json(path, infer_schema_length=length).schema
    widened = flow.schema(node)
    assert widened["id"] == pl.Float64
    assert widened["extra"] == pl.List(pl.Int64)
    assert flow.collect(node).schema == widened


def test_a_changed_file_is_predicted_again(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"a": 1}]')
    flow = Flow("t", namespace={})
    node = flow.add("read_json", path=str(path))
    assert flow.schema(node) == pl.Schema({"a": pl.Int64})
    path.write_text('[{"a": "one", "b": true}]')
    flow.refresh()
    assert flow.schema(node) == pl.Schema({"a": pl.String, "b": pl.Boolean})


@pytest.mark.parametrize(
    "text",
    ['{"a": [1, 2]}', "  \n[ ]", "[1, 2, 3]", '\ufeff[{"a": 1}]'],
    ids=["object", "empty-array", "not-objects", "bom"],
)
def test_other_json_reads_as_polars_reads_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "other.json"
    path.write_text(text, encoding="utf-8")
    flow = Flow("t", namespace={})
    node = flow.add("read_json", path=str(path))
    try:
        expected: pl.Schema | None = pl.read_json(path).schema
    except Exception:
        expected = None
    if expected is None:
        assert node in flow.errors
    else:
        assert flow.schema(node) == expected == flow.collect(node).schema


def test_missing_file_is_a_node_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    flow = Flow("t", namespace={})
    for length in (100, None):
        node = flow.add("read_json", path=str(path), infer_schema_length=length)
        assert flow.errors[node] == f"file not found: {path}"
        with pytest.raises(FlowError, match="file not found"):
            flow.collect(node)


def test_override_of_a_column_the_file_lacks(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add(
        "read_json", path=str(data_dir / "orders.json"), schema_overrides={"nope": "Int64"}
    )
    assert flow.errors[node] == "schema_overrides: the file has no column 'nope'"


def test_a_blank_node_asks_for_a_file(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    blank = flow.add("read_json")
    empty = flow.add("read_json", path="", infer_schema_length=None)
    message = "choose a JSON file to read"
    assert flow.errors == {blank: message, empty: message}
    with pytest.raises(FlowError, match=message):
        flow.collect(empty)
    flow.update(blank, path=str(data_dir / "orders.json"))
    assert list(flow.errors) == [empty]
    assert checked(flow, blank).height == ORDERS.height


def test_not_json_is_a_node_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("this is not json")
    flow = Flow("t", namespace={})
    node = flow.add("read_json", path=str(path))
    assert node in flow.errors


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"infer_schema_length": 0}, "infer_schema_length: Input should be greater than"),
        ({"schema_overrides": {"a": "Binary"}}, "schema_overrides: a: Binary cannot be read"),
        ({"schema_overrides": {"a": "Decimal"}}, "schema_overrides: a: Decimal needs"),
        ({"n_rows": 3}, "unknown setting 'n_rows'"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=message):
        flow.add("read_json", **{"path": str(data_dir / "orders.json"), **settings})
    assert len(flow) == 0

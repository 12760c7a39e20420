"""read_ipc: a lazy scan of Arrow IPC / Feather files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError

from ..support import ORDERS
from ._transform import checked, rendered


def test_reads_the_file_with_its_own_dtypes(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.arrow"
    node = flow.add("read_ipc", path=str(path))
    assert flow.schema(node) == ORDERS.schema
    assert_frame_equal(checked(flow, node), ORDERS)
    assert rendered(flow, node) == f'pl.scan_ipc("{path}")'


def test_columns_and_rows(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.arrow"
    node = flow.add("read_ipc", path=str(path), columns=["amount", "region"], n_rows=2)
    assert_frame_equal(checked(flow, node), ORDERS.select("amount", "region").head(2))
    assert rendered(flow, node) == f'pl.scan_ipc("{path}", n_rows=2).select(["amount", "region"])'


def test_row_index_comes_first_even_with_chosen_columns(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    path = data_dir / "orders.arrow"
    node = flow.add(
        "read_ipc", path=str(path), columns=["customer"], row_index_name="n", row_index_offset=5
    )
    result = checked(flow, node)
    assert result.columns == ["n", "customer"]
    assert result["n"].to_list() == list(range(5, 13))
    assert result.columns == pl.read_ipc(path, columns=["customer"], row_index_name="n").columns


def test_globs_read_every_file(data_dir: Path, tmp_path: Path) -> None:
    for part in (1, 2):
        ORDERS.write_ipc(tmp_path / f"part{part}.arrow")
    flow = Flow("t", namespace={})
    node = flow.add("read_ipc", path=str(tmp_path / "part*.arrow"))
    assert flow.collect(node).height == 2 * ORDERS.height


def test_missing_file_is_a_node_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.arrow"
    flow = Flow("t", namespace={})
    node = flow.add("read_ipc", path=str(path))
    assert flow.errors[node] == f"file not found: {path}"


def test_a_column_the_file_lacks(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add("read_ipc", path=str(data_dir / "orders.arrow"), columns=["nope"])
    assert 'unable to find column "nope"' in flow.errors[node]


def test_not_an_ipc_file_is_a_node_error(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    node = flow.add("read_ipc", path=str(data_dir / "orders.csv"))
    assert node in flow.errors


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"n_rows": -1}, "n_rows"),
        ({"row_index_offset": -1}, "row_index_offset"),
        ({"row_index_name": ""}, "row_index_name"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], field: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=f"read_ipc: {field}:"):
        flow.add("read_ipc", **{"path": str(data_dir / "orders.arrow"), **settings})
    assert len(flow) == 0


def test_a_blank_node_asks_for_a_file(data_dir: Path) -> None:
    flow = Flow("t", namespace={})
    blank = flow.add("read_ipc")
    empty = flow.add("read_ipc", path="")
    message = "choose an Arrow IPC file to read"
    assert flow.errors == {blank: message, empty: message}
    flow.update(blank, path=str(data_dir / "orders.arrow"))
    assert list(flow.errors) == [empty]
    assert_frame_equal(checked(flow, blank), ORDERS)

"""write_parquet: writes only when the flow runs, with the Parquet options people tune."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError
from flowfile_jupyter.nodes import get

from ..support import ORDERS


def orders_flow(data_dir: Path, **settings: Any) -> tuple[Flow, str, str]:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    out = flow.add("write_parquet", src, **settings)
    return flow, src, out


def sink_call(flow: Flow, node: str) -> str:
    """The call the node adds to its input's chain when the flow runs."""
    sink = get("write_parquet").sink
    assert sink is not None
    return sink(flow.nodes[node].settings).call


def test_writes_only_when_the_flow_runs(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    flow, src, out = orders_flow(data_dir, path=str(path))
    flow.cache = tmp_path / "cache"
    assert flow.errors == {}
    assert_frame_equal(flow.collect(src), ORDERS)
    assert_frame_equal(flow.preview(out), ORDERS)  # shows what it would write
    flow.to_code()
    assert not path.exists()
    flow.run()
    assert_frame_equal(pl.read_parquet(path), ORDERS)


def test_options_reach_the_file(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    flow, _, out = orders_flow(
        data_dir,
        path=str(path),
        compression="gzip",
        compression_level=9,
        statistics=False,
        row_group_size=3,
    )
    assert sink_call(flow, out) == (
        f'.sink_parquet("{path}", compression="gzip", compression_level=9, statistics=False, '
        "row_group_size=3)"
    )
    for run in (flow.run, lambda: exec(flow.to_code(), {})):  # the canvas, then the code
        path.unlink(missing_ok=True)
        run()
        meta = pq.ParquetFile(path).metadata
        assert meta.num_row_groups == 3
        column = meta.row_group(0).column(0)
        assert column.compression == "GZIP"
        assert not column.is_stats_set
        assert_frame_equal(pl.read_parquet(path), ORDERS)


def test_default_code_is_plain(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    flow, _, out = orders_flow(data_dir, path=str(path))
    assert sink_call(flow, out) == f'.sink_parquet("{path}")'
    for run in (flow.run, lambda: exec(flow.to_code(), {})):  # the canvas, then the code
        path.unlink(missing_ok=True)
        run()
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"


def test_mkdir_creates_the_folders(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "out.parquet"
    flow, _, _ = orders_flow(data_dir, path=str(path), mkdir=True)
    flow.run()
    assert pl.read_parquet(path).height == ORDERS.height


def test_a_missing_folder_fails_the_run_not_the_build(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "out.parquet"
    flow, _, _ = orders_flow(data_dir, path=str(path))
    assert flow.errors == {}
    with pytest.raises(Exception, match="nowhere"):
        flow.run()
    assert not path.exists()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"compression": "lz4", "compression_level": 3}, "lz4 has no compression levels"),
        ({"compression": "gzip", "compression_level": 10}, "gzip levels go from 0 to 9"),
        ({"compression_level": 0}, "zstd levels go from 1 to 22"),
        ({"compression": "lzo"}, "compression: Input should be"),
        ({"row_group_size": 0}, "row_group_size: Input should be greater than or equal to 1"),
        ({"statistics": "some"}, "statistics"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    with pytest.raises(SettingsError, match=f"write_parquet: .*{message}"):
        flow.add("write_parquet", src, path="out.parquet", **settings)
    assert len(flow) == 1


def test_a_blank_node_asks_where_to_write(data_dir: Path, tmp_path: Path) -> None:
    flow, src, blank = orders_flow(data_dir)
    empty = flow.add("write_parquet", src, path="", compression="gzip")
    message = "choose where to write the Parquet file"
    assert flow.errors == {blank: message, empty: message}
    with pytest.raises(FlowError, match=message):
        flow.run()
    path = tmp_path / "out.parquet"
    flow.update(blank, path=str(path))
    flow.remove(empty)
    assert flow.errors == {}
    flow.run()
    assert_frame_equal(pl.read_parquet(path), ORDERS)

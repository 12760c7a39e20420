"""write_ipc: writes an Arrow IPC file only when the flow runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError
from flowfile_jupyter.nodes import get

from ..support import ORDERS


def orders_flow(data_dir: Path, **settings: Any) -> tuple[Flow, str, str]:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    out = flow.add("write_ipc", src, **settings)
    return flow, src, out


def sink_call(flow: Flow, node: str) -> str:
    """The call the node adds to its input's chain when the flow runs."""
    sink = get("write_ipc").sink
    assert sink is not None
    return sink(flow.nodes[node].settings).call


def test_writes_only_when_the_flow_runs(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "out.arrow"
    flow, src, out = orders_flow(data_dir, path=str(path))
    flow.cache = tmp_path / "cache"
    assert flow.errors == {}
    assert_frame_equal(flow.collect(src), ORDERS)
    assert_frame_equal(flow.preview(out), ORDERS)  # shows what it would write
    flow.to_code()
    assert not path.exists()
    flow.run()
    assert_frame_equal(pl.read_ipc(path), ORDERS)


def test_compression_makes_a_smaller_file(data_dir: Path, tmp_path: Path) -> None:
    flow = Flow("t", namespace={})
    src = flow.add(
        "manual_input",
        columns=[{"name": "text", "dtype": "String"}],
        rows=[["the same words again and again"]] * 2000,
    )
    sizes = {}
    nodes = {}
    for compression in ("uncompressed", "lz4", "zstd"):
        path = tmp_path / f"{compression}.arrow"
        nodes[compression] = flow.add("write_ipc", src, path=str(path), compression=compression)
        sizes[compression] = path
    assert sink_call(flow, nodes["zstd"]) == f'.sink_ipc("{sizes["zstd"]}", compression="zstd")'
    assert sink_call(flow, nodes["uncompressed"]) == f'.sink_ipc("{sizes["uncompressed"]}")'
    for run in (flow.run, lambda: exec(flow.to_code(), {})):  # the canvas, then the code
        for path in sizes.values():
            path.unlink(missing_ok=True)
        run()
        assert sizes["zstd"].stat().st_size < sizes["uncompressed"].stat().st_size / 5
        assert sizes["lz4"].stat().st_size < sizes["uncompressed"].stat().st_size / 5
        for path in sizes.values():
            assert pl.read_ipc(path).height == 2000


def test_mkdir_creates_the_folders(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "new" / "out.arrow"
    flow, _, _ = orders_flow(data_dir, path=str(path), mkdir=True)
    flow.run()
    assert pl.read_ipc(path).height == ORDERS.height


def test_a_missing_folder_fails_the_run_not_the_build(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "out.arrow"
    flow, _, _ = orders_flow(data_dir, path=str(path))
    assert flow.errors == {}
    with pytest.raises(Exception, match="nowhere"):
        flow.run()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"compression": "gzip"}, "compression: Input should be"),
        ({"mkdir": "yes please"}, "mkdir: Input should be a valid boolean"),
    ],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    with pytest.raises(SettingsError, match=f"write_ipc: {message}"):
        flow.add("write_ipc", src, **{"path": "out.arrow", **settings})
    assert len(flow) == 1


def test_a_blank_node_asks_where_to_write(data_dir: Path, tmp_path: Path) -> None:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    blank = flow.add("write_ipc", src)
    empty = flow.add("write_ipc", src, path="", compression="zstd")
    message = "choose where to write the file"
    assert flow.errors == {blank: message, empty: message}
    with pytest.raises(FlowError, match=message):
        flow.run()
    path = tmp_path / "out.arrow"
    flow.update(blank, path=str(path))
    flow.remove(empty)
    assert flow.errors == {}
    flow.run()
    assert_frame_equal(pl.read_ipc(path), ORDERS)

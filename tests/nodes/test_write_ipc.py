"""write_ipc: writes an Arrow IPC file only when the flow runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError

from ..support import ORDERS


def orders_flow(data_dir: Path, **settings: Any) -> tuple[Flow, str, str]:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    out = flow.add("write_ipc", src, **settings)
    return flow, src, out


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
    for compression in ("uncompressed", "lz4", "zstd"):
        path = tmp_path / f"{compression}.arrow"
        flow.add("write_ipc", src, path=str(path), compression=compression)
        sizes[compression] = path
    flow.run()
    assert sizes["zstd"].stat().st_size < sizes["uncompressed"].stat().st_size / 5
    assert sizes["lz4"].stat().st_size < sizes["uncompressed"].stat().st_size / 5
    for path in sizes.values():
        assert pl.read_ipc(path).height == 2000
    assert f'.sink_ipc("{sizes["zstd"]}", compression="zstd")' in flow.to_code()
    assert f'.sink_ipc("{sizes["uncompressed"]}")' in flow.to_code()


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
    [({"compression": "gzip"}, "compression: Input should be"), ({"path": ""}, "path:")],
)
def test_bad_settings_are_refused(data_dir: Path, settings: dict[str, Any], message: str) -> None:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    with pytest.raises(SettingsError, match=f"write_ipc: {message}"):
        flow.add("write_ipc", src, **{"path": "out.arrow", **settings})

"""Export a node's result: the file (or variable) equals ``flow.collect(node)``; it appears whole
or not at all; hostile targets are refused and nothing is written or lost."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.engine.cache import Cache

from ..support import BASKETS, ORDERS


@pytest.fixture
def flow(tmp_path: Path) -> Flow:
    f = Flow("export", namespace={"orders": ORDERS, "baskets": BASKETS})
    f.cache = Cache(tmp_path / "cache")
    src = f.add("from_variable", name="orders")
    f.add("filter", src, expr='pl.col("amount") > 100', node_id="big")
    f.add("from_variable", name="baskets", node_id="nested")
    return f


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_csv_and_parquet_equal_collect(flow: Flow, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = flow.export("big", out / "big.csv")
    assert done.rows == flow.collect("big").height and done.path == str(out / "big.csv")
    assert_frame_equal(pl.read_csv(out / "big.csv", try_parse_dates=True), flow.collect("big"))
    flow.export("big", out / "big.parquet")
    assert_frame_equal(pl.read_parquet(out / "big.parquet"), flow.collect("big"))
    flow.export("nested", out / "nested.data", format="parquet")
    assert_frame_equal(pl.read_parquet(out / "nested.data"), flow.collect("nested"))
    assert files(out) == ["big.csv", "big.parquet", "nested.data"]  # no temporary left


def test_relative_paths_are_relative_to_the_working_directory(
    flow: Flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = tmp_path / "notebook"
    (notebook / "sub").mkdir(parents=True)
    monkeypatch.chdir(notebook)
    done = flow.export("big", "sub/big.csv")
    assert done.path == str(notebook / "sub" / "big.csv")
    assert (notebook / "sub" / "big.csv").exists()


def test_a_variable_equals_collect(flow: Flow) -> None:
    done = flow.export("big", variable="big_df")
    assert done.variable == "big_df" and done.rows == flow.collect("big").height
    assert_frame_equal(flow.namespace["big_df"], flow.collect("big"))
    with pytest.raises(FlowError, match="exists: pass overwrite=True"):
        flow.export("nested", variable="big_df")
    flow.export("nested", variable="big_df", overwrite=True)
    assert_frame_equal(flow.namespace["big_df"], flow.collect("nested"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("orders", "exists"),  # a frame the flow reads: never replaced without overwrite
        ("2fast", "not a name"),
        ("class", "not a name"),
        ("a b", "not a name"),
        ("_", "the notebook's own"),
        ("_i3", "the notebook's own"),
        ("x" * 5 + "\ud800", "not a name"),
    ],
)
def test_bad_variable_names_are_refused(flow: Flow, name: str, message: str) -> None:
    before = dict(flow.namespace)
    with pytest.raises(FlowError, match=message):
        flow.export("big", variable=name)
    assert flow.namespace == before


def test_a_variable_holding_something_else_is_never_replaced(flow: Flow) -> None:
    flow.namespace["sales"] = flow  # the flow itself, say
    flow.namespace["helper"] = len
    for name in ("sales", "helper"):
        with pytest.raises(FlowError, match="holds a"):
            flow.export("big", variable=name, overwrite=True)
    assert flow.namespace["sales"] is flow and flow.namespace["helper"] is len


def test_an_existing_file_needs_overwrite(flow: Flow, tmp_path: Path) -> None:
    target = tmp_path / "keep.csv"
    target.write_text("precious\n")
    with pytest.raises(FlowError, match="exists: pass overwrite=True"):
        flow.export("big", target)
    assert target.read_text() == "precious\n"
    flow.export("big", target, overwrite=True)
    assert_frame_equal(pl.read_csv(target, try_parse_dates=True), flow.collect("big"))


def test_flow_files_are_never_written(flow: Flow, tmp_path: Path) -> None:
    saved = tmp_path / "sales.flowfile.yaml"
    flow.save(saved)
    other = tmp_path / "mine.yaml"  # a flow file under another name (--file)
    flow.save(other)
    before = {p: p.read_bytes() for p in (saved, other)}
    for target, fmt in ((saved, None), (other, "csv"), (tmp_path / "new.flowfile.yml", "csv")):
        with pytest.raises(FlowError, match="flow file"):
            flow.export("big", target, format=fmt, overwrite=True)  # type: ignore[arg-type]
    assert {p: p.read_bytes() for p in (saved, other)} == before
    assert not (tmp_path / "new.flowfile.yml").exists()


def test_cache_files_are_never_written(flow: Flow) -> None:
    flow.preview("big")
    assert flow.wait_idle(60)
    directory = flow.cache.directory
    before = {p.name: p.read_bytes() for p in directory.iterdir()}
    victim = next(p for p in directory.iterdir() if p.suffix == ".arrow")
    for target in (victim, directory / "new.parquet", directory / ".." / directory.name / "x.csv"):
        with pytest.raises(FlowError, match="preview cache"):
            flow.export("big", target, format="csv", overwrite=True)
    assert {p.name: p.read_bytes() for p in directory.iterdir()} == before


def test_links_folders_devices_and_pipes_are_refused(flow: Flow, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("keep\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    cases = [
        (link, "is a link"),
        (folder, "not a regular file"),
        (pipe, "not a regular file"),
        (Path("/dev/null"), "not a regular file"),
        (tmp_path / "missing" / "x.csv", "does not exist"),
        (tmp_path / "noformat.txt", "cannot tell the format"),
    ]
    for target, message in cases:
        chosen = None if target.suffix == ".txt" else "csv"
        with pytest.raises(FlowError, match=message):
            flow.export("big", target, format=chosen, overwrite=True)  # type: ignore[arg-type]
    assert real.read_text() == "keep\n"
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and folder.is_dir() and link.is_symlink()
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("path", ["", "   ", "a\x00b.csv", "\udc80.csv", "x" * 5000 + ".csv"])
def test_unusable_path_text_is_refused(flow: Flow, tmp_path: Path, path: str) -> None:
    with pytest.raises(FlowError):
        flow.export("big", path)


def test_csv_cannot_hold_lists(flow: Flow, tmp_path: Path) -> None:
    with pytest.raises(FlowError, match="CSV cannot hold the column 'items'"):
        flow.export("nested", tmp_path / "nested.csv")
    assert files(tmp_path) == ["cache"]


def test_a_failed_write_leaves_nothing(flow: Flow, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # as root every folder is writable: /proc is one nobody can write files into
        folder = locked if not os.access(locked, os.W_OK) else Path("/proc")
        with pytest.raises(FlowError):
            flow.export("big", folder / "x.csv")
        assert [n for n in files(folder) if n == "x.csv" or n.startswith(".x.csv.")] == []
    finally:
        locked.chmod(0o700)


def test_path_or_variable(flow: Flow, tmp_path: Path) -> None:
    with pytest.raises(FlowError, match="one of them"):
        flow.export("big")
    with pytest.raises(FlowError, match="one of them"):
        flow.export("big", tmp_path / "x.csv", variable="x")


def test_an_output_node_exports_what_it_would_write(flow: Flow, tmp_path: Path) -> None:
    sink = flow.add("write_csv", "big", path=str(tmp_path / "sink.csv"))
    done = flow.export(sink, tmp_path / "copy.parquet")
    assert done.node_id == sink
    assert_frame_equal(pl.read_parquet(tmp_path / "copy.parquet"), flow.collect("big"))
    assert not (tmp_path / "sink.csv").exists()  # the output node itself did not run

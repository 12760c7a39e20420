"""I/O: no reader, writer, sink or serializer is reachable from expression text, and opening a
flow reads only its declared sources and writes nothing at all."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.errors import NodeError
from flowfile_jupyter.expressions import parse

from .support import SECRET, flow_file, run_isolated, source_and

_IO_WORDS = ("read", "scan", "write", "sink", "serialize", "deserialize", "to_", "from_", "save")
IO_NAMES = sorted(
    {
        name
        for target in (pl, pl.DataFrame, pl.LazyFrame, pl.Series, pl.Expr)
        for name in dir(target)
        if not name.startswith("_") and any(w in name for w in _IO_WORDS)
    }
)
STARTS = ['pl.col("a")', "pl.lit(1)", 'pl.col("a").str', 'pl.col("a").meta', "pl.Int64"]


@pytest.mark.parametrize("name", IO_NAMES)
def test_no_io_method_is_reachable(name: str, tmp_path: Path) -> None:
    marker = tmp_path / "out"
    texts = [f'pl.{name}("{marker}")'] + [f'{start}.{name}("{marker}")' for start in STARTS]
    for text in texts:
        try:
            parse(text)
        except NodeError:
            continue
        # allowed only when it is an expression method that does no I/O, e.g. .str.to_date
        assert name.startswith(("to_", "from_")), text
    assert not marker.exists()


def test_opening_reads_only_declared_sources(tmp_path: Path, data_dir: Path) -> None:
    """A secret file named in every way expression text could name it: its content appears
    nowhere, and no file is written."""
    secret_file = tmp_path / "secret.csv"
    secret_file.write_text(f"key\n{SECRET}\n")
    markers = tmp_path / "markers"
    markers.mkdir()
    reads = [
        f'pl.lit(pl.read_csv("{secret_file}").item())',
        f'pl.lit(pl.scan_csv("{secret_file}").collect().item())',
        f'pl.col("a").deserialize("{secret_file}")',
        f'pl.lit(pl.read_ipc("{secret_file}"))',
        f'pl.lit(pl.Expr.deserialize("{secret_file}", format="json"))',
        f'pl.lit(pl.read_parquet_schema("{secret_file}"))',
        f'pl.col("region").str.contains(pl.read_csv("{secret_file}").item())',
    ]
    nodes = [
        {"id": f"r{i}", "type": "filter", "settings": {"expr": t}} for i, t in enumerate(reads)
    ]
    nodes.append(
        {"id": "out", "type": "write_csv", "settings": {"path": str(markers / "written.csv")}}
    )
    path = flow_file(tmp_path / "reads.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    done = run_isolated(
        f"""
        from flowfile_jupyter import Flow
        from tests.security.support import everything_said
        flow = Flow.load({str(path)!r})
        print(sorted(flow.errors))
        print("SEEN" if {SECRET!r} in everything_said(flow) else "not-seen")
        """,
        seconds=60,
        marker_dir=markers,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "not-seen" in done.stdout
    for i in range(len(reads)):
        assert f"'r{i}'" in done.stdout  # every read is a node error
    assert list(markers.iterdir()) == []


def test_writers_write_only_when_the_flow_runs(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "out.csv"
    path = flow_file(
        tmp_path / "w.flowfile.yaml",
        source_and(
            [{"id": "w", "type": "write_csv", "settings": {"path": str(out)}}],
            data_dir / "orders.csv",
        ),
    )
    flow = Flow.load(path)
    flow.to_code()
    flow.preview("src")
    assert not out.exists()
    flow.run()
    assert out.exists()

"""The canvas shows which nodes cannot run on the engine chosen in its toolbar."""

from __future__ import annotations

from pathlib import Path

from flowfile_jupyter import Flow

from .test_widget import Recording


def test_choosing_an_engine_marks_the_nodes_that_cannot_run_there(data_dir: Path) -> None:
    flow = Flow("demo", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    big = flow.add("filter", src, expr='pl.col("amount") > 100')
    first = flow.add("head", big, n=2)
    w = Recording(flow)
    assert w.not_portable == {}  # Polars: every node runs
    w.request(kind="engine", engine="duckdb")
    assert w.target_engine == "duckdb"
    assert set(w.not_portable) == {first}
    assert "sort right before this step" in w.not_portable[first]

    # fixing the flow on the canvas clears the mark: a sort gives the rows an order
    ordered = flow.add("sort", big, by=[{"column": "amount"}])
    flow.connect(ordered, first, port=0)
    assert w.not_portable == {}
    flow.update(big, expr='pl.col("amount").pct_change() > 0')
    assert set(w.not_portable) == {big}
    assert "pct_change" in w.not_portable[big]

    w.request(kind="engine", engine="")
    assert w.not_portable == {}


def test_an_unknown_engine_is_refused_and_changes_nothing(data_dir: Path) -> None:
    flow = Flow("demo", namespace={})
    flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    w = Recording(flow)
    w.request(kind="engine", engine="oracle; rm -rf /")
    assert w.target_engine == ""
    assert any("malformed 'engine' request" in n for n in w.notices())

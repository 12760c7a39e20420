"""Code no node reads becomes code nodes; the flow still computes what the code does; reading
code never runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow


def run(code: str, result: str) -> pl.DataFrame:
    env: dict[str, Any] = {}
    exec(code, env)
    value = env[result]
    return value.collect() if isinstance(value, pl.LazyFrame) else value


def test_unmappable_calls_become_code_nodes_that_compute_the_same(data_dir: Path) -> None:
    code = f"""
import polars as pl

LIMIT = 2


def double(frame):
    return frame.with_columns(pl.col("quantity") * LIMIT)


orders = pl.scan_parquet("{data_dir}/orders.parquet")
wide = (
    orders
    .filter(pl.col("amount") > 60)
    .pipe(double)
    .with_columns(pl.col("customer").map_elements(str.upper, return_dtype=pl.String))
    .sort("order_id")
)
other = orders.join_asof(wide, on="order_id").select("order_id", "amount")
"""
    flow = Flow.from_code(code, name="f", namespace={})
    kinds = [n.type for n in flow.nodes.values()]
    assert kinds.count("polars_code") == 2
    assert {"read_parquet", "filter", "sort", "select"} <= set(kinds)
    assert flow.errors == {}
    by_label = {n.label: n.id for n in flow.nodes.values() if n.label}
    assert_frame_equal(flow.collect(by_label["wide"]), run(code, "wide"))
    assert_frame_equal(flow.collect(by_label["other"]), run(code, "other"))
    pipe = next(n for n in flow.nodes.values() if n.type == "polars_code" and "pipe" in str(n))
    text = pipe.settings.model_dump()["code"]
    assert "def double(frame):" in text and "LIMIT = 2" in text  # what it needs comes along
    assert ".map_elements(str.upper, return_dtype=pl.String)" in text  # as written


def test_unmappable_statements_keep_their_inputs(data_dir: Path) -> None:
    code = f"""
import polars as pl

a = pl.scan_parquet("{data_dir}/orders.parquet")
b = pl.scan_parquet("{data_dir}/regions.parquet")
frames = {{"x": a, "y": b}}
merged = frames["x"].join(frames["y"], on="region", how="semi")
result = merged.sort("order_id")
"""
    flow = Flow.from_code(code, name="f", namespace={})
    code_node = next(n for n in flow.nodes.values() if n.type == "polars_code")
    sources = sorted(flow.nodes[s or ""].type for s in code_node.inputs)
    assert sources == ["read_parquet", "read_parquet"]
    leaf = next(n for n in flow.nodes.values() if n.label == "result")
    assert_frame_equal(flow.collect(leaf.id), run(code, "result"))


def test_generated_code_runs_after_a_round_trip_through_code_nodes(data_dir: Path) -> None:
    code = f"""
import polars as pl

out = pl.scan_parquet("{data_dir}/orders.parquet").pipe(lambda d: d.head(4))
"""
    flow = Flow.from_code(code, name="f", namespace={})
    generated = flow.to_code()
    again = Flow.from_code(generated, name="f", namespace={})
    assert [n.type for n in again.nodes.values()] == [n.type for n in flow.nodes.values()]
    assert_frame_equal(run(generated, "f_df"), run(code, "out"))


def test_reading_code_never_runs_it(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"""
import os
import polars as pl

open({str(marker)!r}, "w").write("x")
os.system("touch {marker}2")
lf = pl.LazyFrame({{"a": [1]}}).pipe(lambda d: (open({str(marker) + "3"!r}, "w"), d)[1])
bad = lf.filter(pl.col("a").map_elements(lambda v: __import__("os").remove("/")))
pl.scan_csv({str(marker) + "4"!r}).sink_csv({str(marker) + "5"!r})
"""
    flow = Flow.from_code(code, name="f", namespace={})
    assert len(flow) >= 3
    assert not list(tmp_path.iterdir()), "reading the code ran some of it"

"""Every TPC-H query at scale factor 0.1, as a flow built from nodes only, on the generator's
Decimal columns and on the same data as Float64: the predicted schema is the result's, the
result is the hand-written Polars query's, the generated program gives it in a fresh
interpreter, and a preview shows its first rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from benchmarks.tpch import data, flows, reference
from flowfile_jupyter.codegen import generate

from .conftest import SCALE

CASES = [(variant, n) for variant in data.VARIANTS for n in flows.QUERIES]


@pytest.mark.parametrize(("variant", "n"), CASES, ids=[f"{v}-q{n}" for v, n in CASES])
def test_query_as_a_flow_gives_the_hand_written_result(
    tpch_root: Path, tmp_path: Path, variant: str, n: int
) -> None:
    paths = data.paths(tpch_root / variant)
    flow, last = flows.build(n, paths, SCALE)
    assert {node.type for node in flow.nodes.values()}.isdisjoint({"polars_code", "sql"})
    assert flow.errors == {}

    result = flow.collect(last)
    assert result.schema == flow.schema(last)
    expected = reference.QUERIES[n](reference.tables(paths), SCALE).collect()
    ordered = n not in flows.UNORDERED
    assert_frame_equal(result, expected, check_row_order=ordered)
    assert result.height > 0

    program = generate(flow, [last])
    out = tmp_path / "result.parquet"
    script = f"{program.text}\n{program.outputs[last]}.write_parquet({str(out)!r})\n"
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert_frame_equal(pl.read_parquet(out), result, check_row_order=ordered)

    shown = flow.preview(last, n=5)
    flow.cancel_runs()  # the cache fills queued after the preview are not needed here
    assert_frame_equal(shown, result.head(5), check_row_order=ordered)


def test_every_query_is_written_as_a_polars_user_writes_it(tpch_root: Path) -> None:
    # each result is sorted or one row: no step before it needs to keep its row order
    paths = data.paths(tpch_root / "decimal")
    for n in flows.QUERIES:
        flow, _ = flows.build(n, paths, SCALE)
        code = flow.to_code()
        assert "maintain_order" not in code, f"q{n}"
        assert code.count(".collect()") == 1, f"q{n}"


@pytest.mark.parametrize("variant", data.VARIANTS)
def test_aggregations_without_keys_give_one_row_on_empty_input(
    tpch_root: Path, tmp_path: Path, variant: str
) -> None:
    paths = data.paths(tpch_root / variant)
    empty = tmp_path / "lineitem.parquet"
    pl.scan_parquet(paths["lineitem"]).head(0).sink_parquet(empty)
    paths["lineitem"] = str(empty)
    for n in sorted(flows.UNORDERED):  # q6, q14, q17, q19: one row of sums
        flow, last = flows.build(n, paths, SCALE)
        result = flow.collect(last)
        expected = reference.QUERIES[n](reference.tables(paths), SCALE).collect()
        assert result.height == 1, f"q{n}"
        assert_frame_equal(result, expected)
        assert result.schema == flow.schema(last)


def test_the_variants_differ_only_in_the_money_columns(tpch_root: Path) -> None:
    for table in data.TABLES:
        decimal = pl.read_parquet_schema(tpch_root / "decimal" / f"{table}.parquet")
        floats = pl.read_parquet_schema(tpch_root / "float64" / f"{table}.parquet")
        assert list(decimal) == list(floats)
        for name, dtype in decimal.items():
            expected = pl.Float64 if isinstance(dtype, pl.Decimal) else dtype
            assert floats[name] == expected, (table, name)
    lineitem = pl.read_parquet_schema(tpch_root / "decimal" / "lineitem.parquet")
    assert lineitem["l_extendedprice"] == pl.Decimal(15, 2)
    assert lineitem["l_shipdate"] == pl.Date

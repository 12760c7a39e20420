"""The sales example and a join-heavy flow on a real local Spark (``local[2]``): the same rows
as Polars, from ``flow.collect(engine="spark")``, from ``flow.run`` and from the generated
Narwhals program."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from .examples import EXAMPLES, example
from .parity import assert_same_rows, read_back


def test_sales_example_gives_polars_rows_on_spark(spark: Any) -> None:
    sales = example("sales_flow").build(str(EXAMPLES / "sales.csv"))
    expected = sales.collect()
    got = sales.collect(engine="spark", session=spark)
    assert_same_rows(got, expected, ["revenue"])
    assert got["region"].to_list() == expected["region"].to_list()  # ranked the same way


def test_join_heavy_flow_gives_polars_rows_on_spark(spark: Any, tmp_path: Path) -> None:
    joins = example("joins_flow")
    flow = joins.build(joins.make_data(tmp_path / "data", orders=3_000))
    expected = flow.collect()
    assert_same_rows(flow.collect(engine="spark", session=spark), expected, ["revenue"])
    # the row-level joins before the totals too (anti, inner, left, left, semi)
    chosen = next(nid for nid, n in flow.nodes.items() if n.label == "Corporate orders")
    assert_same_rows(flow.collect(chosen, engine="spark", session=spark), flow.collect(chosen))


def test_generated_spark_program_runs_and_gives_polars_rows(spark: Any, tmp_path: Path) -> None:
    sales = example("sales_flow").build(str(EXAMPLES / "sales.csv"))
    program = sales.to_code(target="narwhals", engine="spark")
    assert "SparkSession.builder" in program and 'backend="pyspark"' in program
    namespace: dict[str, Any] = {}
    exec(program, namespace)  # getOrCreate: the program joins the running local Spark
    result = namespace["sales_df"]
    assert isinstance(result, pl.DataFrame)
    expected = sales.collect()
    # Spark's own types (Int64 counts); the values and their order are Polars'
    assert_same_rows(result.cast(dict(expected.schema)), expected, ["region", "revenue"])


def test_run_on_spark_writes_parquet_there(spark: Any, tmp_path: Path) -> None:
    joins = example("joins_flow")
    flow = joins.build(joins.make_data(tmp_path / "data", orders=500))
    ranked = next(nid for nid, n in flow.nodes.items() if n.label == "Ranked")
    out = tmp_path / "ranked.parquet"
    flow.add("write_parquet", ranked, path=str(out))
    flow.run(engine="spark", session=spark)
    expected = flow.collect(ranked)
    # a file Spark writes holds Spark's types (no unsigned counts): the values are Polars'
    assert_same_rows(read_back(out).cast(dict(expected.schema)), expected)

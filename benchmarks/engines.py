"""The sales flow and the join-heavy flow on Polars, DuckDB and a local Spark, side by side.

    python -m benchmarks.engines            # 1M sales rows, 1M orders
    python -m benchmarks.engines --quick    # 100k of each, fewer repeats

Each flow is run with ``flow.collect()`` (Polars) and ``flow.collect(engine=...)`` (the same
nodes' Narwhals code on the engine, the result handed back as a Polars frame), in one process;
every engine's rows are checked against Polars' first. Spark is a local session (``local[2]``)
on this machine: its start-up and its first (cold) run are reported apart from the warm runs.
Writes benchmarks/ENGINES.md and the engines section of README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from flowfile_jupyter import Flow  # noqa: E402
from flowfile_jupyter.targets.engines import session  # noqa: E402

from .report import Timing, machine, timed  # noqa: E402

DATA = HERE / "data"
ENGINES = ("polars", "duckdb", "spark")


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sales_csv(rows: int) -> Path:
    """The example's sales.csv grown to ``rows`` rows (rows drawn from it, new order ids)."""
    path = DATA / f"sales_{rows}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        base = pl.read_csv(ROOT / "examples" / "sales.csv")
        grown = base.sample(rows, with_replacement=True, seed=0).with_columns(
            pl.int_range(rows, dtype=pl.Int64).alias("Order ID")
        )
        grown.write_csv(path)
    return path


def flows(rows: int) -> dict[str, Flow]:
    joins = _example("joins_flow")
    return {
        f"sales flow ({rows:,} CSV rows)": _example("sales_flow").build(str(sales_csv(rows))),
        f"join-heavy flow ({rows:,} orders, 6 joins)": joins.build(
            joins.make_data(DATA / f"joins_{rows}", orders=rows)
        ),
    }


def _same(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    assert_frame_equal(got, expected, check_row_order=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100k rows, fewer repeats")
    args = parser.parse_args()
    rows, repeats = (100_000, 3) if args.quick else (1_000_000, 5)
    load = machine()
    print(f"machine: {load}", flush=True)
    t0 = time.time()
    spark_ms, spark = timed(lambda: session("spark"))
    spark.sparkContext.setLogLevel("ERROR")
    print(f"local Spark started in {spark_ms / 1000:.1f} s", flush=True)

    results: dict[str, dict[str, tuple[float, Timing]]] = {}
    for name, flow in flows(rows).items():
        expected = flow.collect()
        results[name] = {}
        for engine in ENGINES:
            run: Callable[[], Any] = (
                flow.collect
                if engine == "polars"
                else lambda engine=engine, flow=flow: flow.collect(engine=engine)  # type: ignore[misc]
            )
            first, got = timed(run)
            _same(got, expected)
            warm = Timing()
            for _ in range(repeats):
                ms, _ = timed(run)
                warm.samples.append(ms)
            results[name][engine] = (first, warm)
            print(f"{name} on {engine}: first {first:.0f} ms, best {warm.best:.0f} ms", flush=True)

    lines = [
        "| flow | Polars | DuckDB | Spark (local[2]) | DuckDB / Polars | Spark / Polars |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, by_engine in results.items():
        polars = by_engine["polars"][1].best
        cells = [f"{by_engine[e][1].best:,.0f} ms" for e in ENGINES]
        ratios = [f"{by_engine[e][1].best / polars:.1f}x" for e in ENGINES[1:]]
        lines.append(f"| {name} | {' | '.join(cells)} | {' | '.join(ratios)} |")
    cold = "; ".join(
        f"{name.split(' (')[0]}: {by_engine['spark'][0] / 1000:.1f} s"
        for name, by_engine in results.items()
    )
    notes = [
        f"Best of {repeats} warm runs each, after one first run, in one process "
        f"({'--quick' if args.quick else 'full'} run). Every engine's rows were checked against "
        f"Polars' before timing. A local Spark took {spark_ms / 1000:.1f} s to start, and its "
        f"first run of each flow (JVM warm-up) took {cold}.",
        "DuckDB's CSV reader is slower here: every column is read as text and cast to the "
        "types Polars inferred (the price of Polars' types on every engine). On the joins, "
        "Polars keeps row order (the join nodes' default maintain_order); engines without "
        "row order skip that work. With maintain_order='none' on its joins, the Polars run "
        "of the join-heavy flow took about half as long in a separate check.",
        f"Machine: {load}. The machine is shared: single timings are noisy.",
    ]
    table = "\n".join(lines)
    print()
    print(table)
    text = "\n".join(
        [
            "# Other engines: the same flows on Polars, DuckDB and Spark",
            "",
            "`python -m benchmarks.engines` (see its docstring).",
            "",
            table,
            "",
            *[n + "\n" for n in notes],
        ]
    )
    (HERE / "ENGINES.md").write_text(text.rstrip() + "\n")
    readme = ROOT / "README.md"
    start, end = "<!-- engines:start -->", "<!-- engines:end -->"
    content = readme.read_text()
    if start in content and end in content:
        head, rest = content.split(start, 1)
        _, tail = rest.split(end, 1)
        block = f"{start}\n{table}\n\n{notes[0]}\n{end}"
        readme.write_text(head + block + tail)
    print(f"\nwrote {HERE / 'ENGINES.md'} in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()

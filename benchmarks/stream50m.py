"""One big streaming run, measured alone in its own process (wall time and peak RSS).

    python -m benchmarks.stream50m flow|plain INPUT.parquet OUTDIR

Prints one JSON line: seconds, peak_rss and base_rss (bytes).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import polars as pl


def peak_rss() -> int:
    """This process's peak resident set size in bytes (VmHWM: unlike getrusage's ru_maxrss,
    it is not inherited from the parent process across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_flow(src: Path, out: Path) -> None:
    from flowfile_jupyter import Flow

    flow = Flow("big", namespace={})
    sales = flow.add("read_parquet", path=str(src))
    big = flow.add("filter", sales, expr='pl.col("value") > 100')
    calc = flow.add(
        "with_columns", big, columns=[{"name": "amount", "expr": 'pl.col("value") * pl.col("qty")'}]
    )
    flow.add("write_parquet", calc, path=str(out / "rows.parquet"))
    grouped = flow.add(
        "group_by",
        calc,
        by=["category", "region"],
        aggs=[{"column": "amount", "agg": "sum", "alias": "total"}],
    )
    ordered = flow.add("sort", grouped, by=[{"column": "total", "descending": True}])
    flow.add("write_csv", ordered, path=str(out / "totals.csv"))
    assert flow.errors == {}, flow.errors
    flow.run(engine="streaming")


def run_plain(src: Path, out: Path) -> None:
    calc = (
        pl.scan_parquet(src)
        .filter(pl.col("value") > 100)
        .with_columns(amount=pl.col("value") * pl.col("qty"))
    )
    rows = calc.sink_parquet(out / "rows_plain.parquet", lazy=True)
    totals = (
        calc.group_by(["category", "region"], maintain_order=True)
        .agg(pl.col("amount").sum().alias("total"))
        .sort("total", descending=True, maintain_order=True)
        .sink_csv(out / "totals_plain.csv", lazy=True)
    )
    pl.collect_all([rows, totals], engine="streaming")


def main() -> None:
    mode, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if mode == "flow":
        import flowfile_jupyter  # noqa: F401  (imports count in the base, not the run)
    base = peak_rss()
    t0 = time.perf_counter()
    (run_flow if mode == "flow" else run_plain)(src, out)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "peak_rss": peak_rss(), "base_rss": base}))


if __name__ == "__main__":
    main()

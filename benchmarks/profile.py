"""Column profiles: ``flow.profile(node)`` of a cached 1M-row, 20-column result, against the same
statistics computed by hand in plain Polars on the same data in memory, back to back.

    python -m benchmarks.profile            # 1M rows, 7 paired runs
    python -m benchmarks.profile --quick    # 200k rows, 3 runs

Also run by ``python -m benchmarks.run`` (row 7).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from flowfile_jupyter import Flow  # noqa: E402
from flowfile_jupyter.engine.cache import Cache  # noqa: E402
from flowfile_jupyter.runs import profile as profiles  # noqa: E402

from .report import EXTRA, Row, Timing, paired, report, timed  # noqa: E402


def make_frame(rows: int) -> pl.DataFrame:
    """20 columns of every common family: integers, floats, text, a categorical, dates,
    datetimes, booleans, and nulls in some."""
    rng = np.random.default_rng(20)
    columns: dict[str, object] = {}
    for i in range(5):
        columns[f"int_{i}"] = rng.integers(0, 10 ** (i + 2), rows)
    for i in range(5):
        columns[f"float_{i}"] = rng.normal(0, 10**i, rows)
    for i in range(4):
        columns[f"text_{i}"] = rng.integers(0, 10 ** (i + 1), rows)
    frame = pl.DataFrame(columns).with_columns(
        (pl.lit("k") + pl.col(f"text_{i}").cast(pl.String)).alias(f"text_{i}") for i in range(4)
    )
    return frame.with_columns(
        pl.col("text_0").cast(pl.Categorical).alias("category"),
        (pl.date(2020, 1, 1) + pl.duration(days=pl.col("int_1") % 1500)).alias("day"),
        (pl.datetime(2020, 1, 1) + pl.duration(seconds=pl.col("int_4"))).alias("stamp"),
        (pl.col("int_1") % 2 == 0).alias("flag"),
        pl.when(pl.col("int_0") % 3 == 0).then(None).otherwise(pl.col("float_0")).alias("gaps"),
        pl.col("text_1").str.slice(0, 2).alias("short"),
    )


def by_hand(frame: pl.DataFrame) -> list[pl.DataFrame]:
    """The same statistics as a person would compute them with Polars: one select of the
    counts, ranges, means and spreads, a group_by per text column for its top values, and
    Polars' own histogram of each number and time column."""
    scalars: list[pl.Expr] = [pl.len()]
    tops: list[pl.DataFrame] = []
    hists: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        scalars += [col.null_count().alias(f"{name} nulls"), col.n_unique().alias(f"{name} n")]
        scalars += [col.min().alias(f"{name} min"), col.max().alias(f"{name} max")]
        if dtype.is_numeric() or dtype.is_temporal() or dtype == pl.Boolean:
            scalars.append(col.mean().alias(f"{name} mean"))
        if dtype.is_numeric() or dtype == pl.Boolean:
            scalars.append(col.std().alias(f"{name} std"))
        if dtype == pl.String or dtype == pl.Categorical or dtype == pl.Boolean:
            tops.append(
                frame.group_by(name)
                .len()
                .drop_nulls()
                .sort(["len", name], descending=[True, False])
                .head(10)
            )
        if dtype.is_numeric() or dtype.is_temporal():
            hists.append(col.to_physical().hist(bin_count=20).implode().alias(f"{name} hist"))
    return [frame.select(scalars), *tops, frame.select(hists)]


def bench_profile(rows: int, repeats: int, workdir: Path) -> None:
    frame = make_frame(rows)
    flow = Flow("profiled", namespace={"data": frame})
    flow.cache = Cache(workdir / "profile-cache")
    node = flow.add("from_variable", name="data")
    flow.preview(node)  # the result is cached: the profile reads its Arrow IPC file
    assert flow.wait_idle(600)
    key = profiles.key(flow._snapshot().keys([node])[node])
    ours, plain = Timing(), Timing()
    timed(lambda: by_hand(frame))  # warm both sides
    timed(lambda: flow.profile(node))
    for i in range(repeats):
        for side in ("ours", "plain") if i % 2 == 0 else ("plain", "ours"):
            if side == "ours":
                flow.cache.clear([key])  # a profile computed, not read from the cache
                ours.samples.append(timed(lambda: flow.profile(node))[0])
            else:
                plain.samples.append(timed(lambda: by_hand(frame))[0])
    found = flow.profile(node)
    assert found.height == frame.width and found.get_column("rows").to_list() == [rows] * 20
    cached = Timing([timed(lambda: flow.profile(node))[0] for _ in range(repeats)])
    ratio = paired(ours, plain)
    report(
        Row(
            f"7. column profile, {rows / 1e6:g}M rows x 20 columns (vs by hand, in memory)",
            ours.best,
            plain.best,
            "<= 2x",
            ok=ratio <= 2,
            ours_median=ours.median,
            plain_median=plain.median,
            paired=ratio,
        )
    )
    EXTRA.append(
        f"Benchmark 7: `flow.profile(node)` of a cached {rows:,}-row, 20-column result (ints, "
        "floats, text, a categorical, dates, datetimes, booleans, nulls), computed on the flow's "
        "worker from its Arrow IPC file and cached, against the same statistics by hand in "
        "plain Polars on the frame in memory (one select, a group_by per text column, Polars' "
        f"hist): paired median {ratio:.2f}x, {repeats} runs each, interleaved. Read back from "
        f"the cache it takes {cached.median:.1f} ms (median)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200k rows, 3 runs")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="flowfile-bench-profile-"))
    try:
        bench_profile(200_000 if args.quick else 1_000_000, 3 if args.quick else 7, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for line in EXTRA:
        print(line)


if __name__ == "__main__":
    main()

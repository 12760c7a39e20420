"""Timings, result rows, and the tables written to RESULTS.md and the README."""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


ROWS: list[Row] = []


EXTRA: list[str] = []


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    return (time.perf_counter() - t0) * 1000, result


@dataclass
class Row:
    """One benchmark: best times (and medians, when there are several runs) of both sides."""

    name: str
    ours: float
    plain: float | None = None
    target: str = ""
    note: str = ""
    ok: bool | None = None
    ours_median: float | None = None
    plain_median: float | None = None

    @property
    def ratio(self) -> float | None:
        return None if self.plain is None else self.ours / self.plain

    paired: float | None = None  # median of the ratios of runs made back to back

    @property
    def median_ratio(self) -> float | None:
        if self.paired is not None:
            return self.paired
        if self.ours_median is None or self.plain_median is None:
            return None
        return self.ours_median / self.plain_median


def paired(ours: Timing, plain: Timing) -> float:
    """The median ratio of runs made back to back: robust to a machine whose load drifts."""
    return statistics.median(o / p for o, p in zip(ours.samples, plain.samples, strict=True))


def report(row: Row) -> None:
    ROWS.append(row)
    ratio = "" if row.ratio is None else f"  ratio {row.ratio:.2f}x"
    if row.median_ratio is not None:
        ratio += f" (paired median {row.median_ratio:.2f}x)"
    plain = "" if row.plain is None else f"  plain Polars {row.plain:9.1f} ms"
    verdict = "" if row.ok is None else ("  [meets target]" if row.ok else "  [MISSES target]")
    print(f"{row.name:<58} {row.ours:9.1f} ms{plain}{ratio}{verdict}", flush=True)


def table() -> str:
    lines = [
        "| benchmark | flowfile-jupyter | plain Polars | ratio | target | |",
        "|---|---:|---:|---:|---|---|",
    ]

    def both(best: float | None, median: float | None, unit: str) -> str:
        if best is None:
            return ""
        text = f"{best:.1f}{unit}" if unit == " ms" else f"{best:.2f}{unit}"
        if median is not None:
            text += f" ({median:.1f}{unit})" if unit == " ms" else f" ({median:.2f}{unit})"
        return text

    for r in ROWS:
        ours = both(r.ours, r.ours_median, " ms")
        plain = both(r.plain, r.plain_median, " ms")
        ratio = both(r.ratio, r.median_ratio, "x")
        verdict = "" if r.ok is None else ("met" if r.ok else "**missed**")
        lines.append(f"| {r.name} | {ours} | {plain} | {ratio} | {r.target} | {verdict} |")
    return "\n".join(lines)


def machine() -> str:
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Polars {pl.__version__}, load average at the "
        f"start {load:.1f}"
    )


def write_results(started: float, args: argparse.Namespace, load: str) -> None:
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            f"`python -m benchmarks.run{' --quick' if args.quick else ''}` on "
            f"{time.strftime('%Y-%m-%d %H:%M')}: {load}. Total {time.time() - started:.0f} s.",
            "",
            "Both sides run in the same process on the same data, back to back. Times are the "
            "best of several runs with the median in brackets (3a, 3b, 5a-5d: medians). Ratios "
            "are flowfile-jupyter / plain Polars: best against best, and in brackets the median "
            "of the ratios of runs made back to back, on which targets are judged (this machine "
            "is shared and its load drifts, so single runs vary by 2x or more).",
            "",
            table(),
            "",
            *[f"{x}\n" for x in EXTRA],
            "What each benchmark measures: see the docstrings in `benchmarks/run.py`.",
            "",
        ]
    )
    (HERE / "RESULTS.md").write_text(text)
    readme = ROOT / "README.md"
    start, end = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"
    link = "Details: [benchmarks/RESULTS.md](benchmarks/RESULTS.md)."
    block = f"{start}\n{table()}\n\n{link}\n{end}"
    if readme.exists() and not args.quick:  # the README shows full runs only
        body = readme.read_text()
        if start in body and end in body:
            head, rest = body.split(start, 1)
            _, tail = rest.split(end, 1)
            readme.write_text(head + block + tail)
        elif "\nBENCHMARK_TABLE\n" in body:
            readme.write_text(body.replace("\nBENCHMARK_TABLE\n", f"\n{block}\n", 1))

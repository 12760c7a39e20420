"""TPC-H benchmark: each query as a flow against the same query hand-written in Polars.

    python -m benchmarks.tpch.run                  # SF 1, both variants
    python -m benchmarks.tpch.run --scale 0.1 --repeats 3 --variant float64

Per query, measured in one process with the sides run back to back (rotating which goes
first): ``flow.collect`` (performance mode: plan building included) against the hand-written
query's ``collect``; the hand-written query against itself (the noise of the machine: the
ratio two identical runs give); the flow with every step keeping its row order (what the
row-order rule saves: the nodes' defaults before it, and what development mode computes).
Short queries get more runs (at least ``--repeats``, and runs for about ``--budget`` seconds,
at most 30). Then the first development-mode preview (a new, empty cache) against the same,
and the time to build the flow node by node (every edit predicts) and to predict it all
again. Writes benchmarks/tpch/RESULTS.md and the TPC-H section of README.md.
Data goes to benchmarks/data/tpch/ (gitignored).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.report import Timing, machine, paired, timed  # noqa: E402
from benchmarks.tpch import data, flows, reference  # noqa: E402
from flowfile_jupyter import Flow  # noqa: E402
from flowfile_jupyter.engine import evaluate  # noqa: E402
from flowfile_jupyter.engine.cache import Cache  # noqa: E402
from flowfile_jupyter.graph import ancestors, topological_order  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "tpch"
COLLECT_GEOMEAN, COLLECT_MAX, PREVIEW_GEOMEAN = 1.05, 1.3, 1.5


@dataclass
class Result:
    variant: str
    query: int
    collect: Timing
    plain: Timing
    again: Timing
    ordered: Timing
    preview: Timing
    preview_plain: Timing
    build_ms: float
    predict_ms: float

    @property
    def collect_ratio(self) -> float:
        return paired(self.collect, self.plain)

    @property
    def noise(self) -> float:
        return paired(self.again, self.plain)

    @property
    def ordered_ratio(self) -> float:
        return paired(self.ordered, self.plain)

    @property
    def preview_ratio(self) -> float:
        return paired(self.preview, self.preview_plain)


def every_step_ordered(flow: Flow, target: str) -> pl.LazyFrame:
    """The target's plan with every node keeping its row order, as without the rule."""
    built: dict[str, pl.LazyFrame] = {}
    nodes = flow.nodes
    for nid in topological_order(nodes, ancestors(nodes, [target])):
        inputs = [built[s] for s in nodes[nid].inputs if s is not None]
        built[nid] = evaluate.evaluate(nodes[nid], inputs, {}, ordered=True)
    return built[target]


def bench(
    variant: str,
    n: int,
    paths: dict[str, str],
    scale: float,
    repeats: int,
    work: Path,
    budget: float = 10.0,
) -> Result:
    tables = reference.tables(paths)
    query = reference.QUERIES[n]

    def plain() -> object:
        return query(tables, scale).collect()

    build_ms, (flow, last) = timed(lambda: flows.build(n, paths, scale))
    predict_ms, _ = timed(flow.refresh)
    expected = plain()  # also warms the file cache for both sides
    assert_frame_equal(flow.collect(last), expected, check_row_order=n not in flows.UNORDERED)

    ours, theirs, again, ordered = Timing(), Timing(), Timing(), Timing()
    sides = [ours, theirs, again, ordered]
    runs = {
        id(ours): lambda: flow.collect(last),
        id(theirs): plain,
        id(again): plain,
        id(ordered): lambda: every_step_ordered(flow, last).collect(),
    }
    spent, i = 0.0, 0
    while i < repeats or (spent < budget * 1000 and i < 30):
        for timing in sides[i % 4 :] + sides[: i % 4]:
            ms = timed(runs[id(timing)])[0]
            timing.samples.append(ms)
            spent += ms
        i += 1

    preview, preview_plain = Timing(), Timing()
    for i in range(repeats):
        flow.cache = Cache(work / f"{variant}-q{n}-{i}")
        ms, _ = timed(lambda: flow.preview(last))
        flow.cancel_runs()  # the cache fills after the preview are not what is measured
        flow.wait_idle()
        preview.samples.append(ms)
        preview_plain.samples.append(timed(plain)[0])
    flow.cache.clear()
    return Result(
        variant, n, ours, theirs, again, ordered, preview, preview_plain, build_ms, predict_ms
    )


def geomean(values: list[float]) -> float:
    return math.exp(statistics.fmean(math.log(v) for v in values))


def summary(results: list[Result]) -> list[str]:
    lines = []
    for variant in sorted({r.variant for r in results}):
        mine = [r for r in results if r.variant == variant]
        collect = [r.collect_ratio for r in mine]
        noise = [r.noise for r in mine]
        everything = [r.ordered_ratio for r in mine]
        previews = [r.preview_ratio for r in mine]
        worst = max(mine, key=lambda r: r.collect_ratio)
        over = [f"q{r.query}" for r in mine if r.collect_ratio > COLLECT_MAX]
        ok = geomean(collect) <= COLLECT_GEOMEAN and not over
        preview_ok = geomean(previews) <= PREVIEW_GEOMEAN
        lines.append(
            f"- {variant}: `flow.collect` over hand-written Polars: geometric mean "
            f"**{geomean(collect):.2f}x** (target <= {COLLECT_GEOMEAN}x), worst "
            f"q{worst.query} {worst.collect_ratio:.2f}x, over {COLLECT_MAX}x: "
            f"{', '.join(over) or 'none'} -> {'met' if ok else '**missed**'} (the same "
            f"hand-written query against itself: geometric mean {geomean(noise):.2f}x, "
            f"from {min(noise):.2f}x to {max(noise):.2f}x; with every step keeping its row "
            f"order: geometric mean {geomean(everything):.2f}x, worst {max(everything):.2f}x); "
            "first development "
            f"preview: geometric mean **{geomean(previews):.2f}x** (target <= "
            f"{PREVIEW_GEOMEAN}x) -> {'met' if preview_ok else '**missed**'}; building a "
            f"flow (every edit predicted) {statistics.median(r.build_ms for r in mine):.0f} ms, "
            f"predicting it again {statistics.median(r.predict_ms for r in mine):.1f} ms "
            "(medians over the queries)"
        )
    return lines


def table(results: list[Result]) -> str:
    lines = [
        "| variant | query | collect (ms) | Polars (ms) | ratio | Polars again | all ordered | "
        "runs | first preview (ms) | Polars (ms) | ratio | build + predict (ms) | "
        "predict again (ms) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.variant} | q{r.query} | {r.collect.median:.1f} | {r.plain.median:.1f} | "
            f"{r.collect_ratio:.2f}x | {r.noise:.2f}x | {r.ordered_ratio:.2f}x | "
            f"{len(r.collect.samples)} | "
            f"{r.preview.median:.1f} | {r.preview_plain.median:.1f} | "
            f"{r.preview_ratio:.2f}x | {r.build_ms:.0f} | {r.predict_ms:.1f} |"
        )
    return "\n".join(lines)


def write(results: list[Result], scale: float, repeats: int) -> None:
    head = (
        f"TPC-H at scale factor {scale:g} ({machine()}), at least {repeats} paired runs per "
        "query; ratios are the median of the ratios of runs made back to back."
    )
    body = "\n".join(summary(results))
    text = (
        "# TPC-H: flows against hand-written Polars\n\n"
        "Written by `python -m benchmarks.tpch.run`; see its docstring for what is measured.\n\n"
        f"{head}\n\n{body}\n\n{table(results)}\n"
    )
    (HERE / "RESULTS.md").write_text(text)
    readme = ROOT / "README.md"
    start, end = "<!-- tpch:start -->", "<!-- tpch:end -->"
    content = readme.read_text()
    if start in content and end in content:
        before, rest = content.split(start, 1)
        after = rest.split(end, 1)[1]
        section = f"{start}\n{head}\n\n{body}\n\nPer query: [benchmarks/tpch/RESULTS.md]"
        section += f"(benchmarks/tpch/RESULTS.md).\n{end}"
        readme.write_text(before + section + after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds of runs per query")
    parser.add_argument("--variant", choices=[*data.VARIANTS, "both"], default="both")
    parser.add_argument("--queries", type=int, nargs="*", default=list(flows.QUERIES))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    root = data.generate(DATA, args.scale)
    variants = list(data.VARIANTS) if args.variant == "both" else [args.variant]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="tpch-cache-") as tmp:
        for variant in variants:
            paths = data.paths(root / variant)
            for n in args.queries:
                r = bench(variant, n, paths, args.scale, args.repeats, Path(tmp), args.budget)
                results.append(r)
                print(
                    f"{variant:8} q{n:<3} collect {r.collect.median:8.1f} ms vs "
                    f"{r.plain.median:8.1f} ms = {r.collect_ratio:5.2f}x (itself "
                    f"{r.noise:4.2f}x, all ordered {r.ordered_ratio:4.2f}x, "
                    f"{len(r.collect.samples)} runs)   first preview "
                    f"{r.preview.median:8.1f} ms = {r.preview_ratio:5.2f}x   build "
                    f"{r.build_ms:5.0f} ms, predict {r.predict_ms:5.1f} ms",
                    flush=True,
                )
    print("\n".join(summary(results)))
    if not args.no_write:
        write(results, args.scale, args.repeats)


if __name__ == "__main__":
    main()

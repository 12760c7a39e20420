"""Development mode's memory against the size of the data it caches.

A TPC-H-like flow (a fact table joined to two dimensions, filtered, computed, aggregated) has
every node previewed and cached, at several sizes, each in a fresh process; the memory budget
is 512 MiB. Reported: the cache's size on disk, the peak of the kernel's own (anonymous)
memory, and the peak RSS, which also counts pages of memory-mapped cache files being read.
Plain Polars computing the last node from the sources is beside it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .report import EXTRA, ROOT

MiB = 1024**2
BUDGET = 512 * MiB


def _scenario(rows: int, workdir: Path) -> dict[str, int]:
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.runs.memory_scenarios",
            "every_node_cached",
            str(workdir),
            str(rows),
            str(BUDGET),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, int] = json.loads(child.stdout.splitlines()[-1])
    return result


def bench_memory(sizes: tuple[int, ...]) -> None:
    lines = [
        "| fact rows | cache on disk | peak own memory (growth) | peak RSS | nodes not cached |",
        "|---:|---:|---:|---:|---:|",
    ]
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="flowfile-memory-") as tmp:
            r = _scenario(rows, Path(tmp))
        growth = r["peak_anonymous"] - r["start_anonymous"]
        lines.append(
            f"| {rows:,} | {r['cache_bytes'] / MiB:,.0f} MiB | "
            f"{r['peak_anonymous'] / MiB:,.0f} MiB ({growth / MiB:+,.0f}) | "
            f"{r['peak_rss'] / MiB:,.0f} MiB | {len(r['not_cached'])} |"
        )
        print(lines[-1], flush=True)
    EXTRA.append(
        "Benchmark 8, development-mode memory (every node of a TPC-H-like flow previewed and "
        f"cached, memory budget {BUDGET // MiB} MiB; each size in a fresh process). The "
        "kernel's own memory stays flat as the data grows: results stream to their cache "
        "files. Peak RSS also counts the pages of memory-mapped cache files a node is "
        "reading, which are the operating system's page cache.\n\n" + "\n".join(lines)
    )

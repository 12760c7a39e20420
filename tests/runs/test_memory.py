"""Development mode within a memory budget, and memory that comes back.

Each scenario runs in a fresh process (``memory_scenarios.py``) so it measures only itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024**2
# Polars' working memory for one node (buffers of its streaming engine, a join's build side
# of a dimension table): it depends on the plan, not on the size of the data
OVERHEAD = 400 * MiB


def scenario(tmp: Path, *args: str) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, "-m", "tests.runs.memory_scenarios", args[0], str(tmp), *args[1:]],
        cwd=ROOT,
        env={**os.environ, "FLOWFILE_JUPYTER_CACHE_DIR": str(tmp / "cache")},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-5000:]
    result: dict[str, Any] = json.loads(child.stdout.splitlines()[-1])
    return result


def test_caching_every_node_of_a_flow_larger_than_the_budget(tmp_path: Path) -> None:
    """Intermediates of several times the budget: every node is cached, and the kernel's own
    memory never grows past the budget plus Polars' working memory."""
    budget = 512 * MiB
    result = scenario(tmp_path, "every_node_cached", "6000000", str(budget))
    assert result["cache_bytes"] > 3 * budget
    assert result["not_cached"] == {}
    growth = result["peak_anonymous"] - result["start_anonymous"]
    assert growth < budget + OVERHEAD, result


def test_memory_returns_after_flows_with_fresh_cache_directories(tmp_path: Path) -> None:
    result = scenario(tmp_path, "fresh_caches")
    grown = [rss - result["baseline"] for rss in result["after"]]
    assert max(grown) < 150 * MiB, [g // MiB for g in grown]
    assert grown[-1] < 100 * MiB, [g // MiB for g in grown]  # no steady climb either


def test_a_node_over_the_budget_is_previewed_from_its_first_rows(tmp_path: Path) -> None:
    result = scenario(tmp_path, "over_budget")
    assert result["equal"]
    assert "not cached" in result["note"] and "memory" in result["note"]
    assert not result["sort_cached"]

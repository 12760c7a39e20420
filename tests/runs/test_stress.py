"""Several threads at once on one flow: nothing freezes, nothing serves wrong rows.

The scenario (``stress.py``) runs in a child process under a C-level watchdog, so a deadlock
ends that process with every thread's stack instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("FLOWFILE_STRESS_SECONDS", "20"))


def test_edits_previews_runs_cancels_and_eviction_from_several_threads(tmp_path: Path) -> None:
    env = {**os.environ, "FLOWFILE_JUPYTER_CACHE_DIR": str(tmp_path / "cache")}
    child = subprocess.run(
        [sys.executable, "-m", "tests.runs.stress", str(SECONDS), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS + 600,
        check=False,
    )
    report = f"stdout:\n{child.stdout[-3000:]}\nstderr:\n{child.stderr[-20000:]}"
    assert child.returncode == 0, report
    assert "ok:" in child.stdout, report

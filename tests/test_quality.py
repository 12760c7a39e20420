"""The checks a reviewer would run: ruff and strict mypy on the package, and the front end's own
unit tests and strict type check (they run in the same suite so CI cannot skip them)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_clean() -> None:
    for args in (("check",), ("format", "--check")):
        result = run(sys.executable, "-m", "ruff", *args, "flowfile_jupyter", "tests", "benchmarks")
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_clean() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def npm() -> str:
    found = shutil.which("npm")
    if found is None or not (ROOT / "node_modules").exists():
        pytest.fail("npm and node_modules are needed: pip install builds the front end with them")
    return found


def test_front_end_unit_tests(npm: str) -> None:
    result = run(npm, "test", "--silent")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fail 0" in result.stdout


def test_front_end_strict_types(npm: str) -> None:
    result = run(npm, "run", "typecheck", "--silent")
    assert result.returncode == 0, result.stdout + result.stderr

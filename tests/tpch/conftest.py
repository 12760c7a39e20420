"""TPC-H at scale factor 0.1, generated once and kept in pytest's cache directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.tpch import data

SCALE = 0.1


@pytest.fixture(scope="session")
def tpch_root(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both variants' directories; generated on first use (a few seconds), then reused."""
    cache = getattr(request.config, "cache", None)
    root = cache.mkdir("tpch") if cache is not None else tmp_path_factory.mktemp("tpch")
    return data.generate(Path(root), SCALE)

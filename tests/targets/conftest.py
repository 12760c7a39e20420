"""A real local Spark (``local[2]``), started once per test session: startup takes seconds.

Spark tests skip with a clear message when Java or PySpark is missing (``-m "not spark"`` skips
them on purpose), except in CI (CI=true), where a skipped Spark test is a failure: .ci/run
installs Java.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "test_spark" in str(item.fspath):
            item.add_marker(pytest.mark.spark)


def _unavailable() -> str | None:
    if shutil.which("java") is None:
        return "no Java found (apt-get install default-jre-headless); Spark tests need it"
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed (pip install -e .[test]); Spark tests need it"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    problem = _unavailable()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(problem + " and CI must run them")
        pytest.skip(problem)
    from flowfile_jupyter.targets.engines import close, session

    spark_session = session("spark")
    spark_session.sparkContext.setLogLevel("ERROR")
    yield spark_session
    close("spark")

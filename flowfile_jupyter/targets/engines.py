"""The engines a flow can run on besides Polars, and how code reaches each one.

Each engine reads the sources itself, with its own readers. CSV files are read as text and
cast to the types Polars inferred: every engine infers types its own way (DuckDB reads ``007`` as
a number, Spark reads everything as text), and the casts make the columns Polars' on all of them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal, get_args

from ..errors import FlowError
from ..nodes._narwhals import Reader

TargetEngine = Literal["duckdb", "spark", "sqlframe"]
ENGINE_NAMES: tuple[str, ...] = get_args(TargetEngine)


@dataclass(frozen=True)
class EngineSpec:
    """``setup``: the lines a generated program starts the engine with; ``session``: the
    variable that holds the session in that program (and in the code the engine runs)."""

    name: str
    reader: Reader
    requirement: str
    setup: tuple[str, ...] = ()


ENGINES: dict[str, EngineSpec] = {
    "duckdb": EngineSpec(
        "duckdb",
        Reader('"duckdb"', None, {"header": True, "all_varchar": True}, "names"),
        "duckdb",
    ),
    "sqlframe": EngineSpec(
        "sqlframe",
        Reader('"sqlframe"', "session", {"header": True, "all_varchar": True}, quoted_paths=False),
        "sqlframe",
        ("from sqlframe.duckdb import DuckDBSession", "", "session = DuckDBSession()"),
    ),
    "spark": EngineSpec(
        "spark",
        Reader('"pyspark"', "spark", {"header": True}),
        "pyspark",
        (
            "from pyspark.sql import SparkSession",
            "",
            'spark = SparkSession.builder.master("local[2]").getOrCreate()',
        ),
    ),
}


def spec(engine: str) -> EngineSpec:
    try:
        return ENGINES[engine]
    except KeyError:
        known = ", ".join(ENGINE_NAMES)
        raise FlowError(f"unknown engine '{engine}' (other engines are: {known})") from None


_SESSIONS: dict[str, Any] = {}
_LOCK = threading.Lock()


def session(engine: str, given: Any = None) -> Any:
    """The session code for ``engine`` runs in: the one given, or one made here once (a local
    Spark with two cores, or SQLFrame over an in-memory DuckDB)."""
    if given is not None or engine == "duckdb":
        return given
    with _LOCK:
        if engine not in _SESSIONS:
            _SESSIONS[engine] = _new_session(engine)
        return _SESSIONS[engine]


def close(engine: str) -> None:
    """Stop the session made here for ``engine`` (the next use makes a new one)."""
    with _LOCK:
        made = _SESSIONS.pop(engine, None)
    if made is not None and hasattr(made, "stop"):
        made.stop()


def _new_session(engine: str) -> Any:
    try:
        if engine == "sqlframe":
            from sqlframe.duckdb import DuckDBSession

            return DuckDBSession()
        from pyspark.sql import SparkSession

        builder: Any = SparkSession.builder
        return (
            builder.master("local[2]")
            .appName("flowfile-jupyter")
            # a local session talks to itself only: on the loopback address, no web UI
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
    except ImportError:
        raise FlowError(
            f"running on {engine} needs {spec(engine).requirement}: "
            f"pip install flowfile-jupyter[{'spark' if engine != 'duckdb' else 'duckdb'}]"
        ) from None


def require(engine: str) -> None:
    """A clear error when the engine's package is not installed."""
    import importlib.util

    package = spec(engine).requirement
    if importlib.util.find_spec(package) is None:
        extra = "duckdb" if engine == "duckdb" else "spark"
        raise FlowError(
            f"running on {engine} needs the {package} package: "
            f"pip install flowfile-jupyter[{extra}]"
        )

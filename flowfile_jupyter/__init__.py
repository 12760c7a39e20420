"""flowfile-jupyter: a visual Polars flow canvas inline in Jupyter notebooks."""

from __future__ import annotations

from typing import Any

from .engine.state import NodeState
from .errors import (
    FlowError,
    FlowFileError,
    GraphError,
    NotPortableError,
    SettingsError,
    UnknownNodeTypeError,
)
from .events import FlowEvent
from .flow import Flow
from .frame import (
    FlowFrame,
    LazyFrame,
    col,
    concat,
    lit,
    polars,
    read_excel,
    read_json,
    scan_csv,
    scan_ipc,
    scan_ndjson,
    scan_parquet,
    when,
)
from .jupyter._frontend import _jupyter_labextension_paths as _jupyter_labextension_paths

__all__ = [
    "Flow",
    "FlowError",
    "FlowEvent",
    "FlowFileError",
    "FlowFrame",
    "GraphError",
    "LazyFrame",
    "NodeState",
    "NotPortableError",
    "SettingsError",
    "UnknownNodeTypeError",
    "col",
    "concat",
    "lit",
    "load_ipython_extension",
    "polars",
    "read_excel",
    "read_json",
    "scan_csv",
    "scan_ipc",
    "scan_ndjson",
    "scan_parquet",
    "when",
]
__version__ = "0.1.0"


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext flowfile_jupyter`` registers the ``%flowfile`` magic."""
    from .jupyter.magic import register

    register(ipython)

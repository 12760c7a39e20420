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
from .jupyter._frontend import _jupyter_labextension_paths as _jupyter_labextension_paths

__all__ = [
    "Flow",
    "FlowError",
    "FlowEvent",
    "FlowFileError",
    "GraphError",
    "NodeState",
    "NotPortableError",
    "SettingsError",
    "UnknownNodeTypeError",
    "load_ipython_extension",
]
__version__ = "0.1.0"


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext flowfile_jupyter`` registers the ``%flowfile`` magic."""
    from .jupyter.magic import register

    register(ipython)

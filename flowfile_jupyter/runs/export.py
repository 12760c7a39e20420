"""Export a node's whole result: to a CSV or Parquet file, or to a notebook variable.

A file is streamed by Polars from the node's cached result to a temporary name beside the
target, synced, then renamed over it, so it appears whole or not at all. Relative paths are
relative to the notebook's working directory. Refused, with a message that says why, before
anything is written: a flow file, anything in the preview cache, a link, a directory, a device
or a pipe, a folder that does not exist, and an existing file unless ``overwrite`` is given.
A variable may replace only a Polars DataFrame, and only with ``overwrite``.
"""

from __future__ import annotations

import contextlib
import keyword
import os
import re
import stat
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl

from .. import atomic
from ..errors import FlowError
from ..text_checks import broken_character
from .handle import RunCancelledError, RunHandle
from .whole import Whole

Format = Literal["csv", "parquet"]
FORMATS: dict[str, Format] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
FLOW_FILE_SUFFIXES = (".flowfile.yaml", ".flowfile.yml")
_FLOW_FILE_START = re.compile(rb"^flowfile:\s", re.MULTILINE)
MAX_PATH = 4096


@dataclass(frozen=True)
class Exported:
    """Where a node's result went (a file or a variable) and how many rows it had."""

    node_id: str
    rows: int
    format: Format | Literal["variable"]
    path: str | None = None
    variable: str | None = None
    ms: float = 0.0

    def info(self) -> dict[str, Any]:
        return {
            "node": self.node_id,
            "rows": self.rows,
            "to": self.format,
            "path": self.path,
            "name": self.variable,
            "ms": round(self.ms, 3),
        }


# -- checks, run before anything is computed and again right before writing ------------------


def destination(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    overwrite: bool = False,
    protected: Path | None = None,
    cwd: Path | None = None,
) -> tuple[Path, Format]:
    """The absolute target and its format, or a FlowError saying why not.

    ``protected`` is a folder nothing may be written into (the preview cache); ``cwd`` the
    folder relative paths start from (the notebook's working directory).
    """
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise FlowError("say where to export to: a path ending in .csv or .parquet")
    if len(text) > MAX_PATH:
        raise FlowError(f"the path is longer than {MAX_PATH:,} characters")
    if "\x00" in text or broken_character(text) is not None:
        raise FlowError("the path has a character no file name can have")
    target = Path(text).expanduser()
    if not target.is_absolute():
        target = (cwd or Path.cwd()) / target
    target = Path(os.path.abspath(target))
    if target.name.lower().endswith(FLOW_FILE_SUFFIXES):
        raise FlowError(f"{target} is a flow file: export to another name")
    if protected is not None and _inside(target, protected):
        raise FlowError(f"{target} is in the preview cache: export somewhere else")
    chosen = format or FORMATS.get(target.suffix.lower())
    if chosen not in ("csv", "parquet"):
        raise FlowError(f"cannot tell the format of {target.name}: end it in .csv or .parquet")
    folder = target.parent
    if not folder.is_dir():
        raise FlowError(f"the folder {folder} does not exist")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return target, chosen
    except OSError as exc:
        raise FlowError(f"cannot export to {target}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        raise FlowError(f"{target} is a link: export to the file itself")
    if not stat.S_ISREG(st.st_mode):
        raise FlowError(f"{target} is not a regular file (a folder, device or pipe)")
    if _is_flow_file(target):
        raise FlowError(f"{target} is a flow file: export to another name")
    if not overwrite:
        raise FlowError(f"{target} exists: pass overwrite=True to replace it")
    return target, chosen


def variable(name: str, namespace: MutableMapping[str, Any], overwrite: bool = False) -> str:
    """A notebook variable the result may be assigned to, or a FlowError saying why not."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        shown = str(name)[:80]
        raise FlowError(f"'{shown}' is not a name a variable can have")
    if name.startswith("_"):
        raise FlowError(f"'{name}': names starting with _ are the notebook's own")
    if name in namespace:
        held = namespace[name]
        if not isinstance(held, pl.DataFrame):
            raise FlowError(f"'{name}' holds a {type(held).__name__}: choose another name")
        if not overwrite:
            raise FlowError(f"'{name}' exists: pass overwrite=True to replace it")
    return name


def _inside(target: Path, folder: Path) -> bool:
    real_target = os.path.realpath(target)
    real_folder = os.path.realpath(folder)
    try:
        return os.path.commonpath([real_target, real_folder]) == real_folder
    except ValueError:  # different drives
        return False


def _is_flow_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return _FLOW_FILE_START.search(head) is not None


def _refuse_nested_in_csv(schema: pl.Schema) -> None:
    for name, dtype in schema.items():
        if dtype.is_nested() or dtype in (pl.Binary, pl.Object):
            raise FlowError(
                f"CSV cannot hold the column '{name[:80]}' ({dtype}): export to Parquet instead"
            )


# -- on the worker ------------------------------------------------------------------------------


def to_file(
    handle: RunHandle | None,
    whole: Whole,
    path: Path,
    format: Format,
    *,
    overwrite: bool,
    protected: Path | None,
) -> Exported:
    """Write the whole result to ``path`` (absolute, checked by ``destination``)."""
    t0 = time.perf_counter()
    frame = whole.lazy()
    if format == "csv":
        _refuse_nested_in_csv(frame.collect_schema())
    destination(path, format=format, overwrite=overwrite, protected=protected)
    if handle is not None and handle.cancel_requested:
        raise RunCancelledError(f"run {handle.id} was cancelled")
    tmp = atomic.temporary_path(path)
    try:
        if format == "csv":
            frame.sink_csv(tmp)
        else:
            frame.sink_parquet(tmp)
        _sync(tmp)
        if handle is not None and handle.cancel_requested:
            raise RunCancelledError(f"run {handle.id} was cancelled")
        destination(path, format=format, overwrite=overwrite, protected=protected)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    ms = (time.perf_counter() - t0) * 1000
    return Exported(whole.node_id, whole.rows(), format, path=str(path), ms=ms)


def to_variable(
    handle: RunHandle | None,
    whole: Whole,
    name: str,
    namespace: MutableMapping[str, Any],
    *,
    overwrite: bool,
) -> Exported:
    """Collect the whole result and hand it to the notebook as ``name``."""
    t0 = time.perf_counter()
    frame = whole.lazy().collect(engine="streaming")
    if handle is not None and handle.cancel_requested:
        raise RunCancelledError(f"run {handle.id} was cancelled")
    variable(name, namespace, overwrite)
    rows = frame.height
    namespace[name] = frame  # handed over: this thread does not touch it again
    del frame
    ms = (time.perf_counter() - t0) * 1000
    return Exported(whole.node_id, rows, "variable", variable=name, ms=ms)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

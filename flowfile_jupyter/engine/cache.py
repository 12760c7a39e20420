"""The development-mode cache: node results as Arrow IPC files, keyed by content hash.

Two tiers. Recent results stay in memory (a DataFrame per key, least recently used dropped
first) so the next preview or the next node reads them without touching the disk; every result
is also written as an Arrow IPC file by a background writer, so a new kernel, another flow or a
later session finds it. Files are written under a temporary name and renamed when complete: a
partial file is never visible under a key. A file is checked before use (Arrow magic at both
ends and a readable footer); one that fails is deleted and its node recomputed. The files are
kept under a size cap (2 GiB by default), least recently used evicted first.

The directory is ``$FLOWFILE_JUPYTER_CACHE_DIR`` when set, else the per-user cache directory
(``platformdirs.user_cache_dir("flowfile-jupyter")``), never the working directory.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import polars as pl

log = logging.getLogger(__name__)

ENV_DIR = "FLOWFILE_JUPYTER_CACHE_DIR"
ENV_MAX = "FLOWFILE_JUPYTER_CACHE_MAX"
ENV_MEMORY = "FLOWFILE_JUPYTER_CACHE_MEMORY"
DEFAULT_MAX_BYTES = 2 * 1024**3
DEFAULT_MEMORY_BYTES = 512 * 1024**2
FORMAT = "ipc-v1"  # bump when the file layout changes: old files are then ignored
SUFFIX = ".arrow"
MAGIC = b"ARROW1"
STALE_TMP_SECONDS = 3600.0

_UNITS = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4}
_UNITS.update({"kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4})
_UNITS.update({"kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4})


def parse_size(value: int | str) -> int:
    """Bytes from ``2147483648``, ``"2GiB"``, ``"500 MB"``."""
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*", value)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(f"not a size: {value!r} (try 2GiB, 500MB or a number of bytes)")
    return int(float(match.group(1)) * _UNITS[unit])


def default_directory() -> Path:
    """``$FLOWFILE_JUPYTER_CACHE_DIR``, else the per-user cache directory."""
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else Path(platformdirs.user_cache_dir("flowfile-jupyter"))


@dataclass
class _File:
    size: int
    used: float


class Cache:
    """Node results by key: in memory (recent) and as Arrow IPC files (all, under a cap).

    Thread-safe: the worker thread that runs nodes, the writer thread and the notebook's
    thread may all use one Cache.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        max_bytes: int | str | None = None,
        memory_bytes: int | str | None = None,
    ) -> None:
        root = Path(directory) if directory is not None else default_directory()
        self.directory = root / FORMAT
        self.max_bytes = parse_size(
            max_bytes if max_bytes is not None else os.environ.get(ENV_MAX, DEFAULT_MAX_BYTES)
        )
        self.memory_bytes = parse_size(
            memory_bytes
            if memory_bytes is not None
            else os.environ.get(ENV_MEMORY, DEFAULT_MEMORY_BYTES)
        )
        self._lock = threading.RLock()
        self._memory: OrderedDict[str, pl.DataFrame] = OrderedDict()
        self._memory_size: dict[str, int] = {}
        self._pending: dict[str, pl.DataFrame] = {}
        self._files: dict[str, _File] | None = None  # the index, read from disk on first use
        self._checked: dict[str, tuple[int, int]] = {}  # key -> (size, mtime) seen valid
        self._rows: dict[str, int] = {}  # key -> row count of its file (a key's content is fixed)
        self._queue: queue.Queue[tuple[str, pl.DataFrame] | None] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._busy = 0
        self._quiet = threading.Condition(self._lock)

    # -- shared instances -----------------------------------------------------------------------

    _shared: dict[Path, Cache] = {}
    _shared_lock = threading.Lock()

    @classmethod
    def shared(cls, directory: str | os.PathLike[str] | None = None) -> Cache:
        """One Cache per directory in a process, so flows share its memory and its cap."""
        root = Path(directory) if directory is not None else default_directory()
        key = root.expanduser().absolute()
        with cls._shared_lock:
            found = cls._shared.get(key)
            if found is None:
                found = cls._shared[key] = cls(root)
            return found

    # -- reading --------------------------------------------------------------------------------

    def path(self, key: str) -> Path:
        return self.directory / f"{key}{SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether ``key`` is cached (a file must pass the check; a bad one is deleted)."""
        with self._lock:
            if key in self._memory or key in self._pending:
                return True
        return self._valid_file(key)

    def in_memory(self, key: str) -> bool:
        with self._lock:
            return key in self._memory or key in self._pending

    def frame(self, key: str) -> pl.DataFrame | None:
        """The cached DataFrame (read from its file when it is not in memory), or None."""
        df = self._from_memory(key)
        if df is not None:
            return df
        if not self._valid_file(key):
            return None
        try:
            df = pl.scan_ipc(self.path(key)).collect()
        except Exception as exc:
            self.discard(key, f"unreadable ({exc})")
            return None
        self._touch(key)
        self._remember(key, df)
        return df

    def scan(self, key: str) -> pl.LazyFrame | None:
        """The cached result as a LazyFrame: in memory, or ``pl.scan_ipc`` of its file."""
        df = self._from_memory(key)
        if df is not None:
            return df.lazy()
        if not self._valid_file(key):
            return None
        self._touch(key)
        return pl.scan_ipc(self.path(key))

    def head(self, key: str, n: int) -> tuple[pl.DataFrame, int] | None:
        """The first ``n`` rows and the total row count, reading only what they need."""
        df = self._from_memory(key)
        if df is not None:
            return df.head(n), df.height
        if not self._valid_file(key):
            return None
        path = self.path(key)
        try:
            rows = self._rows.get(key)
            if rows is None:
                rows = self._rows[key] = int(pl.scan_ipc(path).select(pl.len()).collect().item())
            part = pl.scan_ipc(path).head(n).collect()
        except Exception as exc:
            self.discard(key, f"unreadable ({exc})")
            return None
        self._touch(key)
        return part, rows

    def rows(self, key: str) -> int | None:
        """The cached result's row count (a file's is read from its footer), or None."""
        with self._lock:
            df = self._pending.get(key)
            if df is None:
                df = self._memory.get(key)
        if df is not None:
            return df.height
        if not self._valid_file(key):
            return None
        known = self._rows.get(key)  # eviction may drop it meanwhile: never test, then read
        if known is not None:
            return known
        try:
            rows = self._rows[key] = int(
                pl.scan_ipc(self.path(key)).select(pl.len()).collect().item()
            )
            return rows
        except Exception as exc:
            self.discard(key, f"unreadable ({exc})")
            return None

    def verify(self, key: str) -> bool:
        """Read a cached file in full; a file that fails is deleted. True when usable."""
        with self._lock:
            if key in self._memory or key in self._pending:
                return True
        if not self._valid_file(key):
            return False
        try:
            df = pl.scan_ipc(self.path(key)).collect()
        except Exception as exc:
            self.discard(key, f"unreadable ({exc})")
            return False
        self._remember(key, df)
        return True

    # -- writing --------------------------------------------------------------------------------

    def put(self, key: str, df: pl.DataFrame, *, wait: bool = False) -> None:
        """Cache a result: at once in memory, and as a file written in the background."""
        with self._lock:
            self._pending[key] = df
            self._remember(key, df)
            self._ensure_writer()
        self._queue.put((key, df))
        if wait:
            self.flush()

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """While a run computes, the writer waits (unless unwritten results outgrow the memory
        budget), so writing files never slows the nodes down: they are written right after."""
        with self._lock:
            self._busy += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy -= 1
                self._quiet.notify_all()

    def flush(self) -> None:
        """Wait until every result put so far is on disk (or refused by the cap)."""
        self._queue.join()

    def discard(self, key: str, reason: str = "") -> None:
        """Forget one key, in memory and on disk."""
        if reason:
            log.warning("cache entry %s dropped: %s", key[:12], reason)
        with self._lock:
            self._forget_memory(key)
            self._checked.pop(key, None)
            self._rows.pop(key, None)
            if self._files is not None:
                self._files.pop(key, None)
        with contextlib.suppress(FileNotFoundError):
            self.path(key).unlink()

    def clear(self, keys: set[str] | None = None) -> int:
        """Delete the given keys (everything when None); returns how many files went."""
        self.flush()
        if keys is None:
            with self._lock:
                self._memory.clear()
                self._memory_size.clear()
                self._checked.clear()
                self._rows.clear()
                self._files = None
            gone = 0
            if self.directory.is_dir():
                for entry in os.scandir(self.directory):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)
                        gone += entry.name.endswith(SUFFIX)
            return gone
        gone = sum(1 for k in keys if self.path(k).exists())
        for key in keys:
            self.discard(key)
        return gone

    # -- sizes and eviction ---------------------------------------------------------------------

    @property
    def disk_bytes(self) -> int:
        with self._lock:
            return sum(f.size for f in self._index().values())

    def keys_on_disk(self) -> list[str]:
        """Cached keys with a file, least recently used first."""
        with self._lock:
            files = self._index()
            return sorted(files, key=lambda k: files[k].used)

    def evict(self) -> list[str]:
        """Delete least recently used files until the cache fits its cap."""
        gone: list[str] = []
        with self._lock:
            files = self._index()
            total = sum(f.size for f in files.values())
            for key in sorted(files, key=lambda k: files[k].used):
                if total <= self.max_bytes:
                    break
                total -= files.pop(key).size
                self._checked.pop(key, None)
                self._rows.pop(key, None)
                gone.append(key)
        for key in gone:
            with contextlib.suppress(FileNotFoundError):
                self.path(key).unlink()
        return gone

    # -- internals ------------------------------------------------------------------------------

    def _from_memory(self, key: str) -> pl.DataFrame | None:
        """A result held in memory (counted as a use of its file for eviction)."""
        with self._lock:
            df = self._pending.get(key)
            if df is None:
                df = self._memory.get(key)
                if df is not None:
                    self._memory.move_to_end(key)
            if df is not None and self._files is not None and key in self._files:
                self._files[key].used = time.time()
            return df

    def _index(self) -> dict[str, _File]:
        """Files on disk by key (read once, then kept up to date); removes stale temp files."""
        if self._files is None:
            files: dict[str, _File] = {}
            if self.directory.is_dir():
                now = time.time()
                for entry in os.scandir(self.directory):
                    try:
                        st = entry.stat()
                    except FileNotFoundError:
                        continue
                    if entry.name.endswith(SUFFIX):
                        files[entry.name[: -len(SUFFIX)]] = _File(st.st_size, st.st_mtime)
                    elif entry.name.endswith(".tmp") and now - st.st_mtime > STALE_TMP_SECONDS:
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(entry.path)
            self._files = files
        return self._files

    def _valid_file(self, key: str) -> bool:
        path = self.path(key)
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        stamp = (st.st_size, st.st_mtime_ns)
        with self._lock:
            if self._checked.get(key) == stamp:
                return True
        problem = _check_file(path, st.st_size)
        if problem is not None:
            self.discard(key, problem)
            return False
        with self._lock:
            self._checked[key] = stamp
            self._index().setdefault(key, _File(st.st_size, st.st_mtime))
        return True

    def _touch(self, key: str) -> None:
        """Mark a file as just used (its mtime is the LRU clock, shared across processes)."""
        now = time.time()
        path = self.path(key)
        try:
            os.utime(path, (now, now))
            st = path.stat()
        except OSError:
            return
        with self._lock:
            entry = self._index().get(key)
            if entry is not None:
                entry.used = now
            if key in self._checked:
                self._checked[key] = (st.st_size, st.st_mtime_ns)

    def _remember(self, key: str, df: pl.DataFrame) -> None:
        size = int(df.estimated_size())
        with self._lock:
            if size > self.memory_bytes:
                return
            self._forget_memory(key, keep_pending=True)
            self._memory[key] = df
            self._memory_size[key] = size
            total = sum(self._memory_size.values())
            while total > self.memory_bytes and self._memory:
                old = next(iter(self._memory))
                total -= self._memory_size.pop(old)
                del self._memory[old]

    def _pending_bytes(self) -> int:
        return sum(int(df.estimated_size()) for df in self._pending.values())

    def _forget_memory(self, key: str, *, keep_pending: bool = False) -> None:
        self._memory.pop(key, None)
        self._memory_size.pop(key, None)
        if not keep_pending:
            self._pending.pop(key, None)

    def _ensure_writer(self) -> None:
        if self._writer is None or not self._writer.is_alive():
            self._writer = threading.Thread(
                target=self._write_loop, name="flowfile-cache-writer", daemon=True
            )
            self._writer.start()

    def _write_loop(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                key, df = item
                with self._lock:
                    while self._busy and self._pending_bytes() <= self.memory_bytes:
                        self._quiet.wait(0.5)
                try:
                    self._write(key, df)
                except Exception:
                    log.exception("could not write cache entry %s", key[:12])
                finally:
                    with self._lock:
                        if self._pending.get(key) is df:
                            del self._pending[key]
            finally:
                self._queue.task_done()

    def _write(self, key: str, df: pl.DataFrame) -> None:
        final = self.path(key)
        if final.exists() and self._valid_file(key):
            self._touch(key)
            return
        if df.estimated_size() > self.max_bytes:
            return  # would evict everything else and itself: keep it in memory only
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f".{key}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            df.write_ipc(tmp, compat_level=pl.CompatLevel.newest())
            os.replace(tmp, final)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        st = final.stat()
        with self._lock:
            self._index()[key] = _File(st.st_size, time.time())
            self._checked[key] = (st.st_size, st.st_mtime_ns)
            self._rows[key] = df.height
        self.evict()


def _check_file(path: Path, size: int) -> str | None:
    """Why an IPC file cannot be used (truncated, not Arrow, bad footer), or None."""
    if size < 2 * len(MAGIC) + 8:
        return "truncated"
    try:
        with open(path, "rb") as f:
            head = f.read(len(MAGIC))
            f.seek(-len(MAGIC), os.SEEK_END)
            tail = f.read(len(MAGIC))
    except OSError as exc:
        return f"unreadable ({exc})"
    if head != MAGIC:
        return "not an Arrow IPC file"
    if tail != MAGIC:
        return "truncated (no Arrow footer)"
    try:
        pl.scan_ipc(path).collect_schema()
    except Exception as exc:
        return f"bad footer ({exc})"
    return None

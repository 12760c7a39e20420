"""The development-mode cache: node results as Arrow IPC files, keyed by content hash.

Results are streamed to disk batch by batch by the thread that computes them (the flow's
worker), so a result is never needed in memory whole, and no Polars object is ever shared with
another thread: every read (``scan``, ``head``, ``take``) builds new objects for its caller.
The operating system's page cache keeps recent files in memory.

Each entry is two files: the data, ``<key>.<checksum>.arrow``, and its record,
``<key>.json`` (checksum, size, rows), written under temporary names and renamed, the record
last, so an entry appears complete or not at all. Before a file is read its checksum is checked
(once per file version in a process); a file that fails is deleted, so its node, and everything
computed from it, is computed again: the cache never serves rows it did not write. Files are
kept under a size cap (2 GiB by default), least recently used evicted first; leftovers of a
killed writer are removed the next time the directory is used.

The directory is ``$FLOWFILE_JUPYTER_CACHE_DIR`` when set, else the per-user cache directory
(``platformdirs.user_cache_dir("flowfile-jupyter")``), never the working directory. When it
cannot be used (a file in the way, no permission), the cache says so once and previews are
computed without it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import polars as pl

from .. import atomic
from . import checksums
from .cache_writer import DATA, Writer
from .sizes import parse_size

log = logging.getLogger(__name__)

ENV_DIR = "FLOWFILE_JUPYTER_CACHE_DIR"
ENV_MAX = "FLOWFILE_JUPYTER_CACHE_MAX"
DEFAULT_MAX_BYTES = 2 * 1024**3
FORMAT = "ipc-v2"  # bump when the layout changes: old directories are then ignored
RECORD = ".json"
_KEY = re.compile(r"^[0-9a-f]{64}$")


def default_directory() -> Path:
    """``$FLOWFILE_JUPYTER_CACHE_DIR``, else the per-user cache directory."""
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else Path(platformdirs.user_cache_dir("flowfile-jupyter"))


@dataclass(frozen=True)
class Entry:
    """A cached result: its data file, rows and size on disk."""

    key: str
    path: Path
    rows: int
    bytes: int


class Cache:
    """Node results by key, as checked Arrow IPC files under a size cap.

    Thread-safe: the workers of several flows may share one Cache (``Cache.shared``).
    """

    def __init__(
        self, directory: str | os.PathLike[str] | None = None, *, max_bytes: int | str | None = None
    ) -> None:
        root = Path(directory) if directory is not None else default_directory()
        self.directory = root / FORMAT
        self.max_bytes = parse_size(
            max_bytes if max_bytes is not None else os.environ.get(ENV_MAX, DEFAULT_MAX_BYTES)
        )
        self._lock = threading.Lock()
        self._index: dict[str, tuple[int, float]] | None = None  # key -> (bytes, last used)
        self._problem: str | None = None
        self._checked_directory = False
        self._pins: dict[str, int] = {}  # keys a run in this process is reading

    # -- shared instances -----------------------------------------------------------------------

    _shared: weakref.WeakValueDictionary[Path, Cache] = weakref.WeakValueDictionary()
    _shared_lock = threading.Lock()

    @classmethod
    def shared(cls, directory: str | os.PathLike[str] | None = None) -> Cache:
        """One Cache per directory while flows use it (it goes when the last one does)."""
        root = Path(directory) if directory is not None else default_directory()
        key = root.expanduser().absolute()
        with cls._shared_lock:
            found = cls._shared.get(key)
            if found is None:
                found = cls(root)
                cls._shared[key] = found
            return found

    # -- the directory --------------------------------------------------------------------------

    @property
    def problem(self) -> str | None:
        """Why the directory cannot be used (None when it can): results are then not cached."""
        self._ensure_directory()
        return self._problem

    @property
    def usable(self) -> bool:
        return self.problem is None

    def _ensure_directory(self) -> None:
        if self._checked_directory:
            return
        with self._lock:
            if self._checked_directory:
                return
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                probe = atomic.temporary_path(self.directory / "probe")
                probe.write_bytes(b"")
                probe.unlink()
            except OSError as exc:
                self._problem = f"the cache directory {self.directory} cannot be used ({exc})"
                log.warning("%s: previews are computed without caching", self._problem)
            else:
                atomic.remove_stale(self.directory)
            self._checked_directory = True

    # -- reading --------------------------------------------------------------------------------

    def entry(self, key: str) -> Entry | None:
        """The key's entry when its files are whole and their checksum matches; a bad entry is
        deleted (and logged), so what was computed from it is computed again."""
        if not _KEY.match(key) or not self.usable:
            return None
        try:
            record = json.loads(self._record_path(key).read_bytes())
            name, checksum = str(record["file"]), str(record["xxh3_128"])
            rows, size = int(record["rows"]), int(record["bytes"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.discard(key, f"unreadable record ({type(exc).__name__})")
            return None
        path = self.directory / name
        if path.parent != self.directory or not name.startswith(key):
            self.discard(key, "its record names another file")
            return None
        try:
            st = path.stat()
        except FileNotFoundError:
            self.discard(key)  # removed meanwhile (evicted or cleared): nothing to report
            return None
        stamp = (checksum, st.st_ino, st.st_size, st.st_mtime_ns)
        if not checksums.verified.holds(path, stamp):
            if st.st_size != size or checksums.of_file(path) != checksum:
                self.discard(key, "its data does not match its checksum")
                return None
            checksums.verified.add(path, stamp)
        self._touch(key, size)
        return Entry(key, path, rows, size)

    def has(self, key: str) -> bool:
        return self.entry(key) is not None

    def rows(self, key: str) -> int | None:
        found = self.entry(key)
        return None if found is None else found.rows

    def scan(self, key: str) -> pl.LazyFrame | None:
        """The cached result as a new LazyFrame, or None."""
        found = self.entry(key)
        return None if found is None else pl.scan_ipc(found.path)

    def head(self, key: str, n: int) -> tuple[pl.DataFrame, int] | None:
        """The first ``n`` rows and the total, reading only what they need."""
        found = self.entry(key)
        if found is None:
            return None
        try:
            return pl.scan_ipc(found.path).head(n).collect(), found.rows
        except FileNotFoundError:  # removed since it was checked (another process evicted it)
            self.discard(key)
            return None

    def take(self, key: str, indices: list[int]) -> pl.DataFrame | None:
        """The rows at ``indices`` (ascending), streamed: the whole result is never loaded."""
        found = self.entry(key)
        if found is None:
            return None
        index = "__flowfile_row__"
        try:
            return (
                pl.scan_ipc(found.path)
                .with_row_index(index)
                .filter(pl.col(index).is_in(pl.Series(indices, dtype=pl.UInt32).implode()))
                .drop(index)
                .collect(engine="streaming")
            )
        except FileNotFoundError:
            self.discard(key)
            return None

    @contextlib.contextmanager
    def pinned(self, keys: Iterable[str]) -> Iterator[None]:
        """Keep eviction away from these keys while a run reads them."""
        held = list(keys)
        with self._lock:
            for key in held:
                self._pins[key] = self._pins.get(key, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                for key in held:
                    left = self._pins.pop(key) - 1
                    if left:
                        self._pins[key] = left

    # -- writing --------------------------------------------------------------------------------

    def writer(self, key: str) -> Writer:
        """A writer for ``key``'s result, batch by batch; the entry appears when it closes
        without an error. Raises OSError when the directory cannot be used."""
        if not self.usable:
            raise OSError(self._problem)
        return Writer(self, key)

    def _commit(self, key: str, tmp: Path, rows: int) -> None:
        checksum = checksums.of_file(tmp)
        size = tmp.stat().st_size
        data = self.directory / f"{key}.{checksum[:16]}{DATA}"
        os.replace(tmp, data)
        record = self._record_path(key)
        record_tmp = atomic.temporary_path(record)
        body = {"file": data.name, "xxh3_128": checksum, "rows": rows, "bytes": size}
        try:
            record_tmp.write_text(json.dumps(body))
            os.replace(record_tmp, record)
        except BaseException:
            with contextlib.suppress(OSError):
                record_tmp.unlink()
            with contextlib.suppress(OSError):
                data.unlink()
            raise
        st = data.stat()
        checksums.verified.add(data, (checksum, st.st_ino, st.st_size, st.st_mtime_ns))
        with self._lock:
            self._files()[key] = (size, time.time())
        self._remove_old_versions(key, keep=data.name)
        self.evict(keep={key})

    # -- removing -------------------------------------------------------------------------------

    def discard(self, key: str, reason: str = "") -> None:
        """Forget one key: its record and every data file of it."""
        if reason:
            log.warning("cache entry %s dropped: %s", key[:12], reason)
        with self._lock:
            if self._index is not None:
                self._index.pop(key, None)
        record = self._record_path(key)
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            name = str(json.loads(record.read_bytes())["file"])
            if name.startswith(f"{key}.") and "/" not in name:
                (self.directory / name).unlink()
        with contextlib.suppress(OSError):
            record.unlink()

    def clear(self, keys: Iterable[str] | None = None) -> int:
        """Delete the given keys (everything when None); returns how many entries went."""
        if not self.usable:
            return 0
        if keys is None:
            keys = [k for k in self._files()]
        gone = 0
        for key in set(keys):
            if self._record_path(key).exists():
                gone += 1
            self.discard(key)
        return gone

    def evict(self, keep: Iterable[str] = ()) -> list[str]:
        """Delete least recently used entries until the cache fits its cap (never one a run
        is reading)."""
        kept = set(keep)
        gone: list[str] = []
        with self._lock:
            kept.update(self._pins)
            files = self._files()
            total = sum(size for size, _ in files.values())
            if total <= self.max_bytes:
                return gone
            for key in sorted(files, key=lambda k: files[k][1]):
                if total <= self.max_bytes:
                    break
                if key in kept:
                    continue
                total -= files[key][0]
                gone.append(key)
        for key in gone:
            self.discard(key)
        return gone

    @property
    def disk_bytes(self) -> int:
        with self._lock:
            return sum(size for size, _ in self._files().values())

    def keys_on_disk(self) -> list[str]:
        """Cached keys, least recently used first."""
        with self._lock:
            files = self._files()
            return sorted(files, key=lambda k: files[k][1])

    # -- internals ------------------------------------------------------------------------------

    def _record_path(self, key: str) -> Path:
        return self.directory / f"{key}{RECORD}"

    def _files(self) -> dict[str, tuple[int, float]]:
        """Entries on disk by key (read once, then kept up to date); call with the lock held."""
        if self._index is None:
            found: dict[str, tuple[int, float]] = {}
            with contextlib.suppress(OSError):
                for entry in os.scandir(self.directory):
                    key = entry.name[: -len(RECORD)]
                    if not entry.name.endswith(RECORD) or not _KEY.match(key):
                        continue
                    try:
                        record = json.loads(Path(entry.path).read_bytes())
                        found[key] = (int(record["bytes"]), entry.stat().st_mtime)
                    except (OSError, ValueError, KeyError, TypeError):
                        continue
            self._index = found
        return self._index

    def _touch(self, key: str, size: int) -> None:
        """Mark an entry as just used (its record's mtime is the LRU clock across processes)."""
        now = time.time()
        with contextlib.suppress(OSError):
            os.utime(self._record_path(key), (now, now))
        with self._lock:
            self._files()[key] = (size, now)

    def _remove_old_versions(self, key: str, keep: str | None) -> None:
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.directory):
                name = entry.name
                if name.startswith(f"{key}.") and name.endswith(DATA) and name != keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

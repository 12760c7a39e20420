"""Checksums of cache files, and the versions of them this process has already checked."""

from __future__ import annotations

import threading
from pathlib import Path

import xxhash

CHUNK = 8 * 1024**2


class Verified:
    """File versions whose checksum this process has checked: a file is read whole to check
    it once, not once per Cache object (a new one is made for every flow and every kernel
    restart of a widget); a rewritten file is a new inode or size or time, so it is checked
    again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamps: dict[str, tuple[str, int, int, int]] = {}

    def holds(self, path: Path, stamp: tuple[str, int, int, int]) -> bool:
        with self._lock:
            return self._stamps.get(str(path)) == stamp

    def clear(self) -> None:
        """Forget every check (as in a new process)."""
        with self._lock:
            self._stamps.clear()

    def add(self, path: Path, stamp: tuple[str, int, int, int]) -> None:
        with self._lock:
            if len(self._stamps) > 100_000:
                self._stamps.clear()
            self._stamps[str(path)] = stamp


verified = Verified()


def of_file(path: Path) -> str:
    """The file's xxHash (XXH3, 128 bits), read in chunks."""
    digest = xxhash.xxh3_128()
    with open(path, "rb", buffering=0) as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()

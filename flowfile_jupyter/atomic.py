"""Files that appear whole or not at all: written under a temporary name, then renamed.

Temporary names carry the writer's process id, so the next process to use a directory can tell
the leftovers of a writer that was killed (its process is gone) from a write in progress in
another process, and remove them.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import uuid
from pathlib import Path

SUFFIX = ".tmp"
STALE_SECONDS = 24 * 3600.0  # even if the process id was reused, nobody writes for a day
_NAME = re.compile(r"^\.(?P<target>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


def temporary_path(target: Path) -> Path:
    """A fresh temporary name beside ``target``: ``.<name>.<pid>.<random>.tmp``."""
    return target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{SUFFIX}")


def remove_stale(directory: Path, target: str | None = None) -> int:
    """Remove temporary files in ``directory`` whose writer is gone (only those for ``target``
    when given); returns how many went. A missing or unreadable directory is not an error."""
    gone = 0
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None or (target is not None and match["target"] != target):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if _alive(int(match["pid"])) and age < STALE_SECONDS:
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            gone += 1
    return gone


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True

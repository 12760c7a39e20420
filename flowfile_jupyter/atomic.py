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
from collections.abc import Callable
from pathlib import Path

SUFFIX = ".tmp"
STALE_SECONDS = 3600.0  # no write takes an hour: older leftovers go even if the pid was reused
# ``.<name>.<pid>.<random>.tmp``; older versions wrote ``.<name>.<random>.tmp``
_NAME = re.compile(r"^\.(?P<target>.+?)\.(?:(?P<pid>\d+)\.)?(?P<random>\w+)\.tmp$")


def prefix(target: Path) -> str:
    """The start of a temporary name for ``target`` (for ``tempfile.mkstemp``)."""
    return f".{target.name}.{os.getpid()}."


def temporary_path(target: Path) -> Path:
    """A fresh temporary name beside ``target``: ``.<name>.<pid>.<random>.tmp``."""
    return target.with_name(f"{prefix(target)}{uuid.uuid4().hex[:8]}{SUFFIX}")


def remove_stale(directory: Path, wanted: Callable[[str], bool] | None = None) -> int:
    """Remove temporary files in ``directory`` whose writer is gone or that are over an hour
    old (only those whose target name ``wanted`` accepts, when given); returns how many went.
    A missing or unreadable directory is not an error."""
    gone = 0
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None or (wanted is not None and not wanted(match["target"])):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        pid = match["pid"]
        if age < STALE_SECONDS and (pid is None or _alive(int(pid))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            gone += 1
    return gone


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":
        return True  # ours, or no cheap check: leave it to the age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else
        return True
    return True

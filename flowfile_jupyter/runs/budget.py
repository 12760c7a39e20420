"""The memory budget of development mode.

Development mode streams results to their cache files (the worker keeps only recent small ones
in memory, within a share of this budget: recent.py). What a node still needs is Polars' working
memory while it computes (a join's build side, a sort). The budget caps that: a node whose
computation grows the process's own memory past it is stopped at its next batch, is not cached,
and says why; its preview then streams the first rows instead.

The measure is the process's anonymous memory (``rss - shared``): pages of memory-mapped cache
files count in a process's RSS too, but they are the operating system's page cache, which it
takes back under pressure, and they never grow past the files being read.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import psutil

from ..engine.sizes import human, parse_size

ENV = "FLOWFILE_JUPYTER_MEMORY"
DEFAULT_FRACTION = 0.25  # of the machine's memory


def default_bytes() -> int:
    """``$FLOWFILE_JUPYTER_MEMORY`` (``"4GiB"``, ``"25%"``), else a quarter of the machine."""
    value = os.environ.get(ENV, "").strip()
    total = int(psutil.virtual_memory().total)
    if value.endswith("%"):
        return int(total * float(value[:-1]) / 100)
    if value:
        return parse_size(value)
    return int(total * DEFAULT_FRACTION)


_process: psutil.Process | None = None


def anonymous_bytes() -> int:
    """This process's memory that is not a mapped file."""
    global _process
    if _process is None or _process.pid != os.getpid():  # made once (a fork gets its own)
        _process = psutil.Process()
    info = _process.memory_info()
    return int(info.rss - getattr(info, "shared", 0))


CHECK_SECONDS = 0.02  # memory is read at most this often (reading it costs about 0.1 ms)


@dataclass
class Guard:
    """Watches one node's computation: ``exceeded()`` once it has grown memory past the budget."""

    budget: int
    start: int
    checked: float = 0.0

    @classmethod
    def begin(cls, budget: int) -> Guard:
        return cls(budget, anonymous_bytes(), time.monotonic())

    def exceeded(self) -> bool:
        now = time.monotonic()
        if now - self.checked < CHECK_SECONDS:
            return False  # no process grows by a budget's worth in a few milliseconds
        self.checked = now
        return anonymous_bytes() - self.start > self.budget

    def message(self) -> str:
        return f"computing it needs more memory than the budget ({human(self.budget)})"

"""Recent results in memory, for the flow's worker thread alone.

Reading a cached result back from its Arrow IPC file costs about as much as a small query over
it (Polars copies strings into its own layout), so every edit just below a source would pay for
reading the source again. The worker therefore keeps the latest results that are small enough
as frames too, beside their files, and plans read those instead.

A frame held here never leaves the worker thread: plans built on it run on the worker, and what
they produce (cache files, previews read back from those files) are new objects. ``Recent``
checks that it is used from one thread, and forgets everything when that thread ends, so the
memory goes back when a flow is idle or gone. It has a byte budget, least recently used out
first, which also caps what the workers of all flows in the process hold together. It only
speeds reads up: a run reads a result from here only when its cache file was there as the run
began, so clearing or evicting the cache works as before.
"""

from __future__ import annotations

import io
import threading
import weakref
from collections import OrderedDict

import polars as pl

_every: weakref.WeakSet[Recent] = weakref.WeakSet()  # the recent results of every flow
_lock = threading.Lock()  # one thread makes room at a time


def held_bytes() -> int:
    """What the recent results of every flow in the process hold together."""
    return sum(r.size for r in list(_every))


class Recent:
    """Frames by cache key, within ``budget`` bytes (for this flow, and for all flows in the
    process together); one frame may take half of it."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._frames: OrderedDict[str, tuple[pl.DataFrame, int]] = OrderedDict()
        self._size = 0
        self._owner: int | None = None
        _every.add(self)

    @property
    def entry_cap(self) -> int:
        return self.budget // 2

    @property
    def size(self) -> int:
        return self._size

    def get(self, key: str) -> pl.LazyFrame | None:
        self._check_owner()
        found = self._frames.get(key)
        if found is None:
            return None
        self._frames.move_to_end(key)
        return found[0].lazy()

    def head(self, key: str, n: int) -> tuple[pl.DataFrame, int] | None:
        """The first ``n`` rows as a frame of their own (through Arrow IPC bytes, so it shares
        no buffer with the held frame and may go to another thread), and the row count."""
        self._check_owner()
        found = self._frames.get(key)
        if found is None:
            return None
        frame = found[0]
        buffer = io.BytesIO()
        frame.head(n).write_ipc_stream(buffer, compat_level=pl.CompatLevel.newest())
        buffer.seek(0)
        return pl.read_ipc_stream(buffer), frame.height

    def keep(self, key: str, batches: list[pl.DataFrame], nbytes: int) -> None:
        """Hold a result made of ``batches`` (``nbytes`` as Polars estimates them)."""
        self._check_owner()
        self._drop(key)
        if nbytes > self.entry_cap or not batches:
            return
        # one chunk: a streamed plan over many small chunks runs a third slower
        frame = pl.concat(batches, rechunk=True) if len(batches) > 1 else batches[0]
        with _lock:  # make room: this flow's oldest go first
            while self._frames and held_bytes() + nbytes > self.budget:  # this flow's included
                self._drop(next(iter(self._frames)))
            if held_bytes() + nbytes > self.budget:
                return  # other flows' workers hold the room: theirs go when they are idle
            self._frames[key] = (frame, nbytes)
            self._size += nbytes

    def clear(self) -> None:
        """Forget every frame and the owning thread (called by the worker as it ends)."""
        self._frames.clear()
        self._size = 0
        self._owner = None

    def _drop(self, key: str) -> None:
        found = self._frames.pop(key, None)
        if found is not None:
            self._size -= found[1]

    def _check_owner(self) -> None:
        me = threading.get_ident()
        if self._owner is None:
            self._owner = me
        elif self._owner != me:
            raise RuntimeError("recent results are used by the worker thread that holds them only")

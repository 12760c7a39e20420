"""One worker thread per flow: runs its requests one at a time, off the notebook's thread.

Each flow has one worker, so runs of a flow never interleave. The rule for a new request while
another is queued or running: a new preview supersedes every preview before it (they are
cancelled: the canvas only wants the latest one); anything else queues and runs in order. That
includes the fill runs a preview queues to cache the nodes it computed inside its target's plan
(kind "fill"): they run in order like any request, and skip a node edited since. Work over a
node's whole result (kind "inspect": a profile, a sorted page, an export) also goes ahead of
queued fills, after the previews, without interrupting a running fill.
Cancelling a development-mode run stops its node at the next batch of rows (a blocking step
such as a sort or a join's build side finishes first), marks that node and those after it
cancelled, and writes nothing for them: a cached file only ever appears complete.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from .handle import RunHandle


class Worker:
    """Runs a flow's requests one at a time on a background thread, which is started when
    needed and ends after a while without work."""

    IDLE_SECONDS = 5.0  # a thread keeps memory of its own (its allocator arena): don't linger
    CHECK_SECONDS = 0.5

    def __init__(
        self,
        name: str = "flow",
        requeue: Callable[[RunHandle], object] | None = None,
        wanted: Callable[[], bool] = lambda: True,
        retire: Callable[[], None] = lambda: None,
    ) -> None:
        self.name = name
        self._requeue = requeue  # given a fill a preview interrupted, queues it again
        self._wanted = wanted  # False once the flow is gone: the thread ends at once
        self._retire = retire  # called by the thread as it ends: drops what it held
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: deque[RunHandle] = deque()
        self._active: RunHandle | None = None
        self._thread: threading.Thread | None = None

    @property
    def active(self) -> RunHandle | None:
        return self._active

    def submit(self, handle: RunHandle) -> RunHandle:
        """Queue a run; a preview cancels every earlier replaceable preview, queued or running,
        and goes ahead of queued fills (a running fill is interrupted and queued again); an
        inspect goes ahead of queued fills too."""
        with self._lock:
            superseded: list[RunHandle] = []
            if handle.kind == "preview":
                superseded = [
                    h
                    for h in (self._active, *self._queue)
                    if h and h.kind == "preview" and h.replaceable
                ]
                if self._active is not None and self._active.kind == "fill":
                    superseded.append(self._active)
                self._queue = deque(h for h in self._queue if h not in superseded)
            if handle.kind in ("preview", "inspect"):
                first_fill = next(
                    (i for i, h in enumerate(self._queue) if h.kind == "fill"), len(self._queue)
                )
                self._queue.insert(first_fill, handle)
            else:
                self._queue.append(handle)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name=f"flowfile-run-{self.name}", daemon=True
                )
                self._thread.start()
            self._wake.notify()
        for old in superseded:
            if old.cancel() and old.kind == "fill" and self._requeue is not None:
                self._requeue(old)
        return handle

    def cancel_all(self) -> int:
        """Cancel the running request and every queued one; returns how many."""
        with self._lock:
            handles = [h for h in (self._active, *self._queue) if h is not None]
        return sum(h.cancel() for h in handles)

    def idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued or running; False on timeout (or when called from the
        worker itself, e.g. by a run's subscriber, which would wait forever)."""
        if threading.current_thread() is self._thread:
            return False
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                if not self._queue and self._active is None:
                    return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.005)

    def _loop(self) -> None:
        while True:
            with self._lock:
                self._active = None
                idle_until = time.monotonic() + self.IDLE_SECONDS
                while not self._queue and time.monotonic() < idle_until and self._wanted():
                    self._wake.wait(self.CHECK_SECONDS)
                if not self._queue:
                    self._retire()  # under the lock: no new thread has started yet
                    self._thread = None
                    return
                handle = self._active = self._queue.popleft()
            handle._execute()
            del handle  # a finished run's result must not outlive it here

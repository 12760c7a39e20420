"""Save a flow to its file a moment after each edit (debounced, atomic).

One saver thread per flow file waits for edits; the edit itself only sets a deadline, so an edit
never waits on the disk, and a run in progress never delays a save (saving reads the flow's
nodes, never its data).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from ..events import FlowEvent

if TYPE_CHECKING:
    from ..flow import Flow

log = logging.getLogger(__name__)


class Autosave:
    """Keeps ``path`` equal to the flow; ``flush()`` writes now if an edit is pending."""

    def __init__(self, flow: Flow, path: str | Path, delay: float = 0.4):
        self.flow = flow
        self.path = Path(path)
        self.delay = delay
        self.error: str | None = None
        self._due: float | None = None  # when the pending edit should be written
        self._stopped = False
        self._wake = threading.Condition()
        self._saving = threading.Lock()  # one save at a time, so an older one never lands last
        self._thread = threading.Thread(
            target=self._loop, name=f"flowfile-autosave-{self.path.name}", daemon=True
        )
        self._thread.start()
        self._unsubscribe = flow.subscribe(self._on_event)
        _open.add(self)

    def _on_event(self, event: FlowEvent) -> None:
        if event.kind == "state":
            return
        with self._wake:
            self._due = time.monotonic() + self.delay
            self._wake.notify()

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._stopped and (self._due is None or time.monotonic() < self._due):
                    wait = None if self._due is None else self._due - time.monotonic()
                    self._wake.wait(wait)
                if self._stopped:
                    return
                self._due = None
            self._save()

    @property
    def pending(self) -> bool:
        with self._wake:
            return self._due is not None

    def flush(self) -> None:
        """Write now, whether or not an edit is pending."""
        with self._wake:
            self._due = None
        self._save()

    def _save(self) -> None:
        with self._saving:
            try:
                self.flow.save(self.path)
                self.error = None
            except OSError as exc:  # never lose the flow in memory over a failed save
                self.error = f"could not save {self.path}: {exc}"
                log.warning(self.error)

    def stop(self) -> None:
        self._unsubscribe()
        with self._wake:
            self._stopped = True
            self._wake.notify()
        self._thread.join(timeout=5)
        self.flush()


_open: weakref.WeakSet[Autosave] = weakref.WeakSet()


@atexit.register
def _save_pending() -> None:
    """A kernel that restarts or shuts down first writes the edits of the last moment."""
    for saver in list(_open):
        if saver.pending:
            saver.flush()

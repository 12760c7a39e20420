"""Save a flow to its file a moment after each edit (debounced, atomic)."""

from __future__ import annotations

import logging
import threading
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
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()  # guards the timer only: edits never wait on the disk
        self._saving = threading.Lock()  # one save at a time, so an older one never lands last
        self._unsubscribe = flow.subscribe(self._on_event)

    def _on_event(self, event: FlowEvent) -> None:
        if event.kind == "state":
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.flush)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        with self._saving:
            try:
                self.flow.save(self.path)
                self.error = None
            except OSError as exc:  # never lose the flow in memory over a failed save
                self.error = f"could not save {self.path}: {exc}"
                log.warning(self.error)

    def stop(self) -> None:
        self.flush()
        self._unsubscribe()

"""A handle per requested run: status, per-node states, cancel, wait, result, events.

A ``RunHandle`` is what ``flow.preview_async()`` / ``flow.run_async()`` return: its status, the
state of each node it touches (queued, running, done with time and rows, cached, error,
cancelled), ``cancel()``, ``wait()``, ``result()`` and events to subscribe to. Subscribers are
called on the worker thread.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import FlowError
from .log import Mode, NodeRun, NodeStatus, RunLog, RunStatus

log = logging.getLogger(__name__)

EventKind = Literal["status", "node", "progress"]
# inspect: work over whole results (profiles, sorting and searching, joins, export)
RunKind = Literal["preview", "run", "fill", "inspect"]
PROGRESS_SECONDS = 0.1


class RunCancelledError(FlowError):
    """The run was cancelled before it finished."""


class RunTimeoutError(RunCancelledError):
    """A blocking call stopped waiting for its run (and cancelled it)."""


class RunError(FlowError):
    """A node failed while running; the message names it."""


@dataclass(frozen=True)
class RunEvent:
    """``status``: the run's status changed; ``node``: a node's state did; ``progress``: rows
    so far for a running node. ``node`` is a copy of the node's state at that moment."""

    run: int
    kind: EventKind
    status: RunStatus
    node: NodeRun | None = None
    run_kind: RunKind = "preview"

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "run_kind": self.run_kind,
            "kind": self.kind,
            "status": self.status,
            "node": None if self.node is None else self.node.to_dict(),
        }


_ids = itertools.count(1)


class RunHandle:
    """One requested run. Thread-safe; read it from any thread."""

    def __init__(
        self,
        kind: RunKind,
        mode: Mode,
        targets: tuple[str, ...],
        job: Callable[[RunHandle], Any],
        labels: Callable[[str], str] = str,
        *,
        replaceable: bool = True,
    ) -> None:
        self.id = next(_ids)
        self.kind = kind
        # a later preview cancels this one (the canvas wants only the latest); a preview a
        # caller is blocked on is never replaced
        self.replaceable = replaceable
        self.mode = mode
        self.targets = targets
        self._job = job
        self._labels = labels
        self._lock = threading.RLock()
        self._status: RunStatus = "queued"
        self._nodes: dict[str, NodeRun] = {}
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._result: Any = None
        self._error: BaseException | None = None
        self._subscribers: list[Callable[[RunEvent], None]] = []
        self._finished_callbacks: list[Callable[[RunHandle], None]] = []
        self._interrupts: list[Callable[[], None]] = []
        self._progress_at: dict[str, float] = {}
        self.created = time.time()
        self.started: float | None = None
        self._t0: float | None = None
        self.ms: float | None = None
        self.log: RunLog | None = None

    def renewed(self) -> RunHandle:
        """A new, queued handle for the same work (a fill interrupted by a preview)."""
        return RunHandle(
            self.kind,
            self.mode,
            self.targets,
            self._job,
            self._labels,
            replaceable=self.replaceable,
        )

    # -- reading --------------------------------------------------------------------------------

    @property
    def status(self) -> RunStatus:
        return self._status

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def nodes(self) -> dict[str, NodeRun]:
        """Every node the run touches, upstream first, as copies."""
        with self._lock:
            return {nid: n.copy() for nid, n in self._nodes.items()}

    @property
    def error(self) -> str | None:
        return None if self._error is None else str(self._error)

    def elapsed(self) -> float | None:
        """Seconds since the run started (None while queued)."""
        return None if self._t0 is None else time.perf_counter() - self._t0

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "run": self.id,
                "kind": self.kind,
                "mode": self.mode,
                "targets": list(self.targets),
                "status": self._status,
                "ms": self.ms,
                "error": self.error,
                "nodes": [n.to_dict() for n in self._nodes.values()],
            }

    def __repr__(self) -> str:
        return f"<RunHandle {self.id} {self.kind} {', '.join(self.targets)}: {self._status}>"

    def _repr_html_(self) -> str:
        if self.log is not None:
            return self.log._repr_html_()
        return f"<p>{self!r}</p>"

    # -- waiting and cancelling -----------------------------------------------------------------

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run ends (done, error or cancelled); False on timeout."""
        return self._done.wait(timeout)

    def result(self, timeout: float | None = None) -> Any:
        """The run's result; raises RunCancelledError / RunError / FlowError as it ended."""
        if not self._done.wait(timeout):
            raise TimeoutError(f"run {self.id} is still {self._status}")
        if self._error is not None:
            raise self._error
        return self._result

    def cancel(self) -> bool:
        """Ask the run to stop; False when it has already ended.

        A queued run ends at once; a running one at its next batch of rows or between nodes,
        or, in performance mode, where Polars next checks (between operators). Polars 2.1 does
        not stop a file sink, nor several plans collected together: those run to their end.
        """
        with self._lock:
            if self._done.is_set():
                return False
            self._cancel.set()
            queued = self._status == "queued"
            interrupts = list(self._interrupts)
        for interrupt in interrupts:
            interrupt()
        if queued:
            self._finish(None, RunCancelledError(f"run {self.id} was cancelled"))
        return True

    @contextlib.contextmanager
    def interrupting(self, interrupt: Callable[[], None]) -> Iterator[None]:
        """Call ``interrupt`` if the run is cancelled while the block runs (at once if it
        already was): how a query Polars runs in the background is stopped."""
        with self._lock:
            self._interrupts.append(interrupt)
            cancelled = self._cancel.is_set()
        if cancelled:
            interrupt()
        try:
            yield
        finally:
            with self._lock:
                self._interrupts.remove(interrupt)

    def subscribe(self, callback: Callable[[RunEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` (on the worker thread) for every change of this run."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def on_finish(self, callback: Callable[[RunHandle], None]) -> None:
        with self._lock:
            if not self._done.is_set():
                self._finished_callbacks.append(callback)
                return
        callback(self)

    # -- called by the job ----------------------------------------------------------------------

    def plan(
        self, nodes: Iterable[tuple[str, NodeStatus]], rows: dict[str, int] | None = None
    ) -> None:
        """Declare the nodes this run touches (upstream first) and their first state."""
        rows = rows or {}
        with self._lock:
            self._nodes = {
                nid: NodeRun(nid, status, rows=rows.get(nid), label=self._label(nid))
                for nid, status in nodes
            }
            events = [
                RunEvent(self.id, "node", self._status, n.copy(), run_kind=self.kind)
                for n in self._nodes.values()
            ]
        for event in events:
            self._emit(event)

    def set_node(
        self,
        node_id: str,
        status: NodeStatus,
        *,
        ms: float | None = None,
        rows: int | None = None,
        error: str | None = None,
        via: str | None = None,
        note: str | None = None,
    ) -> None:
        with self._lock:
            node = self._nodes.get(node_id)
            if node is None:
                node = self._nodes[node_id] = NodeRun(node_id, label=self._label(node_id))
            node.status = status
            node.ms = ms if ms is not None else node.ms
            node.rows = rows if rows is not None else node.rows
            node.error = error
            node.via = via if via is not None else node.via
            node.note = note if note is not None else node.note
            event = RunEvent(self.id, "node", self._status, node.copy(), run_kind=self.kind)
        self._emit(event)

    def progress(self, node_id: str, rows: int) -> None:
        """Rows produced so far by a running node (events at most every 0.1 s per node)."""
        now = time.perf_counter()
        with self._lock:
            node = self._nodes.get(node_id)
            if node is None:
                return
            node.rows = rows
            if now - self._progress_at.get(node_id, 0.0) < PROGRESS_SECONDS:
                return
            self._progress_at[node_id] = now
            event = RunEvent(self.id, "progress", self._status, node.copy(), run_kind=self.kind)
        self._emit(event)

    def cancel_remaining(self) -> None:
        """Mark every node that has not ended as cancelled."""
        with self._lock:
            left = [n for n in self._nodes.values() if n.status in ("queued", "running")]
        for n in left:
            self.set_node(n.node_id, "cancelled")

    # -- run by the worker ----------------------------------------------------------------------

    def _execute(self) -> None:
        with self._lock:
            if self._done.is_set():
                return
            if self._cancel.is_set():
                cancelled = True
            else:
                cancelled = False
                self._status = "running"
                self.started = time.time()
                self._t0 = time.perf_counter()
        if cancelled:
            self._finish(None, RunCancelledError(f"run {self.id} was cancelled"))
            return
        self._emit(RunEvent(self.id, "status", "running", run_kind=self.kind))
        t0 = time.perf_counter()
        try:
            result = self._job(self)
        except BaseException as exc:
            self.ms = (time.perf_counter() - t0) * 1000
            if isinstance(exc, RunCancelledError) or self._cancel.is_set():
                self.cancel_remaining()
                exc = exc if isinstance(exc, RunCancelledError) else RunCancelledError(str(exc))
            elif not isinstance(exc, FlowError):
                log.exception("run %s failed", self.id)
                exc = RunError(f"{type(exc).__name__}: {exc}")
            self._finish(None, exc)
            return
        self.ms = (time.perf_counter() - t0) * 1000
        self._finish(result, None)

    def _finish(self, result: Any, error: BaseException | None) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self._result = result
            self._error = error
            if error is None:
                self._status = "done"
            elif isinstance(error, RunCancelledError):
                self._status = "cancelled"
            else:
                self._status = "error"
            if isinstance(error, RunCancelledError):
                for n in self._nodes.values():
                    if n.status in ("queued", "running"):
                        n.status = "cancelled"
            self.log = RunLog(
                run=self.id,
                mode=self.mode,
                targets=self.targets,
                status=self._status,
                started=self.started or self.created,
                ms=self.ms or 0.0,
                nodes=tuple(n.copy() for n in self._nodes.values()),
                error=None if error is None else str(error),
            )
            callbacks = list(self._finished_callbacks)
            self._finished_callbacks.clear()
            self._done.set()
        self._emit(RunEvent(self.id, "status", self._status, run_kind=self.kind))
        for callback in callbacks:
            try:
                callback(self)
            except Exception:
                log.exception("run %s: finish callback failed", self.id)

    def _label(self, node_id: str) -> str:
        try:
            label = self._labels(node_id)
        except Exception:
            return ""
        return "" if label == node_id else label

    def _emit(self, event: RunEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:  # a broken subscriber must not break the run
                log.exception("run subscriber failed on %s", event.kind)

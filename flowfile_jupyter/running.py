"""Flow's running methods: previews (development mode), runs (performance mode), the cache.

Everything runs on the flow's worker thread (see runs.py), so the notebook and the canvas stay
responsive; the blocking methods (``preview``, ``preview_ipc``, ``run``) submit a request and
wait for it. A request works on a snapshot of the flow taken when it was made.
"""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Any

import polars as pl

from . import preview as previews
from .cache import Cache
from .errors import FlowError
from .execution import Engine, Snapshot, develop, perform
from .graph import Node
from .keys import node_keys
from .nodes import get
from .runlog import RunLog
from .runs import RunCancelledError, RunEvent, RunHandle, Worker
from .state import NodeState

log = logging.getLogger(__name__)


class RunningMixin:
    """Previews, runs and the cache for a Flow (mixed into Flow; uses its nodes and states)."""

    if TYPE_CHECKING:
        name: str
        _nodes: dict[str, Node]
        _states: dict[str, NodeState]

        @property
        def namespace(self) -> MutableMapping[str, Any]: ...

        def describe(self, node_id: str) -> str: ...

        def _require(self, node_id: str) -> Node: ...

    # -- the cache ------------------------------------------------------------------------------

    @property
    def cache(self) -> Cache:
        """Where development-mode results go (shared by flows using the same directory)."""
        found = self.__dict__.get("_cache")
        if found is None:
            found = self.__dict__["_cache"] = Cache.shared()
        return found

    @cache.setter
    def cache(self, value: Cache | str | os.PathLike[str]) -> None:
        self.__dict__["_cache"] = value if isinstance(value, Cache) else Cache.shared(value)

    def clear_cache(self, *, everything: bool = False) -> int:
        """Delete this flow's cached results (every entry in the cache with ``everything``).

        Returns how many files were deleted.
        """
        cache = self.cache
        if everything:
            return cache.clear()
        keys = set(self._written())
        keys.update(node_keys(self._nodes, list(self._nodes), dict(self.namespace)).values())
        self._written().clear()
        return cache.clear(keys)

    # -- development mode -----------------------------------------------------------------------

    def preview(
        self, node_id: str, n: int = 100, *, sample: bool = False, seed: int = 0
    ) -> pl.DataFrame:
        """The node's first ``n`` rows (or ``n`` random rows with ``sample=True``, ``seed``).

        Development mode: every node's result is cached (Arrow IPC, by content hash), what is
        cached is read instead of computed again, and the preview is a read of the cache.
        """
        found: previews.Preview = self._wait(
            self.preview_async(node_id, n, sample=sample, seed=seed)
        )
        return found.frame

    def preview_ipc(
        self,
        node_id: str,
        n: int = 100,
        *,
        sample: bool = False,
        seed: int = 0,
        max_chars: int = previews.MAX_CHARS,
    ) -> tuple[bytes, dict[str, Any]]:
        """The preview as Arrow IPC stream bytes for the browser, and its info: rows,
        rows_total, cached, ms, truncated (strings longer than ``max_chars`` are cut)."""
        handle = self.preview_async(node_id, n, sample=sample, seed=seed)
        return previews.to_ipc(self._wait(handle), max_chars)

    def preview_async(
        self, node_id: str, n: int = 100, *, sample: bool = False, seed: int = 0
    ) -> RunHandle:
        """Start a preview on the flow's worker; it supersedes earlier previews. The handle's
        ``result()`` is a ``Preview`` (``.frame``, ``.rows_total``, ``.cached``, ``.ms``)."""
        node = self._require(node_id)
        if n < 0:
            raise FlowError("n must be 0 or more")
        target = node_id
        if get(node.type).sink is not None:  # an output node shows what it would write
            if not node.inputs or node.inputs[0] is None:
                raise FlowError(f"{self.describe(node_id)}: its input is not connected")
            target = node.inputs[0]
        self._check(node_id)
        snap = self._snapshot()
        cache = self.cache
        written = self._written()

        def job(handle: RunHandle) -> previews.Preview:
            for _ in range(3):
                done = develop(snap, [target], cache, handle, written)
                result = done.results[target]
                if result.frame is not None:
                    rows = previews.take(result.frame, n, sample, seed)
                    total = result.frame.height
                    break
                found = previews.from_cache(cache, result.key, n, sample, seed)
                if found is not None:
                    rows, total = found
                    break
            else:
                raise FlowError(f"{self.describe(node_id)}: its cached result keeps vanishing")
            self._fill(snap, done.inline)
            ms = (handle.elapsed() or 0.0) * 1000
            return previews.Preview(node_id, rows, total, result.cached, ms, sample)

        return self._submit(RunHandle("preview", "development", (target,), job, snap.describe))

    def _fill(self, snap: Snapshot, nodes: tuple[str, ...]) -> None:
        """Queue the materialization of nodes a preview computed inside its target's plan, one
        run each, upstream first; a node edited in the meantime is skipped."""
        if not nodes:
            return
        cache, written, flow = self.cache, self._written(), weakref.ref(self)
        wanted = node_keys(snap.nodes, nodes, snap.namespace)

        def fill(nid: str) -> Callable[[RunHandle], None]:
            def job(handle: RunHandle) -> None:
                owner = flow()
                if owner is None or not owner._wants(nid, wanted[nid]):
                    raise RunCancelledError(f"{nid} changed since its preview: not cached")
                develop(snap, [nid], cache, handle, written, fuse=False)

            return job

        for nid in nodes:
            self._submit(RunHandle("fill", "development", (nid,), fill(nid), snap.describe))

    def _wants(self, node_id: str, key: str) -> bool:
        nodes = self._nodes
        if node_id not in nodes:
            return False
        return node_keys(nodes, [node_id], self.namespace).get(node_id) == key

    # -- performance mode -----------------------------------------------------------------------

    def run(self, *, engine: Engine = "auto") -> dict[str, Any]:
        """Run every output node (write files, assign variables) as one lazy plan: sinks use
        the streaming engine where Polars supports it; nothing in between is materialized."""
        done: dict[str, Any] = self._wait(self.run_async(engine=engine))
        return done

    def run_async(self, *, engine: Engine = "auto") -> RunHandle:
        """Start ``run()`` on the flow's worker (after whatever is queued); returns its handle."""
        snap = self._snapshot()
        namespace = self.namespace

        def job(handle: RunHandle) -> dict[str, Any]:
            return perform(snap, namespace, handle, engine)

        targets = tuple(nid for nid, n in self._nodes.items() if get(n.type).sink is not None)
        return self._submit(RunHandle("run", "performance", targets, job, snap.describe))

    # -- runs -----------------------------------------------------------------------------------

    @property
    def last_run(self) -> RunLog | None:
        """Per-node timings and row counts of the most recent run that ended."""
        return self.__dict__.get("_last_run")

    @property
    def active_run(self) -> RunHandle | None:
        """The run executing now, if any."""
        worker = self.__dict__.get("_worker")
        return None if worker is None else worker.active

    def on_run(self, callback: Callable[[RunEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` for every event of every run of this flow (on the worker
        thread); returns a function that unsubscribes."""
        listeners: list[Callable[[RunEvent], None]] = self.__dict__.setdefault("_run_listeners", [])
        listeners.append(callback)

        def unsubscribe() -> None:
            if callback in listeners:
                listeners.remove(callback)

        return unsubscribe

    def cancel_runs(self) -> int:
        """Cancel what is running and queued for this flow (previews, runs, cache fills)."""
        worker: Worker | None = self.__dict__.get("_worker")
        return 0 if worker is None else worker.cancel_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no run is queued or running and the cache has written everything."""
        worker: Worker | None = self.__dict__.get("_worker")
        if worker is not None and not worker.idle(timeout):
            return False
        self.cache.flush()
        return True

    # -- internals ------------------------------------------------------------------------------

    def _check(self, node_id: str) -> None:
        """Refuse a node with an error, naming the root cause when it is blocked upstream."""
        state = self._states.get(node_id)
        if state is None or state.error is None:
            return
        message = f"{self.describe(node_id)}: {state.error}"
        root = self._states.get(state.blocked_by or "")
        if root is not None and root.error is not None:
            message += f" ({self.describe(state.blocked_by or '')}: {root.error})"
        raise FlowError(message)

    def _snapshot(self) -> Snapshot:
        return Snapshot(self._nodes, dict(self._states), dict(self.namespace))

    def _written(self) -> set[str]:
        found: set[str] = self.__dict__.setdefault("_cache_keys", set())
        return found

    def _submit(self, handle: RunHandle) -> RunHandle:
        worker: Worker | None = self.__dict__.get("_worker")
        if worker is None:
            worker = self.__dict__["_worker"] = Worker(self.name)
        listeners: list[Callable[[RunEvent], None]] = self.__dict__.setdefault("_run_listeners", [])

        def relay(event: RunEvent) -> None:
            for callback in list(listeners):
                try:
                    callback(event)
                except Exception:  # one broken listener must not silence the others
                    log.exception("run listener failed on %s", event.kind)

        def finished(h: RunHandle) -> None:
            if h.kind != "fill":
                self.__dict__["_last_run"] = h.log

        handle.subscribe(relay)
        handle.on_finish(finished)
        return worker.submit(handle)

    @staticmethod
    def _wait(handle: RunHandle) -> Any:
        try:
            return handle.result()
        except KeyboardInterrupt:
            handle.cancel()
            raise

"""A flow's runs: previews (development mode), runs (performance mode), and its cache.

A ``Flow`` owns one ``Runner``. Everything runs on the flow's worker thread (see worker.py), so
the notebook and the canvas stay responsive; the blocking calls (``preview``, ``preview_ipc``,
``run``) submit a request and wait for it. A request works on a snapshot of the flow taken when
it was made, so later edits never change a run in progress.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import polars as pl

from ..engine.cache import Cache
from ..errors import FlowError
from ..graph import Node, ancestors, missing_input
from ..nodes import get
from . import budget
from . import preview as previews
from .counts import Counter
from .develop import Developed, develop
from .handle import RunCancelledError, RunEvent, RunHandle, RunTimeoutError
from .log import RunLog
from .perform import Engine, perform
from .recent import Recent
from .snapshot import Snapshot
from .whole import Vanished, Whole
from .worker import Worker

log = logging.getLogger(__name__)
T = TypeVar("T")

WAIT_STEP = 0.05  # seconds between checks of a waited-for run
RECENT_SHARE = 4  # recent results in memory may take this fraction of the memory budget


class Runner:
    """Runs of one flow. ``source`` returns the flow's current snapshot and ``nodes`` its current
    nodes (None once the flow is gone: queued work for a flow nobody holds is skipped)."""

    def __init__(
        self,
        name: str,
        source: Callable[[], Snapshot | None],
        nodes: Callable[[], Mapping[str, Node] | None],
    ) -> None:
        self.name = name
        self._source = source  # called on the thread that asks for a run
        self._nodes = nodes  # may be called on the worker: reads no data
        self._cache: Cache | None = None
        self._worker: Worker | None = None
        self._listeners: list[Callable[[RunEvent], None]] = []
        self._written: set[str] = set()
        self.last_run: RunLog | None = None
        self._recent = Recent(0)  # the worker's alone (see recent.py)
        self.memory_budget = budget.default_bytes()
        self.counts = Counter()  # rows of each node's result, from development runs

    @property
    def memory_budget(self) -> int:
        return self._memory_budget

    @memory_budget.setter
    def memory_budget(self, value: int) -> None:
        self._memory_budget = value
        self._recent.budget = value // RECENT_SHARE

    # -- the cache ------------------------------------------------------------------------------

    @property
    def cache(self) -> Cache:
        if self._cache is None:
            self._cache = Cache.shared()
        return self._cache

    @cache.setter
    def cache(self, value: Cache | str | os.PathLike[str]) -> None:
        self._cache = value if isinstance(value, Cache) else Cache.shared(value)

    @property
    def written(self) -> set[str]:
        """Cache keys this flow's runs wrote (``clear_cache`` deletes them); add to it."""
        return self._written

    def clear_cache(self, *, everything: bool = False) -> int:
        cache = self.cache
        if everything:
            return cache.clear()
        keys = set(self._written)
        snap = self._snapshot()
        keys.update(snap.keys(list(snap.nodes)).values())
        self._written.clear()
        return cache.clear(keys)

    # -- development mode -----------------------------------------------------------------------

    def preview(
        self, node_id: str, n: int, sample: bool, seed: int, timeout: float | None
    ) -> pl.DataFrame:
        handle = self.preview_async(node_id, n, sample, seed, replaceable=False)
        found: previews.Preview = self.wait(handle, timeout, f"the preview of {node_id}")
        return found.frame

    def preview_ipc(
        self, node_id: str, n: int, sample: bool, seed: int, max_chars: int, timeout: float | None
    ) -> tuple[bytes, dict[str, Any]]:
        handle = self.preview_async(node_id, n, sample, seed, replaceable=False)
        return previews.to_ipc(self.wait(handle, timeout, f"the preview of {node_id}"), max_chars)

    def preview_async(
        self, node_id: str, n: int, sample: bool, seed: int, *, replaceable: bool = True
    ) -> RunHandle:
        snap = self._snapshot()
        if n < 0:
            raise FlowError("n must be 0 or more")
        target = _result_of(snap, node_id, self.name)
        cache = self.cache

        def job(handle: RunHandle) -> previews.Preview:
            for _ in range(3):
                done = self._develop(snap, [target], cache, handle)
                self.counts.record(snap.nodes, handle.nodes.values())
                result = done.results[target]
                if result.plan is not None:  # not cached: stream its first rows
                    rows, total = previews.streamed(result.plan, n), None
                    break
                found = previews.from_cache(cache, result.key, n, sample, seed, self._recent)
                if found is not None:
                    rows, total = found
                    break
            else:
                raise FlowError(f"{snap.describe(node_id)}: its cached result keeps vanishing")
            self._fill(snap, done.inline)
            ms = (handle.elapsed() or 0.0) * 1000
            return previews.Preview(
                node_id, rows, total, result.hit, ms, sample and total is not None, result.note
            )

        return self._submit(
            RunHandle(
                "preview", "development", (target,), job, snap.describe, replaceable=replaceable
            )
        )

    def _develop(
        self,
        snap: Snapshot,
        targets: Sequence[str],
        cache: Cache,
        handle: RunHandle,
        *,
        fuse: bool = True,
    ) -> Developed:
        """``develop`` with this flow's budget and recent results (on the worker)."""
        return develop(
            snap,
            targets,
            cache,
            handle,
            self._written,
            fuse=fuse,
            budget=self.memory_budget,
            recent=self._recent,
        )

    def _fill(self, snap: Snapshot, nodes: tuple[str, ...]) -> None:
        """Queue the materialization of nodes a preview computed inside its target's plan, one
        run each, upstream first; a node edited in the meantime is skipped."""
        if not nodes:
            return
        cache = self.cache

        def fill(nid: str) -> Callable[[RunHandle], None]:
            def job(handle: RunHandle) -> None:
                if not self._wants(snap, nid):
                    raise RunCancelledError(f"{nid} changed since its preview: not cached")
                self._develop(snap, [nid], cache, handle, fuse=False)
                self.counts.record(snap.nodes, handle.nodes.values())

            return job

        for nid in nodes:
            self._submit(RunHandle("fill", "development", (nid,), fill(nid), snap.describe))

    def inspect_async(
        self,
        node_ids: Sequence[str],
        work: Callable[[RunHandle, Mapping[str, Whole]], T],
        *,
        replaceable: bool = True,
    ) -> RunHandle:
        """Run ``work`` on the worker over the whole results of the nodes (an output node: what
        it would write), computed and cached first like a preview's; ``work`` gets them by the
        ids asked for. Goes ahead of queued fills; ``result()`` is what ``work`` returns."""
        snap = self._snapshot()
        wanted = {nid: _result_of(snap, nid, self.name) for nid in node_ids}
        targets = list(dict.fromkeys(wanted.values()))
        cache = self.cache

        def job(handle: RunHandle) -> T:
            for _ in range(3):
                done = self._develop(snap, targets, cache, handle)
                self.counts.record(snap.nodes, handle.nodes.values())
                found = {t: done.results[t] for t in targets}
                wholes = {
                    nid: Whole(nid, found[t].key, cache, found[t].plan, found[t].note)
                    for nid, t in wanted.items()
                }
                try:
                    with cache.pinned(r.key for r in found.values()):
                        value = work(handle, wholes)
                except Vanished:
                    continue
                self._fill(snap, done.inline)
                return value
            raise FlowError(f"{snap.describe(targets[0])}: its cached result keeps vanishing")

        return self._submit(
            RunHandle(
                "inspect",
                "development",
                tuple(targets),
                job,
                snap.describe,
                replaceable=replaceable,
            )
        )

    def inspect(
        self,
        node_ids: Sequence[str],
        work: Callable[[RunHandle, Mapping[str, Whole]], T],
        timeout: float | None,
        what: str,
    ) -> T:
        """``inspect_async``, waited for (``what`` names it in a timeout's message)."""
        found: T = self.wait(self.inspect_async(node_ids, work, replaceable=False), timeout, what)
        return found

    def _wants(self, snap: Snapshot, node_id: str) -> bool:
        """Whether the node and everything above it still compute what they did in ``snap``
        (labels and positions do not count)."""
        now = self._nodes()
        if now is None:
            return False
        for nid in ancestors(snap.nodes, [node_id]):
            current = now.get(nid)
            if current is None or not current.same_work(snap.nodes[nid]):
                return False
        return True

    # -- performance mode -----------------------------------------------------------------------

    def run(self, engine: Engine, timeout: float | None) -> dict[str, Any]:
        done: dict[str, Any] = self.wait(self.run_async(engine), timeout, "the run")
        return done

    def run_async(self, engine: Engine) -> RunHandle:
        snap = self._snapshot()

        def job(handle: RunHandle) -> dict[str, Any]:
            return perform(snap, snap.assign_to, handle, engine)

        targets = tuple(nid for nid, n in snap.nodes.items() if get(n.type).sink is not None)
        return self._submit(RunHandle("run", "performance", targets, job, snap.describe))

    # -- runs -----------------------------------------------------------------------------------

    @property
    def active(self) -> RunHandle | None:
        return None if self._worker is None else self._worker.active

    def on_run(self, callback: Callable[[RunEvent], None]) -> Callable[[], None]:
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    def cancel_all(self) -> int:
        return 0 if self._worker is None else self._worker.cancel_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        return self._worker is None or self._worker.idle(timeout)

    @staticmethod
    def wait(handle: RunHandle, timeout: float | None, what: str) -> Any:
        """Wait for a run, in short steps so an interrupt (the kernel's stop button) is felt at
        once; on timeout or interrupt the run is cancelled and the message says so."""
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while not handle.wait(WAIT_STEP):
                if deadline is not None and time.monotonic() > deadline:
                    handle.cancel()
                    raise RunTimeoutError(
                        f"{what} did not finish within {timeout:g} s and was cancelled; "
                        "pass a longer timeout= for long runs"
                    )
        except KeyboardInterrupt:
            handle.cancel()
            raise
        return handle.result()

    # -- internals ------------------------------------------------------------------------------

    def _snapshot(self) -> Snapshot:
        snap = self._source()
        if snap is None:
            raise FlowError(f"flow '{self.name}' no longer exists")
        return snap

    def _submit(self, handle: RunHandle) -> RunHandle:
        if self._worker is None:
            self._worker = Worker(
                self.name,
                requeue=lambda old: self._submit(old.renewed()),
                wanted=lambda: self._nodes() is not None,
                retire=self._recent.clear,
            )
        listeners = self._listeners

        def relay(event: RunEvent) -> None:
            for callback in list(listeners):
                try:
                    callback(event)
                except Exception:  # one broken listener must not silence the others
                    log.exception("run listener failed on %s", event.kind)

        def finished(h: RunHandle) -> None:
            if h.kind in ("preview", "run"):
                self.last_run = h.log

        handle.subscribe(relay)
        handle.on_finish(finished)
        return self._worker.submit(handle)


def _result_of(snap: Snapshot, node_id: str, flow: str) -> str:
    """The node whose result stands for ``node_id``'s: itself, or for an output node, what it
    would write (its input). Refuses a node that has an error."""
    node = snap.nodes.get(node_id)
    if node is None:
        raise FlowError(f"there is no node '{node_id}' in flow '{flow}'")
    target = node_id
    if get(node.type).sink is not None:  # an output node shows what it would write
        problem = missing_input(node)
        if problem is not None:
            raise FlowError(f"{snap.describe(node_id)}: {problem}")
        target = node.inputs[0] or ""
    _refuse_errors(snap, node_id)
    return target


def _refuse_errors(snap: Snapshot, node_id: str) -> None:
    """Refuse a node with an error, naming the root cause when it is blocked upstream."""
    state = snap.states.get(node_id)
    if state is None or state.error is None:
        return
    message = f"{snap.describe(node_id)}: {state.error}"
    root = snap.states.get(state.blocked_by or "")
    if root is not None and root.error is not None:
        message += f" ({snap.describe(state.blocked_by or '')}: {root.error})"
    raise FlowError(message)

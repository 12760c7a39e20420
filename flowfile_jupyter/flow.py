"""Flow: a graph of Polars operations that predicts every node's schema on every edit."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from types import MappingProxyType
from typing import Any, Literal, ParamSpec, TypeVar

import polars as pl

from . import codegen, deadline, flowfile, graph, placement
from .engine import evaluate as engine
from .engine.cache import Cache
from .engine.changes import SchemaChange, schema_change
from .engine.keys import source_identities
from .engine.predict import repredict
from .engine.sizes import parse_size
from .engine.state import NodeState
from .errors import FlowError, GraphError, NodeError
from .events import EventKind, FlowEvent
from .graph import Edge, Node
from .nodes import get
from .notebook import user_namespace
from .runs import inspect
from .runs import preview as previews
from .runs.counts import RowCounts, row_counts
from .runs.export import Exported, Format
from .runs.handle import RunEvent, RunHandle
from .runs.joins import JoinDiagnostics, Side
from .runs.log import RunLog
from .runs.page import Page, SortKey, sort_keys
from .runs.perform import Engine
from .runs.runner import Runner
from .runs.snapshot import Snapshot
from .targets import program as narwhals_program
from .targets import run as targets
from .targets.engines import ENGINE_NAMES, TargetEngine
from .text_checks import broken_character

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
HISTORY_LIMIT = 200
PREVIEW_TIMEOUT = 600.0  # seconds a blocking preview waits; the canvas never waits at all
RUN_TIMEOUT = 24 * 3600.0


def _locked(method: Callable[P, R]) -> Callable[P, R]:
    """Run a Flow method holding the flow's lock (its first argument is the flow)."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0]._lock:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return run


class Flow:
    """A visual data flow, editable from Python and from the canvas alike.

    Every edit is validated first (a refused edit leaves the flow unchanged), then the edited
    node and what is downstream of it are re-predicted, then subscribers hear a FlowEvent.
    """

    def __init__(
        self,
        name: str = "flow",
        *,
        namespace: MutableMapping[str, Any] | None = None,
        trusted: bool = True,
    ):
        self.name = name
        self._namespace = namespace
        self._trusted = trusted  # built here: yes; loaded from a file: only with trust=True
        self._nodes: dict[str, Node] = {}
        self._states: dict[str, NodeState] = {}
        self._subscribers: list[Callable[[FlowEvent], None]] = []
        self._undo: list[dict[str, Node]] = []
        self._redo: list[dict[str, Node]] = []
        self._batch: list[FlowEvent] | None = None
        self._batch_dirty: set[str] = set()  # predicted once, when the batch ends
        # Edits may come from several threads (the canvas, a cell, a callback): one at a time.
        self._lock = threading.RLock()
        self._runner = Runner(name, *_weak_views(self))

    # -- reading --------------------------------------------------------------------------------

    @property
    def nodes(self) -> Mapping[str, Node]:
        return MappingProxyType(self._nodes)

    @property
    def edges(self) -> list[Edge]:
        return graph.edges(self._nodes)

    @property
    def trusted(self) -> bool:
        """Built here, or loaded with ``trust=True``: its SQL may read files, its polars_code
        nodes run. A flow loaded from a file without trust may read only its declared sources."""
        return self._trusted

    @property
    def namespace(self) -> MutableMapping[str, Any]:
        """Where from_variable / to_variable look: the notebook's namespace when there is one."""
        return self._namespace if self._namespace is not None else user_namespace()

    @property
    def states(self) -> Mapping[str, NodeState]:
        """Every node's predicted state, as a read-only view (what the canvas shows)."""
        return MappingProxyType(self._states)

    @_locked
    def state(self, node_id: str) -> NodeState:
        self._require(node_id)
        return self._states[node_id]

    @_locked
    def schema(self, node_id: str) -> pl.Schema:
        """The node's predicted output schema; raises FlowError when the node has an error."""
        state = self.state(node_id)
        if state.schema is None:
            raise FlowError(f"{self.describe(node_id)}: {state.error}")
        return state.schema

    @property
    def errors(self) -> dict[str, str]:
        """Every node that is invalid now, with a message (blocked nodes name the culprit)."""
        with self._lock:
            return {nid: s.error for nid, s in self._states.items() if s.error is not None}

    def describe(self, node_id: str) -> str:
        """A node's name for messages: what the canvas shows on it (``graph.display_name``)."""
        node = self._nodes.get(node_id)
        return node_id if node is None else graph.display_name(node)

    def leaves(self) -> list[str]:
        """Nodes nothing reads from, upstream first."""
        down = graph.consumers(self._nodes)
        return [nid for nid in graph.topological_order(self._nodes) if not down[nid]]

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __repr__(self) -> str:
        bad = f", {len(self.errors)} with errors" if self.errors else ""
        return f"<Flow {self.name!r}: {len(self._nodes)} nodes{bad}>"

    # -- editing --------------------------------------------------------------------------------

    @_locked
    def add(
        self,
        type: str,
        *inputs: str,
        label: str | None = None,
        position: tuple[float, float] | None = None,
        node_id: str | None = None,
        **settings: Any,
    ) -> str:
        """Add a node with its inputs (in port order) and settings; returns the new node's id."""
        validated = get(type).validate(settings)
        _whole(label or "")
        for src in inputs:
            self._require(src)
        if node_id is not None and node_id in self._nodes:
            raise GraphError(f"there is already a node '{node_id}'")
        nid = node_id or self._new_id(type)
        node = Node(nid, type, validated, tuple(inputs), label or "", self._place(position, inputs))
        graph.check_inputs(self._nodes, node, self.describe)
        node = dataclasses.replace(node, inputs=graph.padded(type, node.inputs))
        self._commit("add", {**self._nodes, nid: node}, dirty={nid}, touched=(nid,))
        return nid

    @_locked
    def update(self, node_id: str, **settings: Any) -> None:
        """Change some settings of a node; the others keep their values."""
        node = self._require(node_id)
        ntype = get(node.type)
        merged = {**node.settings.model_dump(), **settings}
        validated = ntype.validate(merged)
        if validated == node.settings:
            return  # nothing changed: no undo step, no re-prediction, no save
        self._replace(
            "update", Node(node.id, node.type, validated, node.inputs, node.label, node.position)
        )

    @_locked
    def connect(self, source: str, target: str, port: int | None = None) -> None:
        """Feed ``source`` into input ``port`` of ``target`` (the first free one by default)."""
        self._require(source)
        node = self._require(target)
        ntype = get(node.type)
        if source in graph.descendants(self._nodes, [target]):
            raise GraphError(
                f"connecting {self.describe(source)} -> {self.describe(target)} would make a "
                f"cycle: {self.describe(target)} already feeds {self.describe(source)}"
            )
        ports = list(node.inputs)
        if port is None:
            free = [i for i, s in enumerate(ports) if s is None]
            if free:
                port = free[0]
            elif ntype.variadic:
                port = len(ports)
            else:
                raise GraphError(
                    f"every input of {self.describe(target)} is connected; pass port= to "
                    "replace one"
                )
        limit = len(ports) if ntype.variadic else len(ntype.inputs) - 1
        if not 0 <= port <= limit:
            raise GraphError(f"{self.describe(target)} has no input port {port}")
        if port == len(ports):
            ports.append(source)
        else:
            ports[port] = source
        joined = Node(node.id, node.type, node.settings, tuple(ports), node.label, node.position)
        graph.check_inputs(self._nodes, joined, self.describe)
        self._replace("connect", joined)

    @_locked
    def disconnect(self, source: str, target: str, port: int | None = None) -> None:
        """Remove the edge(s) from ``source`` into ``target`` (only ``port`` when given)."""
        node = self._require(target)
        ntype = get(node.type)
        hits = [i for i, s in enumerate(node.inputs) if s == source and port in (None, i)]
        if not hits:
            raise GraphError(f"{self.describe(source)} is not connected to {self.describe(target)}")
        if ntype.variadic:
            ports = tuple(s for i, s in enumerate(node.inputs) if i not in hits)
        else:
            ports = tuple(None if i in hits else s for i, s in enumerate(node.inputs))
        self._replace(
            "disconnect", Node(node.id, node.type, node.settings, ports, node.label, node.position)
        )

    @_locked
    def remove(self, *node_ids: str) -> None:
        """Delete nodes; nodes that read from them lose that input."""
        for nid in node_ids:
            self._require(nid)
        gone = set(node_ids)
        new: dict[str, Node] = {}
        dirty: set[str] = set()
        for nid, node in self._nodes.items():
            if nid in gone:
                continue
            if gone.intersection(node.inputs):
                dirty.add(nid)
                variadic = get(node.type).variadic
                ports = tuple(
                    None if s in gone else s for s in node.inputs if not (variadic and s in gone)
                )
                node = Node(nid, node.type, node.settings, ports, node.label, node.position)
            new[nid] = node
        self._commit("remove", new, dirty=dirty, touched=tuple(node_ids))

    @_locked
    def move(self, node_id: str, x: float, y: float) -> None:
        node = self._require(node_id)
        moved = Node(node.id, node.type, node.settings, node.inputs, node.label, (x, y))
        self._commit("move", {**self._nodes, node_id: moved}, dirty=set(), touched=(node_id,))

    @_locked
    def relabel(self, node_id: str, label: str) -> None:
        """Name a node; the name is used on the canvas and for its variable in generated code."""
        node = self._require(node_id)
        _whole(label)
        renamed = Node(node.id, node.type, node.settings, node.inputs, label, node.position)
        blocked = {nid for nid, s in self._states.items() if s.blocked_by == node_id}  # name it
        self._commit(
            "relabel", {**self._nodes, node_id: renamed}, dirty=blocked, touched=(node_id,)
        )

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group edits into one undo step, one prediction and one event; if anything fails,
        undo them all. Inside a batch, states (``schema``, ``errors``) are those from before it.
        """
        with self._lock:
            yield from self._batched()

    def _batched(self) -> Iterator[None]:
        if self._batch is not None:
            yield
            return
        before = self._nodes
        self._batch, self._batch_dirty = [], set()
        try:
            yield
        except BaseException:
            events, self._batch = self._batch, None
            if events:
                self._restore(before, None, also=self._batch_dirty)
            raise
        events, self._batch = self._batch, None
        if events:
            changed = self._repredict(self._batch_dirty)
            self._push_undo(before)
            self._emit(
                FlowEvent(
                    "batch", tuple(dict.fromkeys(n for e in events for n in e.nodes)), changed
                )
            )

    @_locked
    def undo(self) -> bool:
        """Undo the last edit (or batch); False when there is nothing to undo."""
        if not self._undo:
            return False
        self._redo.append(self._nodes)
        self._restore(self._undo.pop(), "undo")
        return True

    @_locked
    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._nodes)
        self._restore(self._redo.pop(), "redo")
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def subscribe(self, callback: Callable[[FlowEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` after every edit; returns a function that unsubscribes."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    @_locked
    def refresh(self, node_ids: Iterable[str] | None = None) -> None:
        """Predict again (e.g. after a source file or a notebook variable changed)."""
        dirty = set(self._nodes) if node_ids is None else set(node_ids)
        changed = self._repredict(dirty)
        self._emit(FlowEvent("state", tuple(sorted(dirty)), changed))

    # -- running and code -----------------------------------------------------------------------

    def collect(
        self,
        node_id: str | None = None,
        *,
        engine: Engine | TargetEngine = "auto",
        session: Any = None,
    ) -> pl.DataFrame:
        """The node's result (the flow's only leaf by default), run as one lazy plan.

        ``engine="duckdb" | "spark" | "sqlframe"`` runs it there through Narwhals (``session``:
        a SparkSession or SQLFrame session; a local one by default) and returns a Polars frame
        with the predicted types; a node that cannot run there is refused by name.
        """
        if engine in ENGINE_NAMES:
            target = node_id if node_id is not None else self._default_target()
            return targets.collect(self, self._require(target).id, engine, session)
        return self.lazy(node_id).collect(engine=engine)  # type: ignore[arg-type]

    def lazy(self, node_id: str | None = None) -> pl.LazyFrame:
        """The node's whole lazy plan, for composing with more Polars."""
        target = node_id if node_id is not None else self._default_target()
        state = self.state(target)
        if state.error is not None:
            raise FlowError(f"{self.describe(target)}: {state.error}")
        try:
            return engine.frames(self._nodes, [target], self.namespace, label=self.describe)[target]
        except NodeError as exc:
            raise FlowError(str(exc)) from None

    def to_code(
        self,
        node_id: str | None = None,
        *,
        target: Literal["polars", "narwhals"] = "polars",
        engine: TargetEngine = "duckdb",
    ) -> str:
        """A runnable Polars program for the whole flow (or for one node); with
        ``target="narwhals"`` a Narwhals program, run on ``engine``."""
        wanted = None if node_id is None else [self._require(node_id).id]
        if target == "narwhals":
            return narwhals_program.generate(self, wanted, engine).text
        if target != "polars":
            raise FlowError(f"unknown code target '{target}' (polars or narwhals)")
        return codegen.generate(self, wanted).text

    # -- development mode: previews, cached node by node ----------------------------------------

    @property
    def cache(self) -> Cache:
        """Where development-mode results go (shared by flows using the same directory)."""
        return self._runner.cache

    @cache.setter
    def cache(self, value: Cache | str | os.PathLike[str]) -> None:
        self._runner.cache = value

    @property
    def memory_budget(self) -> int:
        """Bytes of memory a development-mode node may grow the kernel by while it computes
        (default a quarter of the machine, or ``$FLOWFILE_JUPYTER_MEMORY``); a node that needs
        more is stopped, not cached, and previewed from its first rows instead."""
        return self._runner.memory_budget

    @memory_budget.setter
    def memory_budget(self, value: int | str) -> None:
        self._runner.memory_budget = parse_size(value)

    def clear_cache(self, *, everything: bool = False) -> int:
        """Delete this flow's cached results (every entry in the cache with ``everything``).

        Returns how many files were deleted.
        """
        return self._runner.clear_cache(everything=everything)

    def preview(
        self,
        node_id: str,
        n: int = 100,
        *,
        sample: bool = False,
        seed: int = 0,
        timeout: float | None = PREVIEW_TIMEOUT,
    ) -> pl.DataFrame:
        """The node's first ``n`` rows (or ``n`` random rows with ``sample=True``, ``seed``).

        Development mode: every node's result is cached (Arrow IPC, by content hash), what is
        cached is read instead of computed again, and the preview is a read of the cache. A
        preview still running after ``timeout`` seconds is cancelled (RunTimeoutError).
        """
        self._require(node_id)
        return self._runner.preview(node_id, n, sample, seed, timeout)

    def preview_ipc(
        self,
        node_id: str,
        n: int = 100,
        *,
        sample: bool = False,
        seed: int = 0,
        max_chars: int = previews.MAX_CHARS,
        timeout: float | None = PREVIEW_TIMEOUT,
    ) -> tuple[bytes, dict[str, Any]]:
        """The preview as Arrow IPC stream bytes for the browser, and its info: rows,
        rows_total, cached, ms, truncated (strings longer than ``max_chars`` are cut)."""
        self._require(node_id)
        return self._runner.preview_ipc(node_id, n, sample, seed, max_chars, timeout)

    def preview_async(
        self, node_id: str, n: int = 100, *, sample: bool = False, seed: int = 0
    ) -> RunHandle:
        """Start a preview on the flow's worker; it supersedes earlier previews. The handle's
        ``result()`` is a ``Preview`` (``.frame``, ``.rows_total``, ``.cached``, ``.ms``)."""
        self._require(node_id)
        return self._runner.preview_async(node_id, n, sample, seed)

    # -- seeing the data: whole results, on the worker (runs/inspect.py) ------------------------

    def profile(self, node_id: str, *, timeout: float | None = PREVIEW_TIMEOUT) -> pl.DataFrame:
        """One row per column of the node's whole result: dtype, nulls, distinct, min, max,
        mean, top values, histogram (see runs/profile.py); computed by Polars over the cached
        result and cached with it."""
        handle = self.profile_async(node_id)
        found = self._runner.wait(handle, timeout, f"the profile of {node_id}")
        frame: pl.DataFrame = found.frame
        return frame

    def profile_async(self, node_id: str) -> RunHandle:
        """Start ``profile()``; the handle's ``result()`` is a ``Profile`` (``.frame``)."""
        self._require(node_id)
        return inspect.profile_of(self._runner, node_id)

    def page(
        self,
        node_id: str,
        offset: int = 0,
        n: int = 100,
        *,
        sort: Sequence[SortKey | str | tuple[str, bool]] | None = None,
        search: str | None = None,
        timeout: float | None = PREVIEW_TIMEOUT,
    ) -> Page:
        """Rows ``offset``..``offset + n`` of the node's whole result, sorted (``"col"`` or
        ``("col", True)`` for descending; nulls last) and searched (rows where any column's
        text contains ``search``, ignoring case), with the number of matching rows."""
        handle = self.page_async(node_id, offset, n, sort=sort, search=search)
        found: Page = self._runner.wait(handle, timeout, f"the rows of {node_id}")
        return found

    def page_async(
        self,
        node_id: str,
        offset: int = 0,
        n: int = 100,
        *,
        sort: Sequence[SortKey | str | tuple[str, bool]] | None = None,
        search: str | None = None,
    ) -> RunHandle:
        columns = self.state(node_id).columns()
        names = None if columns is None else columns[0]
        return inspect.page_of(self._runner, node_id, names, offset, n, sort_keys(sort), search)

    def unmatched(
        self,
        node_id: str,
        side: Side = "left",
        n: int = 100,
        *,
        timeout: float | None = PREVIEW_TIMEOUT,
    ) -> JoinDiagnostics:
        """For a join: how many rows of each input found no partner, and the first ``n``
        unmatched rows of ``side`` (anti-joins on the join's keys over its cached inputs)."""
        handle = self.unmatched_async(node_id, side, n)
        found: JoinDiagnostics = self._runner.wait(handle, timeout, f"the join {node_id}")
        return found

    def unmatched_async(self, node_id: str, side: Side = "left", n: int = 100) -> RunHandle:
        return inspect.unmatched_of(self._runner, self._require(node_id), side, n)

    def export(
        self,
        node_id: str,
        path: str | os.PathLike[str] | None = None,
        *,
        variable: str | None = None,
        format: Format | None = None,
        overwrite: bool = False,
        timeout: float | None = RUN_TIMEOUT,
    ) -> Exported:
        """Write the node's whole result to a CSV or Parquet file (atomically; relative to the
        working directory) or hand it to the notebook as ``variable``."""
        found: Exported = self._runner.wait(
            self.export_async(node_id, path, variable=variable, format=format, overwrite=overwrite),
            timeout,
            f"the export of {node_id}",
        )
        return found

    def export_async(
        self,
        node_id: str,
        path: str | os.PathLike[str] | None = None,
        *,
        variable: str | None = None,
        format: Format | None = None,
        overwrite: bool = False,
    ) -> RunHandle:
        self._require(node_id)
        if (path is None) == (variable is None):
            raise FlowError("export to a path or to a variable (one of them)")
        if variable is not None:
            return inspect.export_to_variable(
                self._runner, node_id, variable, self.namespace, overwrite
            )
        assert path is not None
        return inspect.export_to_file(self._runner, node_id, path, format, overwrite)

    def row_counts(self) -> RowCounts:
        """Rows into and out of each node and along each edge, as development runs found them;
        nodes edited since (or below an edit) have none."""
        nodes = self._nodes
        return row_counts(nodes, self._runner.counts.rows(nodes))

    def schema_change(self, node_id: str) -> SchemaChange | None:
        """What the node does to its first input's columns (added, removed, retyped), from
        prediction; None for sources and nodes with errors."""
        node = self._require(node_id)
        first = node.inputs[0] if node.inputs else None
        return schema_change(self.state(node_id), None if first is None else self.state(first))

    # -- performance mode: one plan ---------------------------------------------------------------

    def run(
        self,
        *,
        engine: Engine | TargetEngine = "auto",
        session: Any = None,
        timeout: float | None = RUN_TIMEOUT,
    ) -> dict[str, Any]:
        """Run every output node (write files, assign variables) as one lazy plan: sinks use
        the streaming engine where Polars supports it; nothing in between is materialized.
        ``engine="duckdb" | "spark" | "sqlframe"``: the outputs are written by that engine. A
        run still going after ``timeout`` seconds is cancelled (RunTimeoutError)."""
        if engine in ENGINE_NAMES:
            return targets.run(self, engine, session)
        return self._runner.run(engine, timeout)  # type: ignore[arg-type]

    def run_async(self, *, engine: Engine = "auto") -> RunHandle:
        """Start ``run()`` on the flow's worker (after whatever is queued); returns its handle."""
        return self._runner.run_async(engine)

    # -- runs -------------------------------------------------------------------------------------

    @property
    def last_run(self) -> RunLog | None:
        """Per-node timings and row counts of the most recent run that ended."""
        return self._runner.last_run

    @property
    def active_run(self) -> RunHandle | None:
        """The run executing now, if any."""
        return self._runner.active

    def on_run(self, callback: Callable[[RunEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` for every event of every run of this flow (on the worker
        thread); returns a function that unsubscribes."""
        return self._runner.on_run(callback)

    def cancel_runs(self) -> int:
        """Cancel what is running and queued for this flow (previews, runs, cache fills)."""
        return self._runner.cancel_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no run is queued or running and the cache has written everything."""
        return self._runner.wait_idle(timeout)

    # -- files ----------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return flowfile.to_dict(self.name, self._nodes)

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        trust: bool = False,
        namespace: MutableMapping[str, Any] | None = None,
    ) -> Flow:
        return cls._from_file(flowfile.from_dict(data, trust=trust), namespace, trust)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the flow as YAML, atomically (a crash never leaves half a file)."""
        flowfile.save(self.name, self._nodes, path)

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        trust: bool = False,
        namespace: MutableMapping[str, Any] | None = None,
    ) -> Flow:
        """Read a flow file. Files with polars_code nodes need ``trust=True``; without it,
        nothing in the file runs code or reads more than its declared sources."""
        return cls._from_file(flowfile.load(path, trust=trust), namespace, trust)

    @classmethod
    def from_code(
        cls, text: str, *, name: str = "flow", namespace: MutableMapping[str, Any] | None = None
    ) -> Flow:
        """A flow from Polars code, read with ``ast`` and never run (fromcode/). What no node
        type reads becomes a polars_code node: the code is trusted as if it were run."""
        from . import fromcode

        flow = cls(name, namespace=namespace)
        flow._restore(fromcode.nodes(text, name=name), None)
        return flow

    def update_from_code(self, text: str) -> bool:
        """Rebuild the flow from its (edited) code as one edit, one undo step; nodes that still
        exist keep their id and position. False when the code describes the flow as it is."""
        from . import fromcode

        return self.replace_nodes(fromcode.rebuild(self._nodes, text, name=self.name))

    def replace_nodes(self, nodes: Mapping[str, Node]) -> bool:
        """Swap in a whole graph as one edit (one undo step, one prediction, one event)."""
        new = dict(nodes)
        for node in new.values():
            graph.check_inputs(new, node, self.describe)
        graph.check_acyclic(new)
        if new == self._nodes:
            return False
        old = self._nodes
        dirty = {nid for nid, n in new.items() if nid not in old or not n.same_work(old[nid])}
        touched = tuple(nid for nid in {**old, **new} if old.get(nid) != new.get(nid))
        self._commit("batch", new, dirty=dirty, touched=touched)
        return True

    @classmethod
    def _from_file(
        cls, loaded: flowfile.Loaded, namespace: MutableMapping[str, Any] | None, trust: bool
    ) -> Flow:
        flow = cls(loaded.name, namespace=namespace, trusted=trust)
        with deadline.total():  # a file's slow nodes must not add up to a frozen kernel
            flow._restore(loaded.nodes, None)
        return flow

    # -- internals ------------------------------------------------------------------------------

    def _require(self, node_id: str) -> Node:
        try:
            return self._nodes[node_id]
        except (KeyError, TypeError):
            raise GraphError(f"there is no node '{node_id}' in flow '{self.name}'") from None

    @_locked
    def _snapshot(self) -> Snapshot:
        """The flow as a run sees it; notebook frames the nodes read are handed over as new
        LazyFrames (see runs/snapshot.py)."""
        namespace = self.namespace
        nodes = self._nodes
        values: dict[str, Any] = {}
        for node in nodes.values():
            reads = get(node.type).reads
            for name in reads(node.settings) if reads is not None else ():
                if name in namespace:
                    value = namespace[name]
                    values[name] = value.lazy() if isinstance(value, pl.DataFrame) else value
        identities = source_identities(nodes, namespace)
        return Snapshot(nodes, dict(self._states), values, identities, namespace)

    def _new_id(self, type: str) -> str:
        taken = set(self._nodes)
        prefix = f"{type}_"  # drop_nulls_1 is not a drop node
        k = 1 + sum(1 for nid in taken if nid.startswith(prefix) and nid[len(prefix) :].isdigit())
        while f"{type}_{k}" in taken:
            k += 1
        return f"{type}_{k}"

    def _place(
        self, position: tuple[float, float] | None, inputs: Iterable[str]
    ) -> tuple[float, float]:
        if position is not None:
            return (float(position[0]), float(position[1]))
        return placement.place(self._nodes, [s for s in inputs if s is not None])

    def _replace(self, kind: EventKind, node: Node) -> None:
        self._commit(kind, {**self._nodes, node.id: node}, dirty={node.id}, touched=(node.id,))

    def _commit(
        self, kind: EventKind, new: dict[str, Node], dirty: set[str], touched: tuple[str, ...]
    ) -> None:
        before = self._nodes
        self._nodes = new
        changed = self._repredict(dirty)
        if self._batch is None:
            self._push_undo(before)
        self._emit(FlowEvent(kind, touched, changed))

    def _push_undo(self, before: dict[str, Node]) -> None:
        self._undo.append(before)
        del self._undo[:-HISTORY_LIMIT]
        self._redo.clear()

    def _restore(
        self, snapshot: dict[str, Node], kind: EventKind | None, also: Iterable[str] = ()
    ) -> None:
        old = self._nodes
        self._nodes = snapshot
        dirty = {nid for nid, n in snapshot.items() if nid not in old or not n.same_work(old[nid])}
        dirty.update(nid for nid in also if nid in snapshot)
        touched = tuple(nid for nid in {**old, **snapshot} if old.get(nid) != snapshot.get(nid))
        changed = self._repredict(dirty)
        if kind is not None:
            self._emit(FlowEvent(kind, touched, changed))

    def _repredict(self, dirty: set[str]) -> tuple[str, ...]:
        if self._batch is not None:  # a batch predicts once, at its end
            self._batch_dirty.update(dirty)
            return ()
        return repredict(
            self._nodes, self._states, dirty, self.namespace, self.describe, self._trusted
        )

    def _emit(self, event: FlowEvent) -> None:
        if self._batch is not None:
            self._batch.append(event)
            return
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:  # a broken subscriber must not break editing
                log.exception("flow subscriber failed on %s", event.kind)

    def _default_target(self) -> str:
        leaves = [nid for nid in self.leaves() if get(self._nodes[nid].type).outputs]
        if len(leaves) == 1:
            return leaves[0]
        if not leaves:
            raise FlowError(f"flow '{self.name}' has no node to collect")
        raise FlowError(
            f"flow '{self.name}' has {len(leaves)} end nodes ({', '.join(leaves)}); "
            "say which one: flow.collect(node_id)"
        )

    def _ipython_display_(self) -> None:
        from IPython import display as ipython_display

        shown: Any = ipython_display  # typed in IPython 9, untyped before
        shown.display(self.canvas())

    def canvas(self, height: int | None = None) -> Any:
        """The inline canvas for this flow (``height``: of its canvas and preview, in pixels)."""
        from .jupyter.widget import FlowWidget

        return FlowWidget(self, height=height)


def _whole(label: str) -> None:
    if broken_character(label) is not None:
        raise FlowError("the label has a broken character (a lone surrogate)")


def _weak_views(
    flow: Flow,
) -> tuple[Callable[[], Snapshot | None], Callable[[], Mapping[str, Node] | None]]:
    """The flow's snapshot and nodes while it exists: its runner must not keep it alive."""
    ref = weakref.ref(flow)

    def snapshot() -> Snapshot | None:
        alive = ref()
        return None if alive is None else alive._snapshot()

    def nodes() -> Mapping[str, Node] | None:
        alive = ref()
        return None if alive is None else alive._nodes

    return snapshot, nodes

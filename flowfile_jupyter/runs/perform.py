"""Performance mode: the whole flow as one lazy plan.

Performance mode builds one lazy plan for the whole flow: every output node's sink, with
``lazy=True``, and the frames that output nodes assign to variables, all handed to one
``pl.collect_all`` so common parts of the plan run once. Nothing in between is materialized.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable, MutableMapping, Sequence
from typing import Any, Literal

import polars as pl

from ..engine import evaluate
from ..errors import FlowError, NodeError, first_line
from ..graph import Node, topological_order
from ..node_globals import node_globals
from ..nodes import get
from .handle import RunCancelledError, RunError, RunHandle
from .snapshot import Snapshot

Engine = Literal["auto", "streaming", "in-memory"]


def perform(
    snap: Snapshot,
    namespace: MutableMapping[str, Any],
    handle: RunHandle,
    engine: Engine = "auto",
) -> dict[str, Any]:
    """Run every output node as one lazy plan; returns what each output produced."""
    nodes = snap.nodes
    outputs = [nid for nid in topological_order(nodes) if get(nodes[nid].type).sink is not None]
    for nid in outputs:
        state = snap.states.get(nid)
        if state is not None and state.error is not None:
            raise FlowError(f"{snap.describe(nid)}: {state.error}")
    handle.plan([(nid, "queued") for nid in outputs])
    if not outputs:
        return {}
    try:
        frames = evaluate.frames(
            nodes, [_source(nodes[nid]) for nid in outputs], snap.namespace, label=snap.describe
        )
    except NodeError as exc:
        raise FlowError(str(exc)) from None
    batch: list[tuple[str, pl.LazyFrame, Callable[[pl.DataFrame], Any] | None]] = []
    alone: list[str] = []
    for nid in outputs:
        node = nodes[nid]
        spec = get(node.type).sink
        assert spec is not None
        call = spec(node.settings).call
        frame = frames[_source(node)]
        lazy_sink = _lazy_sink(call, frame)
        if lazy_sink is not None:
            batch.append((nid, lazy_sink, None))
        elif call.startswith(".collect()"):
            batch.append((nid, frame, _after_collect(call[len(".collect()") :])))
        else:
            alone.append(nid)
    if handle.cancel_requested:
        raise RunCancelledError(f"run {handle.id} was cancelled")
    done: dict[str, Any] = {}
    if batch:
        for nid, _, _ in batch:
            handle.set_node(nid, "running")
        t0 = time.perf_counter()
        try:
            results = _collect_all([lazy for _, lazy, _ in batch], engine, handle)
        except RunCancelledError:
            handle.cancel_remaining()
            raise
        except Exception as exc:
            for nid, _, _ in batch:
                handle.set_node(nid, "error", error=first_line(exc))
            raise RunError(f"running the flow failed: {first_line(exc)}") from None
        ms = (time.perf_counter() - t0) * 1000
        for (nid, _, finish), df in zip(batch, results, strict=True):
            value = None if finish is None else finish(df)
            _assign(nodes[nid], value, namespace)
            done[nid] = value
            handle.set_node(nid, "done", ms=ms, rows=None if finish is None else df.height)
    for nid in alone:
        if handle.cancel_requested:
            raise RunCancelledError(f"run {handle.id} was cancelled")
        handle.set_node(nid, "running")
        t0 = time.perf_counter()
        try:
            done[nid] = evaluate.sink(nodes[nid], frames[_source(nodes[nid])], namespace)
        except Exception as exc:
            message = str(exc) if isinstance(exc, NodeError) else first_line(exc)
            handle.set_node(nid, "error", error=message)
            raise RunError(f"{snap.describe(nid)}: {message}") from None
        handle.set_node(nid, "done", ms=(time.perf_counter() - t0) * 1000)
    return {nid: done[nid] for nid in outputs}


def _collect_all(
    frames: Sequence[pl.LazyFrame], engine: Engine, handle: RunHandle
) -> list[pl.DataFrame]:
    """One plan runs in Polars' background, where cancelling the run interrupts it at the next
    point Polars checks (between operators); several run as one ``collect_all`` (sharing their
    common parts), which Polars 2.1 cannot interrupt."""
    if len(frames) != 1:
        return pl.collect_all(frames, engine=engine)
    query = frames[0].collect(engine=engine, background=True)
    with handle.interrupting(query.cancel):
        try:
            return [query.fetch_blocking()]
        except pl.exceptions.ComputeError:
            if handle.cancel_requested:
                raise RunCancelledError(f"run {handle.id} was cancelled") from None
            raise


def _source(node: Node) -> str:
    src = node.inputs[0] if node.inputs else None
    if src is None:
        raise FlowError(f"{node.id}: its input is not connected")
    return src


def _lazy_sink(call: str, frame: pl.LazyFrame) -> pl.LazyFrame | None:
    """``frame.sink_xxx(..., lazy=True)`` for a sink call, or None when it is something else."""
    try:
        tree = ast.parse("in_0" + call, mode="eval")
    except SyntaxError:
        return None
    body = tree.body
    if not (
        isinstance(body, ast.Call)
        and isinstance(body.func, ast.Attribute)
        and body.func.attr.startswith("sink_")
        and isinstance(body.func.value, ast.Name)
        and not any(k.arg == "lazy" for k in body.keywords)
    ):
        return None
    body.keywords.append(ast.keyword(arg="lazy", value=ast.Constant(True)))
    ast.fix_missing_locations(tree)
    try:
        result = eval(compile(tree, "<sink>", "eval"), node_globals(in_0=frame))
    except TypeError:  # this sink takes no lazy=: run it on its own
        return None
    return result if isinstance(result, pl.LazyFrame) else None


def _after_collect(rest: str) -> Callable[[pl.DataFrame], Any]:
    if not rest:
        return lambda df: df
    code = compile("out" + rest, "<sink>", "eval")
    return lambda df: eval(code, node_globals(out=df))


def _assign(node: Node, value: Any, namespace: MutableMapping[str, Any]) -> None:
    spec = get(node.type).sink
    assert spec is not None
    name = spec(node.settings).assign
    if name is not None:
        namespace[name] = value

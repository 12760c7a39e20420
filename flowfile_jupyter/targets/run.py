"""Running a flow on another engine: each node's Narwhals code, evaluated over the engine's
frames (the same text the Narwhals program holds), and the result handed back as a Polars frame
with the types the canvas predicted.

Engines give some results other types than Polars (a count is Int64, not UInt32; DuckDB sums
integers into a Decimal; Spark has no unsigned integers): the values are the same, and a strict
cast turns them into Polars' types. A value that does not fit is an error, never a silent change.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

import polars as pl

from .. import graph
from ..engine.evaluate import input_names
from ..errors import NODE_FAILURES, FlowError, NodeError, first_line
from ..graph import Node
from ..nodes import get
from .engines import require, session, spec
from .portable import Portability, check


class Target:
    """One flow on one engine: portability checked once, frames built on demand."""

    def __init__(self, flow: Any, engine: str, given_session: Any = None) -> None:
        engine_spec = spec(engine)
        require(engine)
        self.flow = flow
        self.engine = engine
        self.nodes: dict[str, Node] = dict(flow.nodes)
        states = {nid: flow.state(nid) for nid in self.nodes}
        self.portability: Portability = check(
            self.nodes, states, flow.namespace, engine_spec.reader
        )
        self.session = session(engine, given_session)
        self.env: dict[str, Any] = {}
        if engine_spec.reader.session is not None:
            self.env[engine_spec.reader.session] = self.session

    def _failed(self, nid: str, exc: BaseException) -> FlowError:
        return FlowError(f"{self.flow.describe(nid)} on {self.engine}: {first_line(exc)}")

    def refuse(self, wanted: Iterable[str]) -> None:
        for nid in wanted:
            error = self.flow.errors.get(nid)
            if error is not None:
                raise FlowError(f"{self.flow.describe(nid)}: {error}")
        self.portability.refuse(wanted, self.engine, self.flow.describe)

    def frames(self, targets: Iterable[str]) -> dict[str, Any]:
        """Narwhals lazy frames for the targets (and what they need), built once each."""
        import narwhals as nw

        wanted = graph.ancestors(self.nodes, targets)
        self.refuse(graph.topological_order(self.nodes, wanted))
        built: dict[str, Any] = {}
        for nid in graph.topological_order(self.nodes, wanted):
            node = self.nodes[nid]
            problem = graph.missing_input(node)
            if problem is not None:
                raise FlowError(f"{self.flow.describe(nid)}: {problem}")
            inputs = [built[s] for s in node.inputs if s is not None]
            names = input_names(len(inputs))
            code = self.portability.code(node, names)
            env = {"nw": nw, **self.env, **dict(zip(names, inputs, strict=True))}
            try:
                built[nid] = eval(compile(code.text, "<narwhals>", "eval"), env)
            except NODE_FAILURES as exc:
                raise FlowError(
                    f"{self.flow.describe(nid)} on {self.engine}: {first_line(exc)}"
                ) from None
        return built

    def collect(self, node_id: str) -> pl.DataFrame:
        frame = self.frames([node_id])[node_id]
        try:
            result = frame.collect("polars").to_native()
        except NODE_FAILURES as exc:
            raise FlowError(
                f"{self.flow.describe(node_id)} on {self.engine}: {first_line(exc)}"
            ) from None
        return as_polars(result, self.flow.schema(node_id), self.flow.describe(node_id))

    def run(self, namespace: MutableMapping[str, Any]) -> dict[str, Any]:
        """Every output node's effect, on the engine: files written there, variables here."""
        outputs = [
            nid for nid in graph.topological_order(self.nodes) if _is_output(self.nodes, nid)
        ]
        if not outputs:
            raise FlowError(f"flow '{self.flow.name}' has no output node to run")
        self.refuse(outputs)
        results: dict[str, Any] = {}
        for nid in outputs:
            node = self.nodes[nid]
            source = node.inputs[0]
            if source is None:
                raise FlowError(f"{self.flow.describe(nid)}: input 'input' is not connected")
            frame = self.frames([source])[source]
            sink = self.portability.sink(node)
            assert sink is not None
            try:
                value = eval(compile("in_0" + sink.call, "<sink>", "eval"), {"in_0": frame})
            except NODE_FAILURES as exc:
                raise FlowError(
                    f"{self.flow.describe(nid)} on {self.engine}: {first_line(exc)}"
                ) from None
            if sink.assign is not None:
                value = as_polars(value, self.flow.schema(source), self.flow.describe(nid))
                namespace[sink.assign] = value
            results[nid] = value
        return results


def _is_output(nodes: dict[str, Node], nid: str) -> bool:
    return get(nodes[nid].type).sink is not None


def as_polars(frame: pl.DataFrame, schema: pl.Schema, who: str) -> pl.DataFrame:
    """The engine's result with Polars' column types (strict: values must fit exactly)."""
    if frame.columns != schema.names():
        raise FlowError(
            f"{who}: the engine gave the columns {frame.columns}, Polars predicts {schema.names()}"
        )
    try:
        return frame.cast(schema, strict=True)
    except NODE_FAILURES as exc:
        raise FlowError(
            f"{who}: the engine's values do not fit Polars' types: {first_line(exc)}"
        ) from None


def collect(flow: Any, node_id: str, engine: str, given_session: Any = None) -> pl.DataFrame:
    return Target(flow, engine, given_session).collect(node_id)


def run(flow: Any, engine: str, given_session: Any = None) -> dict[str, Any]:
    return Target(flow, engine, given_session).run(flow.namespace)


__all__ = ["NodeError", "Target", "as_polars", "collect", "run"]

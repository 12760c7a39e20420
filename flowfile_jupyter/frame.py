"""A lazy frame that draws itself: Polars' names, and every call is a node of a Flow.

``ff.scan_csv("orders.csv").filter(ff.col("amount") > 100).group_by("region").agg(...)``
builds a flow as it goes (``.flow``, or display the frame for its canvas) and ``collect()``s
like Polars. Expressions are written with ``ff.col``, ``ff.lit``, ``ff.when`` ... which record
the Polars code they stand for; each call is turned into nodes by the same reader that reads
code into flows (fromcode/), so a call no node type reads becomes a polars_code node.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from . import graph
from .errors import FlowError
from .flow import Flow
from .fromcode.chain import PLACEHOLDER
from .fromcode.program import Reader
from .nodes import get


class Expr:
    """Recorded Polars expression code: ``ff.col("a") > 1`` is ``pl.col("a") > 1``."""

    __slots__ = ("_code",)

    def __init__(self, code: str):
        self._code = code

    def __getattr__(self, name: str) -> Expr:
        if name.startswith("__"):
            raise AttributeError(name)
        return Expr(f"{self._code}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Expr:
        return Expr(f"{self._code}({arguments(args, kwargs)})")

    def __getitem__(self, item: Any) -> Expr:
        return Expr(f"{self._code}[{code(item)}]")

    def __repr__(self) -> str:
        return self._code

    def __invert__(self) -> Expr:
        return Expr(f"~({self._code})")

    def __neg__(self) -> Expr:
        return Expr(f"-({self._code})")

    __hash__ = None  # type: ignore[assignment]


def _operator(symbol: str, reflected: bool = False) -> Callable[[Expr, Any], Expr]:
    def apply(self: Expr, other: Any) -> Expr:
        left, right = (code(other), self._code) if reflected else (self._code, code(other))
        return Expr(f"({left} {symbol} {right})")

    return apply


for _name, _symbol in {
    "gt": ">",
    "ge": ">=",
    "lt": "<",
    "le": "<=",
    "eq": "==",
    "ne": "!=",
    "add": "+",
    "sub": "-",
    "mul": "*",
    "truediv": "/",
    "floordiv": "//",
    "mod": "%",
    "pow": "**",
    "and": "&",
    "or": "|",
    "xor": "^",
}.items():
    setattr(Expr, f"__{_name}__", _operator(_symbol))
    if _name not in ("gt", "ge", "lt", "le", "eq", "ne"):
        setattr(Expr, f"__r{_name}__", _operator(_symbol, reflected=True))


def code(value: Any, frames: list[FlowFrame] | None = None) -> str:
    """Python code for an argument; frames become the placeholders of further inputs."""
    if isinstance(value, Expr):
        return value._code
    if isinstance(value, FlowFrame):
        if frames is None:
            raise FlowError("a frame cannot be used inside an expression")
        frames.append(value)
        return PLACEHOLDER.format(len(frames))
    if isinstance(value, pl.Expr):
        raise FlowError(
            "write expressions with ff.col(...), ff.lit(...), ff.when(...): a Polars "
            "expression object cannot be turned back into code"
        )
    if isinstance(value, type) and issubclass(value, pl.DataType):
        return f"pl.{value.__name__}"
    if isinstance(value, pl.DataType):
        return f"pl.{value!r}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(code(v, frames) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{code(k)}: {code(v, frames)}" for k, v in value.items()) + "}"
    raise FlowError(f"cannot write a {type(value).__name__} as Polars code")


def arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any], frames: Any = None) -> str:
    parts = [code(a, frames) for a in args]
    parts += [f"{k}={code(v, frames)}" for k, v in kwargs.items()]
    return ", ".join(parts)


class FlowFrame:
    """A node of a flow, used like a Polars LazyFrame."""

    def __init__(self, flow: Flow, node: str):
        self._flow = flow
        self._node = node

    @property
    def flow(self) -> Flow:
        return self._flow

    @property
    def node(self) -> str:
        return self._node

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def method(*args: Any, **kwargs: Any) -> Any:
            frames: list[FlowFrame] = []
            call = f".{name}({arguments(args, kwargs, frames)})"
            return self._apply(call, frames)

        return method

    def group_by(self, *args: Any, **kwargs: Any) -> GroupBy:
        return GroupBy(self, f".group_by({arguments(args, kwargs)})")

    def group_by_dynamic(self, *args: Any, **kwargs: Any) -> GroupBy:
        return GroupBy(self, f".group_by_dynamic({arguments(args, kwargs)})")

    def lazy(self) -> FlowFrame:
        return self

    def collect(self, **kwargs: Any) -> pl.DataFrame:
        return self._flow.collect(self._node, **kwargs)

    def collect_schema(self) -> pl.Schema:
        return self._flow.schema(self._node)

    @property
    def schema(self) -> pl.Schema:
        return self.collect_schema()

    @property
    def columns(self) -> list[str]:
        return self.collect_schema().names()

    def to_code(self) -> str:
        return self._flow.to_code(self._node)

    def __repr__(self) -> str:
        return f"<FlowFrame {self._node} of {self._flow!r}>"

    def _ipython_display_(self) -> None:
        self._flow._ipython_display_()

    def _apply(self, calls: str, others: list[FlowFrame]) -> Any:
        """Add the nodes ``<this frame><calls>`` stands for; a frame of the last one (None
        for an output node, as Polars' sinks return nothing)."""
        flow = self._flow
        env = {PLACEHOLDER.format(0): self._node}
        for i, other in enumerate(others, start=1):
            env[PLACEHOLDER.format(i)] = _adopt(flow, other)
        source = PLACEHOLDER.format(0) + calls
        reader = Reader(source, name=flow.name, env=env, taken=set(flow.nodes))
        result = reader.value(ast.parse(source, mode="eval").body, None)
        with flow.batch():
            for d in reader.drafts:
                values = d.settings.model_dump()
                flow.add(d.type, *d.inputs, node_id=d.id, label=d.label or None, **values)
        if result is None or result not in flow.nodes:
            raise FlowError(f"could not read {calls[:60]}")
        if get(flow.nodes[result].type).sink is not None:
            return None
        return FlowFrame(flow, result)


class GroupBy:
    """``frame.group_by(...)``: waits for ``.agg(...)``."""

    def __init__(self, frame: FlowFrame, call: str):
        self._frame = frame
        self._call = call

    def agg(self, *args: Any, **kwargs: Any) -> FlowFrame:
        result: FlowFrame = self._frame._apply(f"{self._call}.agg({arguments(args, kwargs)})", [])
        return result

    def len(self) -> FlowFrame:
        return self.agg(Expr("pl.len()"))


def _adopt(flow: Flow, frame: FlowFrame) -> str:
    """The node of ``frame`` in ``flow``: copied over, with what it reads, from another flow."""
    if frame.flow is flow:
        return frame.node
    other = frame.flow
    ids: dict[str, str] = {}
    with flow.batch():
        for nid in graph.topological_order(other.nodes, graph.ancestors(other.nodes, [frame.node])):
            node = other.nodes[nid]
            inputs = [ids[s] for s in node.inputs if s is not None]
            values = node.settings.model_dump()
            ids[nid] = flow.add(node.type, *inputs, label=node.label or None, **values)
    return ids[frame.node]


def source(function: str, suffix: str = "") -> Callable[..., FlowFrame]:
    """``ff.<function>(...)``: a new flow (or ``flow=``) starting with that Polars source."""

    def start(*args: Any, flow: Flow | None = None, **kwargs: Any) -> FlowFrame:
        target = flow if flow is not None else Flow("flow")
        frames: list[FlowFrame] = []
        text = f"pl.{function}({arguments(args, kwargs, frames)}){suffix}"
        env = {PLACEHOLDER.format(i): _adopt(target, f) for i, f in enumerate(frames, start=1)}
        reader = Reader(text, name=target.name, env=env, taken=set(target.nodes))
        result = reader.value(ast.parse(text, mode="eval").body, None)
        if result is None:
            raise FlowError(f"pl.{function}(...) is not a source a flow can read")
        with target.batch():
            for d in reader.drafts:
                values = d.settings.model_dump()
                target.add(d.type, *d.inputs, node_id=d.id, label=d.label or None, **values)
        return FlowFrame(target, result)

    start.__name__ = function
    start.__doc__ = f"Like ``pl.{function}``, as the first node of a flow."
    return start


polars = Expr("pl")  # any other pl function: ff.polars.len(), ff.polars.concat_str(...)
col = Expr("pl.col")
lit = Expr("pl.lit")
when = Expr("pl.when")

scan_csv = source("scan_csv")
scan_parquet = source("scan_parquet")
scan_ipc = source("scan_ipc")
scan_ndjson = source("scan_ndjson")
read_json = source("read_json", ".lazy()")
read_excel = source("read_excel", ".lazy()")
LazyFrame = source("LazyFrame")
concat = source("concat")

"""The inline canvas: an anywidget bound to a Flow, which stays the single source of truth.

Graph state travels as traitlets (so a canvas that mounts late still sees everything); edits
arrive as custom messages, are validated against the protocol (``protocol.py``) and go through
the same Flow calls as Python edits, so a refused edit from the browser leaves the flow in its
last valid state and comes back as a notice.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

import anywidget
import traitlets
from pydantic import ValidationError

from ..engine.state import NodeState
from ..errors import FlowError, SettingsError, first_line
from ..events import FlowEvent
from ..flow import Flow
from ..nodes import get
from ..runs import preview as previews
from ..runs.handle import RunCancelledError, RunEvent, RunHandle
from . import bound, portability
from . import catalog as catalog_payload
from . import completions as completions_payload
from . import protocol as p
from ._frontend import STATIC
from .encode import JsonPieces, encode
from .memo import IdentityMemo

log = logging.getLogger(__name__)
# Canvas and preview together, with the toolbar and status line: about 650 px, so both show at
# once in a notebook on a 900 px high screen.
DEFAULT_HEIGHT = 580
_UNBUILT = """export default { render({ el }) {
  el.textContent = "flowfile-jupyter: the canvas was not built. Reinstall with pip install .";
} };"""


def _graph_to_json(graph: dict[str, Any], widget: FlowWidget) -> bytes:
    if not graph:
        return b""  # before the first sync: the canvas shows an empty flow
    nodes = widget._wire["nodes"].sequence(graph["nodes"])
    return b'{"nodes":' + nodes + b',"edges":' + encode(graph["edges"]) + b"}"


def _states_to_json(states: dict[str, Any], widget: FlowWidget) -> bytes:
    return widget._wire["states"].mapping(states)


class FlowWidget(anywidget.AnyWidget):
    """The canvas. ``graph`` and ``states`` reach the browser as JSON bytes (see ``wire``)."""

    _esm = STATIC / "widget.js" if (STATIC / "widget.js").exists() else _UNBUILT
    _css = STATIC / "widget.css" if (STATIC / "widget.css").exists() else ""

    flow_name = traitlets.Unicode("").tag(sync=True)
    catalog: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    completions = traitlets.Dict().tag(sync=True)
    graph = traitlets.Dict().tag(sync=True, to_json=_graph_to_json)
    states = traitlets.Dict().tag(sync=True, to_json=_states_to_json)
    height = traitlets.Int(DEFAULT_HEIGHT).tag(sync=True)
    code = traitlets.Unicode("").tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)
    can_redo = traitlets.Bool(False).tag(sync=True)
    # the engine the flow is meant for ("": Polars), and each node that cannot run there
    target_engine = traitlets.Unicode("").tag(sync=True)
    not_portable = traitlets.Dict().tag(sync=True)

    def __init__(self, flow: Flow, height: int | None = None, **kwargs: Any) -> None:
        self._wire = {"nodes": JsonPieces(), "states": JsonPieces()}
        self._nodes: IdentityMemo[p.NodePayload] = IdentityMemo()
        self._states: IdentityMemo[p.StatePayload] = IdentityMemo()
        self._schemas: IdentityMemo[p.Columns | None] = IdentityMemo()
        super().__init__(
            flow_name=flow.name,
            catalog=catalog_payload.payload(),
            completions=completions_payload.payload(),
            height=DEFAULT_HEIGHT if height is None else height,
            **kwargs,
        )
        self.flow = flow
        self._sync()
        ref = weakref.ref(self)

        def on_event(event: FlowEvent) -> None:
            widget = ref()
            if widget is not None:
                widget._sync()

        def on_run(event: RunEvent) -> None:
            widget = ref()
            if widget is not None and event.kind == "node" and event.node is not None:
                run = event.node
                progress: p.ProgressMessage = {
                    "kind": "progress",
                    "id": run.node_id,
                    "status": run.status,
                    "rows": run.rows,
                    "ms": run.ms,
                }
                widget.send(progress)

        self._unsubscribe = flow.subscribe(on_event)
        self._unsubscribe_runs = flow.on_run(on_run)
        self.on_msg(self._on_msg)

    # -- kernel -> canvas -------------------------------------------------------------------------

    def _sync(self) -> None:
        """Send the flow's state; payloads of unchanged nodes are reused, not rebuilt."""
        flow = self.flow
        with self.hold_sync():  # one message: the canvas never sees a node without its state
            self.graph = {
                "nodes": [self._nodes.get(n, p.node_payload) for n in flow.nodes.values()],
                "edges": [
                    {"source": e.source, "target": e.target, "port": e.port} for e in flow.edges
                ],
            }
            self.states = {
                nid: self._states.get(flow.state(nid), self._state_payload) for nid in flow.nodes
            }
            self.can_undo, self.can_redo = flow.can_undo, flow.can_redo
            self.not_portable = portability.payload(flow, self.target_engine)
        for memo in (self._nodes, self._states, self._schemas):
            memo.next_round()

    def _state_payload(self, state: NodeState) -> p.StatePayload:
        """Nodes that keep their input's columns share its zero-row frame: and its schema."""
        frame = state.frame
        schema = (
            p.schema_payload(state)
            if frame is None
            else self._schemas.get(frame, lambda _: p.schema_payload(state))
        )
        return p.state_payload(state, schema)

    @traitlets.observe("target_engine")
    def _engine_chosen(self, change: dict[str, Any]) -> None:
        self.not_portable = portability.payload(self.flow, change["new"])

    def refresh_code(self) -> str:
        """Generate the flow's code now (on request only: never on the edit path)."""
        self.code = bound.cell_code(self.flow) if len(self.flow) else ""
        return self.code

    def notice(self, message: str, level: str = "error") -> None:
        notice: p.NoticeMessage = {
            "kind": "notice",
            "level": "info" if level == "info" else "error",
            "message": message,
        }
        self.send(notice)

    # -- canvas -> kernel -------------------------------------------------------------------------

    def _on_msg(self, _: Any, content: Any, buffers: list[bytes]) -> None:
        kind = content.get("kind") if isinstance(content, dict) else None
        if not isinstance(kind, str):
            self.notice("ignored a malformed message from the canvas")
            return
        if kind not in p.KINDS:
            self.notice(f"unknown canvas request '{kind[:40]}'")
            return
        try:
            request = p.REQUEST.validate_python(content)
        except ValidationError as exc:
            self.notice(f"malformed '{kind}' request: {_first_problem(exc)}")
            return
        try:
            _HANDLERS[kind](self, request)
        except FlowError as exc:
            self._refuse(request, str(exc), exc.fields if isinstance(exc, SettingsError) else {})
        except Exception as exc:  # the kernel must survive anything the browser sends
            log.exception("canvas request failed")
            self._refuse(request, f"{kind} failed: {first_line(exc)}", {})

    def _refuse(self, request: Any, message: str, fields: dict[str, str]) -> None:
        """An edit that asked for an answer gets it (its form shows why); others get a notice."""
        request_id = getattr(request, "request_id", None)
        if isinstance(request, p.EditRequest) and request_id is not None:
            answer: p.RefusedAnswer = {
                "kind": "refused",
                "request_id": request_id,
                "message": message,
                "fields": fields,
            }
            self.send(answer)
        else:
            self.notice(message)

    def close(self) -> None:
        self._unsubscribe()
        self._unsubscribe_runs()
        super().close()


def _first_problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(x) for x in err["loc"][1:])  # the first is the request kind
    return f"{where}: {err['msg']}" if where else err["msg"]


# -- message handlers: one per request kind ---------------------------------------------------


def _add(w: FlowWidget, m: p.AddRequest) -> None:
    inputs = [m.after] if m.after and get(m.type).inputs else []
    position = None if m.position is None else (m.position.x, m.position.y)
    w.flow.add(m.type, *inputs, position=position)


def _layout(w: FlowWidget, m: p.LayoutRequest) -> None:
    with w.flow.batch():
        for nid, xy in m.positions.items():
            w.flow.move(nid, xy.x, xy.y)


def _paste(w: FlowWidget, m: p.PasteRequest) -> None:
    with w.flow.batch():
        ids = [
            w.flow.add(n.type, label=n.label, position=(n.position.x, n.position.y), **n.settings)
            for n in m.nodes
        ]
        for e in m.edges:
            if e.source_index >= len(ids) or e.target_index >= len(ids):
                raise FlowError("a pasted edge refers to a node that was not pasted")
            w.flow.connect(ids[e.source_index], ids[e.target_index], e.port)


def _batch(w: FlowWidget, m: p.BatchRequest) -> None:
    with w.flow.batch():
        for edit in m.edits:
            _HANDLERS[edit.kind](w, edit)


def _preview(w: FlowWidget, m: p.PreviewRequest) -> None:
    """Start the preview on the flow's worker (one run at a time, newer previews supersede older
    ones) and answer when it ends; the kernel's main thread never waits for data."""
    reply: p.PreviewAnswer = {
        "kind": "preview",
        "request_id": m.request_id,
        "id": m.id,
        "error": None,
    }
    try:
        handle = w.flow.preview_async(m.id, min(m.n, 10_000), sample=m.sample)
    except FlowError as exc:  # the node has an error: say so in the preview, not as a toast
        w.send({**reply, "error": str(exc)})
        return

    def answer(done: RunHandle) -> None:
        try:
            # a frame read for this preview alone (runs/preview.py): no other thread has it
            data, info = previews.to_ipc(done.result())
        except RunCancelledError:
            w.send({**reply, "error": "cancelled"})
            return
        except Exception as exc:
            w.send({**reply, "error": first_line(exc)})
            return
        w.send({**reply, **info}, [data])

    handle.on_finish(answer)


def _code(w: FlowWidget, m: p.CodeRequest) -> None:
    answer: p.CodeAnswer = {"kind": "code", "request_id": m.request_id, "code": w.refresh_code()}
    w.send(answer)


def _undo(w: FlowWidget, m: p.UndoRequest) -> None:
    if not w.flow.undo():
        w.notice("nothing to undo", "info")


def _redo(w: FlowWidget, m: p.RedoRequest) -> None:
    if not w.flow.redo():
        w.notice("nothing to redo", "info")


_HANDLERS: dict[str, Callable[[FlowWidget, Any], object]] = {
    "code": _code,
    "add": _add,
    "update": lambda w, m: w.flow.update(m.id, **m.settings),
    "move": lambda w, m: w.flow.move(m.id, m.position.x, m.position.y),
    "layout": _layout,
    "connect": lambda w, m: w.flow.connect(m.source, m.target, m.port),
    "disconnect": lambda w, m: w.flow.disconnect(m.source, m.target, m.port),
    "remove": lambda w, m: w.flow.remove(*m.ids),
    "relabel": lambda w, m: w.flow.relabel(m.id, m.label),
    "paste": _paste,
    "batch": _batch,
    "undo": _undo,
    "redo": _redo,
    "preview": _preview,
    "cancel": lambda w, m: w.flow.cancel_runs(),
    "resize": lambda w, m: setattr(w, "height", max(200, min(m.height, 4000))),
    "engine": lambda w, m: setattr(w, "target_engine", m.engine),
}

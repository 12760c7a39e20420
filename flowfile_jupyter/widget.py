"""The inline canvas: an anywidget bound to a Flow, which stays the single source of truth.

Graph state travels as traitlets (so a canvas that mounts late still sees everything); edits
arrive as custom messages and go through the same Flow calls as Python edits, so a refused edit
from the browser leaves the flow in its last valid state and comes back as a notice.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

from . import catalog_payload
from . import preview as previews
from ._frontend import STATIC
from .errors import FlowError
from .events import FlowEvent
from .expressions import first_line
from .flow import Flow
from .graph import Node
from .memo import IdentityMemo
from .nodes import get
from .runs import RunCancelledError, RunEvent, RunHandle
from .state import NodeState
from .wire import JsonPieces, encode

log = logging.getLogger(__name__)
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
    graph = traitlets.Dict().tag(sync=True, to_json=_graph_to_json)
    states = traitlets.Dict().tag(sync=True, to_json=_states_to_json)
    height = traitlets.Int(520).tag(sync=True)
    code = traitlets.Unicode("").tag(sync=True)
    can_undo = traitlets.Bool(False).tag(sync=True)
    can_redo = traitlets.Bool(False).tag(sync=True)

    def __init__(self, flow: Flow, height: int = 520, **kwargs: Any) -> None:
        self._wire = {"nodes": JsonPieces(), "states": JsonPieces()}
        self._nodes: IdentityMemo[dict[str, Any]] = IdentityMemo()
        self._states: IdentityMemo[dict[str, Any]] = IdentityMemo()
        self._schemas: IdentityMemo[list[list[str]] | None] = IdentityMemo()
        super().__init__(
            flow_name=flow.name, catalog=catalog_payload.payload(), height=height, **kwargs
        )
        self.flow = flow
        self._code_timer: threading.Timer | None = None
        self._code_live = False  # the code panel has been opened: keep `code` current
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
                widget.send(
                    {
                        "kind": "progress",
                        "id": run.node_id,
                        "status": run.status,
                        "rows": run.rows,
                        "ms": run.ms,
                    }
                )

        self._unsubscribe = flow.subscribe(on_event)
        self._unsubscribe_runs = flow.on_run(on_run)
        self.on_msg(self._on_msg)

    # -- kernel -> canvas -------------------------------------------------------------------------

    def _sync(self) -> None:
        """Send the flow's state; payloads of unchanged nodes are reused, not rebuilt."""
        flow = self.flow
        with self.hold_sync():  # one message: the canvas never sees a node without its state
            self.graph = {
                "nodes": [self._nodes.get(n, node_payload) for n in flow.nodes.values()],
                "edges": [
                    {"source": e.source, "target": e.target, "port": e.port} for e in flow.edges
                ],
            }
            self.states = {
                nid: self._states.get(flow.state(nid), self._state_payload) for nid in flow.nodes
            }
            self.can_undo, self.can_redo = flow.can_undo, flow.can_redo
        for memo in (self._nodes, self._states, self._schemas):
            memo.next_round()
        if self._code_live:
            self._schedule_code()

    def _state_payload(self, state: NodeState) -> dict[str, Any]:
        """Nodes that keep their input's columns share its zero-row frame: and its schema."""
        frame = state.frame
        schema = (
            schema_payload(state)
            if frame is None
            else self._schemas.get(frame, lambda _: schema_payload(state))
        )
        return state_payload(state, schema)

    def refresh_code(self) -> str:
        """Generate the flow's code now and keep the ``code`` trait equal to it."""
        if self._code_timer is not None:
            self._code_timer.cancel()
            self._code_timer = None
        self.code = self.flow.to_code() if len(self.flow) else ""
        return self.code

    def _schedule_code(self) -> None:
        """Code is generated after a quiet moment, never on the edit path of a large flow."""
        if self._code_timer is not None:
            self._code_timer.cancel()
        self._code_timer = threading.Timer(0.3, self.refresh_code)
        self._code_timer.daemon = True
        self._code_timer.start()

    def notice(self, message: str, level: str = "error") -> None:
        self.send({"kind": "notice", "level": level, "message": message})

    # -- canvas -> kernel -------------------------------------------------------------------------

    def _on_msg(self, _: Any, content: Any, buffers: list[bytes]) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("kind"), str):
            self.notice("ignored a malformed message from the canvas")
            return
        handler = _HANDLERS.get(content["kind"])
        if handler is None:
            self.notice(f"unknown canvas request '{content['kind']}'")
            return
        try:
            handler(self, content)
        except FlowError as exc:
            self.notice(str(exc))
        except (KeyError, TypeError, ValueError) as exc:
            self.notice(f"malformed '{content['kind']}' request: {exc}")
        except Exception as exc:  # the kernel must survive anything the browser sends
            log.exception("canvas request failed")
            self.notice(f"{content['kind']} failed: {exc}")

    def close(self) -> None:
        self._unsubscribe()
        self._unsubscribe_runs()
        super().close()


def node_payload(n: Node) -> dict[str, Any]:
    return {
        "id": n.id,
        "type": n.type,
        "label": n.label,
        "settings": n.settings.model_dump(mode="json"),
        "position": {"x": n.position[0], "y": n.position[1]},
    }


def schema_payload(state: NodeState) -> list[list[str]] | None:
    columns = state.columns()
    return None if columns is None else [[c, str(t)] for c, t in zip(*columns, strict=True)]


def state_payload(state: NodeState, schema: list[list[str]] | None) -> dict[str, Any]:
    """A node's status for the canvas; the canvas finds its input columns from the edges."""
    return {
        "status": state.status,
        "error": state.error,
        "schema": schema,
        "rows": None,
        "ms": None,
    }


# -- message handlers: one per request kind ---------------------------------------------------


def _xy(value: Any) -> tuple[float, float]:
    return (float(value["x"]), float(value["y"]))


def _add(w: FlowWidget, m: dict[str, Any]) -> None:
    after = m.get("after")
    inputs = [after] if after and get(str(m["type"])).inputs else []
    w.flow.add(str(m["type"]), *inputs, position=_xy(m["position"]) if m.get("position") else None)


def _update(w: FlowWidget, m: dict[str, Any]) -> None:
    settings = m["settings"]
    if not isinstance(settings, dict):
        raise TypeError("settings must be an object")
    w.flow.update(str(m["id"]), **settings)


def _layout(w: FlowWidget, m: dict[str, Any]) -> None:
    with w.flow.batch():
        for nid, xy in dict(m["positions"]).items():
            w.flow.move(str(nid), *_xy(xy))


def _paste(w: FlowWidget, m: dict[str, Any]) -> None:
    with w.flow.batch():
        ids = [
            w.flow.add(
                str(n["type"]),
                label=str(n.get("label") or ""),
                position=_xy(n["position"]),
                **dict(n.get("settings") or {}),
            )
            for n in m["nodes"]
        ]
        for e in m.get("edges", []):
            w.flow.connect(ids[int(e["source_index"])], ids[int(e["target_index"])], int(e["port"]))


def _preview(w: FlowWidget, m: dict[str, Any]) -> None:
    """Start the preview on the flow's worker (one run at a time, newer previews supersede older
    ones) and answer when it ends; the kernel's main thread never waits for data."""
    nid, request = str(m["id"]), m.get("request_id")
    n = max(1, min(int(m.get("n", 100)), 10_000))
    reply: dict[str, Any] = {"kind": "preview", "request_id": request, "id": nid}
    try:
        handle = w.flow.preview_async(nid, n, sample=bool(m.get("sample", False)))
    except FlowError as exc:  # the node has an error: say so in the preview, not as a toast
        w.send({**reply, "error": str(exc)})
        return

    def answer(done: RunHandle) -> None:
        try:
            data, info = previews.to_ipc(done.result())
        except RunCancelledError:
            w.send({**reply, "error": "cancelled"})
            return
        except Exception as exc:
            w.send({**reply, "error": first_line(exc)})
            return
        w.send({**reply, "error": None, **info}, [data])

    handle.on_finish(answer)


def _cancel(w: FlowWidget) -> None:
    w.flow.cancel_runs()


def _code(w: FlowWidget, m: dict[str, Any]) -> None:
    w._code_live = True
    w.send({"kind": "code", "request_id": m.get("request_id"), "code": w.refresh_code()})


_HANDLERS: dict[str, Callable[[FlowWidget, dict[str, Any]], None]] = {
    "code": _code,
    "add": _add,
    "update": _update,
    "move": lambda w, m: w.flow.move(str(m["id"]), *_xy(m["position"])),
    "layout": _layout,
    "connect": lambda w, m: w.flow.connect(str(m["source"]), str(m["target"]), int(m["port"])),
    "disconnect": lambda w, m: w.flow.disconnect(
        str(m["source"]), str(m["target"]), None if m.get("port") is None else int(m["port"])
    ),
    "remove": lambda w, m: w.flow.remove(*[str(i) for i in m["ids"]]),
    "relabel": lambda w, m: w.flow.relabel(str(m["id"]), str(m["label"])),
    "paste": _paste,
    "undo": lambda w, m: None if w.flow.undo() else w.notice("nothing to undo", "info"),
    "redo": lambda w, m: None if w.flow.redo() else w.notice("nothing to redo", "info"),
    "preview": _preview,
    "cancel": lambda w, m: _cancel(w),
    "resize": lambda w, m: setattr(w, "height", max(200, min(int(m["height"]), 4000))),
}

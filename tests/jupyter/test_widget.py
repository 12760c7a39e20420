"""The canvas's kernel side, without a browser: traits follow the flow, messages edit it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets.widget import _remove_buffers

from flowfile_jupyter import Flow
from flowfile_jupyter.jupyter.bound import cell_code
from flowfile_jupyter.jupyter.widget import FlowWidget


class Recording(FlowWidget):
    """Keeps what the kernel sends to the canvas, as the browser would receive it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sent: list[tuple[dict[str, Any], list[bytes]]] = []
        super().__init__(*args, **kwargs)

    def send(self, content: Any, buffers: Any = None) -> None:
        self.sent.append((content, list(buffers or [])))

    def request(self, **content: Any) -> None:
        self._on_msg(self, content, [])

    def notices(self) -> list[str]:
        return [c["message"] for c, _ in self.sent if c.get("kind") == "notice"]


@pytest.fixture
def flow(data_dir: Path) -> Flow:
    f = Flow("demo", namespace={})
    src = f.add("read_csv", path=str(data_dir / "orders.csv"))
    f.add("filter", src, expr='pl.col("amount") > 100')
    return f


def test_traits_describe_the_flow(flow: Flow) -> None:
    w = Recording(flow)
    assert w.flow_name == "demo"
    assert [n["id"] for n in w.graph["nodes"]] == ["read_csv_1", "filter_1"]
    assert w.graph["edges"] == [{"source": "read_csv_1", "target": "filter_1", "port": 0}]
    assert w.states["filter_1"]["status"] == "valid"
    assert ("amount", "Float64") in w.states["filter_1"]["schema"]
    w.request(kind="code", request_id="r1")
    reply = [c for c, _ in w.sent if c.get("kind") == "code"][-1]
    assert reply["request_id"] == "r1"
    assert reply["code"] == cell_code(flow) == w.code  # the code, marked with its flow
    assert "pl.scan_csv(" in reply["code"]
    types = {entry["type"]: entry for entry in w.catalog}
    assert types["join"]["inputs"] == ["left", "right"]
    assert types["write_csv"]["outputs"] == 0
    assert types["filter"]["settings_schema"]["properties"]["expr"]["anyOf"][0]["x-expression"]


def wire(w: FlowWidget) -> dict[str, Any]:
    """The state as the browser receives it: JSON next to binary buffers, decoded."""
    state, paths, buffers = _remove_buffers(w.get_state())
    for path, buffer in zip(paths, buffers, strict=True):
        assert len(path) == 1, "large traits travel as one buffer each"
        state[path[0]] = json.loads(bytes(buffer))
    return state


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def test_graph_and_states_reach_the_browser_as_json_buffers(flow: Flow) -> None:
    w = Recording(flow)
    received = wire(w)
    assert received["states"] == as_json(w.states) and received["graph"] == w.graph
    flow.relabel("read_csv_1", "Orders ü")
    flow.update("filter_1", expr='pl.col("nope") > 1')
    received = wire(w)
    assert received["states"]["filter_1"]["status"] == "error"
    assert received["states"] == as_json(w.states) and received["graph"] == w.graph
    flow.remove("filter_1")
    assert set(wire(w)["states"]) == {"read_csv_1"}


def test_python_edits_reach_every_canvas(flow: Flow) -> None:
    a, b = Recording(flow), Recording(flow)
    g = flow.add("group_by", "filter_1", by=["region"])
    for w in (a, b):
        assert g in {n["id"] for n in w.graph["nodes"]}
        assert w.states[g]["status"] == "valid"
    flow.update("filter_1", expr='pl.col("nope") > 1')
    assert a.states["filter_1"]["status"] == "error"
    assert "nope" in a.states["filter_1"]["error"]
    assert b.states[g]["status"] == "blocked"


def test_canvas_edits_reach_python_and_other_canvases(flow: Flow) -> None:
    a, b = Recording(flow), Recording(flow)
    a.request(kind="add", type="group_by", position={"x": 500, "y": 0}, after="filter_1")
    assert "group_by_1" in flow
    assert flow.nodes["group_by_1"].inputs == ("filter_1",)
    assert flow.nodes["group_by_1"].position == (500.0, 0.0)
    a.request(kind="update", id="group_by_1", settings={"by": ["region"]})
    assert flow.errors == {}
    assert b.states["group_by_1"]["schema"] == [("region", "String"), ("len", "UInt32")]
    a.request(kind="move", id="group_by_1", position={"x": 1, "y": 2})
    assert b.graph["nodes"][-1]["position"] == {"x": 1.0, "y": 2.0}
    a.request(kind="relabel", id="group_by_1", label="By region")
    assert flow.nodes["group_by_1"].label == "By region"
    a.request(kind="disconnect", source="filter_1", target="group_by_1", port=0)
    assert b.states["group_by_1"]["status"] == "error"
    a.request(kind="connect", source="filter_1", target="group_by_1", port=0)
    assert b.states["group_by_1"]["status"] == "valid"
    a.request(kind="undo")
    assert b.states["group_by_1"]["status"] == "error"
    assert a.can_redo
    a.request(kind="redo")
    a.request(kind="remove", ids=["group_by_1"])
    assert "group_by_1" not in flow
    assert a.notices() == []


def test_layout_and_paste_are_one_undo_step(flow: Flow) -> None:
    w = Recording(flow)
    w.request(
        kind="layout", positions={"read_csv_1": {"x": 0, "y": 0}, "filter_1": {"x": 9, "y": 9}}
    )
    w.request(
        kind="paste",
        nodes=[
            {
                "type": "filter",
                "label": "",
                "settings": {"expr": "pl.lit(True)"},
                "position": {"x": 0, "y": 300},
            },
            {
                "type": "group_by",
                "label": "copy",
                "settings": {"by": ["region"]},
                "position": {"x": 260, "y": 300},
            },
        ],
        edges=[{"source_index": 0, "target_index": 1, "port": 0}],
    )
    assert len(flow) == 4
    assert flow.nodes["group_by_1"].inputs == ("filter_2",)
    w.request(kind="undo")
    assert len(flow) == 2
    w.request(kind="undo")
    assert flow.nodes["filter_1"].position != (9.0, 9.0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            {"kind": "add", "type": "no_such_node", "position": {"x": 0, "y": 0}},
            "unknown node type 'no_such_node'",
        ),
        (
            {"kind": "update", "id": "filter_1", "settings": {"operator": "~~"}},
            "filter: operator: Input should be",
        ),
        (
            {"kind": "update", "id": "filter_1", "settings": "oops"},
            "malformed 'update' request: settings",
        ),
        ({"kind": "update", "id": "nope", "settings": {}}, "there is no node 'nope'"),
        (
            {"kind": "connect", "source": "filter_1", "target": "read_csv_1", "port": 0},
            "would make a cycle",
        ),
        ({"kind": "move", "id": "filter_1"}, "malformed 'move' request"),
        ({"kind": "explode_kernel"}, "unknown canvas request 'explode_kernel'"),
        ({"nothing": True}, "ignored a malformed message"),
        (
            {
                "kind": "paste",
                "nodes": [
                    {"type": "filter", "position": {"x": 0, "y": 0}},
                    {"type": "bogus", "position": {"x": 0, "y": 0}},
                ],
            },
            "unknown node type 'bogus'",
        ),
    ],
)
def test_bad_requests_become_notices_and_change_nothing(
    flow: Flow, content: dict[str, Any], message: str
) -> None:
    w = Recording(flow)
    before = flow.to_dict()
    w._on_msg(w, content, [])
    assert any(message in n for n in w.notices()), w.notices()
    assert flow.to_dict() == before


def test_closed_canvas_stops_listening(flow: Flow) -> None:
    w = Recording(flow)
    w.close()
    flow.add("filter", "filter_1", expr="pl.lit(True)")
    assert len(w.graph["nodes"]) == 2


def test_preview_answers_with_arrow_ipc_off_the_main_thread(flow: Flow) -> None:
    import polars as pl

    w = Recording(flow)
    w.request(kind="preview", id="filter_1", n=2, request_id="p1")
    assert flow.wait_idle(30)
    deadline = __import__("time").monotonic() + 10
    replies: list[tuple[dict[str, Any], list[bytes]]] = []
    while not replies and __import__("time").monotonic() < deadline:
        replies = [(c, b) for c, b in w.sent if c.get("kind") == "preview"]
    content, buffers = replies[0]
    assert content["request_id"] == "p1" and content["error"] is None
    assert content["rows_total"] == flow.collect("filter_1").height
    frame = pl.read_ipc_stream(buffers[0])
    assert frame.equals(flow.collect("filter_1").head(2))
    progress = [c for c, _ in w.sent if c.get("kind") == "progress"]
    assert {c["id"] for c in progress} >= {"filter_1"}


def test_preview_of_a_node_with_an_error_says_why(flow: Flow) -> None:
    w = Recording(flow)
    flow.update("filter_1", expr='pl.col("nope") > 1')
    w.request(kind="preview", id="filter_1", n=5, request_id="p2")
    (content,) = [c for c, _ in w.sent if c.get("kind") == "preview"]
    assert 'unable to find column "nope"' in content["error"]
    w.request(kind="cancel")
    assert w.notices() == []

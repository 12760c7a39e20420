"""The widget protocol is declared once, in protocol.py: the TypeScript types are generated from
it, the widget's traits and messages are what it declares, and a batch is one edit."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from pydantic import TypeAdapter

from flowfile_jupyter import Flow
from flowfile_jupyter.events import FlowEvent
from flowfile_jupyter.jupyter import protocol as p
from flowfile_jupyter.jupyter import typescript
from flowfile_jupyter.jupyter.autosave import Autosave
from flowfile_jupyter.jupyter.widget import _HANDLERS, FlowWidget

from .test_widget import Recording

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT / "js" / "protocol"


def test_the_schema_file_is_protocol_py() -> None:
    committed = (PROTOCOL / "schema.json").read_text()
    assert committed == typescript.text(), (
        "js/protocol/schema.json is stale: run "
        "python -m flowfile_jupyter.jupyter.typescript > js/protocol/schema.json "
        "&& npm run protocol"
    )


def test_the_typescript_types_are_generated_from_protocol_py(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules").exists():
        pytest.fail("node and node_modules are needed: pip install builds the front end")
    schema = tmp_path / "schema.json"
    schema.write_text(typescript.text())
    result = subprocess.run(
        [node, str(PROTOCOL / "generate.mjs"), "--check", str(schema)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, "js/protocol/generated.ts is stale: run npm run protocol"


def test_the_front_end_uses_only_the_generated_protocol() -> None:
    """No hand-written copy of a message type can drift: widget code imports the protocol."""
    handwritten = []
    for path in (ROOT / "js").rglob("*.ts*"):
        if "protocol" in path.parts or path.name.endswith(".test.ts"):
            continue
        text = path.read_text()
        for name in ("interface PreviewAnswer", "interface NoticeMessage", "type OutgoingMessage"):
            if name in text:
                handwritten.append(f"{path.relative_to(ROOT)}: {name}")
    assert handwritten == []
    assert not (ROOT / "js" / "types.ts").exists()


def test_synced_traits_are_the_declared_ones(data_dir: Path) -> None:
    flow = Flow("demo", namespace={})
    flow.add("read_csv", path=str(data_dir / "orders.csv"))
    w = FlowWidget(flow)
    synced = {n for n in w.trait_names(sync=True) if not n.startswith("_")}
    synced -= {n for n in FlowWidget.__base__().class_trait_names(sync=True)}
    assert synced == set(p.Traits.__annotations__)
    TypeAdapter(p.CatalogEntry).validate_python(w.catalog[0])
    TypeAdapter(p.Completions).validate_python(w.completions)
    TypeAdapter(p.GraphPayload).validate_python(w.graph)
    TypeAdapter(dict[str, p.StatePayload]).validate_python(w.states)


def test_every_request_kind_has_one_handler() -> None:
    assert set(_HANDLERS) == p.KINDS


def _conforms(message: dict[str, Any]) -> None:
    """The message is one of the declared shapes, with no key the declaration lacks."""
    declared = {
        get_type_hints(t, include_extras=True)["kind"].__args__[0]: t
        for t in p.Message.__args__  # type: ignore[attr-defined]
    }
    shape = TypeAdapter(declared[message["kind"]])
    schema = shape.json_schema()
    assert set(message) <= set(schema["properties"]), (message["kind"], message)
    assert set(schema["required"]) <= set(message), message
    shape.validate_python(message)


@pytest.fixture
def flow(data_dir: Path) -> Flow:
    f = Flow("demo", namespace={})
    src = f.add("read_csv", path=str(data_dir / "orders.csv"))
    f.add("filter", src, expr='pl.col("amount") > 100')
    f.add("group_by", "filter_1", by=["region"])
    return f


def test_every_message_the_kernel_sends_is_declared(flow: Flow) -> None:
    w = Recording(flow)
    w.request(kind="code", request_id="c")
    w.request(kind="preview", id="filter_1", n=3, request_id="p")
    w.request(kind="preview", id="nope", request_id="q")
    w.request(kind="update", id="filter_1", settings={"operator": "~"}, request_id="u")
    w.request(kind="undo")
    w.request(kind="explode")
    assert flow.wait_idle(30)
    kinds = {c["kind"] for c, _ in w.sent}
    assert {"code", "preview", "refused", "notice", "progress"} <= kinds
    for content, _ in w.sent:
        _conforms(content)


def test_a_refused_edit_with_a_request_id_answers_its_form(flow: Flow) -> None:
    w = Recording(flow)
    before = flow.to_dict()
    w.request(
        kind="update",
        id="group_by_1",
        settings={"aggs": [{"column": "", "agg": "sum"}]},
        request_id="form-1",
    )
    (answer,) = [c for c, _ in w.sent if c["kind"] == "refused"]
    assert answer["request_id"] == "form-1"
    assert "aggs.0.column" in answer["fields"]
    assert "at least 1 character" in answer["fields"]["aggs.0.column"]
    assert w.notices() == []  # a form's problem is never a notice
    assert flow.to_dict() == before


def test_reconnecting_an_edge_is_one_undo_step_one_prediction_one_save(
    flow: Flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = flow.add("read_csv", path=flow.nodes["read_csv_1"].settings.path, label="Other")  # type: ignore[attr-defined]
    w = Recording(flow)
    events: list[FlowEvent] = []
    flow.subscribe(events.append)
    saved = threading.Event()
    saves: list[Path] = []
    autosave = Autosave(flow, tmp_path / "demo.flowfile.yaml", delay=0.05)
    original = Flow.save

    def counting_save(self: Flow, path: Any) -> None:
        saves.append(Path(path))
        original(self, path)
        saved.set()

    monkeypatch.setattr(Flow, "save", counting_save)
    predictions: list[set[str]] = []
    real = Flow._repredict

    def counting_repredict(self: Flow, dirty: set[str]) -> tuple[str, ...]:
        if self._batch is None:
            predictions.append(set(dirty))
        return real(self, dirty)

    monkeypatch.setattr(Flow, "_repredict", counting_repredict)
    w.request(
        kind="batch",
        edits=[
            {"kind": "disconnect", "source": "read_csv_1", "target": "filter_1", "port": 0},
            {"kind": "connect", "source": second, "target": "filter_1", "port": 0},
        ],
    )
    assert flow.nodes["filter_1"].inputs == (second,)
    assert [e.kind for e in events] == ["batch"]
    assert len(predictions) == 1
    assert saved.wait(5)
    autosave.stop()
    assert len(saves) == 2  # the debounced save after the batch, and stop()'s flush
    flow.undo()
    assert flow.nodes["filter_1"].inputs == ("read_csv_1",)
    assert flow.errors == {}


def test_a_batch_with_a_refused_edit_applies_none(flow: Flow) -> None:
    w = Recording(flow)
    before = flow.to_dict()
    w.request(
        kind="batch",
        request_id="b",
        edits=[
            {"kind": "remove", "ids": ["group_by_1"]},
            {"kind": "connect", "source": "filter_1", "target": "read_csv_1", "port": 0},
        ],
    )
    assert flow.to_dict() == before
    assert "group_by_1" in flow and flow.errors == {}
    (answer,) = [c for c, _ in w.sent if c["kind"] == "refused"]
    assert "no input port" in answer["message"] or "cycle" in answer["message"]
    assert not flow.can_undo or flow.to_dict() == before


def test_deleting_a_selection_is_one_undo_step(flow: Flow) -> None:
    w = Recording(flow)
    other = flow.add("head", "read_csv_1", n=5)
    steps = len(flow._undo)
    w.request(
        kind="batch",
        edits=[
            {"kind": "remove", "ids": ["group_by_1"]},
            {"kind": "disconnect", "source": "read_csv_1", "target": other, "port": 0},
        ],
    )
    assert "group_by_1" not in flow
    assert flow.nodes[other].inputs == (None,)
    assert len(flow._undo) == steps + 1
    flow.undo()
    assert "group_by_1" in flow and flow.nodes[other].inputs == ("read_csv_1",)


def test_messages_name_nodes_as_the_canvas_does(flow: Flow) -> None:
    w = Recording(flow)
    flow.update("filter_1", expr='pl.col("nope") > 1')
    assert w.states["group_by_1"]["error"] == "blocked by 'Filter 1': fix that node first"
    names = {n["id"]: n["name"] for n in w.graph["nodes"]}
    assert names["filter_1"] == "Filter 1"
    flow.relabel("filter_1", "Big orders")
    assert w.states["group_by_1"]["error"] == "blocked by 'Big orders': fix that node first"
    assert {n["id"]: n["name"] for n in w.graph["nodes"]}["filter_1"] == "Big orders"


@pytest.mark.parametrize(
    ("edits", "why"),
    [
        ([{"kind": "move", "id": "filter_1", "position": {"x": 1, "y": 1}}] * 20_000, "too_long"),
        ([{"kind": "undo"}], "union_tag_invalid"),
        ([{"kind": "batch", "edits": [{"kind": "remove", "ids": ["filter_1"]}]}], "union_tag"),
        ([{"kind": "add", "type": "filter"}], "union_tag_invalid"),
        ("remove everything", "list_type"),
    ],
)
def test_a_hostile_batch_changes_nothing_and_answers_fast(flow: Flow, edits: Any, why: str) -> None:
    """Only plain edits go in a batch (no undo, no nesting, no adds), and not without limit."""
    from pydantic import ValidationError

    w = Recording(flow)
    before, steps = flow.to_dict(), len(flow._undo)
    t0 = time.perf_counter()
    w.request(kind="batch", edits=edits, request_id="x")
    assert time.perf_counter() - t0 < 2.0
    assert flow.to_dict() == before and len(flow._undo) == steps
    (notice,) = w.notices()
    assert notice.startswith("malformed 'batch' request")
    with pytest.raises(ValidationError) as raised:
        p.REQUEST.validate_python({"kind": "batch", "edits": edits})
    assert why in {e["type"] for e in raised.value.errors()} or why in str(raised.value)

"""The widget protocol: every message and payload between the kernel and the canvas, typed.

Requests from the browser cross a trust boundary, so each is a pydantic model (unknown kinds,
missing fields and wrong types are refused before anything touches the flow). Traits and
replies the kernel sends are TypedDicts. ``js/protocol/generated.ts`` is generated from this
module (``typescript.py`` writes the JSON schema, ``npm run protocol`` turns it into
TypeScript), and a test fails when the two drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from typing_extensions import NotRequired, TypedDict

from ..engine.changes import SchemaChange
from ..engine.state import NodeState
from ..graph import Node, display_name
from ..runs.counts import RowCounts
from ..runs.log import NodeStatus

# -- canvas -> kernel ---------------------------------------------------------------------------

Id = Annotated[str, Field(min_length=1, max_length=200)]
RequestId = Annotated[str, Field(max_length=200)]
Rows = Annotated[int, Field(ge=1, le=10_000)]
Coordinate = Annotated[float, Field(allow_inf_nan=False, ge=-1e7, le=1e7)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class EditRequest(_Request):
    """An edit of the flow. With a ``request_id``, a refused edit is answered with a
    ``refused`` message to that request (the form that sent it shows why) instead of a notice.
    """

    request_id: RequestId | None = None


class XY(_Request):
    x: Coordinate
    y: Coordinate


class AddRequest(EditRequest):
    kind: Literal["add"]
    type: Id
    position: XY | None = None
    after: Id | None = None


class UpdateRequest(EditRequest):
    kind: Literal["update"]
    id: Id
    settings: dict[str, Any]


class MoveRequest(EditRequest):
    kind: Literal["move"]
    id: Id
    position: XY


class LayoutRequest(EditRequest):
    kind: Literal["layout"]
    positions: dict[Id, XY]


class ConnectRequest(EditRequest):
    kind: Literal["connect"]
    source: Id
    target: Id
    port: Annotated[int, Field(ge=0, le=10_000)]


class DisconnectRequest(EditRequest):
    kind: Literal["disconnect"]
    source: Id
    target: Id
    port: Annotated[int, Field(ge=0, le=10_000)] | None = None


class RemoveRequest(EditRequest):
    kind: Literal["remove"]
    ids: list[Id]


class RelabelRequest(EditRequest):
    kind: Literal["relabel"]
    id: Id
    label: Annotated[str, Field(max_length=200)]


class PasteNode(_Request):
    type: Id
    label: Annotated[str, Field(max_length=200)] = ""
    settings: dict[str, Any] = Field(default_factory=dict)
    position: XY


class PasteEdge(_Request):
    source_index: Annotated[int, Field(ge=0)]
    target_index: Annotated[int, Field(ge=0)]
    port: Annotated[int, Field(ge=0, le=10_000)]


class PasteRequest(EditRequest):
    kind: Literal["paste"]
    nodes: Annotated[list[PasteNode], Field(max_length=1000)]
    edges: Annotated[list[PasteEdge], Field(max_length=10_000)] = Field(default_factory=list)


Edit = Annotated[
    UpdateRequest
    | MoveRequest
    | ConnectRequest
    | DisconnectRequest
    | RemoveRequest
    | RelabelRequest,
    Field(discriminator="kind"),
]


class BatchRequest(EditRequest):
    """Several edits as one: one undo step, one prediction, one save (re-plugging an edge,
    deleting a selection). If one edit is refused, none is applied."""

    kind: Literal["batch"]
    edits: Annotated[list[Edit], Field(min_length=1, max_length=10_000)]


class UndoRequest(_Request):
    kind: Literal["undo"]


class RedoRequest(_Request):
    kind: Literal["redo"]


class PreviewRequest(_Request):
    kind: Literal["preview"]
    id: Id
    n: Annotated[int, Field(ge=1)] = 100
    request_id: RequestId | None = None
    sample: bool = False


class CancelRequest(_Request):
    kind: Literal["cancel"]


class CodeRequest(_Request):
    kind: Literal["code"]
    request_id: RequestId | None = None


class ResizeRequest(_Request):
    kind: Literal["resize"]
    height: int


class ProfileRequest(_Request):
    """Column profiles of the node's whole result (answered with Arrow IPC)."""

    kind: Literal["profile"]
    id: Id
    request_id: RequestId | None = None


class SortColumn(_Request):
    column: Annotated[str, Field(min_length=1, max_length=10_000)]
    descending: bool = False


class PageRequest(_Request):
    """Rows ``offset``.. of the node's whole result, sorted and searched by Polars."""

    kind: Literal["page"]
    id: Id
    offset: Annotated[int, Field(ge=0, le=2**62)] = 0
    n: Rows = 100
    sort: Annotated[list[SortColumn], Field(max_length=16)] = Field(default_factory=list)
    search: Annotated[str, Field(max_length=1000)] = ""
    request_id: RequestId | None = None


class UnmatchedRequest(_Request):
    """A join's unmatched rows: counts for both sides, the first rows of ``side``."""

    kind: Literal["unmatched"]
    id: Id
    side: Literal["left", "right"] = "left"
    n: Rows = 100
    request_id: RequestId | None = None


class ExportRequest(_Request):
    """Write the node's whole result to a file (``path``) or a notebook variable (``name``)."""

    kind: Literal["export"]
    id: Id
    to: Literal["csv", "parquet", "variable"]
    path: Annotated[str, Field(min_length=1, max_length=4096)] | None = None
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    overwrite: bool = False
    request_id: RequestId | None = None


class EngineRequest(_Request):
    """Show which nodes cannot run on this engine ("" : Polars, every node can)."""

    kind: Literal["engine"]
    engine: Literal["", "duckdb", "spark", "sqlframe"]


Request = Annotated[
    AddRequest
    | UpdateRequest
    | MoveRequest
    | LayoutRequest
    | ConnectRequest
    | DisconnectRequest
    | RemoveRequest
    | RelabelRequest
    | PasteRequest
    | BatchRequest
    | UndoRequest
    | RedoRequest
    | PreviewRequest
    | CancelRequest
    | CodeRequest
    | ResizeRequest
    | EngineRequest
    | ProfileRequest
    | PageRequest
    | UnmatchedRequest
    | ExportRequest,
    Field(discriminator="kind"),
]
REQUEST: TypeAdapter[Request] = TypeAdapter(Request)
KINDS: frozenset[str] = frozenset(REQUEST.json_schema()["discriminator"]["mapping"])

# -- kernel -> canvas: traits -------------------------------------------------------------------


class PositionPayload(TypedDict):
    x: float
    y: float


class NodePayload(TypedDict):
    id: str
    type: str
    label: str
    name: str  # what the canvas and every message call the node (graph.display_name)
    settings: dict[str, Any]
    position: PositionPayload


class EdgePayload(TypedDict):
    source: str
    target: str
    port: int


class GraphPayload(TypedDict):
    nodes: list[NodePayload]
    edges: list[EdgePayload]


Columns = list[tuple[str, str]]  # [[column, dtype], ...] on the wire
Status = Literal["valid", "error", "blocked"]


class ChangesPayload(TypedDict):
    """What a node does to its first input's columns; ``retyped``: [column, before, after]."""

    added: list[str]
    removed: list[str]
    retyped: list[list[str]]


class StatePayload(TypedDict):
    status: Status
    error: str | None
    schema: Columns | None
    rows: int | None
    ms: float | None
    changes: ChangesPayload | None  # None: nothing to compare (a source, or an error)


class NodeRowsPayload(TypedDict):
    rows_in: list[int | None]  # per input port
    rows_out: int | None
    change: int | None  # rows added (+) or removed (-) against the first input


class EdgeRowsPayload(TypedDict):
    source: str
    target: str
    port: int
    rows: int


class RowCountsPayload(TypedDict):
    """The ``row_counts`` trait: counts from development runs, only where known."""

    nodes: dict[str, NodeRowsPayload]
    edges: list[EdgeRowsPayload]


Category = Literal["input", "transform", "combine", "aggregate", "output"]


class CatalogEntry(TypedDict):
    type: str  # also the Polars verb the node stands for, shown beside its title
    label: str  # the type's one display name
    category: Category
    description: str
    inputs: list[str]
    variadic: bool
    outputs: int
    settings_schema: dict[str, Any]
    defaults: dict[str, Any]


class Completion(TypedDict):
    name: str
    info: str


class Completions(TypedDict):
    """What the expression editor may suggest: ``pl.`` functions, expression methods, and
    the methods of each namespace (``.str``, ``.dt``...)."""

    functions: list[Completion]
    methods: list[Completion]
    namespaces: dict[str, list[Completion]]


class Traits(TypedDict):
    """The widget's synced traits (``graph`` and ``states`` travel as JSON bytes)."""

    flow_name: str
    catalog: list[CatalogEntry]
    completions: Completions
    graph: GraphPayload
    states: dict[str, StatePayload]
    height: int
    code: str
    can_undo: bool
    can_redo: bool
    # the engine the flow is meant for ("": Polars), and why each node cannot run there
    target_engine: str
    not_portable: dict[str, str]
    row_counts: RowCountsPayload  # from development runs, only where known


def node_payload(n: Node) -> NodePayload:
    return {
        "id": n.id,
        "type": n.type,
        "label": n.label,
        "name": display_name(n),
        "settings": n.settings.model_dump(mode="json"),
        "position": {"x": n.position[0], "y": n.position[1]},
    }


def schema_payload(state: NodeState) -> Columns | None:
    columns = state.columns()
    return None if columns is None else [(c, str(t)) for c, t in zip(*columns, strict=True)]


def state_payload(
    state: NodeState, schema: Columns | None, changes: SchemaChange | None = None
) -> StatePayload:
    """A node's status for the canvas; the canvas finds its input columns from the edges."""
    return {
        "status": cast(Status, state.status),
        "error": state.error,
        "schema": schema,
        "rows": None,
        "ms": None,
        "changes": None if changes is None else changes_payload(changes),
    }


_UNCHANGED: ChangesPayload = {"added": [], "removed": [], "retyped": []}


def changes_payload(change: SchemaChange) -> ChangesPayload:
    if change.unchanged:
        return _UNCHANGED  # one object: its JSON is encoded once (never mutate a payload)
    return {
        "added": list(change.added),
        "removed": list(change.removed),
        "retyped": [list(r) for r in change.retyped],
    }


def row_counts_payload(counts: RowCounts) -> RowCountsPayload:
    return {
        "nodes": {
            nid: {"rows_in": list(r.rows_in), "rows_out": r.rows_out, "change": r.change}
            for nid, r in counts.nodes.items()
        },
        "edges": [
            {"source": e.source, "target": e.target, "port": e.port, "rows": e.rows}
            for e in counts.edges
        ],
    }


# -- kernel -> canvas: messages -----------------------------------------------------------------


class NoticeMessage(TypedDict):
    """An event worth a line at the bottom of the canvas (never a form's validation)."""

    kind: Literal["notice"]
    level: Literal["error", "info"]
    message: str


class RefusedAnswer(TypedDict):
    """An edit sent with a ``request_id`` was refused; the flow is unchanged. ``fields`` maps
    setting paths (``aggs.2.column``; "" for the whole) to their problem."""

    kind: Literal["refused"]
    request_id: str
    message: str
    fields: dict[str, str]


class ProgressMessage(TypedDict):
    kind: Literal["progress"]
    id: str
    status: NodeStatus
    rows: int | None
    ms: float | None


class CodeAnswer(TypedDict):
    kind: Literal["code"]
    request_id: str | None
    code: str
    # the text of the cell the flow was last rebuilt from: that cell may be replaced in place
    absorbed: str | None


class PreviewAnswer(TypedDict):
    """A preview's rows come as one Arrow IPC buffer beside this message; ``error`` is set and
    the rest absent when there are none."""

    kind: Literal["preview"]
    request_id: str | None
    id: str
    error: str | None
    node: NotRequired[str]
    rows: NotRequired[int]
    rows_total: NotRequired[int | None]  # None: the result was not cached, so not counted
    cached: NotRequired[bool]
    ms: NotRequired[float]
    sample: NotRequired[bool]
    truncated: NotRequired[bool]
    bytes: NotRequired[int]
    max_chars: NotRequired[int]
    note: NotRequired[str | None]  # e.g. why the result was not cached


class ProfileAnswer(TypedDict):
    """Column profiles of the node's whole result as an Arrow IPC buffer (runs/profile.py has
    its columns); ``error`` is set and the rest absent when there are none."""

    kind: Literal["profile"]
    request_id: str | None
    id: str
    error: str | None
    node: NotRequired[str]
    columns: NotRequired[int]
    rows_total: NotRequired[int | None]
    cached: NotRequired[bool]
    ms: NotRequired[float]
    note: NotRequired[str | None]
    bytes: NotRequired[int]
    max_chars: NotRequired[int]


class _RowsOfWholeResult(TypedDict):
    """What an answer with rows from a node's whole cached result says about them (the rows
    come as Arrow IPC in the message buffer; all absent when ``error`` is set)."""

    node: NotRequired[str]
    rows: NotRequired[int]
    rows_total: NotRequired[int]
    cached: NotRequired[bool]
    ms: NotRequired[float]
    sample: NotRequired[bool]
    note: NotRequired[str | None]
    truncated: NotRequired[bool]
    bytes: NotRequired[int]
    max_chars: NotRequired[int]


class PageAnswer(_RowsOfWholeResult):
    """``matching`` rows match the search; these are the ones from ``offset``."""

    kind: Literal["page"]
    request_id: str | None
    id: str
    error: str | None
    offset: NotRequired[int]
    matching: NotRequired[int]


class UnmatchedAnswer(_RowsOfWholeResult):
    """The first unmatched rows of ``side``; counts for both sides."""

    kind: Literal["unmatched"]
    request_id: str | None
    id: str
    error: str | None
    side: NotRequired[Literal["left", "right"]]
    left_rows: NotRequired[int]
    right_rows: NotRequired[int]
    left_unmatched: NotRequired[int]
    right_unmatched: NotRequired[int]


class ExportAnswer(TypedDict):
    kind: Literal["export"]
    request_id: str | None
    id: str
    error: str | None
    node: NotRequired[str]
    rows: NotRequired[int]
    to: NotRequired[Literal["csv", "parquet", "variable"]]
    path: NotRequired[str | None]  # absolute
    name: NotRequired[str | None]
    ms: NotRequired[float]


Message = (
    NoticeMessage
    | RefusedAnswer
    | ProgressMessage
    | CodeAnswer
    | PreviewAnswer
    | ProfileAnswer
    | PageAnswer
    | UnmatchedAnswer
    | ExportAnswer
)

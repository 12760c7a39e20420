"""The widget protocol: every message and payload between the kernel and the canvas, typed.

Requests from the browser cross a trust boundary, so each is a pydantic model (unknown kinds,
missing fields and wrong types are refused before anything touches the flow). Traits and
replies the kernel sends are TypedDicts. ``js/protocol/`` holds the same shapes in TypeScript;
a test checks the two against each other through the JSON schema of ``Request`` and the
TypedDicts' fields.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ..engine.changes import SchemaChange
from ..engine.state import NodeState
from ..graph import Node
from ..runs.counts import RowCounts

# -- canvas -> kernel ---------------------------------------------------------------------------

Id = Annotated[str, Field(min_length=1, max_length=200)]
RequestId = Annotated[str, Field(max_length=200)]
Rows = Annotated[int, Field(ge=1, le=10_000)]
Coordinate = Annotated[float, Field(allow_inf_nan=False, ge=-1e7, le=1e7)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class XY(_Request):
    x: Coordinate
    y: Coordinate


class AddRequest(_Request):
    kind: Literal["add"]
    type: Id
    position: XY | None = None
    after: Id | None = None


class UpdateRequest(_Request):
    kind: Literal["update"]
    id: Id
    settings: dict[str, Any]


class MoveRequest(_Request):
    kind: Literal["move"]
    id: Id
    position: XY


class LayoutRequest(_Request):
    kind: Literal["layout"]
    positions: dict[Id, XY]


class ConnectRequest(_Request):
    kind: Literal["connect"]
    source: Id
    target: Id
    port: Annotated[int, Field(ge=0, le=10_000)]


class DisconnectRequest(_Request):
    kind: Literal["disconnect"]
    source: Id
    target: Id
    port: Annotated[int, Field(ge=0, le=10_000)] | None = None


class RemoveRequest(_Request):
    kind: Literal["remove"]
    ids: list[Id]


class RelabelRequest(_Request):
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


class PasteRequest(_Request):
    kind: Literal["paste"]
    nodes: Annotated[list[PasteNode], Field(max_length=1000)]
    edges: Annotated[list[PasteEdge], Field(max_length=10_000)] = Field(default_factory=list)


class UndoRequest(_Request):
    kind: Literal["undo"]


class RedoRequest(_Request):
    kind: Literal["redo"]


class PreviewRequest(_Request):
    kind: Literal["preview"]
    id: Id
    n: Annotated[int, Field(ge=1)] = 100
    request_id: Annotated[str, Field(max_length=200)] | None = None
    sample: bool = False


class CancelRequest(_Request):
    kind: Literal["cancel"]


class CodeRequest(_Request):
    kind: Literal["code"]
    request_id: Annotated[str, Field(max_length=200)] | None = None


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
    settings: dict[str, Any]
    position: PositionPayload


class EdgePayload(TypedDict):
    source: str
    target: str
    port: int


class GraphPayload(TypedDict):
    nodes: list[NodePayload]
    edges: list[EdgePayload]


Columns = list[list[str]]  # [[column, dtype], ...]
Status = Literal["valid", "error", "blocked"]


class ChangesPayload(TypedDict):
    """What a node does to its first input's columns; ``retyped``: [column, before, after]."""

    added: list[str]
    removed: list[str]
    retyped: list[list[str]]


class StatePayload(TypedDict):
    status: str
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


def node_payload(n: Node) -> NodePayload:
    return {
        "id": n.id,
        "type": n.type,
        "label": n.label,
        "settings": n.settings.model_dump(mode="json"),
        "position": {"x": n.position[0], "y": n.position[1]},
    }


def schema_payload(state: NodeState) -> Columns | None:
    columns = state.columns()
    return None if columns is None else [[c, str(t)] for c, t in zip(*columns, strict=True)]


def state_payload(
    state: NodeState, schema: Columns | None, changes: SchemaChange | None = None
) -> StatePayload:
    """A node's status for the canvas; the canvas finds its input columns from the edges."""
    return {
        "status": state.status,
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
    kind: Literal["notice"]
    level: Literal["error", "info"]
    message: str


class ProgressMessage(TypedDict):
    kind: Literal["progress"]
    id: str
    status: str
    rows: int | None
    ms: float | None


class CodeAnswer(TypedDict):
    kind: Literal["code"]
    request_id: str | None
    code: str


class PreviewAnswer(TypedDict, total=False):
    kind: Literal["preview"]
    request_id: str | None
    id: str
    error: str | None
    node: str
    rows: int
    rows_total: int
    cached: bool
    ms: float
    sample: bool
    truncated: bool
    bytes: int
    max_chars: int


class ProfileAnswer(TypedDict, total=False):
    """Buffer: the profile as Arrow IPC (runs/profile.py has its columns)."""

    kind: Literal["profile"]
    request_id: str | None
    id: str
    error: str | None
    node: str
    columns: int
    rows_total: int | None
    cached: bool
    ms: float
    note: str | None
    bytes: int
    max_chars: int


class PageAnswer(TypedDict, total=False):
    """Buffer: the page's rows as Arrow IPC; ``matching`` rows match the search."""

    kind: Literal["page"]
    request_id: str | None
    id: str
    error: str | None
    node: str
    offset: int
    rows: int
    matching: int
    rows_total: int
    cached: bool
    ms: float
    sample: bool
    note: str | None
    truncated: bool
    bytes: int
    max_chars: int


class UnmatchedAnswer(TypedDict, total=False):
    """Buffer: the first unmatched rows of ``side`` as Arrow IPC."""

    kind: Literal["unmatched"]
    request_id: str | None
    id: str
    error: str | None
    side: Literal["left", "right"]
    left_rows: int
    right_rows: int
    left_unmatched: int
    right_unmatched: int
    node: str
    rows: int
    rows_total: int
    cached: bool
    ms: float
    sample: bool
    note: str | None
    truncated: bool
    bytes: int
    max_chars: int


class ExportAnswer(TypedDict, total=False):
    kind: Literal["export"]
    request_id: str | None
    id: str
    error: str | None
    node: str
    rows: int
    to: Literal["csv", "parquet", "variable"]
    path: str | None  # absolute
    name: str | None
    ms: float

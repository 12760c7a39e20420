"""Read Arrow IPC (Feather v2) files lazily; prediction reads only the schema in the footer."""

from __future__ import annotations

from pydantic import Field

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, call, file_identity, lit, path_var


class ReadIpc(Settings):
    path: str = Field("", description="Arrow IPC / Feather file path (globs allowed)")
    columns: Columns = Field(default_factory=list, description="Read only these columns")
    n_rows: int | None = Field(None, ge=0, description="Read at most this many rows")
    row_index_name: str | None = Field(
        None, min_length=1, description="Add a row number column with this name"
    )
    row_index_offset: int = Field(0, ge=0, description="First row number")


def code(s: ReadIpc, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose an Arrow IPC file to read")
    offset = s.row_index_offset if s.row_index_name is not None and s.row_index_offset else None
    base = (
        "pl.scan_ipc"
        + call(
            "",
            lit(s.path),
            n_rows=s.n_rows,
            row_index_name=s.row_index_name,
            row_index_offset=offset,
        )[1:]
    )
    columns = list(s.columns)
    if columns and s.row_index_name is not None and s.row_index_name not in columns:
        columns.insert(0, s.row_index_name)  # as read_ipc(columns=..., row_index_name=...) does
    calls = (call("select", lit(columns)),) if columns else ()
    return Code(base, calls)


NODE = NodeType(
    name="read_ipc",
    category="input",
    settings=ReadIpc,
    code=code,
    label="Read Arrow IPC",
    description="Read an Arrow IPC (Feather) file",
    inputs=(),
    var_name=lambda s: path_var(s.path),
    identity=lambda s, namespace: file_identity(s.path),
    examples=(
        {"path": "{data}/orders.arrow"},
        {"path": "{data}/orders.arrow", "columns": ["region", "amount"], "n_rows": 3},
        {
            "path": "{data}/orders.arrow",
            "columns": ["customer"],
            "row_index_name": "row",
            "row_index_offset": 10,
        },
    ),
)

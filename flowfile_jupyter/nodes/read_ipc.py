"""Read Arrow IPC (Feather v2) files lazily; prediction reads only the schema in the footer."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pydantic import Field

from ..errors import NodeError
from ._base import (
    Code,
    Columns,
    NodeType,
    Scope,
    Settings,
    call,
    check_source,
    file_identity,
    lit,
    path_var,
)
from ._reading import Candidate, Match, Reading, Unmapped, generic, strings


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
    check_source(s.path)
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


_read = generic(ReadIpc, fields={"source": "path"})


def _listed(m: Match) -> list[str]:
    """The columns of ``.select([...])``: one list, as this node writes it (a select of
    separate names is a Select node of its own)."""
    exprs = m.bound(1).get("exprs", ())
    if len(exprs) != 1 or not isinstance(exprs[0], ast.List):
        raise Unmapped("not a list of columns")
    return strings(exprs[0])


def read(m: Match) -> Iterator[Candidate]:
    """``pl.scan_ipc(path, ...)``, then ``.select([...])`` when only some columns are read (the
    row index column comes first there, whether it was chosen or not)."""
    for found in _read(m):
        if len(m.calls) == 1:
            yield found
            continue
        columns = _listed(m)
        yield Candidate({**found.settings, "columns": columns})
        if columns and columns[0] == found.settings.get("row_index_name"):
            yield Candidate({**found.settings, "columns": columns[1:]})


NODE = NodeType(
    readings=(Reading(("pl.scan_ipc", "select"), read), Reading(("pl.scan_ipc",), read)),
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

"""Write an Arrow IPC (Feather v2) file when the flow runs (never while building or previewing)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..errors import NodeError
from ._base import Code, NodeType, Scope, Settings, Sink, call, lit
from ._reading import Reading, generic


class WriteIpc(Settings):
    path: str = Field("", description="Where to write the Arrow IPC / Feather file")
    compression: Literal["uncompressed", "lz4", "zstd"] = "uncompressed"
    mkdir: bool = Field(False, description="Create missing folders in the path")


def code(s: WriteIpc, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose where to write the file")
    return Code(scope.input(0))


def sink(s: WriteIpc) -> Sink:
    return Sink(
        call(
            "sink_ipc",
            lit(s.path),
            compression=None if s.compression == "uncompressed" else s.compression,
            mkdir=s.mkdir or None,
        )
    )


NODE = NodeType(
    readings=(
        Reading(("sink_ipc",), generic(WriteIpc)),
        Reading(
            ("write_ipc",),
            generic(WriteIpc, fields={"file": "path"}),
            renames={"write_ipc": "sink_ipc"},
        ),
    ),
    name="write_ipc",
    category="output",
    settings=WriteIpc,
    code=code,
    sink=sink,
    label="Write Arrow IPC",
    description="Write the input to an Arrow IPC (Feather) file when the flow runs",
    var_name="written",
    examples=(
        {"path": "{tmp}/out.arrow"},
        {"path": "{tmp}/out.arrow", "compression": "zstd"},
        {"path": "{tmp}/out.arrow", "compression": "lz4", "mkdir": True},
    ),
)

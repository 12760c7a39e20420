"""Write a Parquet file when the flow runs (never while building or previewing)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_core.core_schema import ValidationInfo

from ..errors import NodeError
from ._base import Code, NodeType, Scope, Settings, Sink, call, choices, lit
from ._narwhals import NwScope, Portable, not_portable
from ._reading import Reading, generic

Compression = Literal["zstd", "lz4", "snappy", "gzip", "brotli", "uncompressed"]
LEVELS = {"gzip": (0, 9), "brotli": (0, 11), "zstd": (1, 22)}


class WriteParquet(Settings):
    path: str = Field("", description="Where to write the Parquet file")
    compression: Compression = "zstd"
    compression_level: int | None = Field(
        None, description="gzip 0-9, brotli 0-11, zstd 1-22 (higher: smaller, slower)"
    )
    statistics: bool | Literal["full"] = Field(
        True,
        description="Write column statistics (min/max/nulls) readers use to skip data",
        json_schema_extra=choices(
            (True, "Min, max and null count"),
            ("full", "Full (also distinct counts)"),
            (False, "None"),
        ),
    )
    row_group_size: int | None = Field(None, ge=1, description="Rows per row group")
    mkdir: bool = Field(False, description="Create missing folders in the path")

    @field_validator("compression_level")
    @classmethod
    def _level_fits(cls, level: int | None, info: ValidationInfo) -> int | None:
        compression = info.data.get("compression")
        if level is None or compression is None:
            return level
        if compression not in LEVELS:
            raise ValueError(f"{compression} has no compression levels")
        low, high = LEVELS[compression]
        if not low <= level <= high:
            raise ValueError(f"{compression} levels go from {low} to {high}")
        return level


def code(s: WriteParquet, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose where to write the Parquet file")
    return Code(scope.input(0))


def sink(s: WriteParquet) -> Sink:
    return Sink(
        call(
            "sink_parquet",
            lit(s.path),
            compression=None if s.compression == "zstd" else s.compression,
            compression_level=s.compression_level,
            statistics=None if s.statistics is True else s.statistics,
            row_group_size=s.row_group_size,
            mkdir=s.mkdir or None,
        )
    )


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: WriteParquet, scope: NwScope) -> Portable:
    if s != WriteParquet(path=s.path):
        raise not_portable("Narwhals writes Parquet with each engine's own options only")
    return Portable(code(s, scope), sink=Sink(call("sink_parquet", scope.reader.path(s.path))))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(
        Reading(("sink_parquet",), generic(WriteParquet)),
        Reading(
            ("write_parquet",),
            generic(WriteParquet, fields={"file": "path"}),
            renames={"write_parquet": "sink_parquet"},
        ),
    ),
    name="write_parquet",
    category="output",
    settings=WriteParquet,
    code=code,
    narwhals=narwhals,
    sink=sink,
    label="Write Parquet",
    description="Write the input to a Parquet file when the flow runs",
    var_name="written",
    examples=(
        {"path": "{tmp}/out.parquet"},
        {
            "path": "{tmp}/out.parquet",
            "compression": "gzip",
            "compression_level": 9,
            "statistics": "full",
            "row_group_size": 3,
        },
        {
            "path": "{tmp}/out.parquet",
            "compression": "lz4",
            "statistics": False,
            "mkdir": True,
        },
    ),
)

"""Read newline-delimited JSON lazily: prediction reads only the first lines it infers from."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from pydantic import Field, field_validator

from ..errors import NodeError
from ..node_globals import node_globals
from ._base import (
    Code,
    DType,
    NodeType,
    Scope,
    Settings,
    check_source,
    dtype,
    file_identity,
    kwargs,
    lit,
    path_var,
    readable_overrides,
)
from ._reading import Reading, generic

# Polars 2.1's NDJSON reader crashes the process (a Rust panic) on the narrow integer, Time and
# Duration overrides, and a bare Decimal has no precision: refuse them before they reach it.
_CRASHES = "cannot be read from NDJSON directly (Polars crashes); read a wider type and cast"
_REFUSED = {
    **dict.fromkeys(("Int8", "Int16", "UInt8", "UInt16", "Time", "Duration"), _CRASHES),
    "Decimal": "needs a precision and scale; read Float64 or String and cast in a later step",
    "Binary": "cannot be read from JSON",
}


class ReadNdjson(Settings):
    path: str = Field("", description="NDJSON file path (globs allowed)")
    schema_overrides: dict[str, DType] = Field(
        default_factory=dict, description="Column -> dtype, instead of the inferred one"
    )
    infer_schema_length: int | None = Field(
        100, ge=1, description="Lines to infer dtypes from (None: all lines)"
    )
    n_rows: int | None = Field(None, ge=0, description="Read at most this many rows")
    ignore_errors: bool = Field(False, description="Turn values that don't parse into null")
    row_index_name: str | None = Field(
        None, min_length=1, description="Add a row number column with this name"
    )
    row_index_offset: int = Field(0, ge=0, description="First row number")

    @field_validator("schema_overrides")
    @classmethod
    def _readable(cls, overrides: dict[str, str]) -> dict[str, str]:
        return readable_overrides(overrides, _REFUSED)


def code(s: ReadNdjson, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose an NDJSON file to read")
    check_source(s.path)
    args = [lit(s.path)]
    if s.schema_overrides:
        items = ", ".join(f"{lit(k)}: {dtype(v)}" for k, v in s.schema_overrides.items())
        args.append(f"schema_overrides={{{items}}}")
    if s.infer_schema_length != 100:  # None (read every line) is a value here, not "unset"
        args.append(f"infer_schema_length={lit(s.infer_schema_length)}")
    offset = s.row_index_offset if s.row_index_name is not None and s.row_index_offset else None
    rest = kwargs(
        n_rows=s.n_rows,
        ignore_errors=s.ignore_errors or None,
        row_index_name=s.row_index_name,
        row_index_offset=offset,
    )
    if rest:
        args.append(rest)
    return Code(f"pl.scan_ndjson({', '.join(args)})")


def predict(s: ReadNdjson, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    """The usual prediction (the scan reads ``infer_schema_length`` lines), with a message a
    person understands when ``schema_overrides`` names a column the file lacks (Polars says
    only the column name)."""
    frame = eval(code(s, scope).text, node_globals())
    try:
        return frame.collect_schema()  # type: ignore[no-any-return]
    except pl.exceptions.SchemaFieldNotFoundError as exc:
        raise NodeError(f"schema_overrides: the file has no column '{exc}'") from None


NODE = NodeType(
    readings=(Reading(("pl.scan_ndjson",), generic(ReadNdjson, fields={"source": "path"})),),
    name="read_ndjson",
    category="input",
    settings=ReadNdjson,
    code=code,
    predict=predict,
    label="Read NDJSON",
    description="Read a newline-delimited JSON file (one object per line)",
    inputs=(),
    var_name=lambda s: path_var(s.path),
    identity=lambda s, namespace: file_identity(s.path),
    examples=(
        {"path": "{data}/orders.ndjson"},
        {
            "path": "{data}/orders.ndjson",
            "schema_overrides": {"order_date": "Date", "quantity": "Int32"},
            "infer_schema_length": None,
        },
        {
            "path": "{data}/orders.ndjson",
            "n_rows": 5,
            "ignore_errors": True,
            "row_index_name": "row",
            "row_index_offset": 1,
            "infer_schema_length": 3,
        },
    ),
)

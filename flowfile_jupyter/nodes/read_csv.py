"""Read a CSV file (lazily: schema prediction reads only the header and the first rows)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..errors import NodeError
from ._base import (
    Code,
    DType,
    NodeType,
    Scope,
    Settings,
    call,
    check_source,
    dtype,
    file_identity,
    lit,
    path_var,
    readable_overrides,
)
from ._narwhals import NwScope, Portable, from_text, need_schema, not_portable, with_columns
from ._reading import Reading, generic

# Polars 2.1 predicts these overrides but then fails on every file that has rows
_UNREADABLE = ("Duration", "Binary")


class ReadCsv(Settings):
    path: str = Field("", description="CSV file path (globs allowed)")
    separator: str = Field(",", min_length=1, max_length=1)
    has_header: bool = True
    schema_overrides: dict[str, DType] = Field(
        default_factory=dict, description="Column -> dtype, instead of the inferred one"
    )
    infer_schema_length: int | None = Field(100, ge=0)
    null_values: list[str] = Field(default_factory=list)
    skip_rows: int = Field(0, ge=0)
    try_parse_dates: bool = False
    encoding: Literal["utf8", "utf8-lossy"] = Field(
        "utf8", description="utf8-lossy: bytes that are not UTF-8 become a replacement character"
    )
    quote_char: str | None = Field('"', max_length=1)
    n_rows: int | None = Field(None, ge=0)

    @field_validator("schema_overrides")
    @classmethod
    def _readable(cls, overrides: dict[str, str]) -> dict[str, str]:
        hint = "cannot be read from CSV; read String and cast in a later step"
        return readable_overrides(overrides, dict.fromkeys(_UNREADABLE, hint))


def code(s: ReadCsv, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose a CSV file to read")
    check_source(s.path)
    args = [lit(s.path)]
    defaults = ReadCsv(path=s.path)
    if s.schema_overrides:
        args.append(
            "schema_overrides={"
            + ", ".join(f"{lit(k)}: {dtype(v)}" for k, v in s.schema_overrides.items())
            + "}"
        )
    changed = {
        name: getattr(s, name)
        for name in (
            "separator",
            "has_header",
            "infer_schema_length",
            "skip_rows",
            "try_parse_dates",
            "encoding",
            "quote_char",
            "n_rows",
        )
        if getattr(s, name) != getattr(defaults, name)
    }
    if s.null_values:
        changed["null_values"] = s.null_values
    # call() leaves None out, but None here is a choice (scan every row / no quoting)
    args += [f"{name}=None" for name, value in changed.items() if value is None]
    return Code(f"pl.scan_csv{call('', *args, **changed)[1:]}")


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


_PORTABLE_OPTIONS = {
    "path",
    "separator",
    "schema_overrides",
    "try_parse_dates",
    "infer_schema_length",
}


def narwhals(s: ReadCsv, scope: NwScope) -> Portable:
    # Engines infer other types from text: read text, and cast to the types Polars inferred.
    if not s.path:
        raise NodeError("choose a CSV file to read")
    defaults = ReadCsv(path=s.path)
    for name in ReadCsv.model_fields:
        if name not in _PORTABLE_OPTIONS and getattr(s, name) != getattr(defaults, name):
            raise not_portable(f"{name} has no counterpart in other engines' CSV readers")
    schema = need_schema(scope)
    reader = scope.reader
    spaced = any(name != name.strip() for name in schema.names())
    names = {reader.csv_names: schema.names()} if reader.csv_names and spaced else {}
    separator = None if s.separator == "," else s.separator
    options = reader.options(separator=separator, **reader.csv_as_text, **names)
    fixes = from_text(schema)
    calls = (with_columns(fixes),) if fixes else ()
    return Portable(Code(f"nw.scan_csv({reader.path(s.path)}, {options})", calls), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("pl.scan_csv",), generic(ReadCsv, fields={"source": "path"})),),
    name="read_csv",
    category="input",
    settings=ReadCsv,
    code=code,
    narwhals=narwhals,
    label="Read CSV",
    description="Read a CSV file",
    inputs=(),
    var_name=lambda s: path_var(s.path),
    identity=lambda s, namespace: file_identity(s.path),
    examples=(
        {"path": "{data}/orders.csv"},
        {"path": "{data}/orders.csv", "schema_overrides": {"amount": "Float64"}},
        {"path": "{data}/orders.csv", "n_rows": 5, "try_parse_dates": True},
    ),
)

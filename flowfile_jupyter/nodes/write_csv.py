"""Write a CSV file when the flow runs (never while building or previewing)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl
from pydantic import Field, field_validator
from pydantic_core.core_schema import ValidationInfo

from ..errors import NodeError
from ._base import Code, NodeType, Scope, Settings, Sink, call, choices, lit
from ._narwhals import NwScope, Portable, not_portable
from ._reading import Reading, generic

QuoteStyle = Literal["necessary", "always", "non_numeric", "never"]

# A value of each temporal kind, to try a format on when it is set (Polars would only complain
# when the flow runs).
_SAMPLES = {
    "date_format": dt.date(2024, 1, 31),
    "datetime_format": dt.datetime(2024, 1, 31, 9, 30, 15),
    "time_format": dt.time(9, 30, 15),
}


class WriteCsv(Settings):
    path: str = Field("", description="Where to write the CSV file")
    separator: str = Field(",", min_length=1, max_length=1)
    include_header: bool = True
    null_value: str | None = Field(None, description="Text for missing values (default: empty)")
    quote_char: str = Field('"', min_length=1, max_length=1)
    quote_style: QuoteStyle | None = Field(
        None,
        description="When to quote: necessary (default), always, non_numeric, never",
    )
    line_terminator: str = Field("\n", min_length=1)
    include_bom: bool = Field(False, description="Start with a UTF-8 byte order mark (Excel)")
    date_format: str | None = Field(None, min_length=1, description="e.g. %d/%m/%Y")
    datetime_format: str | None = Field(None, min_length=1, description="e.g. %Y-%m-%d %H:%M")
    time_format: str | None = Field(None, min_length=1, description="e.g. %H:%M")
    float_precision: int | None = Field(None, ge=0, description="Decimal places for floats")
    float_scientific: bool | None = Field(
        None,
        description="Floats in scientific notation (True), never (False), or as needed",
        json_schema_extra=choices((None, "As needed"), (True, "Always"), (False, "Never")),
    )
    decimal_comma: bool = Field(False, description="Write 1,5 instead of 1.5")
    mkdir: bool = Field(False, description="Create missing folders in the path")

    @field_validator("date_format", "datetime_format", "time_format")
    @classmethod
    def _format_works(cls, value: str | None, info: ValidationInfo) -> str | None:
        field = str(info.field_name)
        if value is None:
            return value
        sample = pl.DataFrame({"x": [_SAMPLES[field]]})
        try:
            sample.write_csv(**{field: value})  # type: ignore[call-overload]
        except Exception:
            kind = field.removesuffix("_format").replace("datetime", "date-time")
            raise ValueError(f"'{value}' is not a {kind} format Polars can write") from None
        return value


def code(s: WriteCsv, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose where to write the CSV file")
    return Code(scope.input(0))


def sink(s: WriteCsv) -> Sink:
    defaults = WriteCsv(path=s.path)
    changed = {
        name: getattr(s, name)
        for name in WriteCsv.model_fields
        if name != "path" and getattr(s, name) != getattr(defaults, name)
    }
    return Sink(call("sink_csv", lit(s.path), **changed))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: WriteCsv, scope: NwScope) -> Portable:
    # Collected into Polars first: the file is the one Polars writes, byte for byte.
    if s != WriteCsv(path=s.path):
        raise not_portable("Narwhals writes CSV with the default options only")
    return Portable(
        code(s, scope), sink=Sink(f'.collect("polars"){call("write_csv", lit(s.path))}')
    )


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(
        Reading(("sink_csv",), generic(WriteCsv)),
        Reading(
            ("write_csv",),
            generic(WriteCsv, fields={"file": "path"}),
            renames={"write_csv": "sink_csv"},
        ),
    ),
    name="write_csv",
    category="output",
    settings=WriteCsv,
    code=code,
    narwhals=narwhals,
    sink=sink,
    label="Write CSV",
    description="Write the input to a CSV file when the flow runs",
    var_name="written",
    examples=(
        {"path": "{tmp}/out.csv"},
        {"path": "{tmp}/out.csv", "separator": ";", "null_value": "NA"},
        {
            "path": "{tmp}/out.csv",
            "quote_style": "always",
            "quote_char": "'",
            "line_terminator": "\r\n",
            "include_bom": True,
            "date_format": "%Y-%m-%d",
            "float_precision": 2,
            "mkdir": True,
        },
        {
            "path": "{tmp}/out.csv",
            "include_header": False,
            "datetime_format": "%Y-%m-%d %H:%M",
            "time_format": "%H:%M",
            "float_scientific": False,
        },
        {"path": "{tmp}/out.csv", "decimal_comma": True},
    ),
)

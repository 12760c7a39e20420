"""Write a CSV file when the flow runs (never while building or previewing)."""

from __future__ import annotations

from pydantic import Field

from ._base import Code, NodeType, Scope, Settings, Sink, call, lit


class WriteCsv(Settings):
    path: str = Field(min_length=1, description="Where to write the CSV file")
    separator: str = Field(",", min_length=1, max_length=1)
    include_header: bool = True
    null_value: str | None = None


def code(s: WriteCsv, scope: Scope) -> Code:
    return Code(scope.input(0))


def sink(s: WriteCsv) -> Sink:
    return Sink(
        call(
            "sink_csv",
            lit(s.path),
            separator=None if s.separator == "," else s.separator,
            include_header=None if s.include_header else False,
            null_value=s.null_value,
        )
    )


NODE = NodeType(
    name="write_csv",
    category="output",
    settings=WriteCsv,
    code=code,
    sink=sink,
    label="Write CSV",
    description="Write the input to a CSV file when the flow runs",
    var_name="written",
    examples=(
        {"path": "{tmp}/out.csv"},
        {"path": "{tmp}/out.csv", "separator": ";", "null_value": "NA"},
    ),
)

"""Put the collected result into a notebook variable when the flow runs."""

from __future__ import annotations

import keyword
from collections.abc import Iterator

from pydantic import Field, field_validator

from ..errors import NodeError
from ._base import Code, NodeType, Scope, Settings, Sink
from ._narwhals import NwScope, Portable
from ._reading import Candidate, Match, Reading


class ToVariable(Settings):
    name: str = Field("", description="Variable that receives the DataFrame")

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if (value and not value.isidentifier()) or keyword.iskeyword(value):
            raise ValueError(f"'{value}' is not a Python variable name")
        if value == "pl":
            raise ValueError("'pl' is the polars module; choose another name")
        return value


def code(s: ToVariable, scope: Scope) -> Code:
    if not s.name:
        raise NodeError("choose the name of the variable to assign")
    return Code(scope.input(0))


def sink(s: ToVariable) -> Sink:
    return Sink(".collect()", assign=s.name)


def read(m: Match) -> Iterator[Candidate]:
    """``name = frame.collect()``: the variable is the setting."""
    if m.target is not None and not m.calls[0].args and not m.calls[0].keywords:
        yield Candidate({"name": m.target})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: ToVariable, scope: NwScope) -> Portable:
    return Portable(code(s, scope), sink=Sink('.collect("polars").to_native()', assign=s.name))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("collect",), read),),
    name="to_variable",
    category="output",
    settings=ToVariable,
    code=code,
    narwhals=narwhals,
    sink=sink,
    label="To variable",
    description="Collect the input into a notebook variable when the flow runs",
    var_name=lambda s: f"{s.name}_lf",
    examples=({"name": "result_df"},),
)

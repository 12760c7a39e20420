"""Rename columns: Polars' strict rename, so renaming a column that is not there is an error."""

from __future__ import annotations

from pydantic import Field, field_validator

from ..errors import NodeError
from ._base import Code, NodeType, Scope, Settings, call, lit
from ._narwhals import NwScope, Portable, translated
from ._reading import Reading, generic
from ._row_order import follows


class Rename(Settings):
    mapping: dict[str, str] = Field(
        default_factory=dict,
        description="Old name -> new name",
        json_schema_extra={"x-column-map": True},
    )

    @field_validator("mapping")
    @classmethod
    def _names(cls, value: dict[str, str]) -> dict[str, str]:
        for old, new in value.items():
            if not old:
                raise ValueError("a column to rename has an empty name")
            if not new:
                raise ValueError(f"give '{old}' a new name")
        return value


def code(s: Rename, scope: Scope) -> Code:
    if not s.mapping:
        raise NodeError("choose a column to rename")
    return Code(scope.input(0), (call("rename", lit(s.mapping)),))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Rename, scope: NwScope) -> Portable:
    return Portable(translated(code(s, scope)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("rename",), generic(Rename)),),
    name="rename",
    category="transform",
    settings=Rename,
    code=code,
    narwhals=narwhals,
    input_order=follows,
    label="Rename",
    description="Give columns new names",
    var_name="renamed",
    examples=(
        {"mapping": {"amount": "revenue"}},
        {"mapping": {"region": "customer", "customer": "region", "order_id": "id"}},
    ),
)

"""Change column types. A missing column is a node error when the flow predicts; a value that
does not convert (strict) is an error only when the data runs, as in Polars."""

from __future__ import annotations

from pydantic import Field, field_validator

from ..errors import NodeError
from ._base import Code, DType, NodeType, Scope, Settings, dtype, lit
from ._narwhals import NwScope, Portable, not_portable, nw_col, nw_dtype, with_columns
from ._reading import Reading, generic
from ._row_order import follows


class Cast(Settings):
    dtypes: dict[str, DType] = Field(default_factory=dict, description="Column -> new type")
    strict: bool = Field(True, description="Fail on values that do not convert (else: null)")

    @field_validator("dtypes")
    @classmethod
    def _names(cls, value: dict[str, str]) -> dict[str, str]:
        if any(not name for name in value):
            raise ValueError("a column to cast has an empty name")
        return value


def code(s: Cast, scope: Scope) -> Code:
    if not s.dtypes:
        raise NodeError("choose a column and the type to cast it to")
    mapping = "{" + ", ".join(f"{lit(c)}: {dtype(t)}" for c, t in s.dtypes.items()) + "}"
    strict = "" if s.strict else ", strict=False"
    return Code(scope.input(0), (f".cast({mapping}{strict})",))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Cast, scope: NwScope) -> Portable:
    if not s.strict:
        raise not_portable(
            "strict=False: engines turn values that do not convert into nulls by rules of their own"
        )
    exprs = [f"{nw_col(c)}.cast({nw_dtype(t)})" for c, t in s.dtypes.items()]
    return Portable(Code(scope.input(0), (with_columns(exprs),)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("cast",), generic(Cast)),),
    name="cast",
    category="transform",
    settings=Cast,
    code=code,
    narwhals=narwhals,
    input_order=follows,
    label="Cast",
    description="Change column data types",
    var_name="typed",
    examples=(
        {"dtypes": {"quantity": "Float64"}},
        {"dtypes": {"amount": "Int32", "order_id": "String", "region": "Categorical"}},
        {"dtypes": {"customer": "Int64", "order_date": "Datetime"}, "strict": False},
    ),
)

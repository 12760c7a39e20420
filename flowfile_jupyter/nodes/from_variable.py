"""Use a data frame that already lives in the notebook: a Polars DataFrame or LazyFrame, or a
pandas DataFrame, looked up by its variable name.

The code refers to the variable itself, in the form its type needs (``orders_lf``,
``orders_df.lazy()``, ``pl.from_pandas(orders_pd).lazy()``), so the generated program runs in the
notebook where that variable is defined. ``reads`` tells the engine to put the variable into the
namespace the code is evaluated in, and tells the code generator not to use its name for
anything else.
"""

from __future__ import annotations

import ast
import keyword
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import polars as pl
from pydantic import Field, field_validator

from ..errors import NodeError
from ._base import Code, NodeType, Scope, Settings
from ._reading import Candidate, Match, Reading, Unmapped

_SUFFIXES = ("_df", "_lf", "_pd", "_pdf", "_frame")


class FromVariable(Settings):
    name: str = Field("", description="Name of a DataFrame or LazyFrame variable in the notebook")

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if (value and not value.isidentifier()) or keyword.iskeyword(value):
            raise ValueError(f"'{value}' is not a Python variable name")
        if value == "pl":
            raise ValueError("'pl' is the polars module, not a data frame")
        return value


def _pandas_frame(value: Any) -> bool:
    pandas = sys.modules.get("pandas")  # a pandas frame exists only if pandas is imported
    return pandas is not None and isinstance(value, pandas.DataFrame)


def code(s: FromVariable, scope: Scope) -> Code:
    if not s.name:
        raise NodeError("type the name of a DataFrame variable in the notebook")
    if s.name not in scope.namespace:
        raise NodeError(f"there is no variable named '{s.name}' in the notebook")
    value = scope.namespace[s.name]
    if isinstance(value, pl.LazyFrame):
        return Code(s.name)
    if isinstance(value, pl.DataFrame):
        return Code(s.name, (".lazy()",))
    if _pandas_frame(value):
        return Code(f"pl.from_pandas({s.name})", (".lazy()",))
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    raise NodeError(
        f"'{s.name}' is {article} {kind}, not a DataFrame "
        "(a Polars DataFrame or LazyFrame, or a pandas DataFrame)"
    )


def identity(s: FromVariable, namespace: Mapping[str, Any]) -> str:
    """Which object the node reads: a reassigned or reshaped variable means new data."""
    if s.name not in namespace:
        return f"{s.name}:missing"
    value = namespace[s.name]
    if isinstance(value, pl.DataFrame):
        shape = f"{value.height}x{value.width}"
    elif isinstance(value, pl.LazyFrame):
        shape = "lazy"  # immutable: the same object is the same plan
    elif _pandas_frame(value):
        shape = "x".join(str(n) for n in value.shape)
    else:
        shape = str(len(value)) if hasattr(value, "__len__") else "-"
    return f"{s.name}:{type(value).__name__}:{id(value)}:{shape}"


def var_name(s: FromVariable) -> str:
    """``orders_df`` -> ``orders``; other names get ``_lf`` (the variable itself is taken)."""
    for suffix in _SUFFIXES:
        if s.name.endswith(suffix) and len(s.name) > len(suffix):
            return s.name[: -len(suffix)]
    return f"{s.name}_lf"


def read(m: Match) -> Iterator[Candidate]:
    """``pl.from_pandas(name)``; a bare notebook variable is read by the parser itself. What
    the code becomes depends on the variable's type, so it is not checked by rendering."""
    call = m.calls[0]
    if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.Name):
        raise Unmapped("from_pandas of something other than a variable")
    yield Candidate({"name": call.args[0].id})


NODE = NodeType(
    readings=(Reading(("pl.from_pandas", "lazy"), read, verify=False),),
    name="from_variable",
    category="input",
    settings=FromVariable,
    code=code,
    label="From variable",
    description="Use a DataFrame or LazyFrame from the notebook",
    inputs=(),
    var_name=var_name,
    reads=lambda s: [s.name],
    identity=identity,
    examples=(
        {"name": "orders_lf"},
        {"name": "orders_df"},
        {"name": "orders_pd"},
    ),
)

"""Stack any number of inputs: Polars' concat.

The default matches columns by name, fills columns an input lacks with nulls and widens types
to a common one ("diagonal_relaxed"): on a canvas the order of an input's columns is invisible,
and people who append tables in a visual tool expect columns to line up by name, as a
spreadsheet's "append" does. "vertical" is there for a strict check that the inputs agree.

Prediction checks the inputs against each other itself: Polars does catch the mismatches in
``collect_schema()``, but its message dumps both schemas as Rust structures.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Literal

import polars as pl
from pydantic import Field

from ..errors import NodeError
from ._base import Code, NodeType, Scope, Settings, lit
from ._narwhals import NwScope, Portable, casts, need_input_schemas, need_schema, with_columns
from ._reading import Candidate, Match, Reading, Unmapped, generic
from ._row_order import follows

How = Literal["diagonal_relaxed", "diagonal", "vertical_relaxed", "vertical"]

_MATCH_BY_NAME = "use how='diagonal_relaxed' to match columns by name"


class Union(Settings):
    how: How = Field(
        "diagonal_relaxed",
        description=(
            "diagonal_relaxed: match columns by name, fill missing ones with nulls, widen types; "
            "diagonal: same, types must agree; vertical_relaxed: same columns in the same "
            "order, types widened; vertical: identical schemas"
        ),
    )


def code(s: Union, scope: Scope) -> Code:
    how = "" if s.how == "vertical" else f", how={lit(s.how)}"
    return Code(f"pl.concat([{', '.join(scope.inputs)}]{how})")


def mismatch(how: str, schemas: Sequence[pl.Schema]) -> str | None:
    """Why the inputs cannot be stacked with ``how``, or None (for the ``*_relaxed`` ways,
    whether the types have a common one is left to Polars)."""
    first = schemas[0]
    seen: dict[str, tuple[pl.DataType, int]] = {}
    for i, schema in enumerate(schemas, start=1):
        if how.startswith("vertical") and list(schema.names()) != list(first.names()):
            return (
                f"input {i} has columns {_names(schema)} but input 1 has {_names(first)}: "
                f"{how} needs the same columns in the same order ({_MATCH_BY_NAME})"
            )
        for name, dtype in schema.items():
            earlier = seen.setdefault(name, (dtype, i))
            if how in ("vertical", "diagonal") and earlier[0] != dtype:
                return (
                    f'column "{name}" is {dtype} in input {i} but {earlier[0]} in input '
                    f"{earlier[1]} (use how='{how}_relaxed' to widen the types)"
                )
    return None


def _names(schema: pl.Schema) -> str:
    names = list(schema.names())
    return "[" + ", ".join(names[:8]) + (", ..." if len(names) > 8 else "") + "]"


def check(s: Union, schemas: Sequence[pl.Schema]) -> None:
    problem = mismatch(s.how, schemas)
    if problem is not None:
        raise NodeError(problem)


_how = generic(Union, skip=("items",))


def read(m: Match) -> Iterator[Candidate]:
    """``pl.concat([a, b, ...], how=...)``: the items are the inputs."""
    items = m.bound(0).get("items")
    if not isinstance(items, ast.List | ast.Tuple) or not items.elts:
        raise Unmapped("concat of something other than a list of frames")
    for found in _how(m):
        yield Candidate(found.settings, tuple(items.elts))


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Union, scope: NwScope) -> Portable:
    target = need_schema(scope)
    frames = []
    for name, schema in zip(scope.inputs, need_input_schemas(scope), strict=True):
        fixes = casts(schema, target)
        frames.append(name + (with_columns(fixes) if fixes else ""))
    names = {tuple(schema.names()) for schema in scope.schemas}
    how = "" if len(names) == 1 else ', how="diagonal"'
    return Portable(Code(f"nw.concat([{', '.join(frames)}]{how})"), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("pl.concat",), read),),
    name="union",
    category="combine",
    settings=Union,
    code=code,
    narwhals=narwhals,
    input_order=follows,
    check=check,
    label="Union",
    description="Stack the rows of any number of inputs",
    inputs=("input",),
    variadic=True,
    var_name="stacked",
    examples=(
        {},
        {"how": "diagonal"},
        {"how": "vertical_relaxed"},
        {"how": "vertical"},
    ),
)

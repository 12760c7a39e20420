"""Number the rows: a record ID column placed first, optionally counting within each group.

Prediction evaluates the rendered code like every node, after one check of its own: the new
column's name must be free (Polars' message for a taken name in the grouped form is a paragraph
about ``.alias``; a person needs one line).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

import polars as pl
from pydantic import Field

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, call, lit
from ._layout import arguments
from ._reading import Candidate, Match, Reading, Unmapped, generic, method, strings, value


class WithRowIndex(Settings):
    name: str = Field("index", min_length=1, description="Name of the new ID column")
    offset: int = Field(0, ge=0, description="The first ID (0 or 1, usually)")
    by: Columns = Field(
        default_factory=list, description="Number the rows within each group of these columns"
    )


def code(s: WithRowIndex, scope: Scope) -> Code:
    if not s.by:
        name = (lit(s.name),) if s.name != "index" else ()
        return Code(scope.input(0), (call("with_row_index", *name, offset=s.offset or None),))
    number = f"pl.int_range(pl.len(), dtype=pl.UInt32).over({', '.join(lit(c) for c in s.by)})"
    if s.offset:
        number = f"({number} + {s.offset})"
    select = arguments(".select", [f"{number}.alias({lit(s.name)})", "pl.all()"])
    return Code(scope.input(0), (select,))


def check(s: WithRowIndex, schemas: Sequence[pl.Schema]) -> None:
    if s.name in schemas[0]:
        raise NodeError(f'there is already a column named "{s.name}": choose another name')


def read_grouped(m: Match) -> Iterator[Candidate]:
    """``.select(pl.int_range(pl.len(), dtype=pl.UInt32).over(by)[ + offset].alias(name),
    pl.all())``."""
    call = m.calls[0]
    if len(call.args) != 2 or call.keywords:
        raise Unmapped("not a numbering")
    node, _, alias = method(call.args[0], "alias")
    offset = 0
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        offset = value(node.right)
        node = node.left
    _, _, over = method(node, "over")
    yield Candidate(
        {"name": value(alias.args[0]), "offset": offset, "by": strings(tuple(over.args))}
    )


NODE = NodeType(
    readings=(
        Reading(("with_row_index",), generic(WithRowIndex)),
        Reading(("select",), read_grouped),
    ),
    name="with_row_index",
    category="transform",
    settings=WithRowIndex,
    code=code,
    check=check,
    label="Record ID",
    description="Add a column numbering the rows (first), optionally within groups",
    var_name="numbered",
    examples=(
        {},
        {"name": "id", "offset": 1},
        {"name": "n", "by": ["region"]},
        {"name": "line", "offset": 1, "by": ["region", "customer"]},
    ),
)

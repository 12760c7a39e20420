"""Group rows and aggregate: the Polars group_by().agg() most people reach for."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Code, Column, Columns, NodeType, Scope, Settings, call, col, lit

Agg = Literal[
    "sum",
    "mean",
    "median",
    "min",
    "max",
    "count",
    "n_unique",
    "first",
    "last",
    "std",
    "var",
    "len",
    "concat",
    "list",
]


class Aggregation(Settings):
    column: Column
    agg: Agg = "sum"
    alias: str | None = Field(None, description="Output name (default: column_agg)")
    separator: str = Field(", ", description="For concat: text between the values")


class GroupBy(Settings):
    by: Columns = Field(min_length=1)
    aggs: list[Aggregation] = Field(default_factory=list)
    maintain_order: bool = Field(True, description="Groups in order of first appearance")


def agg_expr(a: Aggregation) -> str:
    c = col(a.column)
    if a.agg == "concat":
        body = f"{c}.cast(pl.String).str.join({lit(a.separator)})"
    elif a.agg == "list":
        body = f"{c}.implode()"
    elif a.agg == "len":
        body = f"{c}.len()"
    else:
        body = f"{c}.{a.agg}()"
    alias = a.alias or f"{a.column}_{a.agg}"
    return f"{body}.alias({lit(alias)})"


def code(s: GroupBy, scope: Scope) -> Code:
    by = lit(s.by[0]) if len(s.by) == 1 else lit(s.by)
    group = call("group_by", by, maintain_order=s.maintain_order or None)
    aggs = [agg_expr(a) for a in s.aggs] or ["pl.len()"]
    return Code(scope.input(0), (group, f".agg({', '.join(aggs)})"))


NODE = NodeType(
    name="group_by",
    category="aggregate",
    settings=GroupBy,
    code=code,
    label="Group by",
    description="Group rows by columns and aggregate the others",
    var_name="grouped",
    examples=(
        {"by": ["region"], "aggs": [{"column": "amount", "agg": "sum", "alias": "total"}]},
        {
            "by": ["region", "customer"],
            "aggs": [
                {"column": "amount", "agg": "mean"},
                {"column": "amount", "agg": "n_unique"},
                {"column": "amount", "agg": "std"},
                {"column": "customer", "agg": "concat", "alias": "names"},
            ],
        },
        {"by": ["region"], "aggs": [{"column": "amount", "agg": "list"}]},
        {"by": ["region"]},
    ),
)

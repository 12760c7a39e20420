"""Long to wide: one new column per distinct value of ``on`` (Polars' pivot).

A pivot's output columns depend on the data, so this node says ``needs_data``: prediction gets
the real upstream plans and reads the distinct values of the ``on`` column only (projection
pushdown keeps the other columns unread). In Polars 2.1 ``LazyFrame.pivot`` takes those values
as ``on_columns``; the generated code computes them in the same words the engine evaluates
(``<input>.select(pl.col(on).unique()...).collect().to_series()``), so the code and the canvas
agree. With ``on_columns`` given explicitly no data is read at all.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import polars as pl
from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..errors import NODE_FAILURES, NodeError, first_line
from ..node_globals import node_globals
from ._base import Code, Column, Columns, NodeType, Scope, Settings, col, lit
from ._layout import arguments, fluent
from ._reading import Candidate, Match, Reading, Unmapped, strings
from ._reading import value as literal
from ._schema_checks import check_dtype, require_columns

MAX_COLUMNS = 1000

PivotAgg = Literal["first", "sum", "max", "min", "mean", "median", "last", "len", "item"]


class Pivot(Settings):
    on: Column | None = Field(
        None, description="The column whose values become the new column names"
    )
    index: Columns = Field(default_factory=list, description="Columns that identify a row")
    values: Columns = Field(
        default_factory=list, description="Columns that fill the cells (empty: all others)"
    )
    aggregate_function: PivotAgg = Field(
        "first", description="How several values for one cell become one ('item': exactly one)"
    )
    on_columns: list[str | int | float | bool] | None = Field(
        None, description="The new columns, listed (empty: every distinct value of on)"
    )
    separator: str = Field("_", description="Between value column and on value in names")
    sort_columns: bool = Field(
        False, description="New columns in sorted order (else: order of first appearance)"
    )
    maintain_order: bool = Field(True, description="Rows in order of first appearance")

    @field_validator("on_columns")
    @classmethod
    def _listed(cls, value: list[Any] | None) -> list[Any] | None:
        if value is not None and len(set(map(repr, value))) != len(value):
            raise PydanticCustomError("settings", "list each value once")
        return value

    @model_validator(mode="after")
    def _distinct_roles(self) -> Pivot:
        if self.on is not None and (self.on in self.index or self.on in self.values):
            raise PydanticCustomError(
                "settings", f"'{self.on}' is the pivot column; it cannot be in index or values"
            )
        both = [c for c in self.index if c in self.values]
        if both:
            raise PydanticCustomError("settings", f"'{both[0]}' cannot be in both index and values")
        if self.on_columns is not None and self.sort_columns:
            try:
                sorted(self.on_columns)
            except TypeError:
                raise PydanticCustomError(
                    "settings", "on_columns: to sort them, give values of one kind"
                ) from None
        return self


def _names(columns: list[str]) -> str:
    return lit(columns[0]) if len(columns) == 1 else lit(columns)


def _on(s: Pivot) -> str:
    if s.on is None:
        raise NodeError("choose the pivot column (on): its values become the new columns")
    return s.on


def distinct(s: Pivot, frame: str) -> list[str]:
    """The code that reads the distinct values of ``on`` from ``frame``, in output order."""
    unique = "unique().sort()" if s.sort_columns else "unique(maintain_order=True)"
    return [f"{frame}.select({col(_on(s))}.{unique})", ".collect()", ".to_series()"]


def _listed(s: Pivot) -> list[Any]:
    assert s.on_columns is not None
    return sorted(s.on_columns) if s.sort_columns else list(s.on_columns)


def _arguments(s: Pivot, on_columns: str) -> list[str]:
    """The pivot's arguments; ``on_columns`` is the rendered ``on_columns=...`` argument."""
    if not s.index and not s.values:
        raise NodeError("choose the index columns, the value columns, or both")
    args = [lit(_on(s)), on_columns]
    if s.index:
        args.append(f"index={_names(s.index)}")
    if s.values:
        args.append(f"values={_names(s.values)}")
    args.append(f"aggregate_function={lit(s.aggregate_function)}")
    if s.maintain_order:
        args.append("maintain_order=True")
    if s.separator != "_":
        args.append(f"separator={lit(s.separator)}")
    return args


def code(s: Pivot, scope: Scope) -> Code:
    frame = scope.input(0)
    if s.on_columns is not None:
        on_columns = f"on_columns={lit(_listed(s))}"
        return Code(frame, (arguments(".pivot", _arguments(s, on_columns)),))
    # The values come from the input itself, so the input is named twice and the pivot starts
    # its own statement.
    on_columns = fluent(distinct(s, frame), "on_columns")
    return Code(arguments(f"{frame}.pivot", _arguments(s, on_columns)))


def _fits(value: Any, dtype: pl.DataType) -> bool:
    if isinstance(value, bool):
        return dtype == pl.Boolean
    if isinstance(value, str):
        return dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)
    if isinstance(value, int):
        return dtype.is_integer() or dtype.is_float()
    return dtype.is_float()


def _check_listed(s: Pivot, on: str, dtype: pl.DataType) -> None:
    """Listed on_columns must be of the pivot column's kind (Polars fails only at run time)."""
    assert s.on_columns is not None
    if dtype.is_temporal() or dtype.is_nested() or dtype.is_decimal():
        raise NodeError(
            f'on_columns can be listed only for text, number or boolean columns; "{on}" is '
            f"{dtype}: leave on_columns empty to use the column's values"
        )
    for value in s.on_columns:
        if not _fits(value, dtype):
            raise NodeError(f'on_columns: "{on}" is a {dtype} column; {lit(value)} does not fit')


def predict(s: Pivot, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    on, frame = _on(s), frames[0]
    schema = frame.collect_schema()
    require_columns(schema, [on, *s.index, *s.values])
    others = [c for c in schema.names() if c != on]
    index = s.index or [c for c in others if c not in s.values]
    values = s.values or [c for c in others if c not in s.index]
    if s.aggregate_function not in ("first", "last", "len", "item"):
        for name in values:
            check_dtype(s.aggregate_function, name, schema[name])
    if s.on_columns is not None:
        _check_listed(s, on, schema[on])
        on_columns: Any = _listed(s)
    else:
        try:
            on_columns = eval("".join(distinct(s, "frame")), node_globals(frame=frame))
        except NODE_FAILURES as exc:
            raise NodeError(
                f'the schema is unknown: the values of pivot column "{on}" could not be read '
                f"({first_line(exc)})"
            ) from None
    width = len(index) + len(values) * len(on_columns)
    if width > MAX_COLUMNS:
        raise NodeError(
            f'the pivot would make {width} columns ({len(on_columns)} distinct values of "{on}"'
            f" x {len(values)} value column(s)); the limit is {MAX_COLUMNS}: pivot on a column "
            "with fewer values, choose fewer value columns, or filter first"
        )
    text = f"in_0.pivot({', '.join(_arguments(s, 'on_columns=on_columns'))})"
    result: pl.LazyFrame = eval(text, node_globals(in_0=frame, on_columns=on_columns))
    return result.collect_schema()


def read(m: Match) -> Iterator[Candidate]:
    """``.pivot(on, on_columns=..., index=..., values=..., ...)``: on_columns listed, or read
    from the input (``unique().sort()`` means sorted columns)."""
    args = m.bound(0)
    if "column_naming" in args:
        raise Unmapped("column_naming")
    out: dict[str, Any] = {
        "on": literal(args["on"]),
        "index": strings(args["index"]) if "index" in args else [],
        "values": strings(args["values"]) if "values" in args else [],
    }
    for name in ("aggregate_function", "maintain_order", "separator"):
        if name in args:
            out[name] = literal(args[name])
    out.setdefault("maintain_order", False)
    listed = args.get("on_columns")
    if isinstance(listed, ast.List):
        out["on_columns"] = literal(listed)
        yield Candidate({**out, "sort_columns": False})
        yield Candidate({**out, "sort_columns": True})
    elif listed is not None:
        yield Candidate({**out, "sort_columns": "unique().sort()" in ast.unparse(listed)})


NODE = NodeType(
    readings=(Reading(("pivot",), read),),
    name="pivot",
    category="aggregate",
    settings=Pivot,
    code=code,
    predict=predict,
    needs_data=True,
    label="Pivot",
    description=(
        "Long to wide: one new column per distinct value of a column (reads that column's "
        "values to know the new columns; at most 1000 columns)"
    ),
    var_name="pivoted",
    # 'item' wants exactly one value in every cell, which no pivot of the test orders has; it
    # is covered in tests/nodes/test_pivot.py
    examples=(
        {"on": "region", "index": ["customer"], "values": ["amount"], "aggregate_function": "sum"},
        {
            "on": "region",
            "index": ["customer"],
            "values": ["amount", "quantity"],
            "aggregate_function": "max",
            "separator": "|",
            "sort_columns": True,
        },
        {
            "on": "customer",
            "index": ["region"],
            "values": ["quantity"],
            "aggregate_function": "len",
        },
        {"on": "region", "values": ["amount"], "aggregate_function": "min"},
        {
            "on": "region",
            "index": ["order_date"],
            "values": ["amount"],
            "aggregate_function": "mean",
            "maintain_order": False,
        },
        {
            "on": "region",
            "index": ["customer"],
            "values": ["quantity"],
            "aggregate_function": "median",
        },
        {"on": "region", "index": ["customer"], "aggregate_function": "last"},
        {
            "on": "region",
            "index": ["customer"],
            "values": ["amount"],
            "aggregate_function": "first",
            "on_columns": ["south", "north"],
        },
        {
            "on": "quantity",
            "index": ["region"],
            "values": ["amount"],
            "aggregate_function": "sum",
            "on_columns": [3, 1, 2],
            "sort_columns": True,
        },
    ),
)

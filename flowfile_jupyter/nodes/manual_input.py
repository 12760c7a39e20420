"""A small table typed in by hand: columns with dtypes, and rows of values.

The code is the ``pl.LazyFrame({column: values}, schema={column: dtype})`` a person would write.
Dates, date-times and times are typed as ISO text (``"2024-01-31"``, ``"2024-01-31 09:30"``,
``"09:30"``): the frame holds them as strings and the code converts them with
``pl.col(...).str.to_date()`` (``to_datetime``, ``to_time``), so the generated program needs
nothing but ``polars``. Every value is checked against its column's dtype when the node is added
or edited, so a malformed table is refused with the row and column named.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field, PlainValidator, field_validator
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import ValidationInfo

from ..errors import NodeError
from ._base import Code, DType, NodeType, Scope, Settings, call, col, dtype, lit
from ._reading import Candidate, Match, Reading, Unmapped, col_name, method
from ._reading import value as literal


def _scalar(value: Any) -> bool | int | float | str | None:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise PydanticCustomError(
        "manual_value",
        "{value} is not a single value (text, a number, true/false or null)",
        {"value": repr(value)},
    )


Value = Annotated[
    bool | int | float | str | None,
    PlainValidator(_scalar, json_schema_input_type=bool | int | float | str | None),
]

_WIDTH = 72  # longer code is laid out one column per line
_LINE = 88
_INT_BITS = {"Int8": 8, "Int16": 16, "Int32": 32, "Int64": 64}
_UINT_BITS = {"UInt8": 8, "UInt16": 16, "UInt32": 32, "UInt64": 64}
_TEMPORAL = {"Date": "to_date", "Datetime": "to_datetime", "Time": "to_time"}
_NOT_TYPED = {
    "Decimal": "use Float64, or cast to a Decimal with a precision in a later step",
    "Duration": "type a number of units and convert it in a later step",
    "Binary": "type text and encode it in a later step",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


class ManualColumn(Settings):
    name: str = Field(min_length=1, description="Column name")
    dtype: DType = Field("String", description="Column dtype")

    @field_validator("dtype")
    @classmethod
    def _typeable(cls, value: str) -> str:
        if value in _NOT_TYPED:
            raise PydanticCustomError(
                "manual_dtype",
                "{dtype} values cannot be typed into a table; {hint}",
                {"dtype": value, "hint": _NOT_TYPED[value]},
            )
        return value


class ManualInput(Settings):
    columns: list[ManualColumn] = Field(
        default_factory=lambda: [ManualColumn(name="column_1")], description="The table's columns"
    )
    rows: list[list[Value]] = Field(
        default_factory=list,
        description="Rows of values, one per column (null for missing)",
        # a grid whose columns are the `columns` setting: names and dtypes from its rows
        json_schema_extra={"x-table": {"columns": "columns", "name": "name", "dtype": "dtype"}},
    )

    @field_validator("columns")
    @classmethod
    def _unique(cls, columns: list[ManualColumn]) -> list[ManualColumn]:
        seen: set[str] = set()
        for c in columns:
            if c.name in seen:
                raise PydanticCustomError(
                    "manual_columns", "column '{name}' appears twice", {"name": c.name}
                )
            seen.add(c.name)
        return columns

    @field_validator("rows")
    @classmethod
    def _fit(cls, rows: list[list[Value]], info: ValidationInfo) -> list[list[Value]]:
        columns: list[ManualColumn] | None = info.data.get("columns")
        if columns is None:  # the columns were refused already
            return rows
        names = ", ".join(c.name for c in columns)
        for i, row in enumerate(rows, start=1):
            if len(row) != len(columns):
                raise PydanticCustomError(
                    "manual_row",
                    "row {row} has {got} value(s) but the table has {want} column(s) ({names})",
                    {"row": i, "got": len(row), "want": len(columns), "names": names},
                )
            for c, value in zip(columns, row, strict=True):
                problem = _check(value, c.dtype)
                if problem:
                    raise PydanticCustomError(
                        "manual_value",
                        "row {row}, column '{column}' ({dtype}): {problem}",
                        {"row": i, "column": c.name, "dtype": c.dtype, "problem": problem},
                    )
        return rows


def _check(value: Value, kind: str) -> str:
    """Why ``value`` cannot go in a ``kind`` column ('' when it can)."""
    if value is None:
        return ""
    shown = lit(value)
    if kind == "Boolean":
        return "" if isinstance(value, bool) else f"{shown} is not true or false"
    if kind in _INT_BITS or kind in _UINT_BITS:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{shown} is not a whole number"
        bits = _INT_BITS.get(kind) or _UINT_BITS[kind]
        low, high = (
            (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if kind in _INT_BITS else (0, 2**bits - 1)
        )
        return "" if low <= value <= high else f"{value} is outside {low}..{high}"
    if kind in ("Float32", "Float64"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return "" if ok else f"{shown} is not a number"
    if kind in ("String", "Categorical"):
        return "" if isinstance(value, str) else f"{shown} is not text (put it in quotes)"
    if not isinstance(value, str) or _iso(value, kind) is None:
        return f"{shown} is not {_SHAPES[kind]}"
    return ""


_SHAPES = {
    "Date": 'a date like "2024-01-31"',
    "Datetime": 'a date-time like "2024-01-31 09:30:00"',
    "Time": 'a time like "09:30:00"',
}


def _iso(text: str, kind: str) -> str | None:
    """The value in the form the code holds it (Polars infers the format from these)."""
    try:
        if kind == "Date" and _DATE.fullmatch(text):
            return dt.date.fromisoformat(text).isoformat()
        if kind == "Datetime" and _DATETIME.fullmatch(text):
            return dt.datetime.fromisoformat(text).isoformat(sep=" ")
        if kind == "Time" and _TIME.fullmatch(text):
            return dt.time.fromisoformat(text).isoformat()
    except ValueError:
        return None
    return None


def _value(value: Value, kind: str) -> str:
    if value is None:
        return "None"
    if kind in _TEMPORAL:
        return lit(_iso(str(value), kind))
    if kind in ("Float32", "Float64") and isinstance(value, int):
        return lit(float(value))
    return lit(value)


def code(s: ManualInput, scope: Scope) -> Code:
    if not s.columns:
        raise NodeError("add a column to the table")
    data = [
        (lit(c.name), [_value(row[i], c.dtype) for row in s.rows]) for i, c in enumerate(s.columns)
    ]
    schema = [
        (lit(c.name), dtype("String" if c.dtype in _TEMPORAL else c.dtype)) for c in s.columns
    ]
    columns = _dict([(name, _list(values)) for name, values in data])
    one = f"pl.LazyFrame({columns}, schema={_dict(schema)})"
    base = one if len(one) <= _WIDTH else _layout(data, schema)
    convert = [
        f"{col(c.name)}.str.{_TEMPORAL[c.dtype]}()" for c in s.columns if c.dtype in _TEMPORAL
    ]
    if not convert:
        return Code(base)
    one = call("with_columns", *convert)
    if len(one) > _WIDTH:
        one = ".with_columns(\n" + "".join(f"        {c},\n" for c in convert) + "    )"
    return Code(base, (one,))


def _list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _fill(values: list[str], indent: str) -> list[str]:
    """Values packed into lines of at most _LINE characters, each ending with a comma."""
    lines: list[str] = []
    line = ""
    for v in values:
        if line and len(indent) + len(line) + len(v) + 2 > _LINE:
            lines.append(indent + line)
            line = ""
        line += f"{' ' if line else ''}{v},"
    if line:
        lines.append(indent + line)
    return lines


def _dict(items: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"


def _layout(data: list[tuple[str, list[str]]], schema: list[tuple[str, str]]) -> str:
    """One column per line (one value per line for long columns), the way ``ruff format`` lays
    it out, indented for the first line of a parenthesized chain in the generated code."""
    lines = ["pl.LazyFrame(", "        {"]
    for name, values in data:
        entry = f"            {name}: {_list(values)},"
        if len(entry) <= _LINE:
            lines.append(entry)
        else:
            lines.append(f"            {name}: [")
            lines.extend(_fill(values, "                "))
            lines.append("            ],")
    lines.append("        },")
    entry = f"        schema={_dict(schema)},"
    if len(entry) <= _LINE:
        lines.append(entry)
    else:
        lines.append("        schema={")
        lines.extend(f"            {k}: {v}," for k, v in schema)
        lines.append("        },")
    lines.append("    )")
    return "\n".join(lines)


_EXAMPLES: tuple[dict[str, Any], ...] = (
    {
        "columns": [{"name": "region", "dtype": "String"}, {"name": "target", "dtype": "Int64"}],
        "rows": [["north", 400], ["south", 200], ["west", None]],
    },
    {
        "columns": [
            {"name": "day", "dtype": "Date"},
            {"name": "at", "dtype": "Datetime"},
            {"name": "opens", "dtype": "Time"},
            {"name": "open", "dtype": "Boolean"},
            {"name": "rate", "dtype": "Float32"},
            {"name": "code", "dtype": "UInt8"},
            {"name": "kind", "dtype": "Categorical"},
        ],
        "rows": [
            ["2024-01-01", "2024-01-01T09:30", "09:00", True, 1, 7, "a"],
            ["2024-02-29", "2024-02-29 18:00:05.5", "18:30:15", False, 2.5, 255, "b"],
            [None, None, None, None, None, None, None],
        ],
    },
    {"columns": [{"name": "empty", "dtype": "Float64"}], "rows": []},
)


def read(m: Match) -> Iterator[Candidate]:
    """``pl.LazyFrame({column: values}, schema={column: dtype})``, then the
    ``.with_columns(pl.col(c).str.to_date(), ...)`` that types date and time columns."""
    frame = m.calls[0]
    if len(frame.args) != 1 or [k.arg for k in frame.keywords] != ["schema"]:
        raise Unmapped("not data and a schema")
    data, schema = literal(frame.args[0]), literal(frame.keywords[0].value)
    if not isinstance(data, dict) or not isinstance(schema, dict) or list(data) != list(schema):
        raise Unmapped("data and schema name different columns")
    kinds = dict(schema)
    to_kind = {v: k for k, v in _TEMPORAL.items()}
    for convert in m.calls[1:]:
        for node in convert.args:
            inner, name, _ = method(node)
            if name not in to_kind or not isinstance(inner, ast.Attribute) or inner.attr != "str":
                raise Unmapped("not a date conversion")
            kinds[col_name(inner.value)] = to_kind[name]
    columns = [{"name": c, "dtype": kinds[c]} for c in data]
    rows = [list(row) for row in zip(*data.values(), strict=True)]
    yield Candidate({"columns": columns, "rows": rows})


NODE = NodeType(
    readings=(Reading(("pl.LazyFrame", "with_columns"), read), Reading(("pl.LazyFrame",), read)),
    name="manual_input",
    category="input",
    settings=ManualInput,
    code=code,
    label="Manual input",
    description="Type in a small table",
    inputs=(),
    var_name="table",
    examples=_EXAMPLES,
)

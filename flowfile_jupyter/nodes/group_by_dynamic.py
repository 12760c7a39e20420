"""Aggregate over time windows (Polars' group_by_dynamic): per week, per 3 days, per 2 hours.

Polars needs the index column sorted (within each group when ``group_by`` is given), so the
chain sorts it first. Prediction checks what Polars 2.1 checks only when data is read: the index
column's dtype, durations that match it (``3i`` for integers, ``1w``/``3d``/``2h`` for dates and
times), a window no shorter than the column's precision, and each aggregation's dtype. Null
values in the index column still fail when the data is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Literal

import polars as pl
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ..errors import NodeError
from ._base import Code, Column, Columns, NodeType, Scope, Settings, call, lit
from ._layout import arguments
from ._reading import Candidate, Match, Reading, generic
from ._schema_checks import require_columns
from .group_by import Aggregation, agg_call, check_aggs, read_aggs

_UNIT = r"(?:ns|us|µs|ms|mo|s|m|h|d|w|q|y|i)"
_DURATION = re.compile(rf"^-?(?:\d+{_UNIT})+$")
_PART = re.compile(rf"(\d+)({_UNIT})")
_NANOS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "ms": 1_000_000,
    "s": 10**9,
    "m": 60 * 10**9,
    "h": 3600 * 10**9,
}
_GROUPS = {
    "mo": "months",
    "q": "months",
    "y": "months",
    "w": "weeks",
    "d": "days",
    "i": "index counts",
}
_TICKS = {"ns": 1, "us": 1_000, "ms": 1_000_000}

StartBy = Literal[
    "window",
    "datapoint",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]


def _parts(text: str) -> list[tuple[int, str]]:
    return [(int(n), unit) for n, unit in _PART.findall(text)]


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("duration", message)


def _duration(value: str | None, positive: bool, one_kind: bool = False) -> str | None:
    """A Polars duration string, or a refusal that says what is wrong with it."""
    if value is None:
        return None
    text = value.strip()
    if not _DURATION.match(text):
        raise _refuse(f"'{value}' is not a duration like 1w, 3d, 2h")
    if positive:
        if text.startswith("-"):
            raise _refuse(f"'{value}' must be positive")
        if all(n == 0 for n, _ in _parts(text)):
            raise _refuse(f"'{value}' must be longer than zero")
    if one_kind:  # Polars 2.1 refuses e.g. every="1d12h" when it runs
        kinds = {_GROUPS.get(unit, "time") for _, unit in _parts(text)}
        if len(kinds) > 1:
            raise _refuse(
                f"'{value}' mixes {' and '.join(sorted(kinds))}; use one kind of unit: months "
                "(mo, q, y), weeks (w), days (d), time (h, m, s, ms, us, ns) or index counts (i)"
            )
    return text


class GroupByDynamic(Settings):
    index_column: Column | None = Field(
        None, description="The date, datetime or integer column to window"
    )
    every: str = Field("1d", description="How often a window starts, e.g. 1w, 3d, 2h, 1mo, 5i")
    period: str | None = Field(None, description="Window length (default: every)")
    offset: str | None = Field(None, description="Shift the window starts, e.g. -1d")
    closed: Literal["left", "right", "both", "none"] = Field(
        "left", description="Which window edges belong to it"
    )
    window_label: Literal["left", "right", "datapoint"] = Field(
        "left",
        description=(
            "Polars' label: the index column shows the window's start (left), end (right) or "
            "first row (datapoint)"
        ),
    )
    include_boundaries: bool = Field(False, description="Add _lower_boundary/_upper_boundary")
    group_by: Columns = Field(default_factory=list, description="Separate windows per group")
    start_by: StartBy = Field("window", description="Where the first window starts")
    aggs: list[Aggregation] = Field(default_factory=list)

    @field_validator("every")
    @classmethod
    def _every(cls, value: str) -> str | None:
        return _duration(value, positive=True, one_kind=True)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str | None) -> str | None:
        return _duration(value, positive=True)

    @field_validator("offset")
    @classmethod
    def _offset(cls, value: str | None) -> str | None:
        return _duration(value, positive=False)


def _index(s: GroupByDynamic) -> str:
    if s.index_column is None:
        raise NodeError("choose the index column: the dates, datetimes or integers to window")
    return s.index_column


def code(s: GroupByDynamic, scope: Scope) -> Code:
    index = _index(s)
    sort = call("sort", *(lit(c) for c in [*s.group_by, index]))
    options = {
        "every": s.every,
        "period": s.period,
        "offset": s.offset,
        "closed": None if s.closed == "left" else s.closed,
        "label": None if s.window_label == "left" else s.window_label,
        "include_boundaries": s.include_boundaries or None,
        "group_by": (s.group_by[0] if len(s.group_by) == 1 else s.group_by) or None,
        "start_by": None if s.start_by == "window" else s.start_by,
    }
    args = [lit(index)] + [f"{k}={lit(v)}" for k, v in options.items() if v is not None]
    window = arguments(".group_by_dynamic", args)
    return Code(scope.input(0), (sort, window, agg_call(s.aggs)))


def _check_durations(s: GroupByDynamic, index: str, dtype: pl.DataType) -> None:
    durations = {"every": s.every, "period": s.period, "offset": s.offset}
    given = {k: v for k, v in durations.items() if v is not None}
    if dtype.is_integer():
        for name, value in given.items():
            if any(unit != "i" for _, unit in _parts(value)):
                raise NodeError(
                    f'{name}: "{index}" holds integers, so durations count index '
                    f"steps: write e.g. 3i, not {value}"
                )
        return
    tick = _TICKS[dtype.time_unit] if isinstance(dtype, pl.Datetime) else _TICKS["us"]
    for name, value in given.items():
        parts = _parts(value)
        if any(unit == "i" for _, unit in parts):
            raise NodeError(
                f'{name}: "{index}" holds {dtype} values; write a time duration such '
                f"as 1w, 3d or 2h, not {value}"
            )
        if name != "offset" and all(unit in _NANOS for _, unit in parts):
            nanos = sum(n * _NANOS[unit] for n, unit in parts)
            if nanos < tick:
                raise NodeError(
                    f'{name}: {value} is shorter than the precision of "{index}" ({dtype})'
                )


def check(s: GroupByDynamic, schemas: Sequence[pl.Schema]) -> None:
    index, schema = _index(s), schemas[0]
    require_columns(schema, [index, *s.group_by])
    dtype = schema[index]
    if not (dtype in (pl.Date, pl.Int32, pl.Int64) or isinstance(dtype, pl.Datetime)):
        raise NodeError(
            f'"{index}" is {dtype}: time windows need a Date, Datetime, Int32 or Int64 index column'
        )
    _check_durations(s, index, dtype)
    check_aggs(schema, s.aggs)


_window = generic(GroupByDynamic, fields={"label": "window_label"}, call=1)


def read(m: Match) -> Iterator[Candidate]:
    """``.sort(...).group_by_dynamic(...).agg(...)`` (the sort is the one this node writes)."""
    aggs = read_aggs(m.bound(2), m)
    for found in _window(m):
        settings = dict(found.settings)
        if isinstance(settings.get("group_by"), str):
            settings["group_by"] = [settings["group_by"]]
        yield Candidate({**settings, "aggs": aggs})


NODE = NodeType(
    readings=(Reading(("sort", "group_by_dynamic", "agg"), read),),
    name="group_by_dynamic",
    category="aggregate",
    settings=GroupByDynamic,
    code=code,
    check=check,
    label="Time windows",
    description=(
        "Aggregate per time window (every week, 3 days, 2 hours...); sorts by the index column "
        "(within groups) first, as Polars requires"
    ),
    var_name="per_period",
    examples=(
        {
            "index_column": "order_date",
            "every": "1w",
            "aggs": [{"column": "amount", "agg": "sum", "alias": "total"}],
        },
        {
            "index_column": "order_date",
            "every": "3d",
            "period": "1w",
            "offset": "-1d",
            "closed": "both",
            "window_label": "right",
            "include_boundaries": True,
            "group_by": ["region"],
            "aggs": [
                {"column": "amount", "agg": "mean"},
                {"column": "order_id", "agg": "count"},
                {"column": "customer", "agg": "concat", "separator": "+"},
            ],
        },
        {
            "index_column": "order_date",
            "every": "1w",
            "start_by": "monday",
            "window_label": "datapoint",
            "closed": "right",
            "group_by": ["region", "customer"],
        },
        {
            "index_column": "order_date",
            "every": "1mo",
            "start_by": "datapoint",
            "closed": "none",
            "aggs": [{"column": "quantity", "agg": "max"}, {"column": "amount", "agg": "list"}],
        },
        {"index_column": "order_id", "every": "3i", "period": "4i", "offset": "1i"},
        {"index_column": "order_date", "every": "12h"},
    ),
)

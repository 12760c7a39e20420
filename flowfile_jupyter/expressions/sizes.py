"""Expressions that build rows or large values from literals, and how large they may be.

Prediction runs each node's plan over zero-row inputs, so the only data it can build comes from
literals: ``pl.int_range(0, 10**12)``, ``pl.lit("x").str.pad_start(10**10)``,
``.repeat_by(10**9)`` would each fill memory (Polars aborts the process when an allocation
fails). Every size such a function takes (a length, a count, a width, a number of fields) must
be at most ``MAX_SIZE`` while predicting, where a size from the data counts as 1 (the inputs
are empty); and what a whole expression can build is estimated and capped at ``MAX_BYTES``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl

from ..errors import NodeError
from .api import words
from .values import LITERAL, Value

MAX_SIZE = 10_000_000
MAX_BYTES = 1 << 28

Sizes = Mapping[str, float]
Args = Mapping[str, Value]


@dataclass(frozen=True)
class Growth:
    """A function that builds data: which of its parameters are sizes, and what it can build
    from the bytes of its receiver and arguments (``base``) and those sizes."""

    sizes: tuple[str, ...]
    cost: Callable[[int, Args, Sizes], float]
    when: Callable[[Args], bool] = lambda args: True  # does it grow with these arguments


def _size(sizes: Sizes, *names: str) -> float:
    return sum(sizes.get(n, 0.0) for n in names) or 1.0


def _with_replacement(args: Args) -> bool:
    value = args.get("with_replacement")
    return value is not None and value.const is not False


def _text_length(value: Value | None) -> float:
    """How much longer a replacement can make each match: its own length."""
    if value is None:
        return 0.0
    if value.kind is LITERAL and isinstance(value.const, str):
        return float(len(value.const))
    return float(value.cost)


def _is_count(name: str) -> Callable[[Args], bool]:
    """Binning functions take a count or a list of breaks: only a count builds data."""
    return lambda args: name in args and isinstance(args[name].const, int | float)


GROWTH: dict[str, Growth] = {
    "pl.repeat": Growth(("n",), lambda base, a, s: a["value"].cost * _size(s, "n")),
    "pl.zeros": Growth(("n",), lambda base, a, s: 8 * _size(s, "n")),
    "pl.ones": Growth(("n",), lambda base, a, s: 8 * _size(s, "n")),
    "pl.linear_space": Growth(
        ("num_samples",), lambda base, a, s: base + 8 * _size(s, "num_samples")
    ),
    "pl.linear_spaces": Growth(
        ("num_samples",), lambda base, a, s: base + 8 * _size(s, "num_samples")
    ),
    "Expr.repeat_by": Growth(("by",), lambda base, a, s: base * _size(s, "by")),
    "Expr.extend_constant": Growth(
        ("n",), lambda base, a, s: base + a["value"].cost * _size(s, "n")
    ),
    "Expr.sample": Growth(
        ("n", "fraction"), lambda base, a, s: base * _size(s, "n", "fraction"), _with_replacement
    ),
    "list.sample": Growth(
        ("n", "fraction"), lambda base, a, s: base * _size(s, "n", "fraction"), _with_replacement
    ),
    "Expr.hist": Growth(("bin_count",), lambda base, a, s: base + 8 * _size(s, "bin_count")),
    "Expr.qcut": Growth(
        ("quantiles",), lambda base, a, s: base + 8 * _size(s, "quantiles"), _is_count("quantiles")
    ),
    "Expr.bin_quantiles": Growth(
        ("quantiles",), lambda base, a, s: base + 8 * _size(s, "quantiles"), _is_count("quantiles")
    ),
    "Expr.bin_ranks": Growth(
        ("ranks",), lambda base, a, s: base + 8 * _size(s, "ranks"), _is_count("ranks")
    ),
    "Expr.bin_intervals": Growth(
        ("intervals",), lambda base, a, s: base + 8 * _size(s, "intervals"), _is_count("intervals")
    ),
    "str.pad_start": Growth(("length",), lambda base, a, s: base * _size(s, "length")),
    "str.pad_end": Growth(("length",), lambda base, a, s: base * _size(s, "length")),
    "str.zfill": Growth(("length",), lambda base, a, s: base * _size(s, "length")),
    "str.split_exact": Growth(("n",), lambda base, a, s: base * _size(s, "n")),
    "str.splitn": Growth(("n",), lambda base, a, s: base * _size(s, "n")),
    "str.replace": Growth((), lambda base, a, s: base * (1 + _text_length(a.get("value")))),
    "str.replace_all": Growth((), lambda base, a, s: base * (1 + _text_length(a.get("value")))),
    "str.replace_many": Growth(
        (), lambda base, a, s: base * (1 + _text_length(a.get("replace_with")))
    ),
}

INT_RANGES = frozenset({"pl.int_range", "pl.arange", "pl.int_ranges"})

# Methods that evaluate an expression once per element (or per window) of their receiver.
PER_ELEMENT = frozenset({"list.eval", "arr.eval", "list.agg", "arr.agg", "list.filter"})
QUADRATIC = frozenset({"Expr.cumulative_eval"})

# Methods after which a number is no larger than the largest of its receiver and arguments.
KEEPS_SIZE = words(
    """
    alias cast fill_null fill_nan clip abs max min first last mean median round floor ceil
    truncate sqrt cbrt log log10 log1p head tail limit slice sort unique shift over mode quantile
    n_unique len count null_count arg_max arg_min get gather_every drop_nulls drop_nans reverse
    forward_fill backward_fill approx_n_unique filter to_physical nan_max nan_min lower_bound
    """
)
ADDS = frozenset({"add", "sub"})
MULTIPLIES = frozenset({"mul", "floordiv", "truncdiv", "pow"})
SUMS = frozenset({"sum", "cum_sum"})

# Methods that can put a constant where the data has nothing (so the result is not plain data).
INTRODUCES_VALUES = words("fill_null fill_nan replace replace_strict extend_constant shift append")


def check_size(where: str, parameter: str, value: Value) -> float:
    """The size an argument can have while predicting; a NodeError beyond MAX_SIZE."""
    bound = value.bound
    if value.kind is LITERAL and isinstance(value.const, str):
        bound = 1.0  # a column name: the data's size, empty while predicting
    if bound is None:
        raise NodeError(
            f"{where}: {parameter} must be a whole number up to {MAX_SIZE:,}, or come from the "
            "data (a column, pl.len()) with + - * //"
        )
    if bound > MAX_SIZE:
        raise NodeError(
            f"{where}: {parameter} can be {_amount(bound)}; the limit is {MAX_SIZE:,} "
            "(an expression must not build that much data from literals)"
        )
    return bound


def int_range_size(where: str, args: Args) -> float:
    """How many integers ``pl.int_range(start, end, step)`` makes while predicting."""
    start, end, step = args.get("start"), args.get("end"), args.get("step")
    if end is None:  # pl.int_range(n) counts from 0
        start, end = None, start
    ends = [v for v in (start, end) if v is not None]
    numbers = [v.const for v in ends if v.known and _number(v.const)]
    stride = 1 if step is None else step.const
    if len(numbers) == len(ends) and _number(stride) and stride != 0:
        low = numbers[0] if len(numbers) == 2 else 0
        count = float(abs(numbers[-1] - low) / abs(stride))
    else:
        count = sum(check_size(where, n, v) for n, v in (("start", start), ("end", end)) if v)
    if count > MAX_SIZE:
        raise NodeError(
            f"{where}: the range can have {_amount(count)} values; the limit is {MAX_SIZE:,}"
        )
    return count


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_total(cost: float) -> None:
    if cost > MAX_BYTES:
        raise NodeError(
            f"this expression can build about {_bytes(cost)} from literals while its schema is "
            f"predicted; the limit is {_bytes(MAX_BYTES)}: use smaller sizes"
        )


def _amount(value: float) -> str:
    if not math.isfinite(value):
        return "unbounded"
    return f"{value:,.0f}" if value < 1e15 else f"about {value:.1e}"


def _bytes(value: float) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if value >= size:
            return f"{value / size:,.0f} {unit}"
    return f"{value:.0f} bytes"


# -- temporal ranges ---------------------------------------------------------------------------

TEMPORAL_RANGES = {
    "date_range": "1d",
    "date_ranges": "1d",
    "datetime_range": "1d",
    "datetime_ranges": "1d",
    "time_range": "1h",
    "time_ranges": "1h",
}

_UNIT_NS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60 * 1_000_000_000,
    "h": 3600 * 1_000_000_000,
    "d": 86_400 * 1_000_000_000,
    "w": 7 * 86_400 * 1_000_000_000,
    "mo": 28 * 86_400 * 1_000_000_000,  # the shortest month
    "q": 89 * 86_400 * 1_000_000_000,  # the shortest quarter
    "y": 365 * 86_400 * 1_000_000_000,
}
_PART = re.compile(r"(\d+)(ns|us|µs|ms|mo|s|m|h|d|w|q|y)")


def interval_ns(text: str) -> int:
    """The shortest time a Polars duration string (``"1d"``, ``"2h30m"``) can stand for."""
    body = text.strip().removeprefix("-")
    total, pos = 0, 0
    for match in _PART.finditer(body):
        if match.start() != pos:
            break
        total += int(match.group(1)) * _UNIT_NS[match.group(2)]
        pos = match.end()
    if pos != len(body) or not body:
        raise NodeError(f'"{text}" is not an interval Polars reads (write e.g. "1d" or "6h")')
    return total


def _ns(value: object) -> int | None:
    if isinstance(value, dt.datetime):
        return (
            (value.replace(tzinfo=None) - dt.datetime(1970, 1, 1))
            // dt.timedelta(microseconds=1)
            * 1000
        )
    if isinstance(value, dt.date):
        return (value - dt.date(1970, 1, 1)).days * _UNIT_NS["d"]
    if isinstance(value, dt.time):
        return (
            (value.hour * 60 + value.minute) * 60 + value.second
        ) * 1_000_000_000 + value.microsecond * 1000
    return None


_DAY_NS = _UNIT_NS["d"]
_DEFAULT_TIME_SPAN = _DAY_NS


def range_count(name: str, args: Args) -> float:
    """How many values a date/datetime/time range can have while predicting."""
    where = f"pl.{name}"
    interval = args.get("interval")
    text = TEMPORAL_RANGES[name] if interval is None else interval.const
    if not isinstance(text, str):
        raise NodeError(f'{where}: write the interval as text, e.g. "1d"')
    step = interval_ns(text)
    if step <= 0:
        return 0.0  # Polars refuses it
    ends: list[int | None] = []
    for key in ("start", "end"):
        value = args.get(key)
        if value is None:
            ends.append(None)
            continue
        if value.plain:
            return 0.0  # from the data: null or empty while predicting
        ns = _ns(value.const)
        if ns is None:
            raise NodeError(
                f"{where}: {key} must be written with pl.date(...), pl.datetime(...) or "
                "pl.time(...), or come straight from a column"
            )
        ends.append(ns)
    if name.startswith("time_range"):
        start = 0 if ends[0] is None else ends[0]
        end = _DEFAULT_TIME_SPAN if ends[1] is None else ends[1]
    else:
        if ends[0] is None or ends[1] is None:
            return 0.0  # Polars asks for both
        start, end = ends[0], ends[1]
    return max(0.0, math.floor((end - start) / step) + 1.0)


def temporal_constant(name: str, args: Args) -> object:
    """``pl.date(2024, 1, 31)`` and friends with literal arguments, as Python values."""
    values = {k: v.const for k, v in args.items()}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values.values()):
        return None
    try:
        if name == "date":
            return dt.date(**values)
        if name == "datetime":
            return dt.datetime(**values)
        if name == "time":
            return dt.time(**values)
    except (TypeError, ValueError, OverflowError) as exc:
        raise NodeError(f"pl.{name}(...): {exc}") from None
    return None


def dtype_cells(dtype: object) -> int:
    """How many values one value of a data type holds (an Array of width 1000 holds 1000)."""
    if isinstance(dtype, pl.Array):
        shape = dtype.shape if isinstance(dtype.shape, tuple) else (dtype.shape,)
        return math.prod(shape) * dtype_cells(dtype.inner)
    if isinstance(dtype, pl.List):
        return dtype_cells(dtype.inner)
    if isinstance(dtype, pl.Struct):
        return sum(dtype_cells(f.dtype) for f in dtype.fields) or 1
    return 1

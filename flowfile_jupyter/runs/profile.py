"""Column profiles: what each column of a node's whole result holds, one row per column.

Computed by Polars over the whole result (the node's cached Arrow IPC file, never just the
preview rows), on the flow's worker, and cached beside the result: a profile is keyed by its
result's key, so it is computed once per result.

The shape (``SCHEMA``), one row per column of the node:

- ``column``, ``dtype`` (Polars' name for it), ``rows``, ``nulls``, ``null_share`` (nulls /
  rows; null for an empty result), ``distinct`` (distinct values other than null);
- ``min``, ``max``, ``mean`` as text in the column's own type, as Polars writes it (a date
  stays a date; the mean of dates is a datetime); ``std`` for numbers and booleans;
- ``top_values``: the ``TOP_VALUES`` most frequent values of text, categorical and boolean
  columns (most frequent first, ties by text), as ``{value, count}``;
- ``histogram``: at most ``BINS`` equal-width bins of number and time columns, as
  ``{start, end, count}`` with edges in the column's type. Integers, dates and times are
  binned on whole values (of their unit), ``start`` to ``end`` inclusive, the last bin taking
  what the others leave; floats and decimals by Polars' own ``hist`` over their finite values
  (NaN and infinities are in no bin): ``(start, end]``, the first bin closed.

Lists, arrays, structs and binary columns get rows, nulls and distinct; a column of nulls
only, its nulls. A statistic that does not apply is null (an empty list for the lists).
"""

from __future__ import annotations

import hashlib
import io
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from ..engine.cache import Cache
from ..engine.cache_writer import NotCacheable
from .handle import RunCancelledError, RunHandle
from .whole import Whole

TOP_VALUES = 10
BINS = 20
VERSION = f"profile-1/{TOP_VALUES}/{BINS}"
MAX_CHARS = 200  # texts in a profile sent to the browser are cut there
CHUNK = 400  # expressions per select: Polars plans a select of thousands superlinearly

TOP = pl.Struct({"value": pl.String(), "count": pl.Int64()})
BIN = pl.Struct({"start": pl.String(), "end": pl.String(), "count": pl.Int64()})
_COLUMNS: dict[str, pl.DataType] = {
    "column": pl.String(),
    "dtype": pl.String(),
    "rows": pl.Int64(),
    "nulls": pl.Int64(),
    "null_share": pl.Float64(),
    "distinct": pl.Int64(),
    "min": pl.String(),
    "max": pl.String(),
    "mean": pl.String(),
    "std": pl.Float64(),
    "top_values": pl.List(TOP),
    "histogram": pl.List(BIN),
}
SCHEMA = pl.Schema(_COLUMNS)

Family = Literal["integer", "float", "temporal", "text", "boolean", "null", "other"]
_RANGE = ("integer", "float", "temporal", "text", "boolean")  # min and max
_MEAN = ("integer", "float", "temporal", "boolean")
_STD = ("integer", "float", "boolean")
_TOP = ("text", "boolean")


def family(dtype: pl.DataType) -> Family:
    if dtype == pl.Null:
        return "null"
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        return "integer"
    if dtype.is_float() or dtype.is_decimal():
        return "float"
    if dtype.is_temporal():
        return "temporal"
    if dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum):
        return "text"
    return "other"


# -- computing ----------------------------------------------------------------------------------


def profile(frame: pl.LazyFrame, handle: RunHandle | None = None) -> pl.DataFrame:
    """The profile of ``frame``'s whole result (see the module docstring for its shape).

    Two passes, each one select (a few for wide results): the statistics and top values,
    then the histograms, whose bins need the first pass's minimum and maximum. A cancelled
    ``handle`` stops it between the passes.
    """
    schema = frame.collect_schema()
    columns = list(schema.items())
    families = [family(dtype) for _, dtype in columns]
    stats = [pl.len().alias("rows")]
    for i, ((name, dtype), kind) in enumerate(zip(columns, families, strict=True)):
        stats.extend(_statistics(i, name, dtype, kind))
    row = _collect(frame, stats)
    if handle is not None and handle.cancel_requested:
        raise RunCancelledError(f"run {handle.id} was cancelled")
    bins: dict[int, _Bins] = {}
    wholes: dict[int, _Whole] = {}
    for i, ((_, dtype), kind) in enumerate(zip(columns, families, strict=True)):
        if kind == "float" and (fixed := _float_bins(row, i)) is not None:
            bins[i] = fixed
        elif kind in ("integer", "temporal") and (plan := _Whole.plan(row, i, dtype)) is not None:
            wholes[i] = plan
    counts = _bin_counts(frame, columns, wholes)
    bins.update({i: plan.bins(counts[i]) for i, plan in wholes.items()})
    histograms = _histograms(bins)
    rows = row["rows"]
    records = []
    for i, (name, dtype) in enumerate(columns):
        nulls = row[f"{i}:nulls"]
        unique = row.get(f"{i}:unique")
        records.append(
            {
                "column": name,
                "dtype": str(dtype),
                "rows": rows,
                "nulls": nulls,
                "null_share": nulls / rows if rows else None,
                "distinct": None if unique is None else unique - (1 if nulls else 0),
                "min": row.get(f"{i}:min"),
                "max": row.get(f"{i}:max"),
                "mean": row.get(f"{i}:mean"),
                "std": row.get(f"{i}:std"),
                "top_values": row.get(f"{i}:top") or [],
                "histogram": histograms.get(i, []),
            }
        )
    return pl.DataFrame(records, schema=SCHEMA)


def _statistics(i: int, name: str, dtype: pl.DataType, kind: Family) -> list[pl.Expr]:
    col = pl.col(name)
    found = [col.null_count().alias(f"{i}:nulls")]
    if dtype != pl.Object:
        found.append(col.n_unique().alias(f"{i}:unique"))
    if kind in _RANGE:
        found += [
            _text(col.min(), dtype).alias(f"{i}:min"),
            _text(col.max(), dtype).alias(f"{i}:max"),
        ]
    if kind in _MEAN:
        found.append(_text(col.mean(), dtype).alias(f"{i}:mean"))
    if kind in _STD:
        found.append(col.std().cast(pl.Float64).alias(f"{i}:std"))
    if kind in _TOP:
        found.append(_top_values(name).alias(f"{i}:top"))
    if kind in ("integer", "temporal"):
        physical = col.to_physical()
        found += [physical.min().alias(f"{i}:lo"), physical.max().alias(f"{i}:hi")]
    elif kind == "float":
        finite = _finite(name)
        found += [
            finite.min().alias(f"{i}:lo"),
            finite.max().alias(f"{i}:hi"),
            finite.hist(bin_count=BINS, include_breakpoint=True).implode().alias(f"{i}:hist"),
        ]
    return found


def _text(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A statistic as text in the column's own type, as Polars writes it."""
    if isinstance(dtype, pl.Duration):
        return value.dt.to_string("polars")
    return value.cast(pl.String)


def _finite(name: str) -> pl.Expr:
    values = pl.col(name).cast(pl.Float64)
    return values.filter(values.is_finite())


def _top_values(name: str) -> pl.Expr:
    """Counts of every value as one list (one evaluation keeps each value with its own
    count), sorted and cut inside the list."""
    counts = pl.col(name).drop_nulls().alias("value").value_counts(name="count").implode()
    each = pl.element()
    ranked = each.sort_by(
        [each.struct.field("count"), each.struct.field("value")], descending=[True, False]
    )
    return counts.cast(pl.List(TOP)).list.eval(ranked.head(TOP_VALUES))


@dataclass(frozen=True)
class _Bins:
    """One column's histogram: each bin's first and last value (physical values of ``dtype``
    for times) and its count."""

    dtype: pl.DataType  # the type the edges are written in
    starts: list[Any]
    ends: list[Any]
    counts: list[int]


def _float_bins(row: Mapping[str, Any], i: int) -> _Bins | None:
    """Polars' own histogram of the finite values (from the first pass)."""
    lo, hi, found = row.get(f"{i}:lo"), row.get(f"{i}:hi"), row.get(f"{i}:hist") or []
    if lo is None or hi is None:
        return None  # no finite value to bin
    counts = [int(b["count"]) for b in found]
    if hi == lo:  # Polars spreads bins around a single value: one bin says it plainly
        return _Bins(pl.Float64(), [lo], [hi], [sum(counts)])
    ends = [b["breakpoint"] for b in found]
    return _Bins(pl.Float64(), [lo, *ends[:-1]], ends, counts)


@dataclass(frozen=True)
class _Whole:
    """Equal-width bins of whole values (integers; dates and times in their unit), counted in
    a second pass once the first has found the range: ``lo + index * width``."""

    dtype: pl.DataType
    lo: int
    hi: int
    width: int
    count: int

    @classmethod
    def plan(cls, row: Mapping[str, Any], i: int, dtype: pl.DataType) -> _Whole | None:
        lo, hi = row.get(f"{i}:lo"), row.get(f"{i}:hi")
        if lo is None or hi is None:
            return None  # no value to bin
        lo, hi = int(lo), int(hi)
        width = max(1, math.ceil((hi - lo) / BINS))
        return cls(dtype, lo, hi, width, min(BINS, (hi - lo) // width + 1))

    def index(self, name: str) -> pl.Expr:
        physical = pl.col(name).to_physical()
        small = _physical(self.dtype) != pl.UInt64 and self.hi - self.lo < 2**63
        exact = physical.cast(pl.Int64 if small else pl.Int128)
        return ((exact - self.lo) // self.width).clip(0, self.count - 1)

    def bins(self, counts: Mapping[int, int]) -> _Bins:
        starts = [self.lo + k * self.width for k in range(self.count)]
        ends = [s + self.width - 1 for s in starts[:-1]] + [self.hi]
        return _Bins(self.dtype, starts, ends, [counts.get(k, 0) for k in range(self.count)])


def _physical(dtype: pl.DataType) -> pl.DataType:
    if dtype == pl.Date:
        return pl.Int32()
    return pl.Int64() if dtype.is_temporal() else dtype


def _histograms(bins: Mapping[int, _Bins]) -> dict[int, list[dict[str, Any]]]:
    """Each binned column's bins with their edges as text: the edges of all columns of one
    type are written by one Polars call."""
    by_type: dict[pl.DataType, list[tuple[int, _Bins]]] = {}
    for i, found in bins.items():
        by_type.setdefault(found.dtype, []).append((i, found))
    histograms: dict[int, list[dict[str, Any]]] = {}
    for dtype, parts in by_type.items():
        values = [v for _, b in parts for v in (*b.starts, *b.ends)]
        if dtype.is_float():
            series = pl.Series(values, dtype=pl.Float64)
        else:
            series = pl.Series(values, dtype=_physical(dtype)).cast(dtype)
        texts = iter(pl.select(_text(pl.lit(series), dtype)).to_series().to_list())
        for i, b in parts:
            starts = [next(texts) for _ in b.starts]
            ends = [next(texts) for _ in b.ends]
            histograms[i] = [
                {"start": start, "end": end, "count": count}
                for start, end, count in zip(starts, ends, b.counts, strict=True)
            ]
    return histograms


def _collect(frame: pl.LazyFrame, exprs: Sequence[pl.Expr]) -> dict[str, Any]:
    """One row of aggregates, by selects of at most CHUNK expressions run one after the
    other (each runs its expressions in parallel; collect_all of many plans is far slower)."""
    row: dict[str, Any] = {}
    for k in range(0, len(exprs), CHUNK):
        row.update(frame.select(exprs[k : k + CHUNK]).collect().row(0, named=True))
    return row


def _bin_counts(
    frame: pl.LazyFrame, columns: Sequence[tuple[str, pl.DataType]], bins: Mapping[int, _Whole]
) -> dict[int, dict[int, int]]:
    if not bins:
        return {}
    exprs = [
        plan.index(columns[i][0])
        .cast(pl.Int64)
        .alias("bin")
        .value_counts(name="n")
        .implode()
        .alias(str(i))
        for i, plan in bins.items()
    ]
    row = _collect(frame, exprs)
    found: dict[int, dict[int, int]] = {}
    for i in bins:
        pairs = row[str(i)] or []
        found[i] = {p["bin"]: p["n"] for p in pairs if p["bin"] is not None}
    return found


# -- on the worker: cached beside the result ----------------------------------------------------


def of(handle: RunHandle, whole: Whole, written: set[str] | None = None) -> Profile:
    """The profile of a node's whole result: read from the cache when it is there, else
    computed and cached under a key made from the result's (``written`` collects it)."""
    t0 = time.perf_counter()
    if whole.cached:
        found = cached(whole.cache, whole.key)
        if found is not None:
            return Profile(whole.node_id, found, True, (time.perf_counter() - t0) * 1000)
    frame = profile(whole.lazy(), handle)
    if whole.cached:
        stored = store(whole.cache, whole.key, frame)
        if stored is not None and written is not None:
            written.add(stored)
    ms = (time.perf_counter() - t0) * 1000
    return Profile(whole.node_id, frame, False, ms, whole.note)


def key(result_key: str) -> str:
    """The cache key of the profile of the result cached under ``result_key``."""
    return hashlib.sha256(f"{VERSION}/{result_key}".encode()).hexdigest()


def cached(cache: Cache, result_key: str) -> pl.DataFrame | None:
    found = cache.scan(key(result_key))
    if found is None:
        return None
    try:
        return found.collect()
    except FileNotFoundError:  # evicted between the check and the read
        return None


def store(cache: Cache, result_key: str, frame: pl.DataFrame) -> str | None:
    """Cache a profile; returns its key, or None when the cache cannot take it."""
    if not cache.usable:
        return None
    profile_key = key(result_key)
    try:
        with cache.writer(profile_key) as writer:
            writer.write(frame)
            writer.finish(frame.clear())
    except (OSError, NotCacheable):
        return None
    return profile_key


# -- for the browser ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A node's profile as a run found it: ``cached`` when it was read from the cache."""

    node_id: str
    frame: pl.DataFrame
    cached: bool
    ms: float = 0.0
    note: str | None = None  # e.g. why the result itself is not cached

    def info(self) -> dict[str, Any]:
        rows = self.frame.get_column("rows")
        return {
            "node": self.node_id,
            "columns": self.frame.height,
            "rows_total": int(rows[0]) if len(rows) else None,
            "cached": self.cached,
            "ms": round(self.ms, 3),
            "note": self.note,
        }


def to_ipc(found: Profile, max_chars: int = MAX_CHARS) -> tuple[bytes, dict[str, Any]]:
    """Arrow IPC stream bytes of the profile (texts cut at ``max_chars``) and its info."""

    def cut(text: pl.Expr, name: str) -> pl.Expr:
        long = text.str.len_chars() > max_chars
        return pl.when(long).then(text.str.slice(0, max_chars) + "…").otherwise(text).alias(name)

    def field(name: str) -> pl.Expr:
        return pl.element().struct.field(name)

    frame = found.frame.with_columns(
        *(cut(pl.col(name), name) for name in ("column", "min", "max", "mean")),
        pl.col("top_values").list.eval(pl.struct(cut(field("value"), "value"), field("count"))),
        pl.col("histogram").list.eval(
            pl.struct(cut(field("start"), "start"), cut(field("end"), "end"), field("count"))
        ),
    )
    buf = io.BytesIO()
    frame.write_ipc_stream(buf, compat_level=pl.CompatLevel.newest())
    data = buf.getvalue()
    return data, {**found.info(), "bytes": len(data), "max_chars": max_chars}

"""Column profiles: every statistic equals the same statistic computed by hand in plain Polars,
for every dtype family, over the node's whole result; profiles are cached with their result."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.runs import profile as profiles

N = 3000  # more rows than any preview shows: the profile must see them all


def families() -> pl.DataFrame:
    """One column per dtype family, with nulls, ties, extremes and more rows than a preview."""
    i = pl.int_range(N, eager=True)
    frame = pl.DataFrame({"i": i}).with_columns(
        ints=pl.when(i % 7 == 0).then(None).otherwise((i * 37) % 1001 - 500),
        small=(i % 5).cast(pl.Int8),
        wide=pl.when(i == 0)
        .then(pl.lit(0, pl.UInt64))
        .when(i == 1)
        .then(pl.lit(2**64 - 1, pl.UInt64))
        .otherwise((i * 3).cast(pl.UInt64)),
        floats=pl.when(i % 11 == 0).then(None).otherwise((i * 0.37) % 17.5 - 3.1),
        odd_floats=pl.when(i == 3)
        .then(float("nan"))
        .when(i == 4)
        .then(float("inf"))
        .when(i == 5)
        .then(float("-inf"))
        .otherwise(i.cast(pl.Float64) / 7),
        money=((i % 400) * 1.25).cast(pl.Decimal(12, 2)),
        text=pl.when(i % 13 == 0).then(None).otherwise(pl.format("name-{}", i % 17)),
        cats=pl.format("c{}", i % 4).cast(pl.Categorical),
        level=pl.when(i % 3 == 0)
        .then(pl.lit("low"))
        .otherwise(pl.lit("high"))
        .cast(pl.Enum(["low", "mid", "high"])),
        flag=pl.when(i % 9 == 0).then(None).otherwise(i % 3 == 0),
        day=pl.date(2024, 1, 1) + pl.duration(days=i % 400),
        stamp=pl.datetime(2024, 1, 1, time_zone="UTC") + pl.duration(minutes=i * 17),
        clock=((i * 97) % 86_400 * 1_000_000_000).cast(pl.Time),
        wait=pl.duration(milliseconds=i * 1234),
        items=pl.concat_list(pl.lit("a"), pl.format("b{}", i % 5)),
        pair=pl.struct(a=i % 3, b=pl.lit("x")),
        fixed=pl.concat_list(i % 2, i % 3).list.to_array(2),
        raw=pl.format("r{}", i % 6).cast(pl.Binary),
        nothing=pl.lit(None),
        empty_typed=pl.lit(None, pl.Int32),
    )
    return frame.drop("i")


def expected(frame: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """The statistics, one column at a time, with eager Polars calls."""
    found: dict[str, dict[str, Any]] = {}
    for name, dtype in frame.schema.items():
        s = frame.get_column(name)
        kind = profiles.family(dtype)
        one = s.to_frame()
        row: dict[str, Any] = {
            "dtype": str(dtype),
            "rows": s.len(),
            "nulls": s.null_count(),
            "distinct": s.drop_nulls().n_unique() if dtype != pl.Null else 0,
        }

        def text(expr: pl.Expr, one: pl.DataFrame = one, dtype: pl.DataType = dtype) -> Any:
            if isinstance(dtype, pl.Duration):
                return one.select(expr.dt.to_string("polars")).item()
            return one.select(expr.cast(pl.String)).item()

        if kind in ("integer", "float", "temporal", "text", "boolean"):
            row["min"], row["max"] = text(pl.col(name).min()), text(pl.col(name).max())
        if kind in ("integer", "float", "temporal", "boolean"):
            row["mean"] = text(pl.col(name).mean())
        if kind in ("integer", "float", "boolean"):
            row["std"] = s.std()
        if kind in ("text", "boolean"):
            counts = (
                s.drop_nulls()
                .cast(pl.String)
                .value_counts(name="count")
                .rename({name: "value"})
                .with_columns(pl.col("count").cast(pl.Int64))
                .sort(["count", "value"], descending=[True, False])
                .head(profiles.TOP_VALUES)
            )
            row["top_values"] = counts.to_dicts()
        found[name] = row
    return found


def check_histogram(frame: pl.DataFrame, name: str, bins: list[dict[str, Any]]) -> None:
    """Bins cover the values: each bin counts exactly the values between its edges."""
    dtype = frame.schema[name]
    s = frame.get_column(name).drop_nulls()
    if dtype.is_float() or dtype.is_decimal():
        s = s.cast(pl.Float64)
        s = s.filter(s.is_finite())
    assert sum(b["count"] for b in bins) == s.len()
    if not bins:
        return
    assert len(bins) <= profiles.BINS
    whole = not (dtype.is_float() or dtype.is_decimal())
    for k, b in enumerate(bins):
        start, end = edge(b["start"], dtype), edge(b["end"], dtype)
        # whole values: start..end inclusive; floats as Polars' hist: (start, end], first closed
        above = (s >= start) if (whole or k == 0) else (s > start)
        inside = above & (s <= end)
        assert inside.sum() == b["count"], (name, b)
        if k:
            previous_end = edge(bins[k - 1]["end"], dtype)
            assert previous_end <= start  # bins do not overlap
    if not whole:  # the same counts as Polars' own histogram
        polars_hist = s.hist(bin_count=profiles.BINS) if s.max() != s.min() else None
        if polars_hist is not None:
            assert [b["count"] for b in bins] == polars_hist.get_column("count").to_list()
    assert edge(bins[0]["start"], dtype) == s.min()
    assert edge(bins[-1]["end"], dtype) == s.max()


def edge(text: str, dtype: pl.DataType) -> Any:
    """A bin edge's text back as a value of the column's type (what plain Polars reads)."""
    if dtype.is_float() or dtype.is_decimal():
        return float(text)
    texts = pl.Series([text])
    if dtype == pl.Date:
        return texts.str.to_date().item()
    if dtype == pl.Time:
        return texts.str.to_time().item()
    if isinstance(dtype, pl.Datetime):
        return texts.str.to_datetime(time_unit=dtype.time_unit).item()
    return texts.cast(dtype).item()


@pytest.fixture
def flow(tmp_path: Path) -> Flow:
    f = Flow("profiles", namespace={"families": families()})
    f.cache = Cache(tmp_path / "cache")
    return f


def test_every_family_equals_plain_polars(flow: Flow) -> None:
    frame = families()
    src = flow.add("from_variable", name="families")
    found = flow.profile(src)
    assert found.schema == profiles.SCHEMA
    assert found.get_column("column").to_list() == frame.columns
    truth = expected(frame)
    for row in found.iter_rows(named=True):
        want = truth[row["column"]]
        kind = profiles.family(frame.schema[row["column"]])
        for stat, value in want.items():
            if stat == "std":
                assert row[stat] == pytest.approx(value, nan_ok=True), row["column"]
            elif stat == "mean" and value is not None and kind != "temporal":
                # sums of floats in another order differ in the last digits
                assert float(row[stat]) == pytest.approx(float(value), nan_ok=True)
            else:
                assert row[stat] == value, (row["column"], stat)
        assert row["null_share"] == pytest.approx(row["nulls"] / row["rows"])
        for stat in ("min", "max", "mean", "std"):
            if stat not in want:
                assert row[stat] is None, (row["column"], stat)
        if "top_values" not in want:
            assert row["top_values"] == []
        name = row["column"]
        if kind in ("integer", "float", "temporal"):
            if isinstance(frame.schema[name], pl.Duration):  # Polars cannot read its text back
                assert sum(b["count"] for b in row["histogram"]) == N
            else:
                check_histogram(frame, name, row["histogram"])
        else:
            assert row["histogram"] == []


def test_numbers_are_binned_on_whole_values_when_few(flow: Flow) -> None:
    flow.namespace["dice"] = pl.DataFrame({"roll": [1, 2, 2, 3, 6, 6, 6, None]})
    row = flow.profile(flow.add("from_variable", name="dice")).row(0, named=True)
    assert [(b["start"], b["end"], b["count"]) for b in row["histogram"]] == [
        ("1", "1", 1),
        ("2", "2", 2),
        ("3", "3", 1),
        ("4", "4", 0),
        ("5", "5", 0),
        ("6", "6", 3),
    ]
    assert row["min"] == "1" and row["max"] == "6" and row["distinct"] == 4
    assert row["mean"] == str(pl.Series([1, 2, 2, 3, 6, 6, 6]).mean())


def test_a_constant_column_is_one_bin(flow: Flow) -> None:
    flow.namespace["same"] = pl.DataFrame({"x": [2.5] * 10, "d": [dt.date(2020, 1, 1)] * 10})
    found = flow.profile(flow.add("from_variable", name="same"))
    assert found.get_column("histogram").to_list() == [
        [{"start": "2.5", "end": "2.5", "count": 10}],
        [{"start": "2020-01-01", "end": "2020-01-01", "count": 10}],
    ]


def test_nulls_only_and_empty_results(flow: Flow) -> None:
    frame = families()
    flow.namespace["families"] = frame
    src = flow.add("from_variable", name="families")
    empty = flow.add("head", src, n=0)
    found = flow.profile(empty)
    assert found.height == frame.width
    assert found.get_column("rows").to_list() == [0] * frame.width
    assert found.get_column("nulls").to_list() == [0] * frame.width
    assert found.get_column("null_share").null_count() == frame.width
    assert found.get_column("distinct").to_list() == [0] * frame.width
    for stat in ("min", "max", "mean"):
        assert found.get_column(stat).null_count() == frame.width
    assert found.get_column("top_values").to_list() == [[]] * frame.width
    assert found.get_column("histogram").to_list() == [[]] * frame.width
    nothing = flow.profile(src).filter(pl.col("column").is_in(["nothing", "empty_typed"]))
    assert nothing.select("dtype", "nulls", "null_share", "distinct", "min").rows() == [
        ("Null", N, 1.0, 0, None),
        ("Int32", N, 1.0, 0, None),
    ]
    assert profiles.profile(pl.LazyFrame()).equals(pl.DataFrame(schema=profiles.SCHEMA))


def test_profile_is_cached_with_its_result_and_follows_edits(flow: Flow) -> None:
    flow.namespace["families"] = families()
    src = flow.add("from_variable", name="families")
    kept = flow.add("filter", src, expr='pl.col("small") >= 3')
    first = flow.profile_async(kept)
    assert first.wait(60)
    assert first.result().cached is False
    key = flow._snapshot().keys([kept])[kept]
    assert profiles.key(key) in flow.cache.keys_on_disk()
    again = flow.profile_async(kept)
    assert again.wait(60) and again.result().cached is True
    assert again.result().frame.equals(first.result().frame)
    flow.update(kept, expr='pl.col("small") >= 4')
    edited = flow.profile(kept)
    assert edited.row(0, named=True)["rows"] == families().filter(pl.col("small") >= 4).height
    assert flow.wait_idle(60)
    flow.clear_cache()
    assert profiles.key(key) not in flow.cache.keys_on_disk()


def test_a_damaged_cached_profile_is_computed_again(flow: Flow) -> None:
    flow.namespace["families"] = families()
    src = flow.add("from_variable", name="families")
    good = flow.profile(src)
    key = profiles.key(flow._snapshot().keys([src])[src])
    entry = flow.cache.entry(key)
    assert entry is not None
    data = bytearray(entry.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    entry.path.write_bytes(bytes(data))
    fresh = Cache(flow.cache.directory.parent)  # a new process: nothing verified yet
    flow.cache = fresh
    again = flow.profile_async(src)
    assert again.wait(60)
    assert again.result().cached is False
    assert again.result().frame.equals(good)


def test_output_nodes_profile_what_they_would_write(flow: Flow, tmp_path: Path) -> None:
    flow.namespace["families"] = families()
    src = flow.add("from_variable", name="families")
    out = flow.add("write_parquet", src, path=str(tmp_path / "out.parquet"))
    assert flow.profile(out).equals(flow.profile(src))
    assert not (tmp_path / "out.parquet").exists()


def test_without_a_usable_cache_the_profile_is_computed_from_the_plan(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    f = Flow("uncached", namespace={"families": families()})
    f.cache = Cache(blocker)
    src = f.add("from_variable", name="families")
    handle = f.profile_async(src)
    assert handle.wait(60)
    found = handle.result()
    assert found.cached is False and found.note is not None
    assert found.frame.equals(profiles.profile(families().lazy()))


def test_errors_are_refused_by_name(flow: Flow) -> None:
    flow.namespace["families"] = families()
    src = flow.add("from_variable", name="families")
    bad = flow.add("filter", src, expr='pl.col("nope") > 1')
    with pytest.raises(FlowError, match="nope"):
        flow.profile(bad)
    with pytest.raises(FlowError, match="no node 'ghost'"):
        flow.profile("ghost")


def test_texts_for_the_browser_are_cut(flow: Flow) -> None:
    long = "é" * 5000
    flow.namespace["long"] = pl.DataFrame({"t": [long, long, "b"], "x" * 300: [1, 2, 3]})
    handle = flow.profile_async(flow.add("from_variable", name="long"))
    assert handle.wait(60)
    data, info = profiles.to_ipc(handle.result())
    sent = pl.read_ipc_stream(data)
    assert info["bytes"] == len(data) < 20_000
    assert sent.row(0, named=True)["max"] == "é" * profiles.MAX_CHARS + "…"
    assert sent.row(0, named=True)["top_values"][0] == {
        "value": "é" * profiles.MAX_CHARS + "…",
        "count": 2,
    }
    assert sent.row(1, named=True)["column"] == "x" * profiles.MAX_CHARS + "…"
    assert info["rows_total"] == 3 and info["columns"] == 2
    assert math.isclose(sent.row(1, named=True)["std"], 1.0)

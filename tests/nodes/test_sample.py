"""Sample: n rows or a fraction, reproducible by seed, rows kept whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError

from ._transform import checked, code_result, orders, rendered, source

N = 1_000
WIDE = pl.DataFrame(
    {
        "id": range(N),
        "text": [None if i % 7 == 0 else f"row {i}" for i in range(N)],
        "half": [None if i % 5 == 0 else i / 2 for i in range(N)],
        "day": [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(N)],
        "even": [i % 2 == 0 for i in range(N)],
        "items": [[i, i] for i in range(N)],
    }
)


def whole_rows(sample: pl.DataFrame) -> bool:
    """Every sampled row is a row of WIDE (columns were not sampled independently)."""
    return sample.equals(WIDE.select(pl.all().gather(sample["id"])))


def test_n_rows_with_the_default_seed_is_reproducible(tmp_path: Path) -> None:
    flow, src = source(tmp_path, WIDE)
    node = flow.add("sample", src, n=10)
    result = checked(flow, node)
    assert result.height == 10
    assert result.schema == WIDE.schema
    assert whole_rows(result)
    assert_frame_equal(result, flow.collect(node))
    assert_frame_equal(result, WIDE.sample(n=10, seed=0))
    assert ".select(pl.all().sample(n=10, seed=0))" in rendered(flow, node)


def test_fraction_with_replacement_and_shuffle(tmp_path: Path) -> None:
    flow, src = source(tmp_path, WIDE)
    node = flow.add("sample", src, fraction=1.5, with_replacement=True, shuffle=True, seed=3)
    result = checked(flow, node)
    assert result.height == 1_500
    assert result["id"].n_unique() < 1_000
    assert whole_rows(result)
    assert (
        ".select(pl.all().sample(fraction=1.5, with_replacement=True, shuffle=True, seed=3))"
        in rendered(flow, node)
    )


def test_no_shuffle_keeps_input_order(tmp_path: Path) -> None:
    flow, src = source(tmp_path, WIDE)
    node = flow.add("sample", src, fraction=0.1, shuffle=False, seed=11)
    result = checked(flow, node)
    assert result.height == 100
    assert result["id"].is_sorted()
    assert whole_rows(result)


def test_no_seed_still_keeps_rows_whole(tmp_path: Path) -> None:
    flow, src = source(tmp_path, WIDE)
    node = flow.add("sample", src, n=50, seed=None)
    assert flow.errors == {}
    code = rendered(flow, node)
    assert '.select(pl.struct(pl.all()).sample(n=50).alias("sample"))' in code
    assert '.unnest("sample")' in code
    first, second = flow.collect(node), flow.collect(node)
    assert first.schema == flow.schema(node) == WIDE.schema
    assert whole_rows(first) and whole_rows(second)
    assert whole_rows(code_result(flow, node))
    assert not first.equals(second)  # a new sample each run (1000 choose 50: never equal)


def test_no_seed_with_a_column_named_like_the_struct(tmp_path: Path) -> None:
    frame = pl.DataFrame({"sample": range(20), "copy": range(20)})
    flow, src = source(tmp_path, frame)
    node = flow.add("sample", src, n=5, seed=None)
    result = flow.collect(node)
    assert result.columns == ["sample", "copy"]
    assert (result["sample"] == result["copy"]).all()


def test_more_rows_than_there_are_fails_when_the_data_runs(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("sample", src, n=100)
    assert flow.errors == {}  # the row count is not known before running
    with pytest.raises(pl.exceptions.ShapeError, match="cannot take a larger sample"):
        flow.collect(node)


def test_neither_n_nor_fraction_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("sample", src)
    assert flow.errors[node] == "give the number of rows (n) or a fraction of them"
    with pytest.raises(FlowError, match="give the number of rows"):
        flow.collect(node)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"n": 3, "fraction": 0.5}, "give either n or fraction, not both"),
        ({"fraction": 1.5}, "a fraction above 1 needs with_replacement=True"),
        ({"n": -1}, "n:"),
        ({"fraction": -0.1}, "fraction:"),
        ({"n": 3, "seed": "abc"}, "seed:"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("sample", **settings)


def test_no_seed_survives_save_and_load(tmp_path: Path) -> None:
    flow, src = source(tmp_path, WIDE)
    node = flow.add("sample", src, n=5, seed=None)
    flow.save(tmp_path / "flow.flowfile.yaml")
    again = Flow.load(tmp_path / "flow.flowfile.yaml", namespace={})
    assert again.nodes[node].settings == flow.nodes[node].settings
    assert again.to_code() == flow.to_code()

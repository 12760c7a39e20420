"""Fill nulls: a value or a strategy, for every column or chosen ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._transform import checked, rendered, source

HOLES = pl.DataFrame(
    {
        "i": [1, None, None, 4, None],
        "f": [None, 2.0, None, None, 5.0],
        "s": ["a", None, None, "d", None],
        "b": [True, None, False, None, None],
    }
)


def fill(tmp_path: Path, **settings: object) -> tuple[Flow, str]:
    flow, src = source(tmp_path, HOLES)
    return flow, flow.add("fill_null", src, **settings)


def test_a_number_fills_the_number_columns_only(tmp_path: Path) -> None:
    flow, node = fill(tmp_path, value=0)
    result = checked(flow, node)
    assert result["i"].to_list() == [1, 0, 0, 4, 0]
    assert result["f"].to_list() == [0.0, 2.0, 0.0, 0.0, 5.0]
    assert result["s"].to_list() == HOLES["s"].to_list()
    assert result["b"].to_list() == HOLES["b"].to_list()
    assert ".fill_null(0)" in rendered(flow, node)


def test_text_fills_the_text_columns_only(tmp_path: Path) -> None:
    flow, node = fill(tmp_path, value="?")
    result = checked(flow, node)
    assert result["s"].to_list() == ["a", "?", "?", "d", "?"]
    assert result["i"].null_count() == 3
    assert '.fill_null("?")' in rendered(flow, node)


def test_chosen_columns_take_the_value_even_across_types(tmp_path: Path) -> None:
    flow, node = fill(tmp_path, value=0, columns=["i", "s"])
    result = checked(flow, node)
    assert result["i"].to_list() == [1, 0, 0, 4, 0]
    assert result["s"].to_list() == ["a", "0", "0", "d", "0"]
    assert result["f"].null_count() == 3
    assert '.with_columns(pl.col("i", "s").fill_null(0))' in rendered(flow, node)


def test_a_boolean_value(tmp_path: Path) -> None:
    flow, node = fill(tmp_path, value=True, columns=["b"])
    assert checked(flow, node)["b"].to_list() == [True, True, False, True, True]
    assert 'pl.col("b").fill_null(True)' in rendered(flow, node)


def test_forward_everywhere(tmp_path: Path) -> None:
    flow, node = fill(tmp_path, strategy="forward")
    result = checked(flow, node)
    assert result["i"].to_list() == [1, 1, 1, 4, 4]
    assert result["f"].to_list() == [None, 2.0, 2.0, 2.0, 5.0]
    assert result["s"].to_list() == ["a", "a", "a", "d", "d"]
    assert '.fill_null(strategy="forward")' in rendered(flow, node)


def test_backward_with_a_limit(tmp_path: Path) -> None:
    flow, node = fill(tmp_path, strategy="backward", limit=1, columns=["i"])
    assert checked(flow, node)["i"].to_list() == [1, None, 4, 4, None]
    assert '.with_columns(pl.col("i").fill_null(strategy="backward", limit=1))' in (
        rendered(flow, node)
    )


@pytest.mark.parametrize(
    ("strategy", "i", "f"),
    [
        ("mean", [1, 2, 2, 4, 2], [3.5, 2.0, 3.5, 3.5, 5.0]),
        ("min", [1, 1, 1, 4, 1], [2.0, 2.0, 2.0, 2.0, 5.0]),
        ("max", [1, 4, 4, 4, 4], [5.0, 2.0, 5.0, 5.0, 5.0]),
        ("zero", [1, 0, 0, 4, 0], [0.0, 2.0, 0.0, 0.0, 5.0]),
        ("one", [1, 1, 1, 4, 1], [1.0, 2.0, 1.0, 1.0, 5.0]),
    ],
)
def test_computed_strategies_on_number_columns(
    tmp_path: Path, strategy: str, i: list[int], f: list[float]
) -> None:
    flow, node = fill(tmp_path, strategy=strategy, columns=["i", "f"])
    result = checked(flow, node)
    assert result["i"].to_list() == i
    assert result["f"].to_list() == f


def test_a_strategy_that_does_not_fit_a_column_type_is_a_node_error(tmp_path: Path) -> None:
    """Polars accepts it over empty frames and fails only on data; the node says it at once."""
    flow, every = fill(tmp_path, strategy="mean")
    chosen = flow.add("fill_null", flow.nodes[every].inputs[0], strategy="one", columns=["s", "i"])
    assert flow.errors[every] == (
        "strategy 'mean' does not work on s (String), b (Boolean); choose the columns to fill"
    )
    assert flow.errors[chosen] == "strategy 'one' does not work on s (String)"


def test_a_missing_column_is_a_node_error(tmp_path: Path) -> None:
    flow, node = fill(tmp_path, value=0, columns=["i", "nope"])
    assert flow.errors[node] == '"nope" not found'


def test_neither_value_nor_strategy_is_a_node_error(tmp_path: Path) -> None:
    flow, node = fill(tmp_path)
    assert flow.errors[node] == "give a value or choose a strategy"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"value": 0, "strategy": "forward"}, "give either a value or a strategy, not both"),
        ({"value": 0, "limit": 2}, "limit works only with the forward and backward strategies"),
        ({"strategy": "mean", "limit": 2}, "limit works only with the forward"),
        ({"strategy": "forward", "limit": 0}, "limit:"),
        ({"strategy": "median"}, "strategy:"),
        ({"value": [1, 2]}, "value"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("fill_null", **settings)


def test_a_value_that_does_not_fit_a_chosen_column_is_a_node_error(tmp_path: Path) -> None:
    """Text into a list or duration column passes prediction in Polars, then fails on data."""
    frame = pl.DataFrame(
        {"items": [[1], None], "wait": [dt.timedelta(1), None], "name": ["x", None]}
    )
    flow, src = source(tmp_path, frame)
    node = flow.add("fill_null", src, value="?", columns=["name", "items", "wait"])
    assert (
        flow.errors[node]
        == "\"?\" cannot fill items (List(Int64)), wait (Duration(time_unit='us'))"
    )
    flow.update(node, columns=["name"])
    assert checked(flow, node)["name"].to_list() == ["x", "?"]

"""Unique: duplicate rows judged on chosen columns or on all of them."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._transform import checked, orders, rendered, source

ROWS = pl.DataFrame(
    {
        "k": ["a", "b", "a", "c", "b", "a", None, None],
        "v": [1, 2, 1, 3, 5, 1, 7, 7],
        "row": [0, 1, 2, 3, 4, 5, 6, 7],
    }
)


def test_no_subset_means_every_column(tmp_path: Path) -> None:
    """The reference product deduplicated differently in the canvas and in the code when no
    column was chosen; here both are Polars' unique() over all columns, in input order."""
    frame = ROWS.drop("row")
    flow, src = source(tmp_path, frame)
    node = flow.add("unique", src)
    result = checked(flow, node)
    assert result.rows() == [("a", 1), ("b", 2), ("c", 3), ("b", 5), (None, 7)]
    assert result.equals(frame.unique(keep="first", maintain_order=True))
    code = rendered(flow, node)
    assert '.unique(keep="first", maintain_order=True)' in code
    assert "subset=" not in code


def test_no_subset_with_no_duplicates_changes_nothing(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("unique", src)
    assert checked(flow, node).height == 8


def test_subset_keeps_the_first_row_of_each_group(tmp_path: Path) -> None:
    flow, src = source(tmp_path, ROWS)
    node = flow.add("unique", src, subset=["k"])
    assert checked(flow, node)["row"].to_list() == [0, 1, 3, 6]
    assert '.unique(subset=["k"], keep="first", maintain_order=True)' in rendered(flow, node)


def test_keep_last(tmp_path: Path) -> None:
    flow, src = source(tmp_path, ROWS)
    node = flow.add("unique", src, subset=["k", "v"], keep="last")
    result = checked(flow, node)
    assert sorted(result["row"].to_list()) == [1, 3, 4, 5, 7]
    assert result.equals(ROWS.unique(subset=["k", "v"], keep="last", maintain_order=True))


def test_keep_none_drops_every_duplicated_row(tmp_path: Path) -> None:
    flow, src = source(tmp_path, ROWS)
    node = flow.add("unique", src, subset=["k"], keep="none")
    assert checked(flow, node)["row"].to_list() == [3]


def test_keep_any_and_no_maintained_order(tmp_path: Path) -> None:
    flow, src = source(tmp_path, ROWS)
    node = flow.add("unique", src, subset=["k"], keep="any", maintain_order=False)
    result = flow.collect(node)
    assert result.height == 4
    assert set(result["k"].to_list()) == {None, "a", "b", "c"}
    assert '.unique(subset=["k"])' in rendered(flow, node)


def test_a_missing_column_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("unique", src, subset=["region", "nope"])
    assert flow.errors[node].startswith('unable to find column "nope"')


def test_an_unknown_keep_is_refused() -> None:
    with pytest.raises(SettingsError, match="keep"):
        Flow("refused", namespace={}).add("unique", keep="middle")

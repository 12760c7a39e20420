"""Comparing an engine's result with Polars' the way a person would: same rows, and the same
order where the flow promises one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal


def assert_same_rows(got: pl.DataFrame, expected: pl.DataFrame, order: Sequence[str] = ()) -> None:
    """Equal frames up to row order; ``order``: columns whose sequence must match too (a sort's
    keys: rows that tie on them may come in any order on another engine)."""
    assert got.schema == expected.schema
    assert_frame_equal(got, expected, check_row_order=False)
    if order:
        assert_frame_equal(got.select(order), expected.select(order))


def read_back(path: Path) -> pl.DataFrame:
    """A Parquet output: one file, or a folder of part files as Spark writes it."""
    if path.is_dir():
        return pl.read_parquet(path / "*.parquet")
    return pl.read_parquet(path)

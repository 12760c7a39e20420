"""Which expression text reads the order of the rows: only what is on the order-free list is
taken as not reading it, so an unknown method keeps the rows before it in order."""

from __future__ import annotations

import pytest

from flowfile_jupyter.nodes._row_order import uses_order


@pytest.mark.parametrize(
    "text",
    [
        'pl.col("a") * 2 + pl.col("b")',
        'pl.col("a").sum() / pl.col("b").sum()',
        'pl.when(pl.col("n") == "x").then(pl.col("v")).otherwise(0).sum()',
        'pl.col("s").str.slice(0, 2).is_in(["13", "31"])',
        'pl.col("d").dt.year().cast(pl.Int32)',
        'pl.col("a").fill_null(0).mean().over("g")',
        'pl.col("p").cast(pl.Decimal(15, 2)).round(1)',
        "pl.len()",
        'pl.col("a").n_unique()',
    ],
)
def test_order_free_expressions(text: str) -> None:
    assert not uses_order(text)


@pytest.mark.parametrize(
    "text",
    [
        'pl.col("a").shift()',
        'pl.col("a").cum_sum()',
        'pl.col("a").first()',
        'pl.col("a").rank("ordinal")',
        "pl.int_range(pl.len())",
        'pl.col("s").str.join(",")',
        'pl.col("a").fill_null(strategy="forward")',
        'pl.col("a").sum().over("g", mapping_strategy="explode")',
        'pl.col("a").some_method_added_later()',
        "pl.col(",  # not even an expression: assume the worst
    ],
)
def test_expressions_that_read_the_order(text: str) -> None:
    assert uses_order(text)

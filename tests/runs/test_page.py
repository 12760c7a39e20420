"""A grid over the whole result: sorting and searching equal Polars over every row, a match far
beyond the first page is found, and hostile input is refused or harmless."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.runs.page import SortKey, matches

ROWS = 20_000


def data() -> pl.DataFrame:
    i = pl.int_range(ROWS, eager=True)
    return pl.DataFrame({"i": i}).with_columns(
        name=pl.format("Customer {}", (i * 7919) % 5003),
        amount=pl.when(i % 10 == 0).then(None).otherwise((i * 37 % 1000) / 4),
        day=pl.date(2024, 1, 1) + pl.duration(days=i % 366),
        ok=i % 3 == 0,
        tags=pl.concat_list(pl.format("t{}", i % 4)),
        cat=pl.format("c{}", i % 5).cast(pl.Categorical),
    )


@pytest.fixture
def flow(tmp_path: Path) -> Flow:
    f = Flow("grid", namespace={"df": data()})
    f.cache = Cache(tmp_path / "cache")
    src = f.add("from_variable", name="df")
    f.add("filter", src, expr='pl.col("i") >= 5', node_id="rows")
    return f


def whole(flow: Flow) -> pl.DataFrame:
    return flow.collect("rows")


def test_sorting_equals_polars_over_the_whole_result(flow: Flow) -> None:
    every = whole(flow)
    for sort in (
        [("amount", True)],
        [("day", False), ("amount", True)],
        ["name"],
        [("cat", False)],
        [("ok", True), ("i", True)],
    ):
        page = flow.page("rows", 1000, 50, sort=sort)
        keys = [SortKey(k) if isinstance(k, str) else SortKey(*k) for k in sort]
        expected = every.sort(
            [k.column for k in keys],
            descending=[k.descending for k in keys],
            nulls_last=True,
            maintain_order=True,
        ).slice(1000, 50)
        assert_frame_equal(page.frame, expected)
        assert page.matching == page.rows_total == every.height
        assert page.offset == 1000


def test_search_finds_rows_far_beyond_the_first_page(flow: Flow) -> None:
    every = whole(flow)
    target = every.filter(pl.col("i") == ROWS - 3).row(0, named=True)["name"]  # near the end
    assert every.head(100).filter(pl.col("name") == target).is_empty()
    page = flow.page("rows", 0, 100, search=target.upper())
    expected = every.filter(
        pl.col("name").str.to_lowercase().str.contains(target.lower(), literal=True)
    )
    assert page.matching == expected.height > 0
    assert_frame_equal(page.frame, expected.head(100))
    assert ROWS - 3 in page.frame.get_column("i").to_list()


def test_search_matches_any_column_text_ignoring_case(flow: Flow) -> None:
    every = whole(flow)
    for text in ("2024-03-1", "TRUE", "c3", "12.5", "customer 4999"):
        page = flow.page("rows", 0, 10_000, search=text, sort=[("i", True)])
        needle = text.lower()
        expected = every.filter(
            pl.any_horizontal(
                pl.col(c).cast(pl.String).str.to_lowercase().str.contains(needle, literal=True)
                for c in every.columns
                if c != "tags"
            ).fill_null(False)
        ).sort("i", descending=True, maintain_order=True)
        assert page.matching == expected.height, text
        assert_frame_equal(page.frame, expected.head(10_000))


def test_search_and_sort_together_page_by_page(flow: Flow) -> None:
    pages = [
        flow.page("rows", k * 40, 40, search="customer 1", sort=[("amount", False)])
        for k in range(3)
    ]
    joined = pl.concat([p.frame for p in pages])
    expected = (
        whole(flow)
        .filter(pl.col("name").str.to_lowercase().str.contains("customer 1", literal=True))
        .sort("amount", nulls_last=True, maintain_order=True)
        .head(120)
    )
    assert_frame_equal(joined, expected)
    assert {p.matching for p in pages} == {
        whole(flow).filter(pl.col("name").str.contains("Customer 1", literal=True)).height
    }


@pytest.mark.parametrize(
    "text",
    [
        ".*",
        "(",
        "[a-",
        "\\",
        "(?i)customer",
        "$^",
        "a" * 1000,
        "'; DROP TABLE x; --",
        "\x00",
        "🙂",
        "ﬀ",
        "%s%n",
    ],
)
def test_hostile_search_text_is_data_not_a_pattern(flow: Flow, text: str) -> None:
    t0 = time.monotonic()
    page = flow.page("rows", 0, 100, search=text)
    assert time.monotonic() - t0 < 30
    every = whole(flow)
    expected = every.filter(
        pl.any_horizontal(
            pl.col(c).cast(pl.String).str.to_lowercase().str.contains(text.lower(), literal=True)
            for c in every.columns
            if c != "tags"
        ).fill_null(False)
    )
    assert page.matching == expected.height
    if text in (".*", "(?i)customer", "$^"):
        assert page.matching == 0  # a pattern would match everything (or fail)


def test_refusals_name_the_problem_before_anything_runs(flow: Flow) -> None:
    with pytest.raises(FlowError, match="cannot sort by 'nope'"):
        flow.page("rows", sort=["nope"])
    with pytest.raises(FlowError, match="longer than 1,000"):
        flow.page("rows", search="x" * 1001)
    with pytest.raises(FlowError, match="broken character"):
        flow.page("rows", search="\ud800")
    with pytest.raises(FlowError, match="offset must be 0 or more"):
        flow.page("rows", offset=-1)
    with pytest.raises(FlowError, match="n must be between"):
        flow.page("rows", n=10_001)
    with pytest.raises(FlowError, match="at most 16"):
        flow.page("rows", sort=["i"] * 17)
    assert flow.active_run is None


def test_huge_offsets_give_an_empty_page_with_the_count(flow: Flow) -> None:
    for offset in (ROWS, 2**31, 2**62):
        page = flow.page("rows", offset, 100, search="customer")
        assert page.frame.is_empty() and page.frame.schema == whole(flow).schema
        assert page.matching == whole(flow).height


def test_nested_columns_are_not_searched(flow: Flow) -> None:
    assert flow.page("rows", search="t3").matching == 0  # only in the list column
    assert matches(pl.Schema({"l": pl.List(pl.String)}), "x") is None

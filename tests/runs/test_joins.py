"""Join diagnostics equal anti-joins computed by hand, for every declared join example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.nodes import get

from ..support import ORDERS, REGIONS, example_flow

JOIN = get("join")


def by_hand(
    settings: dict[str, Any], left: pl.DataFrame, right: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    how = settings.get("how", "inner")
    if how == "cross":
        return left.head(0 if right.height else left.height), right.head(
            0 if left.height else right.height
        )
    left_on = settings.get("on") or settings["left_on"]
    right_on = settings.get("on") or settings["right_on"]
    nulls = settings.get("nulls_equal", False)
    return (
        left.join(right, left_on=left_on, right_on=right_on, how="anti", nulls_equal=nulls),
        right.join(left, left_on=right_on, right_on=left_on, how="anti", nulls_equal=nulls),
    )


@pytest.mark.parametrize("index", range(len(JOIN.examples)))
def test_every_join_example_equals_anti_joins_by_hand(
    index: int, data_dir: Path, tmp_path: Path, namespace: dict[str, Any]
) -> None:
    example = JOIN.examples[index]
    flow, node = example_flow(JOIN, example, data_dir, tmp_path, namespace)
    flow.cache = Cache(tmp_path / "cache")
    lost_left, lost_right = by_hand(example, ORDERS, REGIONS)
    for side, lost in (("left", lost_left), ("right", lost_right)):
        found = flow.unmatched(node, side)  # type: ignore[arg-type]
        assert found.rows == {"left": ORDERS.height, "right": REGIONS.height}
        assert found.unmatched == {"left": lost_left.height, "right": lost_right.height}
        assert found.side == side
        assert_frame_equal(found.frame, lost, check_row_order=False)


def test_unmatched_rows_beyond_the_first_ones_are_counted(tmp_path: Path) -> None:
    left = pl.DataFrame({"id": range(5000), "x": [i % 7 for i in range(5000)]})
    right = pl.DataFrame({"id": range(0, 10_000, 3), "y": 1})
    flow = Flow("many", namespace={"left": left, "right": right})
    flow.cache = Cache(tmp_path / "cache")
    a = flow.add("from_variable", name="left")
    b = flow.add("from_variable", name="right")
    joined = flow.add("join", a, b, on=["id"], how="inner")
    found = flow.unmatched(joined, "right", n=10)
    assert found.unmatched["left"] == left.join(right, on="id", how="anti").height == 3333
    assert found.unmatched["right"] == right.join(left, on="id", how="anti").height
    assert found.frame.height == 10
    assert found.frame.join(left, on="id", how="semi").height == 0  # truly unmatched
    assert found.preview().rows_total == found.unmatched["right"]


def test_null_keys_follow_nulls_equal(tmp_path: Path) -> None:
    left = pl.DataFrame({"k": [1, None, 2]})
    right = pl.DataFrame({"k": [None, 2]})
    flow = Flow("nulls", namespace={"left": left, "right": right})
    flow.cache = Cache(tmp_path / "cache")
    a = flow.add("from_variable", name="left")
    b = flow.add("from_variable", name="right")
    joined = flow.add("join", a, b, on=["k"], how="left")
    assert flow.unmatched(joined).unmatched == {"left": 2, "right": 1}
    flow.update(joined, nulls_equal=True)
    assert flow.unmatched(joined).unmatched == {"left": 1, "right": 0}


def test_only_joins_with_both_inputs(tmp_path: Path, data_dir: Path) -> None:
    flow = Flow("refused", namespace={})
    flow.cache = Cache(tmp_path / "cache")
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    kept = flow.add("filter", src, expr='pl.col("amount") > 1')
    with pytest.raises(FlowError, match="not a join"):
        flow.unmatched(kept)
    lonely = flow.add("join", src, on=["region"])
    with pytest.raises(FlowError, match="both inputs"):
        flow.unmatched(lonely)
    with pytest.raises(FlowError, match="left or right"):
        flow.unmatched(lonely, "middle")  # type: ignore[arg-type]

"""Row order only where it shows: which nodes keep their order, in the engine, the cache key and
the generated code alike."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.engine import evaluate
from flowfile_jupyter.engine.keys import node_keys
from flowfile_jupyter.engine.order import observable

from ..support import generated


@pytest.fixture
def tables(tmp_path: Path) -> tuple[str, str]:
    """Enough rows that Polars' unordered join really comes out in another order."""
    rng = np.random.default_rng(0)
    n = 200_000
    facts = pl.DataFrame({"k": rng.integers(0, 5_000, n), "x": np.arange(n)})
    keys = pl.DataFrame({"k": np.arange(5_000), "name": [f"n{i % 50}" for i in range(5_000)]})
    a, b = tmp_path / "facts.parquet", tmp_path / "keys.parquet"
    facts.write_parquet(a)
    keys.write_parquet(b)
    return str(a), str(b)


def joined(tables: tuple[str, str]) -> tuple[Flow, str, str, str]:
    flow = Flow("order", namespace={})
    facts = flow.add("read_parquet", path=tables[0])
    keys = flow.add("read_parquet", path=tables[1])
    join = flow.add("join", facts, keys, on=["k"])
    return flow, facts, keys, join


def rendered(flow: Flow, target: str, node: str) -> str:
    """The node's code as the engine builds it for ``target``."""
    ordered = observable(flow.nodes, [target])
    return evaluate.render(flow.nodes[node], {}, node in ordered).text


def test_what_a_person_sees_keeps_its_order(tables: tuple[str, str]) -> None:
    flow, _, _, join = joined(tables)
    # the join itself is looked at: left rows in order, as before
    assert 'maintain_order="left_right"' in rendered(flow, join, join)
    result = flow.collect(join)
    assert result["x"].is_sorted()
    assert_frame_equal(generated(flow, join), result)


def test_a_sort_after_a_join_makes_its_order_invisible(tables: tuple[str, str]) -> None:
    flow, _, _, join = joined(tables)
    grouped = flow.add("group_by", join, by=["name"], aggs=[{"column": "x", "agg": "sum"}])
    ordered = flow.add("sort", grouped, by=[{"column": "name"}])
    assert observable(flow.nodes, [ordered]) == {ordered}
    assert "maintain_order" not in rendered(flow, ordered, join)
    assert "maintain_order" not in rendered(flow, ordered, grouped)
    code = flow.to_code()
    assert "maintain_order" not in code
    # the same rows as with every step ordered
    assert_frame_equal(flow.collect(ordered), generated(flow, ordered))
    reference = pl.read_parquet(tables[0]).join(pl.read_parquet(tables[1]), on="k")
    expected = reference.group_by("name").agg(pl.col("x").sum().alias("x_sum")).sort("name")
    assert_frame_equal(flow.collect(ordered), expected)


def test_a_group_by_that_is_looked_at_keeps_groups_in_first_appearance_order(
    tables: tuple[str, str],
) -> None:
    flow, facts, _, join = joined(tables)
    grouped = flow.add("group_by", join, by=["name"], aggs=[{"column": "x", "agg": "min"}])
    assert observable(flow.nodes, [grouped]) == {grouped, join, facts, flow.nodes[join].inputs[1]}
    assert "maintain_order=True" in rendered(flow, grouped, grouped)
    result = flow.collect(grouped)
    assert result["x_min"].is_sorted()  # first appearances come in the facts' order


def test_results_that_depend_on_order_keep_it_upstream(tables: tuple[str, str]) -> None:
    flow, facts, keys, join = joined(tables)
    first = flow.add(
        "group_by", join, by=["name"], aggs=[{"column": "x", "agg": "first", "alias": "first"}]
    )
    top = flow.add("head", join, n=3)
    shifted = flow.add(
        "with_columns", join, columns=[{"name": "prev", "expr": 'pl.col("x").shift()'}]
    )
    plain = flow.add("with_columns", join, columns=[{"name": "y", "expr": 'pl.col("x") * 2'}])
    for target in (first, top, shifted):
        after = flow.add("sort", target, by=[{"column": "name"}])
        assert join in observable(flow.nodes, [after]), target
    after = flow.add("sort", plain, by=[{"column": "name"}])
    assert join not in observable(flow.nodes, [after])
    assert_frame_equal(
        flow.collect(top),
        pl.read_parquet(tables[0]).join(pl.read_parquet(tables[1]), on="k").head(3),
    )
    del facts, keys


def test_settings_still_force_order(tables: tuple[str, str]) -> None:
    flow, _, _, join = joined(tables)
    flow.update(join, maintain_order="left")
    ordered = flow.add("sort", join, by=[{"column": "name"}], maintain_order=True)
    assert join in observable(flow.nodes, [ordered])
    assert 'maintain_order="left"' in rendered(flow, ordered, join)
    result = flow.collect(ordered)
    for _, rows in result.group_by("name"):
        assert rows["x"].is_sorted()  # a stable sort of rows in the facts' order
    assert_frame_equal(generated(flow, ordered), result)


def test_the_cache_key_tells_ordered_results_from_unordered_ones(tables: tuple[str, str]) -> None:
    flow, _, _, join = joined(tables)
    ordered = node_keys(flow.nodes, [join], {})
    unordered = node_keys(flow.nodes, [join], {}, ordered=set())
    assert ordered[join] != unordered[join]
    assert node_keys(flow.nodes, [join], {}, ordered={join}) == ordered


def test_frames_built_from_a_cached_node_do_not_look_past_it(tables: tuple[str, str]) -> None:
    flow, _, _, join = joined(tables)
    ordered = flow.add("sort", join, by=[{"column": "x"}])
    cached = flow.collect(join).lazy()
    built = evaluate.frames(
        flow.nodes, [ordered], {}, ready=lambda n: cached if n == join else None
    )
    assert built[join] is cached
    assert built[ordered].collect()["x"].is_sorted()
    assert observable(flow.nodes, [ordered], given={join}) == {ordered}


def test_a_preview_of_an_unordered_step_is_the_same_every_time(tables: tuple[str, str]) -> None:
    flow, _, _, join = joined(tables)
    grouped = flow.add("group_by", join, by=["name"], aggs=[{"column": "x", "agg": "sum"}])
    first = flow.preview(grouped, n=10)
    flow.clear_cache()
    assert_frame_equal(flow.preview(grouped, n=10), first)
    assert_frame_equal(first, flow.collect(grouped).head(10))
    flow.cancel_runs()


def test_each_input_of_a_join_gets_its_own_answer(tables: tuple[str, str]) -> None:
    flow, facts, keys, join = joined(tables)
    flow.update(join, maintain_order="left")
    assert observable(flow.nodes, [join]) == {join, facts}
    flow.disconnect(keys, join)  # the right port is empty now: the left input keeps its answer
    assert observable(flow.nodes, [join]) == {join, facts}
    # "right" alone is kept as "right_left" (Polars 2.1 slices it wrongly): both orders show
    flow.connect(keys, join, 1)
    flow.update(join, maintain_order="right")
    assert observable(flow.nodes, [join]) == {join, facts, keys}

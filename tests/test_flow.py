"""Editing a Flow from Python: what a notebook user sees after each call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import (
    Flow,
    FlowError,
    FlowEvent,
    GraphError,
    SettingsError,
    UnknownNodeTypeError,
)


@pytest.fixture
def sales(data_dir: Path) -> tuple[Flow, str, str, str]:
    flow = Flow("sales")
    src = flow.add("read_csv", path=str(data_dir / "orders.csv"))
    big = flow.add("filter", src, expr='pl.col("amount") > 100')
    tot = flow.add(
        "group_by", big, by=["region"], aggs=[{"column": "amount", "agg": "sum", "alias": "total"}]
    )
    return flow, src, big, tot


def test_add_returns_ids_and_predicts_schema(sales: tuple[Flow, str, str, str]) -> None:
    flow, src, big, tot = sales
    assert (src, big, tot) == ("read_csv_1", "filter_1", "group_by_1")
    assert flow.schema(tot) == pl.Schema({"region": pl.String, "total": pl.Float64})
    assert flow.errors == {}
    assert flow.collect(tot).sort("region")["total"].to_list() == [430.0, 300.0, 150.0]


def test_update_changes_only_given_settings(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, tot = sales
    flow.update(tot, maintain_order=False)
    assert flow.nodes[tot].settings.model_dump()["by"] == ["region"]
    flow.update(big, expr='pl.col("amount") >= 300')
    assert sorted(flow.collect(tot)["total"].to_list()) == [300.0, 310.0]


def test_missing_column_is_a_node_error_and_blocks_downstream(
    sales: tuple[Flow, str, str, str],
) -> None:
    flow, _, big, tot = sales
    flow.update(big, expr='pl.col("amt") > 1')
    assert 'unable to find column "amt"' in flow.errors[big]
    assert flow.errors[tot] == "blocked by 'Filter 1': fix that node first"
    assert flow.state(tot).blocked_by == big
    assert flow.state(tot).status == "blocked"
    with pytest.raises(FlowError, match="amt"):
        flow.schema(big)
    flow.update(big, expr='pl.col("amount") > 1')
    assert flow.errors == {}


def test_type_mismatch_is_a_node_error(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, _ = sales
    flow.update(big, expr='pl.col("region") + 1')
    assert big in flow.errors


def test_missing_file_is_a_node_error(tmp_path: Path) -> None:
    flow = Flow()
    src = flow.add("read_csv", path=str(tmp_path / "nope.csv"))
    assert flow.errors[src].startswith("file not found")
    assert "nope.csv" in flow.errors[src]


def test_unconnected_input_is_a_node_error(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, _, tot = sales
    j = flow.add("join", tot, on=["region"], how="left")
    assert flow.errors[j] == "input 'right' is not connected"


def test_wrong_settings_are_refused_and_flow_unchanged(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, tot = sales
    before = flow.to_dict()
    with pytest.raises(SettingsError, match=r"group_by: by: Input should be a valid list"):
        flow.add("group_by", big, by="region")
    with pytest.raises(SettingsError, match="unknown setting 'colour'"):
        flow.update(tot, colour="red")
    with pytest.raises(UnknownNodeTypeError, match="did you mean 'filter'"):
        flow.add("filtr", big)
    with pytest.raises(GraphError, match="no node 'nope'"):
        flow.add("filter", "nope")
    assert flow.to_dict() == before


def test_connect_refuses_cycles_with_a_message(sales: tuple[Flow, str, str, str]) -> None:
    flow, src, big, tot = sales
    other = flow.add("filter", expr="pl.col('amount') > 0")
    flow.connect(tot, other)
    with pytest.raises(GraphError, match="would make a cycle"):
        flow.connect(other, big, port=0)
    assert flow.nodes[big].inputs == (src,)


def test_connect_disconnect_remove(sales: tuple[Flow, str, str, str]) -> None:
    flow, src, big, tot = sales
    flow.disconnect(src, big)
    assert flow.errors[big] == "input 'input' is not connected"
    assert flow.state(tot).blocked_by == big
    flow.connect(src, big, port=0)
    assert flow.errors == {}
    flow.remove(big)
    assert big not in flow
    assert flow.nodes[tot].inputs == (None,)
    with pytest.raises(GraphError, match="not connected"):
        flow.disconnect(src, tot)
    with pytest.raises(GraphError, match="no input port 3"):
        flow.connect(src, tot, port=3)


def test_output_nodes_cannot_feed_others(sales: tuple[Flow, str, str, str], tmp_path: Path) -> None:
    flow, _, _, tot = sales
    out = flow.add("write_csv", tot, path=str(tmp_path / "out.csv"))
    with pytest.raises(GraphError, match="output node"):
        flow.add("filter", out, expr="pl.lit(True)")
    assert not (tmp_path / "out.csv").exists()


def test_events_name_the_edit_and_changed_states(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, tot = sales
    events: list[FlowEvent] = []
    unsubscribe = flow.subscribe(events.append)
    flow.update(big, expr='pl.col("amount") > 200')
    assert events[-1] == FlowEvent("update", (big,), ())  # same schema: no state changed
    flow.update(big, expr='pl.col("nope") > 200')
    assert events[-1].changed == (big, tot)
    flow.move(tot, 10, 20)
    assert events[-1] == FlowEvent("move", (tot,), ())
    flow.relabel(tot, "Totals")
    assert events[-1].kind == "relabel"
    unsubscribe()
    flow.relabel(tot, "Again")
    assert len(events) == 4


def test_a_failing_subscriber_does_not_break_editing(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, _ = sales

    def broken(event: FlowEvent) -> None:
        raise RuntimeError("boom")

    flow.subscribe(broken)
    flow.update(big, expr='pl.col("amount") > 1')
    assert flow.errors == {}


def test_only_downstream_nodes_are_repredicted(sales: tuple[Flow, str, str, str]) -> None:
    flow, src, big, tot = sales
    events: list[FlowEvent] = []
    flow.subscribe(events.append)
    flow.update(tot, aggs=[{"column": "amount", "agg": "mean"}])
    assert events[-1].changed == (tot,)
    flow.update(big, expr='pl.col("amount") > 5')  # same schema: downstream untouched
    assert events[-1].changed == ()
    assert flow.state(src).schema is not None


def test_an_update_that_changes_nothing_is_not_an_edit(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, tot = sales
    events: list[object] = []
    flow.subscribe(events.append)
    before = flow.nodes[big]
    flow.update(big, expr='pl.col("amount") > 100')
    assert flow.nodes[big] is before
    assert events == []
    assert flow.undo()  # undo takes back the last real edit: adding the group_by
    assert tot not in flow


def test_new_ids_count_their_own_type_only(sales: tuple[Flow, str, str, str]) -> None:
    flow, src, _, _ = sales
    assert flow.add("drop_nulls", src) == "drop_nulls_1"
    assert flow.add("drop", src) == "drop_1"
    assert flow.add("drop", src) == "drop_2"


def test_undo_redo_and_batch(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, tot = sales
    flow.update(big, expr='pl.col("nope") > 1')
    assert flow.errors
    assert flow.undo()
    assert flow.errors == {}
    assert flow.redo()
    assert big in flow.errors
    flow.undo()
    with flow.batch():
        a = flow.add("head", tot, n=1) if "head" in _types() else flow.add("filter", tot)
        flow.move(a, 5, 5)
    assert flow.undo()
    assert a not in flow
    assert not flow.redo() or a in flow


def test_batch_rolls_back_on_error(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, _, tot = sales
    before = flow.to_dict()
    with pytest.raises(SettingsError), flow.batch():
        flow.add("filter", tot, expr='pl.col("total") > 1')
        flow.add("group_by", tot, by=7)
    assert flow.to_dict() == before
    assert flow.errors == {}


def test_collect_needs_a_target_when_many_leaves(sales: tuple[Flow, str, str, str]) -> None:
    flow, src, _, _ = sales
    flow.add("filter", src, expr='pl.col("quantity") > 2')
    with pytest.raises(Exception, match="2 end nodes"):
        flow.collect()


def _types() -> set[str]:
    from flowfile_jupyter.nodes import catalog

    return set(catalog())


def test_a_batch_predicts_once_at_its_end(sales: tuple[Flow, str, str, str]) -> None:
    flow, _, big, tot = sales
    events: list[Any] = []
    flow.subscribe(events.append)
    with flow.batch():
        flow.update(big, expr='pl.col("nope") > 1')
        assert flow.errors == {}  # states are those from before the batch until it ends
        flow.update(big, expr='pl.col("quantity") > 1')
        extra = flow.add("filter", tot, expr='pl.col("nope") > 1')
    assert [e.kind for e in events] == ["batch"]
    assert set(events[0].changed) >= {extra}
    assert set(flow.errors) == {extra}
    flow.undo()
    assert extra not in flow and flow.errors == {}


def test_relabeling_a_node_renames_it_in_the_messages_that_name_it(
    sales: tuple[Flow, str, str, str],
) -> None:
    flow, _, big, tot = sales
    flow.update(big, expr='pl.col("nope") > 1')
    assert flow.errors[tot] == "blocked by 'Filter 1': fix that node first"
    flow.relabel(big, "Big orders")
    assert flow.errors[tot] == "blocked by 'Big orders': fix that node first"

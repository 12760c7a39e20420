"""to_variable: the collected result lands in a notebook variable when the flow runs."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError

from ..support import ORDERS


def test_assigns_only_when_the_flow_runs(data_dir: Path, tmp_path: Path) -> None:
    namespace: dict[str, Any] = {}
    flow = Flow("t", namespace=namespace)
    flow.cache = tmp_path / "cache"
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    big = flow.add("filter", src, expr='pl.col("amount") > 100')
    out = flow.add("to_variable", big, name="big_orders")
    assert flow.errors == {}
    flow.collect(big)
    assert flow.preview(out).height == 4
    flow.to_code()
    assert "big_orders" not in namespace
    flow.run()
    assert_frame_equal(namespace["big_orders"], ORDERS.filter(ORDERS["amount"] > 100))


def test_generated_code_assigns_the_same_frame(data_dir: Path) -> None:
    namespace: dict[str, Any] = {}
    flow = Flow("t", namespace=namespace)
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    flow.add("to_variable", src, name="orders")
    code = flow.to_code()
    last = ast.parse(code).body[-1]  # the assignment ends the program, however it is laid out
    expected = ast.parse(f'orders = pl.scan_parquet("{data_dir / "orders.parquet"}").collect()')
    assert ast.dump(last) == ast.dump(expected.body[0])
    fresh: dict[str, Any] = {}
    exec(code, fresh)
    flow.run()
    assert_frame_equal(fresh["orders"], namespace["orders"])


def test_running_again_replaces_the_value(data_dir: Path) -> None:
    namespace: dict[str, Any] = {"result": "old"}
    flow = Flow("t", namespace=namespace)
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    flow.add("to_variable", src, name="result")
    flow.run()
    assert_frame_equal(namespace["result"], ORDERS)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("2x", "'2x' is not a Python variable name"),
        ("a-b", "'a-b' is not a Python variable name"),
        ("def", "'def' is not a Python variable name"),
        ("pl", "'pl' is the polars module"),
    ],
)
def test_names_that_cannot_be_variables_are_refused(
    data_dir: Path, name: str, message: str
) -> None:
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    with pytest.raises(SettingsError, match=f"to_variable: name: .*{message}"):
        flow.add("to_variable", src, name=name)
    assert len(flow) == 1


def test_a_blank_node_asks_for_a_name(data_dir: Path) -> None:
    namespace: dict[str, Any] = {}
    flow = Flow("t", namespace=namespace)
    src = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    blank = flow.add("to_variable", src)
    empty = flow.add("to_variable", src, name="")
    message = "choose the name of the variable to assign"
    assert flow.errors == {blank: message, empty: message}
    with pytest.raises(FlowError, match=message):
        flow.run()
    flow.update(blank, name="orders")
    flow.remove(empty)
    assert flow.errors == {}
    flow.run()
    assert_frame_equal(namespace["orders"], ORDERS)


def test_the_variable_name_is_not_used_for_another_step(tmp_path: Path) -> None:
    # the source's variable would be "x" too; the frame read after the assignment must still be
    # the LazyFrame, not the collected DataFrame
    path = tmp_path / "x.parquet"
    ORDERS.write_parquet(path)
    flow = Flow("t", namespace={})
    src = flow.add("read_parquet", path=str(path))
    flow.add("to_variable", src, name="x")
    big = flow.add("filter", src, expr='pl.col("amount") > 100')
    fresh: dict[str, Any] = {}
    exec(flow.to_code(), fresh)
    assert_frame_equal(fresh["t_df"], flow.collect(big))
    assert_frame_equal(fresh["x"], ORDERS)

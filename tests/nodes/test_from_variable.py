"""from_variable: a frame from the notebook, referred to by name in the code."""

from __future__ import annotations

import ast
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError, SettingsError
from flowfile_jupyter.codegen import generate
from flowfile_jupyter.nodes import Scope, get

from ..support import ORDERS, REGIONS


def assignments(program: str) -> dict[str, str]:
    """Each variable the program assigns, with its value's code on one line (layout taken out)."""
    return {
        stmt.targets[0].id: ast.unparse(stmt.value)
        for stmt in ast.parse(program).body
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
    }


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("orders_lf", "orders_lf"),
        ("orders_df", "orders_df.lazy()"),
        ("orders_pd", "pl.from_pandas(orders_pd).lazy()"),
    ],
)
def test_each_kind_of_frame(namespace: dict[str, Any], name: str, code: str) -> None:
    flow = Flow("orders", namespace=namespace)
    src = flow.add("from_variable", name=name)
    big = flow.add("filter", src, expr='pl.col("amount") > 100')
    result = flow.collect(big)
    assert result.schema == flow.schema(big)
    expected = pl.from_pandas(namespace[name]) if name == "orders_pd" else ORDERS
    assert_frame_equal(result, expected.filter(pl.col("amount") > 100))
    settings = flow.nodes[src].settings
    assert get("from_variable").code(settings, Scope((), namespace=namespace)).text == code
    program = flow.to_code()
    (result_name,) = generate(flow).outputs.values()
    assert result_name != name
    assert assignments(program)[result_name].startswith(f"{code}.filter(")
    ns = dict(namespace)
    exec(program, ns)
    assert_frame_equal(ns[result_name], result)


def test_missing_variable_is_a_node_error(namespace: dict[str, Any]) -> None:
    flow = Flow("t", namespace=namespace)
    node = flow.add("from_variable", name="sales")
    assert flow.errors[node] == "there is no variable named 'sales' in the notebook"
    with pytest.raises(FlowError, match="no variable named 'sales'"):
        flow.collect(node)
    namespace["sales"] = REGIONS
    flow.refresh()
    assert flow.errors == {}
    assert_frame_equal(flow.collect(node), REGIONS)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1, 2], "'x' is a list, not a DataFrame"),
        (pl.Series([1, 2]), "'x' is a Series, not a DataFrame"),
        ({"a": [1]}, "'x' is a dict, not a DataFrame"),
        (pl.lit(1), "'x' is an Expr, not a DataFrame"),
    ],
)
def test_something_else_is_a_node_error(value: object, message: str) -> None:
    flow = Flow("t", namespace={"x": value})
    node = flow.add("from_variable", name="x")
    assert flow.errors[node].startswith(message)


def test_a_replaced_variable_is_new_data(namespace: dict[str, Any]) -> None:
    ntype = get("from_variable")
    assert ntype.identity is not None
    settings = ntype.validate({"name": "orders_df"})
    before = ntype.identity(settings, namespace)
    assert before == ntype.identity(settings, dict(namespace))
    assert ntype.identity(settings, {**namespace, "orders_df": ORDERS.clone()}) != before
    assert ntype.identity(settings, {}) == "orders_df:missing"

    pandas = namespace["orders_pd"]
    pd_settings = ntype.validate({"name": "orders_pd"})
    pd_before = ntype.identity(pd_settings, namespace)
    pandas["extra"] = 1  # changed in place: same object, new shape
    assert ntype.identity(pd_settings, namespace) != pd_before


def test_generated_code_never_reuses_the_variable_name(namespace: dict[str, Any]) -> None:
    flow = Flow("t", namespace=namespace)
    src = flow.add("from_variable", name="orders_df")
    flow.add("filter", src, expr='pl.col("amount") > 100', label="orders df")
    flow.add("filter", src, expr='pl.col("amount") < 100')
    program = flow.to_code()
    assigned = assignments(program)
    assert "orders_df" not in assigned
    assert assigned["orders"] == "orders_df.lazy()"
    ns = dict(namespace)
    exec(program, ns)
    assert ns["orders_df"] is ORDERS


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("1st", "'1st' is not a Python variable name"),
        ("my frame", "'my frame' is not a Python variable name"),
        ("class", "'class' is not a Python variable name"),
        ("pl", "'pl' is the polars module"),
        ("a.b", "'a.b' is not a Python variable name"),
    ],
)
def test_names_that_cannot_be_variables_are_refused(name: str, message: str) -> None:
    flow = Flow("t", namespace={})
    with pytest.raises(SettingsError, match=f"from_variable: name: .*{message}"):
        flow.add("from_variable", name=name)
    assert len(flow) == 0


def test_a_blank_node_asks_for_a_name(namespace: dict[str, Any]) -> None:
    flow = Flow("t", namespace=namespace)
    blank = flow.add("from_variable")
    empty = flow.add("from_variable", name="")
    message = "type the name of a DataFrame variable in the notebook"
    assert flow.errors == {blank: message, empty: message}
    with pytest.raises(FlowError, match=message):
        flow.collect(blank)
    flow.update(blank, name="orders_df")
    assert list(flow.errors) == [empty]
    assert_frame_equal(flow.collect(blank), ORDERS)

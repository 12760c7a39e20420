"""Polars code: your own code over the inputs, its errors, its trust rule and its generated code."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowFileError

from ..support import generated


@pytest.fixture
def tables(data_dir: Path) -> tuple[Flow, str, str]:
    flow = Flow("custom", namespace={})
    orders = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    regions = flow.add("read_parquet", path=str(data_dir / "regions.parquet"))
    return flow, orders, regions


def test_default_passes_the_input_through(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders)
    assert flow.errors == {}
    assert_frame_equal(flow.collect(node), flow.collect(orders))


MULTI = """\
managers = dfs[1].select("region", "manager")
joined = df.join(managers, on="region", how="left")

output = joined.filter(pl.col("amount") > 100)
"""


def test_code_over_two_inputs_becomes_a_function(tables: tuple[Flow, str, str]) -> None:
    flow, orders, regions = tables
    node = flow.add("polars_code", orders, regions, code=MULTI)
    result = flow.collect(node)
    assert result.schema == flow.schema(node)
    assert result.columns[-1] == "manager"
    assert sorted(result["order_id"].to_list()) == [2, 3, 4, 8]
    program = flow.to_code(node)
    assert (
        "def polars_code_1_code(df: pl.LazyFrame, dfs: list[pl.LazyFrame]) -> pl.LazyFrame:\n"
        '    managers = dfs[1].select("region", "manager")\n'
        '    joined = df.join(managers, on="region", how="left")\n'
        "\n"
        '    output = joined.filter(pl.col("amount") > 100)\n'
        "    return output.lazy()\n"
    ) in program
    assert "polars_code_1_code(orders, [orders, regions])" in program
    assert_frame_equal(generated(flow, node), result, check_row_order=False)


def test_a_dataframe_output_is_made_lazy(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    code = (
        "wide = df.collect().pivot(\n"
        '    on="region", index="customer", values="amount", aggregate_function="sum"\n'
        ")\n"
        "output = wide"
    )
    node = flow.add("polars_code", orders, code=code)
    # the columns come from the data: prediction runs the code on the real upstream plan
    result = flow.collect(node)
    assert flow.schema(node) == result.schema
    assert set(result.columns) == {"customer", "north", "south", "east", "null"}
    assert_frame_equal(generated(flow, node), result, check_row_order=False)


def test_multi_line_strings_keep_their_text(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    code = 'note = """first\n  second\n"""\noutput = df.select(note=pl.lit(note))'
    node = flow.add("polars_code", orders, code=code)
    assert flow.collect(node)["note"][0] == "first\n  second\n"
    assert generated(flow, node)["note"][0] == "first\n  second\n"


def test_odd_node_names_give_a_valid_function(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders, node_id="my step!", code="output = df.head(2)")
    assert flow.collect(node).height == 2
    assert "def my_step_code(" in flow.to_code(node)
    assert generated(flow, node).height == 2


def test_syntax_error_names_the_line(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders, code="x = 1\noutput = df.filter(\n")
    assert flow.errors == {node: "syntax error on line 2: '(' was never closed"}


def test_return_is_explained(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders, code="output = df\nreturn df")
    assert flow.errors == {
        node: "syntax error on line 2: 'return' outside function "
        "(assign the result to output instead)"
    }


def test_output_must_be_assigned(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders, code="result = df.head()")
    assert flow.errors == {node: "the code must assign its result to output, e.g. output = df"}
    nested = "def helper():\n    output = df\n    return output\n\nresult = helper()"
    flow.update(node, code=nested)
    assert flow.errors == {node: "the code must assign its result to output, e.g. output = df"}
    flow.update(node, code="if False:\n    output = df")
    assert flow.errors == {
        node: "the code did not assign output (is it assigned only under a condition?)"
    }


def test_runtime_errors_name_the_line(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders, code="a = df\n\nb = a.nope()\noutput = b")
    assert flow.errors == {node: "line 3: 'LazyFrame' object has no attribute 'nope'"}
    flow.update(node, code="output = df.filter(undefined > 1)")
    assert flow.errors == {node: "line 1: name 'undefined' is not defined"}


def test_polars_errors_are_node_errors(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders, code='output = df.select("amont")')
    assert flow.errors[node].startswith('unable to find column "amont"')


def test_output_of_the_wrong_kind(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("polars_code", orders, code="output = 42")
    assert flow.errors == {node: "output must be a Polars LazyFrame or DataFrame, not int"}
    flow.update(node, code="output = df.collect().to_pandas()")
    assert flow.errors == {
        node: "output must be a Polars LazyFrame or DataFrame, not pandas DataFrame"
    }


def test_loading_needs_trust(tables: tuple[Flow, str, str], tmp_path: Path) -> None:
    flow, orders, regions = tables
    node = flow.add("polars_code", orders, regions, code=MULTI)
    path = tmp_path / "custom.flowfile.yaml"
    flow.save(path)
    with pytest.raises(FlowFileError) as refused:
        Flow.load(path, namespace={})
    message = str(refused.value)
    assert f"node '{node}' is a polars_code node, which runs arbitrary Python code" in message
    assert "load it with trust=True only if you trust where this file came from" in message
    again = Flow.load(path, trust=True, namespace={})
    assert again.to_dict() == flow.to_dict()
    assert_frame_equal(again.collect(node), flow.collect(node), check_row_order=False)

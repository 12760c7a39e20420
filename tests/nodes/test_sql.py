"""SQL: querying the inputs as tables df, df1, df2, ... with Polars' SQLContext."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, SettingsError

from ..support import generated


@pytest.fixture
def tables(data_dir: Path) -> tuple[Flow, str, str]:
    flow = Flow("query", namespace={})
    orders = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    regions = flow.add("read_parquet", path=str(data_dir / "regions.parquet"))
    return flow, orders, regions


JOIN = """SELECT r.manager, SUM(o.amount) AS total, COUNT(*) AS orders
FROM df AS o
JOIN df1 AS r ON o.region = r.region
GROUP BY r.manager
ORDER BY r.manager"""


def test_sql_joining_two_inputs(tables: tuple[Flow, str, str]) -> None:
    flow, orders, regions = tables
    node = flow.add("sql", orders, regions, query=JOIN)
    assert flow.schema(node) == pl.Schema(
        {"manager": pl.String, "total": pl.Float64, "orders": pl.Int64}
    )
    result = flow.collect(node)
    assert result.schema == flow.schema(node)
    assert result.rows() == [("Ann", 430.5, 3), ("Bob", 150.0, 2)]
    code = flow.to_code(node)
    assert "pl.SQLContext(df=orders, df1=regions)" in code
    assert f'    .execute(\n        """{JOIN}""",\n        eager=False,\n    )\n' in code
    assert_frame_equal(generated(flow, node), result)


def test_default_query_passes_the_first_input_through(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("sql", orders)
    assert_frame_equal(flow.collect(node), flow.collect(orders))
    assert 'pl.SQLContext(df=orders).execute("SELECT * FROM df", eager=False)' in flow.to_code(node)


def test_three_inputs_are_df_df1_df2(tables: tuple[Flow, str, str]) -> None:
    flow, orders, regions = tables
    node = flow.add(
        "sql",
        orders,
        regions,
        orders,
        query="SELECT (SELECT COUNT(*) FROM df) + (SELECT COUNT(*) FROM df2) AS n FROM df1",
    )
    assert flow.collect(node)["n"].to_list() == [16, 16, 16]
    assert "pl.SQLContext(df=orders, df1=regions, df2=orders)" in flow.to_code(node)


def test_unknown_table_names_the_tables_there_are(tables: tuple[Flow, str, str]) -> None:
    flow, orders, regions = tables
    node = flow.add("sql", orders, regions, query="SELECT * FROM orders")
    assert flow.errors == {node: "relation 'orders' was not found (the inputs are tables df, df1)"}


def test_sql_errors_are_node_errors(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    node = flow.add("sql", orders, query="SELEC * FROM df")
    assert flow.errors == {
        node: "sql parser error: Expected: an SQL statement, found: SELEC at Line: 1, Column: 1"
    }
    flow.update(node, query="SELECT amount, nope FROM df")
    assert flow.errors[node].startswith('unable to find column "nope"; valid columns: [')
    flow.update(node, query="SELECT * FROM df; SELECT * FROM df")
    assert flow.errors == {node: "one (and only one) statement can be parsed at a time"}
    flow.update(node, query="SELECT * FROM df WHERE region > 5")
    assert flow.errors[node].startswith("cannot compare string with numeric type (i32)")
    flow.update(node, query="SELECT amount FROM df WHERE amount > 100")
    assert flow.errors == {}
    assert flow.collect(node)["amount"].to_list() == [150.0, 300.0, 120.0, 310.0]


def test_quotes_and_backslashes_survive_into_the_code(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    query = "SELECT customer AS \"who\"\nFROM df\nWHERE customer LIKE 'c\\_%' OR region = 'north'"
    node = flow.add("sql", orders, query=query)
    result = flow.collect(node)
    assert result.columns == ["who"]
    assert_frame_equal(generated(flow, node), result)
    assert '"""' not in flow.to_code(node)  # the backslash: a plain escaped literal instead

    flow.update(node, query='SELECT customer AS "who"\nFROM df ORDER BY "who"')
    code = flow.to_code(node)
    assert (
        '.execute("SELECT customer AS \\"who\\"\\nFROM df ORDER BY \\"who\\"", eager=False)' in code
    )
    assert_frame_equal(generated(flow, node), flow.collect(node))


def test_blank_query_is_refused(tables: tuple[Flow, str, str]) -> None:
    flow, orders, _ = tables
    with pytest.raises(SettingsError, match="query: Value error, write a SQL query"):
        flow.add("sql", orders, query="  \n ")
    assert len(flow) == 2

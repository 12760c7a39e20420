"""Formula (with_columns): named outputs from expression text, through the allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowfile_jupyter import Flow, SettingsError

from ..support import ORDERS
from ._transform import checked, orders, rendered


def test_keyword_form_for_identifier_names(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "with_columns",
        src,
        columns=[{"name": "total", "expr": "pl.col('amount') * pl.col('quantity')"}],
    )
    result = checked(flow, node)
    assert result.columns == [*ORDERS.columns, "total"]
    assert result["total"].to_list()[:3] == [50.0, 450.0, 600.0]
    assert '.with_columns(total=pl.col("amount") * pl.col("quantity"))' in rendered(flow, node)


def test_alias_form_for_other_names_keeps_the_chosen_order(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "with_columns",
        src,
        columns=[
            {"name": "year", "expr": 'pl.col("order_date").dt.year()'},
            {"name": "unit price", "expr": 'pl.col("amount") / pl.col("quantity")'},
            {"name": "class", "expr": '~pl.col("region").is_null()'},
            {"name": "doubled", "expr": 'pl.col("quantity") * 2'},
        ],
    )
    result = checked(flow, node)
    assert result.columns[-4:] == ["year", "unit price", "class", "doubled"]
    assert result["class"].to_list() == ORDERS["region"].is_not_null().to_list()
    assert (
        '.with_columns(pl.col("order_date").dt.year().alias("year"), '
        '(pl.col("amount") / pl.col("quantity")).alias("unit price"), '
        '(~pl.col("region").is_null()).alias("class"), doubled=pl.col("quantity") * 2)'
    ) in rendered(flow, node)


def test_replacing_a_column_keeps_its_position(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "with_columns", src, columns=[{"name": "amount", "expr": 'pl.col("amount").fill_null(0)'}]
    )
    result = checked(flow, node)
    assert result.columns == ORDERS.columns
    assert result["amount"].null_count() == 0


def test_literals_are_values_not_column_names(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "with_columns",
        src,
        columns=[
            {"name": "minus one", "expr": "-1"},
            {"name": "label", "expr": '"region"'},
        ],
    )
    result = checked(flow, node)
    assert set(result["label"]) == {"region"}
    assert set(result["minus one"]) == {-1}
    assert 'label=pl.lit("region")' in rendered(flow, node)
    assert 'pl.lit(-1).alias("minus one")' in rendered(flow, node)


def test_when_then_otherwise(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "with_columns",
        src,
        columns=[
            {
                "name": "size",
                "expr": "pl.when(pl.col('amount') > 100).then(pl.lit('big'))"
                ".when(pl.col('amount').is_null()).then(pl.lit('unknown'))"
                ".otherwise(pl.lit('small'))",
            }
        ],
    )
    result = checked(flow, node)
    assert result["size"].to_list() == [
        "small", "big", "big", "big", "unknown", "small", "small", "big"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("import os", "syntax error"),
        ('__import__("os").system("touch pwned")', "only pl functions and expression methods"),
        ('pl.col("a").__class__.__bases__', "'__bases__' is not allowed"),
        ("pl.__dict__", "'__dict__' is not allowed"),
        ('pl.col("amount").__class__', "'__class__' is not allowed"),
        ("lambda x: x", "lambda is not allowed"),
        ('pl.read_csv("/etc/passwd")', "pl.read_csv is not an expression function"),
        ('pl.scan_parquet("x.parquet")', "pl.scan_parquet is not an expression function"),
        ('pl.col("amount").map_elements(print)', ".map_elements() runs Python code"),
        ('pl.col("amount") > 1 and pl.col("quantity") < 2', "use & instead of 'and'"),
        ('pl.col("amount") > 1 or pl.col("quantity") < 2', "use | instead of 'or'"),
        ("amount * 2", "unknown name 'amount'"),
        ("", "the expression is empty"),
    ],
)
def test_refused_expressions_are_node_errors(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    flow, src = orders(data_dir)
    node = flow.add("with_columns", src, columns=[{"name": "x", "expr": text}])
    assert flow.errors[node].startswith("x: ")
    assert message in flow.errors[node]
    assert not (tmp_path / "pwned").exists()
    assert "x=" not in flow.to_code()
    assert "# Left out (fix these nodes on the canvas first):" in flow.to_code()


def test_the_error_names_the_formula_that_has_it(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "with_columns",
        src,
        columns=[
            {"name": "ok", "expr": 'pl.col("amount") + 1'},
            {"name": "bad", "expr": 'pl.col("amount") > 1 and pl.col("quantity") < 2'},
        ],
    )
    assert flow.errors[node] == "bad: use & instead of 'and' between expressions"


def test_polars_errors_are_node_errors(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    missing = flow.add("with_columns", src, columns=[{"name": "x", "expr": 'pl.col("nope") + 1'}])
    wrong_type = flow.add(
        "with_columns", src, columns=[{"name": "x", "expr": 'pl.col("region").dt.year()'}]
    )
    assert flow.errors[missing].startswith('unable to find column "nope"')
    assert flow.errors[wrong_type].startswith("`year` operation not supported for dtype `str`")


def test_no_formula_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("with_columns", src)
    assert flow.errors[node] == "add a column: give it a name and an expression"


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            [{"name": "a", "expr": "pl.lit(1)"}, {"name": "a", "expr": "pl.lit(2)"}],
            "two formulas are named 'a'",
        ),
        ([{"name": "", "expr": "pl.lit(1)"}], "columns.0.name"),
        ([{"name": "a"}], "columns.0.expr"),
    ],
)
def test_bad_formulas_are_refused(columns: list[dict[str, str]], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("with_columns", columns=columns)

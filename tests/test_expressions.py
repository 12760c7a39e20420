"""Expression text: what gets through the allow-list, and the messages for what does not."""

from __future__ import annotations

import polars as pl
import pytest

from flowfile_jupyter.errors import NodeError
from flowfile_jupyter.expressions import evaluate, parse


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("pl.col('amount') > 100", 'pl.col("amount") > 100'),
        ('  pl.col("a")  +  pl.lit(1) ', 'pl.col("a") + pl.lit(1)'),
        (
            'pl.when(pl.col("a") > 1).then(pl.lit("big")).otherwise(pl.lit("small"))',
            'pl.when(pl.col("a") > 1).then(pl.lit("big")).otherwise(pl.lit("small"))',
        ),
        ('pl.col("s").str.contains("it\'s")', 'pl.col("s").str.contains("it\'s")'),
        ('pl.col("d").dt.year().cast(pl.Int32)', 'pl.col("d").dt.year().cast(pl.Int32)'),
        ('pl.col("a").is_in([1, 2, 3])', 'pl.col("a").is_in([1, 2, 3])'),
        ('pl.col("l").list[0]', 'pl.col("l").list[0]'),
        ('~pl.col("flag") & (pl.col("a") <= -1.5)', '~pl.col("flag") & (pl.col("a") <= -1.5)'),
    ],
)
def test_allowed_expressions_are_normalized(text: str, normalized: str) -> None:
    assert parse(text) == normalized
    assert isinstance(evaluate(text), pl.Expr)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('__import__("os").system("echo hi")', "only pl functions and expression methods"),
        ("import os", "syntax error"),
        ('pl.read_csv("/etc/passwd")', "pl.read_csv is not an expression function"),
        ('pl.col("a").__class__.__bases__', "'__bases__' is not allowed"),
        ("pl.__dict__", "'__dict__' is not allowed"),
        ('pl.col("a").map_elements(print)', ".map_elements() runs Python code"),
        ("lambda x: x", "lambda is not allowed"),
        ('pl.col("a") > 1 and pl.col("b") < 2', "use & instead of 'and'"),
        ('pl.col("a") > 1 or pl.col("b") < 2', "use | instead of 'or'"),
        ("amount > 100", "unknown name 'amount'"),
        ("10 ** 10 ** 10", "arithmetic between two literals"),
        ('"x" * 10', "arithmetic between two literals"),
        ('pl.col("a") if True else pl.col("b")', "IfExp is not allowed"),
        ("[x for x in range(3)]", "ListComp is not allowed"),
        ('pl.col(f"{1}")', "JoinedStr is not allowed"),
        ("", "the expression is empty"),
        ('pl.col("a"', "syntax error at column"),
        ('1 < pl.col("a") < 3', "chained comparisons"),
        ('pl.col(*["a"])', "*args is not allowed"),
        ('pl.col("a") # comment', None),
    ],
)
def test_refused_expressions_say_why(text: str, message: str | None) -> None:
    if message is None:
        assert parse(text) == 'pl.col("a")'
        return
    with pytest.raises(NodeError, match=_escape(message)):
        parse(text)


def test_evaluation_errors_are_node_errors() -> None:
    with pytest.raises(NodeError, match="invalid expression"):
        evaluate('pl.col("a").round("x", "y", "z")')
    with pytest.raises(NodeError, match="expected a Polars expression, got int"):
        evaluate("1")


def _escape(text: str) -> str:
    import re

    return re.escape(text)

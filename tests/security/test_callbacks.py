"""Callbacks: no method that takes a Python function is reachable, and no function can be
handed to Polars from expression text anyway."""

from __future__ import annotations

import inspect

import polars as pl
import pytest

from flowfile_jupyter.errors import NodeError
from flowfile_jupyter.expressions import parse

CALLABLES = ["print", "pl.col", 'pl.col("b").sum', "lambda x: x", "pl.Int64", "len", "exec"]


def _takes_a_function(function: object) -> bool:
    try:
        parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return any("Callable" in str(p.annotation) for p in parameters)


CALLBACK_METHODS = sorted(
    [f'pl.col("a").{n}' for n in dir(pl.Expr) if _takes_a_function(getattr(pl.Expr, n, None))]
    + [f'pl.col("a").name.{n}' for n in dir(type(pl.col("a").name)) if n in ("map", "map_fields")]
    + [f"pl.{n}" for n in dir(pl) if _takes_a_function(getattr(pl, n, None))]
)


def test_the_callback_methods_are_found() -> None:
    assert 'pl.col("a").map_elements' in CALLBACK_METHODS
    assert "pl.fold" in CALLBACK_METHODS


@pytest.mark.parametrize("method", CALLBACK_METHODS)
@pytest.mark.parametrize("function", CALLABLES)
def test_callbacks_are_refused(method: str, function: str) -> None:
    with pytest.raises(NodeError) as info:
        parse(f"{method}({function})")
    assert str(info.value)


@pytest.mark.parametrize("function", [f for f in CALLABLES if f != "pl.Int64"])  # a data type
def test_no_function_passes_as_an_argument(function: str) -> None:
    for text in [
        f'pl.col("a").fill_null({function})',
        f'pl.col("a").replace({{"x": {function}}})',
        f"pl.struct(a={function})",
        f'pl.col("a").is_in([{function}])',
    ]:
        with pytest.raises(NodeError):
            parse(text)

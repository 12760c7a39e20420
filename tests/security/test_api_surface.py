"""The installed Polars, walked: every name reachable from expression text is on the positive
list or refused, and what the list allows really returns an expression.

A new Polars release that adds a function or method returning an expression fails here until
someone decides, in ``flowfile_jupyter/expressions/api.py``, whether expressions may use it.
"""

from __future__ import annotations

import inspect

import polars as pl
import pytest
from polars.expr.whenthen import ChainedThen, ChainedWhen, Then, When

from flowfile_jupyter.errors import NodeError
from flowfile_jupyter.expressions import api, parse
from flowfile_jupyter.expressions.check import _allowed_classes, _returns

NAMESPACES = api.namespace_classes()
# What expression text reaches from each allowed kind, and how the checker names it.
REACHABLE: dict[str, tuple[type, frozenset[str], str]] = {
    "Expr": (pl.Expr, api.EXPR, 'pl.col("a")'),
    **{
        name: (cls, api.NAMESPACES[name], f'pl.col("a").{name}') for name, cls in NAMESPACES.items()
    },
    "When": (When, _allowed_classes()[When], 'pl.when(pl.col("a") > 1)'),
    "Then": (Then, _allowed_classes()[Then], 'pl.when(pl.col("a") > 1).then(1)'),
    "ChainedWhen": (
        ChainedWhen,
        _allowed_classes()[ChainedWhen],
        'pl.when(pl.col("a") > 1).then(1).when(pl.col("b"))',
    ),
    "ChainedThen": (
        ChainedThen,
        _allowed_classes()[ChainedThen],
        'pl.when(pl.col("a") > 1).then(1).when(pl.col("b")).then(2)',
    ),
    "DataTypeExpr": (pl.DataTypeExpr, api.DATA_TYPE_EXPR, 'pl.dtype_of("a")'),
}


def _public(cls: type) -> list[str]:
    return [n for n in dir(cls) if not n.startswith("_")]


def _returns_expression(function: object) -> bool:
    returns, _ = _returns(function)
    return returns is not None


def test_every_pl_name_is_decided() -> None:
    undecided = []
    for name in _public(pl):
        value = getattr(pl, name)
        if name in api.FUNCTIONS or name in api.DTYPES or f"pl.{name}" in api.REFUSED:
            continue
        if callable(value) and not isinstance(value, type) and _returns_expression(value):
            undecided.append(name)  # returns an expression, yet neither allowed nor refused
    assert undecided == [], f"decide in api.py whether expressions may use pl.{undecided}"


@pytest.mark.parametrize("label", sorted(REACHABLE))
def test_every_method_is_decided(label: str) -> None:
    cls, allowed, _ = REACHABLE[label]
    base = "Expr" if cls in (Then, ChainedThen) else label
    undecided = []
    for name in _public(cls):
        if name in allowed or f"{base}.{name}" in api.REFUSED or f"{label}.{name}" in api.REFUSED:
            continue
        static = inspect.getattr_static(cls, name)
        if isinstance(static, property) or _returns_expression(getattr(cls, name)):
            undecided.append(name)
    assert undecided == [], f"decide in api.py whether {label} may use {undecided}"


@pytest.mark.parametrize("label", sorted(REACHABLE))
def test_what_is_allowed_exists_and_returns_an_expression(label: str) -> None:
    cls, allowed, _ = REACHABLE[label]
    for name in allowed:
        assert hasattr(cls, name), f"{label}.{name} is listed but Polars has no such name"
        static = inspect.getattr_static(cls, name)
        if isinstance(static, property):
            assert name in NAMESPACES, f"{label}.{name} is a property but not a namespace"
            continue
        assert not isinstance(static, classmethod | staticmethod), f"{label}.{name}"
        assert _returns_expression(getattr(cls, name)), f"{label}.{name} returns no expression"
    for name in api.FUNCTIONS:
        assert _returns_expression(getattr(pl, name)), f"pl.{name} returns no expression"
    for name in api.DTYPES:
        assert issubclass(getattr(pl, name), pl.DataType), name


@pytest.mark.parametrize("label", sorted(REACHABLE))
def test_every_name_not_allowed_is_refused_from_text(label: str) -> None:
    """Whatever the reason a name is not allowed, expression text using it is a node error."""
    cls, allowed, prefix = REACHABLE[label]
    for name in sorted(set(dir(cls)) - allowed):
        text = f"{prefix}.{name}"
        with pytest.raises(NodeError):
            parse(text)
        with pytest.raises(NodeError):
            parse(f"{text}()")


def test_every_pl_name_not_allowed_is_refused_from_text() -> None:
    for name in sorted(set(dir(pl)) - api.FUNCTIONS - api.DTYPES):
        with pytest.raises(NodeError):
            parse(f"pl.{name}")
        with pytest.raises(NodeError):
            parse(f'pl.{name}("a")')


def test_the_listed_names_work_in_expressions() -> None:
    """Spot checks through the checker and Polars: allowed really means usable."""
    for text in [
        'pl.col("a").str.to_uppercase()',
        'pl.col("d").dt.year()',
        'pl.col("l").list.len()',
        'pl.col("s").struct.field("x")',
        'pl.col("a").name.suffix("_x")',
        'pl.when(pl.col("a") > 1).then(1).otherwise(2)',
        'pl.col("a").cast(pl.dtype_of("b"))',
        "pl.int_range(pl.len())",
    ]:
        parse(text)

"""Shared by the aggregate/combine node tests: flows over real files, code-vs-engine checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.codegen import generate


def orders_flow(data_dir: Path) -> tuple[Flow, str]:
    """A flow reading the standard orders table (tests/support.py ORDERS) from Parquet."""
    flow = Flow("test", namespace={})
    return flow, flow.add("read_parquet", path=str(data_dir / "orders.parquet"))


def read(flow: Flow, tmp_path: Path, frame: pl.DataFrame, name: str) -> str:
    """A read_parquet node over ``frame`` written to a real file."""
    path = tmp_path / f"{name}.parquet"
    frame.write_parquet(path)
    return flow.add("read_parquet", path=str(path))


def code_result(flow: Flow, node: str) -> pl.DataFrame:
    """The generated program for ``node``, run in a fresh namespace."""
    program = generate(flow, [node])
    namespace: dict[str, Any] = {}
    exec(program.text, namespace)
    result = namespace[program.outputs[node]]
    assert isinstance(result, pl.DataFrame)
    return result


def checked(flow: Flow, node: str, *, row_order: bool = True) -> pl.DataFrame:
    """The node's result, once it has no error, its predicted schema is the executed one and
    the generated code gives the same result."""
    assert node not in flow.errors, flow.errors[node]
    result = flow.collect(node)
    assert result.schema == flow.schema(node)
    assert_frame_equal(code_result(flow, node), result, check_row_order=row_order)
    return result


def rows(frame: pl.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    """The rows of some columns, as tuples (easy to compare with hand-computed values)."""
    return list(frame.select(columns or frame.columns).iter_rows())

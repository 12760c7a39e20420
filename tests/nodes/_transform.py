"""Shared by the transform node tests: a flow over a real file, and code-vs-engine checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.codegen import generate
from flowfile_jupyter.nodes import Scope, get


def source(tmp_path: Path, frame: pl.DataFrame, name: str = "input") -> tuple[Flow, str]:
    """A flow that reads ``frame`` back from a Parquet file."""
    path = tmp_path / f"{name}.parquet"
    frame.write_parquet(path)
    flow = Flow("test", namespace={})
    return flow, flow.add("read_parquet", path=str(path))


def orders(data_dir: Path) -> tuple[Flow, str]:
    """A flow reading the standard orders table (tests/support.py ORDERS)."""
    flow = Flow("test", namespace={})
    return flow, flow.add("read_parquet", path=str(data_dir / "orders.parquet"))


def code_result(flow: Flow, node: str) -> pl.DataFrame:
    """Run the generated program for ``node`` in a fresh namespace."""
    program = generate(flow, [node])
    namespace: dict[str, Any] = {}
    exec(program.text, namespace)
    result = namespace[program.outputs[node]]
    assert isinstance(result, pl.DataFrame)
    return result


def checked(flow: Flow, node: str) -> pl.DataFrame:
    """The node's result, after checking it has no error, its schema was predicted right and
    the generated code gives the same rows in the same order."""
    assert node not in flow.errors
    result = flow.collect(node)
    assert result.schema == flow.schema(node)
    assert_frame_equal(code_result(flow, node), result)
    return result


def rendered(flow: Flow, node: str) -> str:
    """The node's own Polars code over an input named ``df``, before the code generator
    lays it out (long calls get split over lines there)."""
    settings = flow.nodes[node].settings
    return get(flow.nodes[node].type).code(settings, Scope(("df",))).text

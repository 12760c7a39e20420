"""Helpers the tests share: standard frames and a flow around one node's example."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from flowfile_jupyter import Flow
from flowfile_jupyter.codegen import generate
from flowfile_jupyter.nodes import NodeType

ORDERS = pl.DataFrame(
    {
        "order_id": [1, 2, 3, 4, 5, 6, 7, 8],
        "region": ["north", "south", "north", "east", "south", "north", None, "east"],
        "customer": ["c1", "c2", "c1", "c3", "c2", "c4", "c5", "c3"],
        "amount": [50.0, 150.0, 300.0, 120.0, None, 80.5, 20.0, 310.0],
        "quantity": [1, 3, 2, 5, 1, 2, 4, 3],
        "order_date": [dt.date(2024, 1, d) for d in (1, 1, 2, 3, 5, 8, 8, 9)],
        "tags": ["a;b", "b", "a;c", None, "c", "a", "b;c", "a;b;c"],
    }
)
BASKETS = pl.DataFrame(
    {
        "basket": [1, 2, 3, 4],
        "items": [["apple", "pear"], ["fig"], [], None],
        "counts": [[2, 1], [5], [], None],
    }
)
REGIONS = pl.DataFrame(
    {
        "region": ["north", "south", "west"],
        "manager": ["Ann", "Bob", "Cy"],
        "target": [400, 200, 50],
    }
)


def fill(value: Any, data: Path, tmp: Path) -> Any:
    """Put real paths into an example's ``{data}`` / ``{tmp}`` placeholders."""
    if isinstance(value, str):
        return value.replace("{data}", str(data)).replace("{tmp}", str(tmp))
    if isinstance(value, list):
        return [fill(v, data, tmp) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, data, tmp) for k, v in value.items()}
    return value


def example_flow(
    ntype: NodeType[Any],
    example: Mapping[str, Any],
    data: Path,
    tmp: Path,
    namespace: dict[str, Any],
) -> tuple[Flow, str]:
    """A flow feeding the node the standard inputs: orders on port 0, regions on port 1.

    An example may name its input tables instead, with an ``_inputs`` list.
    """
    example = dict(example)
    tables = example.pop("_inputs", None)
    flow = Flow("example", namespace=namespace)
    inputs: list[str] = []
    ports = len(tables) if tables else len(ntype.inputs) + (1 if ntype.variadic else 0)
    for port in range(ports):
        default = "regions" if port == 1 and not ntype.variadic else "orders"
        table = tables[port] if tables else default
        inputs.append(flow.add("read_parquet", path=str(data / f"{table}.parquet")))
    node = flow.add(ntype.name, *inputs, **fill(dict(example), data, tmp))
    return flow, node


def generated(flow: Flow, node: str) -> pl.DataFrame:
    """Run the generated program for ``node`` in a fresh namespace, as a notebook cell would."""
    program = generate(flow, [node])
    namespace: dict[str, Any] = {}
    exec(program.text, namespace)
    frame: pl.DataFrame = namespace[program.outputs[node]]
    return frame


def ruff_lint(code: str) -> subprocess.CompletedProcess[str]:
    """``ruff check`` of a generated program (pyflakes, pycodestyle, isort, pyupgrade, bugbear)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "E,F,W,I,UP,B",
            "--stdin-filename",
            "flow.py",
            "-",
        ],
        input=code,
        capture_output=True,
        text=True,
        check=False,
    )

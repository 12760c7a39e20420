"""Hostile names and expression text on the way to another engine: they stay data, nothing runs
that the flow did not say, nothing is written."""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.errors import NotPortableError
from flowfile_jupyter.flowfile import VERSION

from .parity import assert_same_rows

SENTINEL = "pwned.txt"
QUOTED = 'x") or nw.lit(True) or __import__("os").system("touch pwned.txt") #'


def test_quotes_in_paths_and_column_names_stay_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / 'it\'s a "quoted" (file).parquet'
    pl.DataFrame({QUOTED: [1, 2, 3], "b": ["p", "q", "r"]}).write_parquet(path)
    flow = Flow("hostile", namespace={})
    src = flow.add("read_parquet", path=str(path))
    kept = flow.add("filter", src, column=QUOTED, operator=">", value=1)
    assert flow.errors == {}
    program = flow.to_code(target="narwhals")
    tree = ast.parse(program)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert not any(isinstance(c.func, ast.Name) and c.func.id == "__import__" for c in calls)
    assert_same_rows(flow.collect(kept, engine="duckdb"), flow.collect(kept))
    exec(program, {})
    # SQLFrame writes paths into SQL text as they are: a quote in one is refused, not run
    with pytest.raises(NotPortableError, match="quote"):
        flow.collect(kept, engine="sqlframe")
    assert not (tmp_path / SENTINEL).exists()


def test_expression_text_goes_through_the_allow_list_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pl.DataFrame({"a": [1, 2]}).write_parquet(tmp_path / "a.parquet")
    flow = Flow.from_dict(
        {
            "flowfile": VERSION,
            "name": "hostile",
            "nodes": [
                {"id": "src", "type": "read_parquet", "settings": {"path": "a.parquet"}},
                {
                    "id": "bad",
                    "type": "filter",
                    "inputs": ["src"],
                    "settings": {"expr": '__import__("os").system("touch pwned.txt")'},
                },
                {
                    "id": "sneaky",
                    "type": "with_columns",
                    "inputs": ["src"],
                    "settings": {
                        "columns": [{"name": "c", "expr": 'pl.col("a").map_batches(print)'}]
                    },
                },
            ],
        },
        namespace={},
    )
    for node in ("bad", "sneaky"):
        assert node in flow.errors
        with pytest.raises(FlowError):
            flow.collect(node, engine="duckdb")
    program = flow.to_code(target="narwhals")
    assert "__import__" not in program.split("# Left out")[-1].split("\n", 3)[-1]
    exec(program, {})
    assert not (tmp_path / SENTINEL).exists()

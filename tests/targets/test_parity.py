"""Every portable node type, with every example it declares: Polars, Narwhals on DuckDB and
SQLFrame on DuckDB give the same frame. Nodes that are not portable are refused by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.errors import NotPortableError
from flowfile_jupyter.nodes import catalog, get
from flowfile_jupyter.targets.portable import check
from flowfile_jupyter.targets.program import generate
from flowfile_jupyter.targets.run import as_polars

from ..support import example_flow
from .parity import assert_same_rows, read_back

ENGINES = ("duckdb", "sqlframe")
CASES = [
    pytest.param(name, example, id=f"{name}-{i}")
    for name, ntype in catalog().items()
    for i, example in enumerate(ntype.examples)
]


def _sort_keys(flow: Flow, node: str) -> list[str]:
    n = flow.nodes[node]
    return [k["column"] for k in n.settings.model_dump()["by"]] if n.type == "sort" else []


@pytest.mark.parametrize(("name", "example"), CASES)
def test_portable_examples_give_polars_rows_on_every_engine(
    name: str,
    example: dict[str, Any],
    data_dir: Path,
    tmp_path: Path,
    namespace: dict[str, Any],
) -> None:
    ntype = get(name)
    flow, node = example_flow(ntype, example, data_dir, tmp_path / "polars", namespace)
    assert node not in flow.errors, flow.errors
    problems = check(flow.nodes, {n: flow.state(n) for n in flow.nodes}, namespace).problems
    if node in problems:
        assert problems[node]
        with pytest.raises(NotPortableError, match=flow.describe(node)) as refused:
            flow.to_code(target="narwhals")
        assert node in refused.value.nodes
        return
    if ntype.sink is None:
        expected = flow.collect(node)
        for engine in ENGINES:
            got = flow.collect(node, engine=engine)
            assert_same_rows(got, expected, _sort_keys(flow, node))
        # the generated program, run as a notebook cell would, holds the same rows
        program = generate(flow, [node], "duckdb")
        fresh: dict[str, Any] = {}
        exec(program.text, fresh)
        result = as_polars(fresh[program.outputs[node]], flow.schema(node), node)
        assert_same_rows(result, expected, _sort_keys(flow, node))
        return
    # output nodes: each engine writes its own copy
    (tmp_path / "polars").mkdir()
    flow.run()
    for engine in ENGINES:
        other, out = example_flow(ntype, example, data_dir, tmp_path / engine, namespace)
        (tmp_path / engine).mkdir()
        results = other.run(engine=engine)
        _same_output(ntype.name, example, tmp_path, engine, results[out], namespace)


def _same_output(
    name: str,
    example: dict[str, Any],
    tmp_path: Path,
    engine: str,
    value: Any,
    namespace: dict[str, Any],
) -> None:
    if name == "to_variable":
        assert isinstance(value, pl.DataFrame)
        assert_same_rows(value, namespace[example["name"]])
        return
    file = Path(example["path"].replace("{tmp}", str(tmp_path / engine))).name
    expected, written = tmp_path / "polars" / file, tmp_path / engine / file
    if name == "write_csv":
        assert sorted(written.read_text().splitlines()) == sorted(expected.read_text().splitlines())
    else:
        assert_same_rows(read_back(written), pl.read_parquet(expected))

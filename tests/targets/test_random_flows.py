"""Random flows of portable nodes (the property tests' generator, keeping only the steps that
can go to other engines): every end node gives Polars' rows on DuckDB and on SQLFrame, and the
generated Narwhals program runs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowfile_jupyter import Flow
from flowfile_jupyter.targets.portable import check

from ..test_properties import add_random_step, frames
from .parity import assert_same_rows


def _problems(flow: Flow) -> dict[str, str]:
    states = {n: flow.state(n) for n in flow.nodes}
    return check(flow.nodes, states, flow.namespace).problems


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames, other=frames, data=st.data())
def test_random_portable_flows_give_polars_rows_on_duckdb_and_sqlframe(
    frame: pl.DataFrame, other: pl.DataFrame, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.parquet", Path(tmp) / "b.parquet"
        frame.write_parquet(a)
        other.write_parquet(b)
        flow = Flow("random", namespace={})
        flow.add("read_parquet", path=str(a))
        flow.add("read_parquet", path=str(b))
        counter = [0]
        for _ in range(data.draw(st.integers(1, 12))):
            before = set(flow.nodes)
            add_random_step(flow, data, counter)
            added = set(flow.nodes) - before
            if added & set(_problems(flow)):
                flow.undo()  # keep the flow portable: this step has no counterpart elsewhere
        assert flow.errors == {}
        assert _problems(flow) == {}
        leaves = flow.leaves()
        namespace: dict[str, Any] = {}
        exec(flow.to_code(target="narwhals"), namespace)
        for leaf in leaves:
            expected = flow.collect(leaf)
            node = flow.nodes[leaf]
            keys = (
                [k["column"] for k in node.settings.model_dump()["by"]]
                if node.type == "sort"
                else []
            )
            for engine in ("duckdb", "sqlframe"):
                assert_same_rows(flow.collect(leaf, engine=engine), expected, keys)

"""Random flows of portable nodes (the property tests' generator, keeping only the steps that
can go to other engines): every end node gives Polars' rows on DuckDB and on SQLFrame, and the
generated Narwhals program runs."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowfile_jupyter import Flow
from flowfile_jupyter.targets.portable import check

from ..random_flows import frames, grow, two_sources
from .parity import assert_same_rows


def _problems(flow: Flow) -> dict[str, str]:
    states = {n: flow.state(n) for n in flow.nodes}
    return check(flow.nodes, states, flow.namespace).problems


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames, other=frames, data=st.data())
def test_random_portable_flows_give_polars_rows_on_duckdb_and_sqlframe(
    frame: pl.DataFrame, other: pl.DataFrame, data: st.DataObject
) -> None:
    with two_sources(frame, other) as (flow, _):
        # keep the flow portable: a step with no counterpart elsewhere is undone
        grow(flow, data, 12, keep=lambda f, added: not added & set(_problems(f)))
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

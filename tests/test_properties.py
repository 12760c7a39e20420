"""Property tests: for random flows over generated data, the engine's promises hold.

1. predicted schema == executed schema, for every node;
2. the generated program, run in a fresh namespace, gives the engine's frames;
3. a node is in ``flow.errors`` exactly when executing it fails.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.codegen import generate
from flowfile_jupyter.engine import evaluate

from .random_flows import add_random_step, frames, grow, two_sources


def assert_flow_promises(flow: Flow, namespace: dict[str, Any], *, no_rows: bool = False) -> None:
    """``no_rows``: the source has no rows. Polars then runs some plans that have a type error
    (``pl.col("text") > 1`` over an empty Parquet file) without complaint; prediction still
    reports the error, which is what a person wants to know before real data arrives. For the
    same reason a node whose result is empty may run although a branch above it has an error:
    an inner join whose other side has no rows never evaluates the failing side."""
    program = generate(flow)
    fresh: dict[str, Any] = dict(namespace)
    exec(program.text, fresh)
    for nid in flow.nodes:
        error = flow.errors.get(nid)
        try:
            result = evaluate.frames(flow.nodes, [nid], flow.namespace)[nid].collect()
        except Exception as exc:
            assert error is not None, f"{nid} predicted valid but failed: {exc}"
            continue
        if error is not None and (no_rows or result.height == 0):
            continue
        assert error is None, f"{nid} predicted error {error!r} but ran"
        assert result.schema == flow.schema(nid), nid
        if nid in program.outputs:
            assert_frame_equal(fresh[program.outputs[nid]], result, check_row_order=False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames, other=frames, data=st.data())
def test_random_valid_flows_keep_their_promises(
    frame: pl.DataFrame, other: pl.DataFrame, data: st.DataObject
) -> None:
    with two_sources(frame, other) as (flow, tmp):
        grow(flow, data, 28)
        assert flow.errors == {}
        assert_flow_promises(flow, {})
        flow.save(tmp / "f.flowfile.yaml")
        again = Flow.load(tmp / "f.flowfile.yaml", namespace={})
        assert again.to_dict() == flow.to_dict()
        assert {n: again.state(n) for n in again.nodes} == {n: flow.state(n) for n in flow.nodes}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames, data=st.data())
def test_random_edits_keep_errors_consistent_with_execution(
    frame: pl.DataFrame, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.parquet"
        frame.write_parquet(path)
        flow = Flow("edits", namespace={})
        flow.add("read_parquet", path=str(path))
        counter = [0]
        for _ in range(data.draw(st.integers(1, 10))):
            add_random_step(flow, data, counter)
        for _ in range(data.draw(st.integers(1, 6))):
            if not flow.nodes:  # undo went back past the first node
                break
            nid = data.draw(st.sampled_from(sorted(flow.nodes)))
            node = flow.nodes[nid]
            edit = data.draw(
                st.sampled_from(
                    ["bad_filter", "good_filter", "remove", "undo", "disconnect", "bad_path"]
                )
            )
            if edit == "bad_filter" and node.type == "filter":
                flow.update(
                    nid,
                    column=None,
                    operator="==",
                    value=None,
                    other=None,
                    conditions=[],
                    expr=f'pl.col("{data.draw(st.sampled_from(["x", "nope", "key"]))}") > 1',
                )
            elif edit == "good_filter" and node.type == "filter":
                flow.update(
                    nid,
                    column=None,
                    value=None,
                    other=None,
                    conditions=[],
                    operator="==",
                    expr="pl.lit(True)",
                )
            elif edit == "remove" and len(flow) > 1:
                flow.remove(nid)
            elif edit == "undo":
                flow.undo()
            elif edit == "disconnect" and node.inputs and node.inputs[0] is not None:
                flow.disconnect(node.inputs[0], nid)
            elif edit == "bad_path" and node.type == "read_parquet":
                flow.update(nid, path=str(Path(tmp) / "missing.parquet"))
        assert_flow_promises(flow, {}, no_rows=frame.height == 0)

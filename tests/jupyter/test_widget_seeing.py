"""The canvas's kernel side of seeing the data: profile, page, unmatched and export requests are
answered off the main thread with what the Python API gives; refusals come back as errors."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache

from ..support import ORDERS, REGIONS
from .test_widget import Recording


@pytest.fixture
def flow(tmp_path: Path) -> Flow:
    f = Flow("seeing", namespace={"orders": ORDERS, "regions": REGIONS})
    f.cache = Cache(tmp_path / "cache")
    o = f.add("from_variable", name="orders", node_id="orders")
    r = f.add("from_variable", name="regions", node_id="regions")
    f.add("join", o, r, on=["region"], how="left", node_id="joined")
    f.add("filter", "joined", expr='pl.col("amount") > 100', node_id="big")
    return f


def answer(
    w: Recording, kind: str, request_id: str, timeout: float = 30
) -> tuple[dict[str, Any], list[bytes]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [
            (c, b) for c, b in w.sent if c.get("kind") == kind and c.get("request_id") == request_id
        ]
        if found:
            assert len(found) == 1
            return found[0]
        time.sleep(0.01)
    raise AssertionError(f"no {kind} answer to {request_id}: {w.sent}")


def test_profile_answers_with_arrow_ipc(flow: Flow) -> None:
    w = Recording(flow)
    w.request(kind="profile", id="big", request_id="p1")
    content, buffers = answer(w, "profile", "p1")
    assert content["error"] is None and content["id"] == "big"
    assert content["rows_total"] == flow.collect("big").height
    assert content["columns"] == flow.collect("big").width
    assert content["bytes"] == len(buffers[0])
    assert_frame_equal(pl.read_ipc_stream(buffers[0]), flow.profile("big"))
    w.request(kind="profile", id="big", request_id="p2")
    again, _ = answer(w, "profile", "p2")
    assert again["cached"] is True
    assert w.notices() == []


def test_only_the_latest_profile_is_wanted(flow: Flow) -> None:
    w = Recording(flow)
    for i, node in enumerate(["orders", "joined", "big"]):
        w.request(kind="profile", id=node, request_id=f"p{i}")
    last, buffers = answer(w, "profile", "p2")
    assert last["error"] is None
    assert_frame_equal(pl.read_ipc_stream(buffers[0]), flow.profile("big"))
    for i in range(2):
        earlier, _ = answer(w, "profile", f"p{i}")
        assert earlier["error"] in (None, "cancelled")


def test_page_sorts_and_searches_the_whole_result(flow: Flow) -> None:
    w = Recording(flow)
    w.request(
        kind="page",
        id="joined",
        offset=1,
        n=2,
        sort=[{"column": "amount", "descending": True}],
        search="NORTH",
        request_id="g1",
    )
    content, buffers = answer(w, "page", "g1")
    every = flow.collect("joined")
    hits = every.filter(
        pl.any_horizontal(
            pl.col(c).cast(pl.String).str.to_lowercase().str.contains("north", literal=True)
            for c in every.columns
        ).fill_null(False)
    ).sort("amount", descending=True, nulls_last=True, maintain_order=True)
    assert content["error"] is None
    assert content["matching"] == hits.height and content["rows_total"] == every.height
    assert content["offset"] == 1 and content["rows"] == 2
    assert_frame_equal(pl.read_ipc_stream(buffers[0]), hits.slice(1, 2))


def test_unmatched_answers_counts_and_rows(flow: Flow) -> None:
    w = Recording(flow)
    w.request(kind="unmatched", id="joined", side="right", request_id="u1")
    content, buffers = answer(w, "unmatched", "u1")
    lost_left = ORDERS.join(REGIONS, on="region", how="anti")
    lost_right = REGIONS.join(ORDERS, on="region", how="anti")
    assert content["error"] is None and content["side"] == "right"
    assert (content["left_rows"], content["right_rows"]) == (ORDERS.height, REGIONS.height)
    assert (content["left_unmatched"], content["right_unmatched"]) == (
        lost_left.height,
        lost_right.height,
    )
    assert_frame_equal(pl.read_ipc_stream(buffers[0]), lost_right)


def test_export_writes_a_file_equal_to_collect(flow: Flow, tmp_path: Path) -> None:
    w = Recording(flow)
    target = tmp_path / "big.parquet"
    w.request(kind="export", id="big", to="parquet", path=str(target), request_id="e1")
    content, buffers = answer(w, "export", "e1")
    assert content["error"] is None and buffers == []
    assert content["path"] == str(target) and content["rows"] == flow.collect("big").height
    assert_frame_equal(pl.read_parquet(target), flow.collect("big"))
    w.request(kind="export", id="big", to="variable", name="big_df", request_id="e2")
    content, _ = answer(w, "export", "e2")
    assert content["error"] is None and content["name"] == "big_df"
    assert_frame_equal(flow.namespace["big_df"], flow.collect("big"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"kind": "page", "id": "big", "sort": [{"column": "nope"}]}, "cannot sort by 'nope'"),
        ({"kind": "profile", "id": "ghost"}, "there is no node 'ghost'"),
        ({"kind": "unmatched", "id": "big"}, "not a join"),
        ({"kind": "export", "id": "big", "to": "csv"}, "say where to write the CSV file"),
        ({"kind": "export", "id": "big", "to": "variable"}, "say which variable"),
        ({"kind": "export", "id": "big", "to": "variable", "name": "1x"}, "not a name"),
    ],
)
def test_refused_requests_are_answered_with_the_reason(
    flow: Flow, content: dict[str, Any], message: str
) -> None:
    w = Recording(flow)
    w.request(**content, request_id="r")
    reply, buffers = answer(w, content["kind"], "r")
    assert message in reply["error"] and buffers == []
    assert any(message in n for n in w.notices())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"kind": "page", "id": "big", "offset": 2**63}, "malformed 'page' request: offset"),
        ({"kind": "page", "id": "big", "n": 0}, "malformed 'page' request: n"),
        ({"kind": "page", "id": "big", "search": "x" * 1001}, "malformed 'page' request: search"),
        ({"kind": "page", "id": "big", "sort": "amount"}, "malformed 'page' request: sort"),
        ({"kind": "unmatched", "id": "joined", "side": "both"}, "malformed 'unmatched' request"),
        ({"kind": "export", "id": "big", "to": "exe", "path": "x"}, "malformed 'export' request"),
        ({"kind": "export", "id": "big", "to": "csv", "path": "x" * 5000}, "malformed 'export'"),
        ({"kind": "profile"}, "malformed 'profile' request: id"),
    ],
)
def test_malformed_requests_become_notices(
    flow: Flow, content: dict[str, Any], message: str
) -> None:
    w = Recording(flow)
    w.request(**content)
    assert any(message in n for n in w.notices()), w.notices()
    assert flow.active_run is None and flow.wait_idle(5)


def test_states_say_what_each_node_changed(flow: Flow) -> None:
    w = Recording(flow)
    assert w.states["orders"]["changes"] is None
    assert w.states["joined"]["changes"] == {
        "added": ["manager", "target"],
        "removed": [],
        "retyped": [],
    }
    assert w.states["big"]["changes"] == {"added": [], "removed": [], "retyped": []}

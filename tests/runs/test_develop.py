"""Development mode (previews, node by node, cached) and performance mode (one plan)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.engine.keys import node_keys
from flowfile_jupyter.runs.handle import RunError

from ..support import ORDERS, REGIONS


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("FLOWFILE_JUPYTER_CACHE_DIR", str(path))
    return path


@pytest.fixture
def orders_csv(tmp_path: Path) -> Path:
    path = tmp_path / "orders.csv"
    ORDERS.write_csv(path)
    return path


@pytest.fixture
def sales(orders_csv: Path) -> tuple[Flow, dict[str, str]]:
    flow = Flow("sales", namespace={"regions_df": REGIONS})
    ids = {"src": flow.add("read_csv", path=str(orders_csv))}
    ids["big"] = flow.add("filter", ids["src"], expr='pl.col("amount") > 60')
    ids["calc"] = flow.add(
        "with_columns",
        ids["big"],
        columns=[{"name": "unit", "expr": 'pl.col("amount") / pl.col("quantity")'}],
    )
    ids["tot"] = flow.add(
        "group_by",
        ids["calc"],
        by=["region"],
        aggs=[{"column": "amount", "agg": "sum", "alias": "total"}],
    )
    ids["top"] = flow.add("sort", ids["tot"], by=[{"column": "total", "descending": True}])
    return flow, ids


def keys_of(flow: Flow) -> dict[str, str]:
    return node_keys(flow.nodes, list(flow.nodes), flow.namespace)


def computed(flow: Flow) -> list[str]:
    assert flow.last_run is not None
    return flow.last_run.computed


def cached(flow: Flow) -> list[str]:
    assert flow.last_run is not None
    return flow.last_run.cached


# -- previews equal the real result ----------------------------------------------------------


def test_preview_is_the_head_of_the_full_result(sales: tuple[Flow, dict[str, str]]) -> None:
    """Every node here keeps a defined row order (group_by keeps the order of first appearance,
    sort is stable), so the preview must equal the head of ``collect()`` row for row."""
    flow, ids = sales
    for nid in ids.values():
        full = flow.collect(nid)
        assert_frame_equal(flow.preview(nid), full.head(100))
        assert_frame_equal(flow.preview(nid, 3), full.head(3))


def test_unordered_nodes_match_as_sets(orders_csv: Path) -> None:
    """A join, or a group_by without maintain_order, has no defined row order in Polars: two
    runs of the same plan may order rows differently. Compare such results sorted."""
    flow = Flow("j", namespace={"regions_df": REGIONS})
    src = flow.add("read_csv", path=str(orders_csv))
    regions = flow.add("from_variable", name="regions_df")
    joined = flow.add("join", src, regions, on=["region"], how="left")
    grouped = flow.add(
        "group_by", joined, by=["manager"], aggs=[{"column": "amount"}], maintain_order=False
    )
    for nid in (joined, grouped):
        full = flow.collect(nid)
        preview = flow.preview(nid, 1000)
        assert_frame_equal(preview.sort(pl.all()), full.sort(pl.all()))


def test_sample_is_seeded_random_rows_in_their_order(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    full = flow.collect(ids["src"]).with_row_index("i")
    a = flow.preview(ids["src"], 4, sample=True, seed=1)
    b = flow.preview(ids["src"], 4, sample=True, seed=1)
    c = flow.preview(ids["src"], 4, sample=True, seed=2)
    assert a.height == 4
    assert_frame_equal(a, b)
    assert not a.equals(c)
    rows = full.join(a, on=list(a.columns), how="semi", nulls_equal=True)["i"].to_list()
    assert rows == sorted(rows) and len(rows) == 4
    assert cached(flow) == [ids["src"]]  # sampling reads the cache, it never reruns


def test_preview_of_an_output_node_shows_what_it_would_write(
    sales: tuple[Flow, dict[str, str]], tmp_path: Path
) -> None:
    flow, ids = sales
    out = flow.add("write_csv", ids["top"], path=str(tmp_path / "out.csv"))
    assert_frame_equal(flow.preview(out), flow.collect(ids["top"]))
    assert not (tmp_path / "out.csv").exists()  # previews never write


def test_preview_of_an_invalid_node_says_why(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    flow.update(ids["big"], expr='pl.col("nope") > 1')
    with pytest.raises(FlowError, match="nope"):
        flow.preview(ids["top"])


def test_a_node_failing_on_its_data_is_a_run_error(orders_csv: Path) -> None:
    flow = Flow("bad", namespace={})
    src = flow.add("read_csv", path=str(orders_csv))
    cast = flow.add("cast", src, dtypes={"customer": "Int64"})
    after = flow.add("head", cast, n=2)
    assert flow.errors == {}  # the schema is fine; the values are not
    with pytest.raises(RunError, match=r"cast|conver"):
        flow.preview(after)
    log = flow.last_run
    assert log is not None and log.status == "error"
    assert log.node(cast).status == "error"
    assert log.node(after).status == "error"
    assert log.node(after).error == "blocked by 'Cast 1'"
    assert log.node(src).status == "done"


# -- cache hits and misses -------------------------------------------------------------------


def test_a_preview_goes_ahead_of_the_caching_of_an_earlier_one(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    """Clicking from node to node never waits for the caching of nodes an earlier preview
    computed inside its plan: the new preview runs first and caches its own target."""
    flow, ids = sales
    first = flow.preview_async(ids["top"])
    second = flow.preview_async(ids["src"])  # supersedes the first
    assert second.result(timeout=60).frame.equals(flow.collect(ids["src"]).head(100))
    assert first.status == "cancelled"
    flow.preview(ids["top"])
    assert flow.wait_idle(60)
    flow.preview(ids["tot"])
    assert computed(flow) == []


def test_first_preview_computes_each_node_once_then_reads_the_cache(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    assert computed(flow) == list(ids.values())
    flow.wait_idle()  # the nodes computed inside the preview's plan are cached right after
    for nid in ids.values():
        flow.preview(nid)
        assert computed(flow) == []
        assert cached(flow) == [nid]


def test_editing_downstream_reuses_everything_upstream(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    flow.wait_idle()
    flow.update(ids["top"], by=[{"column": "region"}])
    flow.preview(ids["top"])
    assert computed(flow) == [ids["top"]]
    assert cached(flow) == [ids["tot"]]


def test_editing_upstream_recomputes_from_that_node_on(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    flow.wait_idle()
    flow.update(ids["big"], expr='pl.col("amount") > 100')
    result = flow.preview(ids["top"])
    assert computed(flow) == [ids["big"], ids["calc"], ids["tot"], ids["top"]]
    assert cached(flow) == [ids["src"]]
    assert_frame_equal(result, flow.collect(ids["top"]))


def test_nodes_read_their_inputs_from_ipc_files(
    sales: tuple[Flow, dict[str, str]], cache_dir: Path
) -> None:
    flow, ids = sales
    flow.cache = Cache(cache_dir)
    flow.preview(ids["top"])
    flow.wait_idle()
    assert len(list(flow.cache.directory.glob("*.arrow"))) == len(ids)
    flow.update(ids["top"], by=[{"column": "region"}])
    result = flow.preview(ids["top"])
    assert computed(flow) == [ids["top"]]
    assert cached(flow) == [ids["tot"]]
    assert_frame_equal(result, flow.collect(ids["top"]))


def test_undoing_an_edit_finds_the_old_results_cached(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    flow.update(ids["big"], expr='pl.col("amount") > 100')
    flow.preview(ids["top"])
    flow.undo()
    flow.preview(ids["top"])
    assert computed(flow) == []


def test_relabel_and_move_invalidate_nothing(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    flow.relabel(ids["big"], "big orders")
    flow.move(ids["calc"], 900.0, 300.0)
    flow.preview(ids["top"])
    assert computed(flow) == []


def test_touching_the_source_file_recomputes_everything(
    sales: tuple[Flow, dict[str, str]], orders_csv: Path
) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    # the background runs caching the nodes in between read the file (memory-mapped by Polars):
    # rewriting it in place under them would pull the pages away (a bus error)
    assert flow.wait_idle(60)
    changed = ORDERS.with_columns(pl.col("amount") * 2)
    changed.write_csv(orders_csv)
    st = orders_csv.stat()
    os.utime(orders_csv, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    result = flow.preview(ids["src"])
    assert computed(flow) == [ids["src"]]
    assert_frame_equal(result, changed.head(100), check_dtypes=False)


def test_replacing_a_variable_recomputes_its_node() -> None:
    namespace: dict[str, Any] = {"orders_df": ORDERS}
    flow = Flow("v", namespace=namespace)
    src = flow.add("from_variable", name="orders_df")
    big = flow.add("filter", src, expr='pl.col("amount") > 100')
    assert flow.preview(big).height == 4
    flow.preview(big)
    assert computed(flow) == []
    namespace["orders_df"] = ORDERS.with_columns(pl.col("amount") * 10)
    assert flow.preview(big).height == 7
    assert computed(flow) == [src, big]


def test_two_flows_share_results_of_the_same_work(orders_csv: Path) -> None:
    def build() -> tuple[Flow, str]:
        flow = Flow("a", namespace={})
        src = flow.add("read_csv", path=str(orders_csv), label="anything")
        return flow, flow.add("filter", src, expr='pl.col("amount") > 60')

    a, a_big = build()
    b, b_big = build()
    a.preview(a_big)
    b.preview(b_big)
    assert computed(b) == []


# -- the wire format -------------------------------------------------------------------------


def test_preview_ipc_is_arrow_stream_bytes_with_the_total(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    flow, ids = sales
    assert flow.preview_ipc(ids["src"], 5)[1]["cached"] is False
    data, info = flow.preview_ipc(ids["src"], 5)
    frame = pl.read_ipc_stream(data)
    assert_frame_equal(frame, flow.collect(ids["src"]).head(5))
    assert info["rows"] == 5
    assert info["rows_total"] == ORDERS.height
    assert info["truncated"] is False
    assert info["cached"] is True
    assert info["bytes"] == len(data)
    assert isinstance(info["ms"], float)


def test_preview_ipc_cuts_long_strings(tmp_path: Path) -> None:
    long = "x" * 5000
    path = tmp_path / "long.csv"
    pl.DataFrame({"id": [1, 2], "text": [long, "short"]}).write_csv(path)
    flow = Flow("long", namespace={})
    src = flow.add("read_csv", path=str(path))
    data, info = flow.preview_ipc(src, 10, max_chars=1000)
    frame = pl.read_ipc_stream(data)
    assert info["truncated"] is True
    assert frame["text"][0] == "x" * 1000 + "…"
    assert frame["text"][1] == "short"
    assert flow.preview(src)["text"][0] == long  # only the wire copy is cut


# -- performance mode ------------------------------------------------------------------------


def test_run_writes_every_output_in_one_go(
    sales: tuple[Flow, dict[str, str]], tmp_path: Path
) -> None:
    flow, ids = sales
    flow.add("write_csv", ids["top"], path=str(tmp_path / "top.csv"))
    flow.add("write_parquet", ids["calc"], path=str(tmp_path / "calc.parquet"))
    flow.add("to_variable", ids["tot"], name="totals")
    done = flow.run()
    assert set(done) == {n for n in flow.nodes if n.startswith(("write_", "to_"))}
    assert_frame_equal(pl.read_csv(tmp_path / "top.csv"), flow.collect(ids["top"]))
    assert_frame_equal(pl.read_parquet(tmp_path / "calc.parquet"), flow.collect(ids["calc"]))
    assert_frame_equal(flow.namespace["totals"], flow.collect(ids["tot"]))
    log = flow.last_run
    assert log is not None and log.mode == "performance" and log.status == "done"
    assert all(n.status == "done" for n in log.nodes)
    assert list(flow.cache.directory.glob("*.arrow")) == []  # nothing materialized


def test_run_refuses_an_invalid_output(sales: tuple[Flow, dict[str, str]], tmp_path: Path) -> None:
    flow, ids = sales
    flow.add("write_csv", ids["top"], path=str(tmp_path / "top.csv"))
    flow.update(ids["big"], expr='pl.col("nope") > 1')
    with pytest.raises(FlowError, match="blocked"):
        flow.run()
    assert not (tmp_path / "top.csv").exists()


@pytest.mark.parametrize("engine", ["auto", "streaming", "in-memory"])
def test_collect_engines_agree(sales: tuple[Flow, dict[str, str]], engine: Any) -> None:
    flow, ids = sales
    assert_frame_equal(flow.collect(ids["top"], engine=engine), flow.collect(ids["top"]))

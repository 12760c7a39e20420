"""The Arrow IPC cache and its keys: hits, misses, corruption, eviction, where it lives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache, default_directory, parse_size
from flowfile_jupyter.engine.keys import node_keys, variable_identity

from ..support import ORDERS


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache directory (never the user's)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("FLOWFILE_JUPYTER_CACHE_DIR", str(path))
    return path


@pytest.fixture
def sales(tmp_path: Path) -> tuple[Flow, dict[str, str]]:
    """read_csv -> filter -> group_by -> sort over a CSV of the test's own (it may be touched)."""
    path = tmp_path / "orders.csv"
    ORDERS.write_csv(path)
    flow = Flow("sales", namespace={})
    ids = {"src": flow.add("read_csv", path=str(path))}
    ids["big"] = flow.add("filter", ids["src"], expr='pl.col("amount") > 60')
    ids["tot"] = flow.add(
        "group_by",
        ids["big"],
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


# -- keys ------------------------------------------------------------------------------------


def test_editing_a_node_changes_its_key_and_downstream_only(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    flow, ids = sales
    before = keys_of(flow)
    flow.update(ids["big"], expr='pl.col("amount") > 70')
    after = keys_of(flow)
    assert after[ids["src"]] == before[ids["src"]]
    for nid in (ids["big"], ids["tot"], ids["top"]):
        assert after[nid] != before[nid]


def test_label_and_position_are_not_part_of_the_key(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    before = keys_of(flow)
    flow.relabel(ids["big"], "big orders")
    flow.move(ids["tot"], 500.0, 40.0)
    assert keys_of(flow) == before


def test_key_follows_the_source_file(sales: tuple[Flow, dict[str, str]], tmp_path: Path) -> None:
    flow, ids = sales
    before = keys_of(flow)
    path = tmp_path / "orders.csv"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    after = keys_of(flow)
    assert all(after[nid] != before[nid] for nid in ids.values())


def test_key_follows_a_replaced_variable() -> None:
    namespace: dict[str, Any] = {"df": ORDERS.clone()}
    flow = Flow("v", namespace=namespace)
    src = flow.add("from_variable", name="df")
    first = keys_of(flow)[src]
    assert keys_of(flow)[src] == first
    namespace["df"] = ORDERS.clone()
    assert keys_of(flow)[src] != first


def test_variable_identity_is_not_fooled_by_a_reused_id() -> None:
    a = pl.DataFrame({"x": [1]})
    first = variable_identity(a)
    assert variable_identity(a) == first
    del a
    b = pl.DataFrame({"x": [1]})  # may well get the freed frame's id
    assert variable_identity(b) != first


# -- the cache itself ------------------------------------------------------------------------


def test_put_writes_an_ipc_file_atomically(cache_dir: Path) -> None:
    cache = Cache(cache_dir)
    cache.put("k1", ORDERS)
    cache.flush()
    files = sorted(p.name for p in cache.directory.iterdir())
    assert files == ["k1.arrow"]
    assert pl.read_ipc(cache.path("k1")).equals(ORDERS)
    again = Cache(cache_dir)  # a new process: nothing in memory
    assert not again.in_memory("k1")
    assert again.has("k1")
    head = again.head("k1", 3)
    assert head is not None
    assert head[0].equals(ORDERS.head(3))
    assert head[1] == ORDERS.height
    assert again.rows("k1") == ORDERS.height


@pytest.mark.parametrize(
    "kind",
    ["truncate", "garbage", "empty", "no-footer-magic"],
)
def test_a_damaged_file_is_detected_and_deleted(cache_dir: Path, kind: str) -> None:
    Cache(cache_dir).put("k", ORDERS, wait=True)
    path = Cache(cache_dir).path("k")
    data = path.read_bytes()
    if kind == "truncate":
        damage(path, data[: len(data) // 2])
    elif kind == "garbage":
        damage(path, b"not arrow at all" * 64)
    elif kind == "empty":
        damage(path, b"")
    else:
        damage(path, data[:-6] + b"ARROW2")
    fresh = Cache(cache_dir)
    assert not fresh.has("k")
    assert not path.exists()
    assert fresh.frame("k") is None


def test_a_corrupt_cache_file_is_recomputed(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    expected = flow.preview(ids["top"])
    flow.wait_idle()
    keys = keys_of(flow)
    for nid in (ids["tot"], ids["top"]):
        path = flow.cache.path(keys[nid])
        damage(path, path.read_bytes()[:100])  # truncated, as by a crash or a full disk
    flow.cache = Cache(flow.cache.directory.parent)  # a new kernel: nothing in memory
    again = flow.preview(ids["top"])
    assert again.equals(expected)
    assert computed(flow) == [ids["tot"], ids["top"]]
    assert flow.last_run is not None
    assert flow.last_run.cached == [ids["big"]]


def test_corrupt_data_inside_a_valid_looking_file_is_recomputed(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    """Footer and magic intact, a column's buffer broken: reading it fails, so the node that
    read it checks its inputs, finds the bad file, and the run recomputes it."""
    flow, ids = sales
    expected = flow.preview(ids["big"])
    flow.wait_idle()
    src_key = keys_of(flow)[ids["src"]]
    path = flow.cache.path(src_key)
    data = bytearray(path.read_bytes())
    for i in range(64, len(data) - 200, 7):  # scribble over the record batches
        data[i] ^= 0x5A
    damage(path, bytes(data))
    flow.cache.clear({keys_of(flow)[ids["big"]]})
    flow.cache = Cache(flow.cache.directory.parent)
    try:
        again = flow.preview(ids["big"])
    except Exception as exc:  # pragma: no cover - would mean the damage went unnoticed
        pytest.fail(f"corrupt input was not recomputed: {exc}")
    assert again.equals(expected)
    assert ids["src"] in computed(flow)


def test_eviction_keeps_the_cache_under_its_cap_least_recently_used_first(
    cache_dir: Path,
) -> None:
    frame = pl.DataFrame({"x": range(20_000)})
    probe = Cache(cache_dir / "probe")
    probe.put("p", frame, wait=True)
    size = probe.path("p").stat().st_size
    cache = Cache(cache_dir, max_bytes=int(size * 3.5), memory_bytes=0)
    for key in ("a", "b", "c"):
        cache.put(key, frame, wait=True)
    assert cache.frame("a") is not None  # a is now the most recently used
    cache.put("d", frame, wait=True)
    assert sorted(cache.keys_on_disk()) == ["a", "c", "d"]
    assert cache.disk_bytes <= cache.max_bytes
    cache.put("e", frame, wait=True)
    assert cache.disk_bytes <= cache.max_bytes
    assert "c" not in cache.keys_on_disk()


def test_flow_cache_stays_under_the_cap(
    sales: tuple[Flow, dict[str, str]], cache_dir: Path
) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    flow.wait_idle()
    one_run = flow.cache.disk_bytes
    flow.cache = Cache(cache_dir, max_bytes=one_run)
    for cut in (70, 80, 90, 100):
        flow.update(ids["big"], expr=f'pl.col("amount") > {cut}')
        flow.preview(ids["top"])
    flow.wait_idle()
    assert flow.cache.disk_bytes <= one_run


def test_clear_cache_deletes_the_flows_files(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    flow.preview(ids["top"])
    flow.wait_idle()
    assert flow.clear_cache() == 4
    assert list(flow.cache.directory.glob("*.arrow")) == []
    flow.preview(ids["top"])
    assert computed(flow) == list(ids.values())


def test_the_cache_lives_in_the_user_cache_dir_or_the_env_dir(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_directory() == cache_dir
    monkeypatch.delenv("FLOWFILE_JUPYTER_CACHE_DIR")
    assert default_directory() == Path(platformdirs.user_cache_dir("flowfile-jupyter"))
    assert Path.cwd() not in default_directory().parents


def test_sizes_read_like_people_write_them() -> None:
    assert parse_size("2GiB") == 2 * 1024**3
    assert parse_size("500 MB") == 500_000_000
    assert parse_size(1234) == 1234
    assert parse_size("1.5k") == 1500
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def damage(path: Path, data: bytes) -> None:
    """Corrupt a cache file the way a crash or another process leaves it: a new file in its
    place. (Truncating the same file in place would pull the pages from under any reader that
    has it memory-mapped, Polars' scan_ipc included; the cache itself only ever renames.)"""
    tmp = path.with_name(path.name + ".damaged")
    tmp.write_bytes(data)
    os.replace(tmp, path)

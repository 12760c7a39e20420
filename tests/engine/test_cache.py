"""The Arrow IPC cache and its keys: hits, misses, corruption, eviction, where it lives."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import platformdirs
import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache, default_directory
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

K1, K2, K3, K4, K5 = (f"{i:064x}" for i in range(1, 6))


def put(cache: Cache, key: str, frame: pl.DataFrame, batch: int = 3) -> None:
    """Write a result the way development mode does: batch by batch."""
    with cache.writer(key) as writer:
        for part in frame.iter_slices(batch):
            writer.write(part)
        writer.finish(frame.clear())


def data_file(cache: Cache, key: str) -> Path:
    found = cache.entry(key)
    assert found is not None
    return found.path


def test_an_entry_appears_whole_with_its_record(cache_dir: Path) -> None:
    cache = Cache(cache_dir)
    put(cache, K1, ORDERS)
    files = sorted(p.name for p in cache.directory.iterdir())
    assert len(files) == 2 and files[1] == f"{K1}.json" and files[0].startswith(K1)
    assert pl.read_ipc(data_file(cache, K1)).equals(ORDERS)
    again = Cache(cache_dir)  # a new process
    assert again.has(K1)
    head = again.head(K1, 3)
    assert head is not None
    assert head[0].equals(ORDERS.head(3))
    assert head[1] == ORDERS.height
    assert again.rows(K1) == ORDERS.height
    assert again.take(K1, [0, 5, 7]).equals(ORDERS[[0, 5, 7]])  # type: ignore[union-attr]


def test_an_empty_result_keeps_its_schema(cache_dir: Path) -> None:
    cache = Cache(cache_dir)
    put(cache, K1, ORDERS.clear())
    scanned = cache.scan(K1)
    assert scanned is not None
    assert scanned.collect().equals(ORDERS.clear())


def test_a_failed_write_leaves_nothing(cache_dir: Path) -> None:
    cache = Cache(cache_dir)
    with pytest.raises(RuntimeError), cache.writer(K1) as writer:
        writer.write(ORDERS.head(3))
        raise RuntimeError("the node failed half way")
    assert list(cache.directory.iterdir()) == []
    assert not cache.has(K1)


@pytest.mark.parametrize("kind", ["truncate", "garbage", "empty", "no-footer-magic", "flip"])
def test_a_damaged_file_is_detected_and_deleted(cache_dir: Path, kind: str) -> None:
    put(Cache(cache_dir), K1, ORDERS)
    path = data_file(Cache(cache_dir), K1)
    data = path.read_bytes()
    if kind == "truncate":
        damage(path, data[: len(data) // 2])
    elif kind == "garbage":
        damage(path, b"not arrow at all" * 64)
    elif kind == "empty":
        damage(path, b"")
    elif kind == "no-footer-magic":
        damage(path, data[:-6] + b"ARROW2")
    else:  # one bit inside a column's values: the file still reads, with a wrong number
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0x01
        damage(path, bytes(flipped))
    fresh = Cache(cache_dir)
    assert not fresh.has(K1)
    assert not path.exists()
    assert fresh.head(K1, 3) is None


def test_a_damaged_record_drops_its_entry(cache_dir: Path) -> None:
    cache = Cache(cache_dir)
    put(cache, K1, ORDERS)
    damage(cache.directory / f"{K1}.json", b'{"file": "../../etc/passwd", "xxh3_128": 1}')
    assert not Cache(cache_dir).has(K1)
    put(cache, K2, ORDERS)
    damage(cache.directory / f"{K2}.json", b"\xff\xfe not json")
    assert not Cache(cache_dir).has(K2)


def test_a_corrupt_cache_file_is_recomputed(sales: tuple[Flow, dict[str, str]]) -> None:
    flow, ids = sales
    expected = flow.preview(ids["top"])
    flow.wait_idle()
    keys = keys_of(flow)
    for nid in (ids["tot"], ids["top"]):
        path = data_file(flow.cache, keys[nid])
        damage(path, path.read_bytes()[:100])  # truncated, as by a crash or a full disk
    flow.cache = Cache(flow.cache.directory.parent)  # a new kernel
    again = flow.preview(ids["top"])
    assert again.equals(expected)
    assert computed(flow) == [ids["tot"], ids["top"]]
    assert flow.last_run is not None
    assert flow.last_run.cached == [ids["big"]]


def test_changed_bytes_inside_an_upstream_file_never_reach_a_result(
    sales: tuple[Flow, dict[str, str]],
) -> None:
    """Header and footer intact, values changed: the checksum catches it before anything reads
    the file, so the upstream node is recomputed and the result is the true one."""
    flow, ids = sales
    flow.preview(ids["big"])
    flow.wait_idle()
    keys = keys_of(flow)
    path = data_file(flow.cache, keys[ids["src"]])
    data = bytearray(path.read_bytes())
    for i in range(200, len(data) - 300, 5):
        data[i] ^= 0x01
    damage(path, bytes(data))
    flow.cache.clear({keys[ids["big"]]})
    flow.cache = Cache(flow.cache.directory.parent)
    assert flow.preview(ids["top"]).equals(flow.collect(ids["top"]))
    assert ids["src"] in computed(flow)


def test_eviction_keeps_the_cache_under_its_cap_least_recently_used_first(
    cache_dir: Path,
) -> None:
    frame = pl.DataFrame({"x": range(20_000)})
    probe = Cache(cache_dir / "probe")
    put(probe, K1, frame, batch=20_000)
    size = data_file(probe, K1).stat().st_size
    cache = Cache(cache_dir, max_bytes=int(size * 3.5))
    for key in (K1, K2, K3):
        put(cache, key, frame, batch=20_000)
        time.sleep(0.01)  # the clock of least recent use is the record's mtime
    assert cache.head(K1, 1) is not None  # K1 is now the most recently used
    time.sleep(0.01)
    put(cache, K4, frame, batch=20_000)
    assert sorted(cache.keys_on_disk()) == sorted([K1, K3, K4])
    assert cache.disk_bytes <= cache.max_bytes
    put(cache, K5, frame, batch=20_000)
    assert cache.disk_bytes <= cache.max_bytes
    assert K3 not in cache.keys_on_disk()


def test_a_result_larger_than_the_cap_is_previewed_but_not_cached(
    sales: tuple[Flow, dict[str, str]], cache_dir: Path
) -> None:
    flow, ids = sales
    flow.cache = Cache(cache_dir, max_bytes=200)
    preview = flow.preview(ids["src"])
    assert preview.equals(flow.collect(ids["src"]))
    assert flow.last_run is not None
    note = flow.last_run.node(ids["src"]).note
    assert note is not None and "not cached" in note and "cap" in note
    assert not flow.cache.has(keys_of(flow)[ids["src"]])


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
    assert list(flow.cache.directory.iterdir()) == []
    flow.preview(ids["top"])
    assert computed(flow) == list(ids.values())


def test_an_unusable_cache_directory_still_previews(
    sales: tuple[Flow, dict[str, str]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    flow, ids = sales
    flow.cache = Cache(blocker)
    with caplog.at_level("WARNING"):
        first = flow.preview(ids["top"])
        second = flow.preview(ids["big"])
    assert first.equals(flow.collect(ids["top"]))
    assert second.equals(flow.collect(ids["big"]).head(100))
    warnings = [r for r in caplog.records if "cannot be used" in r.getMessage()]
    assert len(warnings) == 1  # said once, not on every preview
    assert flow.last_run is not None
    note = flow.last_run.node(ids["big"]).note
    assert note is not None and "cannot be used" in note
    assert blocker.read_text().startswith("a file where")


def test_leftovers_of_a_killed_writer_are_removed(cache_dir: Path) -> None:
    """A writer killed half way leaves its temporary file; the next process to use the
    directory removes it (a file whose writer is still alive is left alone)."""
    directory = Cache(cache_dir).directory
    directory.mkdir(parents=True)
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(child.stdout)
    stale = directory / f".{K1}.arrow.{dead}.0123abcd.tmp"
    stale.write_bytes(b"half a file")
    live = directory / f".{K2}.arrow.{os.getpid()}.0123abcd.tmp"
    live.write_bytes(b"being written")
    cache = Cache(cache_dir)
    assert not cache.has(K1)
    assert not stale.exists()
    assert live.exists()


def test_the_cache_lives_in_the_user_cache_dir_or_the_env_dir(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_directory() == cache_dir
    monkeypatch.delenv("FLOWFILE_JUPYTER_CACHE_DIR")
    assert default_directory() == Path(platformdirs.user_cache_dir("flowfile-jupyter"))
    assert Path.cwd() not in default_directory().parents


def damage(path: Path, data: bytes) -> None:
    """Corrupt a cache file the way a crash or another process leaves it: a new file in its
    place. (Truncating the same file in place would pull the pages from under any reader that
    has it memory-mapped, Polars' scan_ipc included; the cache itself only ever renames.)"""
    tmp = path.with_name(path.name + ".damaged")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def test_a_flow_with_a_categorical_column_previews_and_caches() -> None:
    flow = Flow("cats", namespace={})
    rows = [[c, i] for i, c in enumerate(["Oslo", "Rome", "Oslo", "Lima"] * 50)]
    columns = [{"name": "city", "dtype": "String"}, {"name": "n", "dtype": "Int64"}]
    src = flow.add("manual_input", columns=columns, rows=rows)
    cast = flow.add("cast", src, dtypes={"city": "Categorical"})
    counted = flow.add("group_by", cast, by=["city"], aggs=[{"column": "n", "agg": "sum"}])
    expected = pl.DataFrame(rows, schema=["city", "n"], orient="row").with_columns(
        pl.col("city").cast(pl.Categorical)
    )
    assert flow.preview(cast, n=500).equals(expected)
    flow.wait_idle()
    assert flow.cache.has(keys_of(flow)[cast])
    flow.cache = Cache(flow.cache.directory.parent)  # a new kernel reads it back
    got = flow.preview(counted).sort("city")
    assert flow.last_run is not None and cast in flow.last_run.cached
    want = expected.group_by("city").agg(pl.col("n").sum().alias("n_sum")).sort("city")
    assert got.equals(want)


def test_categories_that_keep_changing_past_the_hold_are_previewed_not_cached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("flowfile_jupyter.engine.cache_writer.HOLD_BYTES", 1)
    flow = Flow("cats", namespace={"words": pl.DataFrame({"w": [f"w{i}" for i in range(300)]})})
    src = flow.add("from_variable", name="words")
    cast = flow.add("cast", src, dtypes={"w": "Categorical"})
    notes: list[str] = []
    flow.on_run(lambda e: notes.append(e.node.note or "") if e.node is not None else None)
    shown = flow.preview(cast, n=300)
    assert shown["w"].cast(pl.String).to_list() == [f"w{i}" for i in range(300)]
    flow.wait_idle()
    assert not flow.cache.has(keys_of(flow)[cast])
    assert any("categories of its column 'w' change" in note for note in notes), notes

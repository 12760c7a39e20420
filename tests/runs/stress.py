"""The stress scenario: a flow edited, previewed, run, cancelled and evicted from several
threads at once, on 1M rows, under a C-level watchdog; profiled, paged, sorted, searched,
exported and its row counts read meanwhile, while another flow over the same data and cache
is edited and previewed (two workers holding recent results at once).

Run by ``test_stress.py`` in a child process: a frozen process holds the interpreter lock, so
only ``faulthandler.dump_traceback_later(..., exit=True)`` can end it, with every thread's
stack on stderr. Every preview is checked against plain Polars: a preview may show the flow as
it was at any moment of the edits, so its rows must equal the plain Polars result for one of
the settings the editors use.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import random
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.engine.cache import Cache
from flowfile_jupyter.jupyter.widget import FlowWidget
from flowfile_jupyter.runs.profile import profile as profile_of

ROWS = 1_000_000
THRESHOLDS = (10.0, 50.0, 90.0)
WIDE = 10_000  # columns of the wide node


class Recording(FlowWidget):
    """The canvas's kernel side, keeping what it would send to the browser."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sent: list[dict[str, Any]] = []
        self.sent_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def send(self, content: Any, buffers: Any = None) -> None:
        with self.sent_lock:
            self.sent.append(content)


def make_data(root: Path) -> dict[str, Path]:
    rng = np.random.default_rng(7)
    orders = pl.DataFrame(
        {
            "region": rng.choice(["north", "south", "east", "west"], ROWS),
            "amount": rng.random(ROWS) * 100,
            "qty": rng.integers(1, 10, ROWS),
        }
    )
    regions = pl.DataFrame({"region": ["north", "south", "east"], "manager": ["A", "B", "C"]})
    paths = {"orders": root / "orders.parquet", "regions": root / "regions.csv"}
    orders.write_parquet(paths["orders"])
    regions.write_csv(paths["regions"])
    return paths


def expected(paths: dict[str, Path], wide: pl.DataFrame) -> dict[str, list[pl.DataFrame]]:
    """Plain Polars, for every setting the editors may leave a node in."""
    orders = pl.read_parquet(paths["orders"])
    regions = pl.read_csv(paths["regions"])
    truth: dict[str, list[pl.DataFrame]] = {
        "src": [orders],
        "wide": [wide],
        "wide_pick": [wide.select(wide.columns[:: max(1, WIDE // 50)])],
    }
    truth["big"] = [orders.filter(pl.col("amount") > t) for t in THRESHOLDS]
    truth["calc"] = [f.with_columns(revenue=pl.col("amount") * pl.col("qty")) for f in truth["big"]]
    truth["tot"] = [
        c.group_by("region", maintain_order=True).agg(pl.col("revenue").sum().alias("total"))
        for c in truth["calc"]
    ]
    truth["joined"] = [orders.join(regions, on="region", how="inner", maintain_order="left_right")]
    truth["few"] = [j.head(3) for j in truth["joined"]]
    return truth


def build(paths: dict[str, Path], namespace: dict[str, Any]) -> tuple[Flow, dict[str, str]]:
    flow = Flow("stress", namespace=namespace)
    ids = {"src": flow.add("read_parquet", path=str(paths["orders"]))}
    ids["big"] = flow.add("filter", ids["src"], expr='pl.col("amount") > 50.0')
    ids["calc"] = flow.add(
        "with_columns",
        ids["big"],
        columns=[{"name": "revenue", "expr": 'pl.col("amount") * pl.col("qty")'}],
    )
    ids["tot"] = flow.add(
        "group_by",
        ids["calc"],
        by=["region"],
        aggs=[{"column": "revenue", "agg": "sum", "alias": "total"}],
    )
    ids["regions"] = flow.add("read_csv", path=str(paths["regions"]))
    ids["joined"] = flow.add("join", ids["src"], ids["regions"], on=["region"], how="inner")
    ids["few"] = flow.add("head", ids["joined"], n=3)
    ids["out"] = flow.add("to_variable", ids["tot"], name="stress_result")
    ids["wide"] = flow.add("from_variable", name="wide_df")
    columns = [f"c{i}" for i in range(0, WIDE, max(1, WIDE // 50))]
    ids["wide_pick"] = flow.add("select", ids["wide"], columns=[{"column": c} for c in columns])
    assert flow.errors == {}, flow.errors
    return flow, ids


def matches(frame: pl.DataFrame, candidates: list[pl.DataFrame], node: str) -> None:
    """``frame`` is the head of one candidate."""
    for candidate in candidates:
        try:
            assert_frame_equal(frame, candidate.head(frame.height), check_exact=False)
            return
        except AssertionError:
            continue
    raise AssertionError(f"preview of {node} matches no plain Polars result:\n{frame}")


def close(found: pl.DataFrame, expected: pl.DataFrame) -> bool:
    """Equal, floats to a relative 1e-9 (a sum added up in another order differs in its last
    bits; the streaming engine's order depends on its threads)."""
    try:
        assert_frame_equal(found, expected, check_exact=False, rel_tol=1e-9)
    except AssertionError:
        return False
    return True


def same_profile(found: pl.DataFrame, expected: pl.DataFrame) -> bool:
    """Counts exactly; statistics of floats (sums in another order) to a relative 1e-9."""
    exact = ["column", "dtype", "rows", "nulls", "distinct"]
    if not found.select(exact).equals(expected.select(exact)):
        return False
    for stat in ("min", "max", "mean"):
        for a, b in zip(found.get_column(stat), expected.get_column(stat), strict=True):
            if a == b:
                continue
            try:
                if abs(float(a) - float(b)) > 1e-9 * max(1.0, abs(float(b))):
                    return False
            except (TypeError, ValueError):
                return False
    return True


def main(seconds: float, workdir: Path) -> None:
    faulthandler.dump_traceback_later(seconds + 120, exit=True)
    paths = make_data(workdir)
    wide = pl.DataFrame({f"c{i}": [i, i + 1, i + 2] for i in range(WIDE)})
    namespace: dict[str, Any] = {"wide_df": wide}
    truth = expected(paths, wide)
    flow, ids = build(paths, namespace)
    name_of = {v: k for k, v in ids.items()}
    flow.cache = Cache(workdir / "cache", max_bytes="64MiB")
    # another flow over the same data and cache, with a small budget: two workers hold recent
    # results at once and make room for each other
    other, other_ids = build(paths, namespace)
    other.cache = flow.cache
    other.memory_budget = "256MiB"
    widget = Recording(flow)
    deadline = time.monotonic() + seconds
    failures: list[str] = []
    counts: dict[str, int] = {}
    checked = [0]

    def check(nid: str, frame: pl.DataFrame) -> None:
        node = name_of[nid]
        if node == "out":
            node = "tot"
        matches(frame, truth[node], node)
        checked[0] += 1

    def loop(name: str, step: Callable[[random.Random], None]) -> Callable[[], None]:
        def run() -> None:
            rng = random.Random(name)
            while time.monotonic() < deadline:
                try:
                    step(rng)
                    counts[name] = counts.get(name, 0) + 1
                except FlowError:
                    pass  # cancelled by another thread, or refused: a message, not a crash
                except Exception:
                    failures.append(f"{name}: {traceback.format_exc()}")
                    return

        return run

    def edit(rng: random.Random) -> None:
        with flow.batch() if rng.random() < 0.2 else contextlib.nullcontext():
            flow.update(ids["big"], expr=f'pl.col("amount") > {rng.choice(THRESHOLDS)}')
            flow.move(ids["calc"], rng.random() * 500, rng.random() * 300)
        if rng.random() < 0.2:
            flow.relabel(ids["few"], rng.choice(["few", "top rows", ""]))
        if rng.random() < 0.1:
            flow.undo()
        time.sleep(rng.random() * 0.05)

    def preview(rng: random.Random) -> None:
        nid = ids[rng.choice(list(truth))]
        check(nid, flow.preview(nid, rng.choice([3, 100, 1000])))
        time.sleep(rng.random() * 0.4)

    def other_flow(rng: random.Random) -> None:
        node = rng.choice([n for n in truth if n != "out"])
        if rng.random() < 0.3:
            other.update(other_ids["big"], expr=f'pl.col("amount") > {rng.choice(THRESHOLDS)}')
        matches(other.preview(other_ids[node], rng.choice([3, 1000])), truth[node], node)
        checked[0] += 1
        time.sleep(rng.random() * 0.2)

    def preview_ipc(rng: random.Random) -> None:
        nid = ids[rng.choice(["tot", "few", "wide", "wide_pick", "big"])]
        data, info = flow.preview_ipc(nid, 50)
        check(nid, pl.read_ipc_stream(data))
        assert info["rows"] <= 50
        time.sleep(rng.random() * 0.4)

    def typing(rng: random.Random) -> None:
        """A person editing a filter while its group_by's preview follows each edit."""
        flow.update(ids["big"], expr=f'pl.col("amount") > {rng.choice(THRESHOLDS)}')
        data, _ = flow.preview_ipc(ids["tot"])
        check(ids["tot"], pl.read_ipc_stream(data))

    def cancel(rng: random.Random) -> None:
        time.sleep(rng.random())
        handle = flow.preview_async(ids[rng.choice(["tot", "joined", "calc"])])
        time.sleep(rng.random() * 0.2)
        if rng.random() < 0.5:
            handle.cancel()
        else:
            flow.cancel_runs()
        handle.wait(120)

    def run(rng: random.Random) -> None:
        flow.run(timeout=120)
        result = namespace["stress_result"]
        check(ids["out"], result)
        time.sleep(rng.random() * 0.3)

    def canvas(rng: random.Random) -> None:
        request = rng.choice(
            [
                {"kind": "preview", "id": ids["tot"], "n": 100, "request_id": "r"},
                {"kind": "preview", "id": ids["wide"], "n": 5, "request_id": "w"},
                {"kind": "move", "id": ids["src"], "position": {"x": 1, "y": 2}},
                {"kind": "update", "id": ids["few"], "settings": {"n": rng.choice([3, 3])}},
                {"kind": "code", "request_id": "c"},
                {"kind": "cancel"},
                {"kind": "profile", "id": ids["tot"], "request_id": "pr"},
                {"kind": "page", "id": ids["big"], "sort": [{"column": "amount"}], "search": "s"},
                {"kind": "unmatched", "id": ids["joined"], "side": "left"},
                {"kind": "export", "id": ids["few"], "to": "variable", "name": "few_df"},
            ]
        )
        widget._on_msg(widget, request, [])
        time.sleep(rng.random() * 0.3)

    def evict(rng: random.Random) -> None:
        if rng.random() < 0.2:
            flow.clear_cache()
        else:
            flow.cache.evict()
        time.sleep(rng.random() * 0.3)

    regions = pl.read_csv(paths["regions"])
    unmatched = {
        "left": truth["src"][0].join(regions, on="region", how="anti").height,
        "right": regions.join(truth["src"][0], on="region", how="anti").height,
    }
    profiles: dict[int, pl.DataFrame] = {}
    profiles_lock = threading.Lock()

    def truth_profile(candidate: pl.DataFrame) -> pl.DataFrame:
        with profiles_lock:
            found = profiles.get(id(candidate))
            if found is None:
                found = profiles[id(candidate)] = profile_of(candidate.lazy())
        return found

    def inspect(rng: random.Random) -> None:
        """Profiles, pages, joins and exports over whole results, checked against Polars."""
        node = rng.choice(["tot", "few", "joined", "big"])
        nid = ids[node]
        what = rng.choice(["profile", "page", "unmatched", "export", "variable"])
        if what == "profile":
            found = flow.profile(nid, timeout=120)
            if not any(same_profile(found, truth_profile(c)) for c in truth[node]):
                raise AssertionError(f"profile of {node} matches no plain Polars result")
        elif what == "page":
            column = rng.choice(["region", "amount"] if node != "tot" else ["region", "total"])
            search = rng.choice([None, "NORTH", "e"])
            page = flow.page(nid, rng.choice([0, 2]), 20, sort=[(column, True)], search=search)
            for candidate in truth[node]:
                hits = candidate
                if search:
                    hits = candidate.filter(
                        pl.any_horizontal(
                            pl.col(c)
                            .cast(pl.String)
                            .str.to_lowercase()
                            .str.contains(search.lower(), literal=True)
                            for c in candidate.columns
                        ).fill_null(False)
                    )
                hits = hits.sort(column, descending=True, nulls_last=True, maintain_order=True)
                if page.matching == hits.height and close(page.frame, hits.slice(page.offset, 20)):
                    break
            else:
                raise AssertionError(f"page of {node} matches no plain Polars result")
        elif what == "unmatched":
            side = rng.choice(["left", "right"])
            found_join = flow.unmatched(ids["joined"], side, timeout=120)  # type: ignore[arg-type]
            assert found_join.unmatched == unmatched, found_join.unmatched
            assert found_join.frame.height == min(100, unmatched[side])
        elif what == "export":
            target = workdir / "exports" / f"{node}-{rng.random()}.parquet"
            target.parent.mkdir(exist_ok=True)
            flow.export(nid, target, timeout=120)
            matches(pl.read_parquet(target), truth[node], node)
            target.unlink()
        else:
            flow.export(nid, variable=f"exported_{node}", overwrite=True, timeout=120)
            matches(namespace[f"exported_{node}"], truth[node], node)
        time.sleep(rng.random() * 0.3)

    def counts_read(rng: random.Random) -> None:
        """Row counts read while runs record them: each equals the height of a result."""
        counts = flow.row_counts()
        widget_counts = widget.row_counts
        assert isinstance(widget_counts.get("nodes", {}), dict)
        for node, candidates in truth.items():
            rows = counts.nodes.get(ids[node])
            if rows is not None and rows.rows_out is not None:
                heights = {c.height for c in candidates}
                assert rows.rows_out in heights, (node, rows, heights)
        time.sleep(rng.random() * 0.2)

    threads = [
        threading.Thread(target=loop(name, step), name=name)
        for name, step in [
            ("edit", edit),
            ("typing", typing),
            ("preview", preview),
            ("preview_ipc", preview_ipc),
            ("cancel", cancel),
            ("run", run),
            ("canvas", canvas),
            ("evict", evict),
            ("inspect", inspect),
            ("counts", counts_read),
            ("other_flow", other_flow),
        ]
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert flow.wait_idle(120), "runs still going two minutes after the last request"
    assert other.wait_idle(120), "the other flow's runs still going two minutes after"
    for node in truth:  # at rest, every node previews as plain Polars computes it
        check(ids[node], flow.preview(ids[node], 1000))
    previews = [c for c in widget.sent if c.get("kind") == "preview"]
    answered = [c for c in previews if c.get("error") in (None, "cancelled")]
    if failures:
        raise AssertionError("\n".join(failures))
    stalled = [t.name for t in threads if counts.get(t.name, 0) < 3]
    assert not stalled, f"threads that (almost) never got through: {stalled} ({counts})"
    print(f"ok: {counts} checked={checked[0]} canvas previews={len(answered)}/{len(previews)}")


if __name__ == "__main__":
    os.environ.setdefault("FLOWFILE_JUPYTER_CACHE_DIR", sys.argv[2] + "/cache")
    main(float(sys.argv[1]), Path(sys.argv[2]))

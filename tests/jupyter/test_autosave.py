"""Every edit reaches the flow file a moment later, even while a long run is going."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import polars as pl

from flowfile_jupyter import Flow
from flowfile_jupyter.jupyter.autosave import Autosave

# a cross join filtered down, then sorted: seconds of work on the streaming engine before the
# first row can come out (a preview is answered as soon as it has its rows)
SLOW = (
    'output = df.join(df, how="cross")'
    '.filter((pl.col("x") * 7 + pl.col("x_right")).cast(pl.String).str.ends_with("999"))'
    '.sort("x_right", "x")'
)


def wait_for_text(path: Path, text: str, seconds: float) -> float:
    """Seconds until ``text`` is in the file (fails after ``seconds``)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if path.exists() and text in path.read_text():
            return time.monotonic() - start
        time.sleep(0.02)
    raise AssertionError(f"{text!r} did not reach {path} within {seconds} s")


def test_edits_reach_the_file_while_a_run_is_going(tmp_path: Path) -> None:
    pl.DataFrame({"x": range(20_000)}).write_parquet(tmp_path / "x.parquet")  # 400M pairs
    flow = Flow("busy", namespace={})
    src = flow.add("read_parquet", path=str(tmp_path / "x.parquet"))
    slow = flow.add("polars_code", src, code=SLOW)
    flt = flow.add("filter", src, expr='pl.col("x") > 1')
    path = tmp_path / "busy.flowfile.yaml"
    saver = Autosave(flow, path, delay=0.3)
    try:
        handle = flow.preview_async(slow)
        deadline = time.monotonic() + 60
        while handle.status != "running" and time.monotonic() < deadline:
            time.sleep(0.01)
        for cut in range(2, 7):
            flow.update(flt, expr=f'pl.col("x") > {cut}')
            took = wait_for_text(path, f'pl.col("x") > {cut}', 5.0)
            assert took < 1.5  # the debounce window and a little
        assert not handle.done  # all of it happened during the run
    finally:
        flow.cancel_runs()
        saver.stop()
    assert flow.wait_idle(60)


def test_a_burst_of_edits_is_one_write(tmp_path: Path) -> None:
    flow = Flow("burst", namespace={})
    src = flow.add("manual_input")
    path = tmp_path / "burst.flowfile.yaml"
    writes: list[float] = []
    saver = Autosave(flow, path, delay=0.3)
    original = saver._save

    def counting() -> None:
        writes.append(time.monotonic())
        original()

    saver._save = counting  # type: ignore[method-assign]
    try:
        for i in range(20):
            flow.relabel(src, f"input {i}")
        wait_for_text(path, "input 19", 5.0)
        time.sleep(0.5)
        assert len(writes) == 1
    finally:
        saver.stop()
    assert threading.active_count() < 20

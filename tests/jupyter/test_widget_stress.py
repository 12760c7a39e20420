"""The canvas asking for previews while edits keep coming: answers keep flowing, nothing
freezes. A frozen process holds the GIL, so the watchdog is a C-level one."""

from __future__ import annotations

import faulthandler
import time
from pathlib import Path

from flowfile_jupyter import Flow

from .test_widget import Recording

WATCHDOG_S = 120


SALES = Path(__file__).resolve().parents[2] / "examples" / "sales.csv"


def test_previews_racing_edits_and_cache_writes_never_freeze() -> None:
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)
    try:
        flow = Flow("stress", namespace={})
        src = flow.add("read_csv", path=str(SALES))
        named = flow.add("rename", src, mapping={"Region ": "region", "Status": "status"})
        computed = flow.add(
            "with_columns", named, columns=[{"name": "twice", "expr": 'pl.col("Qty") * 2'}]
        )
        kept = flow.add("filter", computed, column="status", value="shipped")
        grouped = flow.add("group_by", kept, by=["region"])
        w = Recording(flow)
        for i in range(150):
            # small results: the preview is the cache's own frame, written by its thread too
            w.request(kind="preview", id=grouped, request_id=f"p{i}")
            w.request(
                kind="update",
                id=grouped,
                settings={"aggs": [{"column": "twice", "agg": "sum", "alias": f"t{i % 7}"}]},
            )
            w.request(
                kind="update", id=kept, settings={"value": "shipped" if i % 2 else "returned"}
            )
            time.sleep(0.002 * (i % 5))
        w.request(kind="preview", id=grouped, request_id="last")
        assert flow.wait_idle(60)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if any(c.get("request_id") == "last" for c, _ in w.sent):
                break
            time.sleep(0.05)
        (last,) = [c for c, _ in w.sent if c.get("request_id") == "last"]
        assert last["error"] is None and last["rows_total"] == 5  # five regions
        assert w.notices() == []
    finally:
        faulthandler.cancel_dump_traceback_later()

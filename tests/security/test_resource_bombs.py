"""Resource bombs: expressions and queries that would build rows or huge values from literals
are refused with a node error, slow plans are stopped by the prediction budget, and opening a
file full of them returns within seconds, in a process with a memory limit (Polars aborts the
process when an allocation fails, so an abort would fail the child, not this test run)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.errors import NodeError
from flowfile_jupyter.expressions import parse

from .support import flow_file, run_isolated, source_and

BOMBS = [
    "pl.int_range(0, 10**12).sum() > 0",
    "pl.int_range(0, pl.lit(2).pow(40)).sum() > 0",
    "pl.int_range(0, pl.len() + 10**12).sum() > 0",
    'pl.int_range(0, pl.col("amount").max().fill_null(10**12)).sum() > 0',
    "pl.arange(0, 10**11).len() > 0",
    'pl.repeat("x", 10**9).len() > 0',
    "pl.zeros(10**10).sum() > 0",
    "pl.linear_space(0, 1, 10**10).sum() > 0",
    'pl.lit("x").str.pad_start(10**10).str.len_bytes() > 0',
    'pl.lit("x").str.zfill(10**10).str.len_bytes() > 0',
    "pl.lit(1).repeat_by(10**11).list.len() > 0",
    "pl.lit(1).extend_constant(2, 10**10).sum() > 0",
    "pl.lit(1).sample(10**9, with_replacement=True).sum() > 0",
    "pl.lit([1, 2]).list.sample(10**9, with_replacement=True).list.len() > 0",
    "pl.lit(1.5).qcut(10**9).len() > 0",
    "pl.lit(1.5).hist(bin_count=10**9).len() > 0",
    'pl.lit("a,b").str.split_exact(",", 10**7).struct.field("field_0") == "a"',
    "pl.lit(None).cast(pl.Array(pl.Int64, 10**9)).is_null()",
    "pl.lit(None, dtype=pl.Array(pl.Int8, (10**5, 10**5))).is_null()",
    'pl.datetime_range(pl.datetime(1, 1, 1), pl.datetime(9999, 1, 1), "1ns").len() > 0',
    'pl.datetime_range(pl.date(1, 1, 1), pl.date(9999, 1, 1), "1h").len() > 0',
    'pl.time_range(interval="1ns").len() > 0',
    "pl.int_range(0, 10**5).cumulative_eval(pl.element().sum()).sum() > 0",
    "pl.lit(list(range(10))).list.eval(pl.element().repeat_by(10**9)).list.len() > 0",
    'pl.lit("ab").str.replace_all("", "xxxxxxxxxx").str.replace_all("", "xxxxxxxxxx")'
    '.str.replace_all("", "xxxxxxxxxx").str.replace_all("", "xxxxxxxxxx")'
    '.str.replace_all("", "xxxxxxxxxx").str.replace_all("", "xxxxxxxxxx")'
    '.str.replace_all("", "xxxxxxxxxx").str.replace_all("", "xxxxxxxxxx").str.len_bytes() > 0',
    "pl.repeat(pl.int_range(0, 10**6).implode(), 10**6).len() > 0",
    'pl.lit("x" * 10**9) == "x"',
    "pl.lit(10**10**10) > 0",
    'pl.lit("%999999999s" % pl.col("region")) == "x"',
    "pl.lit([0] * 10**9).list.len() > 0",
    "pl.lit(1 << 10**6) > 0",
]

SQL_BOMBS = [
    "WITH t AS ("
    + " UNION ALL ".join(["SELECT COUNT(*) AS c FROM df"] * 10)
    + ") SELECT * FROM t a, t b, t c, t d, t e, t f, t g, t h, t i",
    "SELECT LPAD('x', 1000000000) AS a FROM df",
    "WITH t AS (SELECT 1 AS a UNION ALL SELECT 2) SELECT LPAD('x', 9000000) AS a "
    "FROM t a, t b, t c, t d, t e, t f",
    "SELECT REPLACE(REPLACE(REPLACE(REPLACE('ab', '', '"
    + "x" * 200
    + "'), '', '"
    + "x" * 200
    + "'), '', '"
    + "x" * 200
    + "'), '', '"
    + "x" * 200
    + "') AS r",
]


@pytest.mark.parametrize("text", BOMBS)
def test_bombs_are_refused_before_they_run(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(NodeError) as info:
        parse(text)
    assert time.perf_counter() - start < 1.0
    assert str(info.value)


def test_a_file_of_bombs_opens_within_seconds(tmp_path: Path, data_dir: Path) -> None:
    nodes = [
        {"id": f"b{i}", "type": "filter", "settings": {"expr": text}}
        for i, text in enumerate(BOMBS)
    ]
    nodes += [
        {"id": f"s{i}", "type": "sql", "settings": {"query": q}} for i, q in enumerate(SQL_BOMBS)
    ]
    path = flow_file(tmp_path / "bombs.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    done = run_isolated(
        f"""
        import time
        from flowfile_jupyter import Flow
        start = time.perf_counter()
        flow = Flow.load({str(path)!r})
        print("SECONDS", round(time.perf_counter() - start, 2))
        print("FINE", sorted(n for n in flow.nodes if n not in flow.errors))
        for nid, message in sorted(flow.errors.items()):
            print(nid, "->", message)
        """,
        seconds=60,
        memory_gb=4,
        marker_dir=tmp_path / "none",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "FINE ['src']" in done.stdout, done.stdout
    seconds = float(done.stdout.split("SECONDS ")[1].split()[0])
    assert seconds < 15, done.stdout


SLOW = "(pl.int_range(0, 5_000_000).shuffle(seed=1).sort() * 2).sum() > 0"


def test_a_slow_node_is_stopped_by_the_prediction_budget(data_dir: Path) -> None:
    """Within every size limit, yet slow: prediction gives up after its budget and says so."""
    from flowfile_jupyter import deadline

    flow = Flow("slow", namespace={})
    src = flow.add("read_csv", path=str(data_dir / "orders.csv"))
    budget = deadline.PREDICTION_SECONDS
    deadline.PREDICTION_SECONDS = 0.05
    try:
        start = time.perf_counter()
        node = flow.add("filter", src, expr=SLOW)
        took = time.perf_counter() - start
    finally:
        deadline.PREDICTION_SECONDS = budget
    assert "took longer than 0.05 s" in flow.errors[node]
    assert took < 1.0


def test_many_slow_nodes_share_the_time_for_opening(tmp_path: Path, data_dir: Path) -> None:
    """Forty slow nodes in one file: opening shares 10 s among them, and the process survives
    the cancelled queries ending afterwards (Polars aborts if their handles are gone)."""
    nodes = [{"id": f"s{i}", "type": "filter", "settings": {"expr": SLOW}} for i in range(40)]
    path = flow_file(tmp_path / "slow.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    done = run_isolated(
        f"""
        import time
        from flowfile_jupyter import Flow, deadline
        start = time.perf_counter()
        flow = Flow.load({str(path)!r})
        print("SECONDS", round(time.perf_counter() - start, 2))
        print("ERRORS", len(flow.errors))
        time.sleep(5)  # the cancelled queries end now; the process must survive it
        print("ALIVE", deadline.cancelled_running())
        """,
        seconds=90,
        memory_gb=6,
        marker_dir=tmp_path / "none",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seconds = float(done.stdout.split("SECONDS ")[1].split()[0])
    assert seconds < 20, done.stdout
    assert "ALIVE" in done.stdout

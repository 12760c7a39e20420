"""SQL: a flow opened without trust reads only the frames wired into its SQL node."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowfile_jupyter import Flow

from .support import SECRET, everything_said, flow_file, source_and

QUERIES = [
    "SELECT * FROM read_csv('{secret}')",
    "select * from READ_CSV('{secret}')",
    "SELECT * FROM \"read_csv\"('{secret}')",
    "SELECT * FROM read_csv /* x */ ('{secret}')",
    "SELECT * FROM read_parquet('{secret}')",
    "SELECT * FROM read_ipc('{secret}')",
    "SELECT * FROM read_json('{secret}')",
    "SELECT * FROM df WHERE region IN (SELECT key FROM read_csv('{secret}'))",
    "WITH s AS (SELECT * FROM read_csv('{secret}')) SELECT * FROM s",
    "SELECT * FROM df UNION ALL SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM df JOIN read_csv('{secret}') AS s ON TRUE",
    "SELECT region FROM df WHERE region = 'x\\' UNION SELECT key FROM read_csv(''{secret}'') --'",
    "CREATE TABLE t AS SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM other_table",
    "SELECT * FROM public.df",
    "SELECT 1; SELECT * FROM read_csv('{secret}')",
    "SHOW TABLES",
    "DROP TABLE df",
    "SELECT * FROM df, LATERAL (SELECT 1)",
    "SELECT * FROM UNNEST([1, 2]) AS t(a)",
    "WITH RECURSIVE t AS (SELECT 1) SELECT * FROM t",
]


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.csv"
    path.write_text(f"key\n{SECRET}\n")
    return path


def test_sql_reads_nothing_but_its_inputs(
    tmp_path: Path, data_dir: Path, secret_file: Path
) -> None:
    nodes = [
        {"id": f"q{i}", "type": "sql", "settings": {"query": q.format(secret=secret_file)}}
        for i, q in enumerate(QUERIES)
    ]
    path = flow_file(tmp_path / "sql.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    flow = Flow.load(path)
    for i in range(len(QUERIES)):
        assert f"q{i}" in flow.errors, QUERIES[i]
        assert flow.errors[f"q{i}"]
    assert SECRET not in everything_said(flow)
    for nid in flow.nodes:
        if nid != "src":
            with pytest.raises(Exception) as info:
                flow.preview(nid)
            assert SECRET not in str(info.value)


def test_a_trusted_flow_may_read_files(tmp_path: Path, data_dir: Path, secret_file: Path) -> None:
    query = f"SELECT * FROM read_csv('{secret_file}')"
    nodes = [{"id": "q", "type": "sql", "settings": {"query": query}}]
    path = flow_file(tmp_path / "t.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    untrusted = Flow.load(path)
    assert "read_csv" in untrusted.errors["q"]
    assert "trust=True" in untrusted.errors["q"]
    trusted = Flow.load(path, trust=True)
    assert trusted.errors == {}
    assert trusted.collect("q")["key"].to_list() == [SECRET]


def test_ordinary_queries_still_work_untrusted(tmp_path: Path, data_dir: Path) -> None:
    queries = [
        "SELECT region, SUM(amount) AS total FROM df GROUP BY region ORDER BY region",
        "WITH big AS (SELECT * FROM df WHERE amount > 100) SELECT COUNT(*) AS n FROM big",
        "SELECT * FROM (SELECT region FROM df) AS sub WHERE region IS NOT NULL",
        "SELECT region, LPAD(customer, 5, '0') AS c, REPLACE(region, 'o', '0') AS r FROM df",
    ]
    nodes = [
        {"id": f"q{i}", "type": "sql", "settings": {"query": q}} for i, q in enumerate(queries)
    ]
    path = flow_file(tmp_path / "ok.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    flow = Flow.load(path)
    assert flow.errors == {}
    assert flow.collect("q1")["n"].to_list() == [4]

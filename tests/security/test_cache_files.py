"""Cache files are read back by later processes: damage any byte range of any of them and the
next process still previews exactly the rows plain Polars gives (a damaged entry is found by
its checksum before anything reads it, dropped, and computed again)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]

PREVIEW_ALL = """
import json, sys
from flowfile_jupyter import Flow
flow = Flow.load(sys.argv[1])
out = {}
for nid in flow.nodes:
    out[nid] = flow.preview(nid, 1000).write_json()
print(json.dumps(out))
"""


def _flow_file(tmp: Path) -> Path:
    """read -> filter -> formula -> group_by -> sort, over data of its own."""
    from flowfile_jupyter import Flow

    data = tmp / "orders.parquet"
    n = 20_000
    pl.DataFrame(
        {
            "region": [["north", "south", "east", "west"][i % 4] for i in range(n)],
            "amount": [float((i * 37) % 1000) / 3 for i in range(n)],
            "qty": [i % 9 + 1 for i in range(n)],
        }
    ).write_parquet(data)
    flow = Flow("damaged")
    src = flow.add("read_parquet", path=str(data))
    big = flow.add("filter", src, expr='pl.col("amount") > 50')
    calc = flow.add("with_columns", big, columns=[{"name": "v", "expr": 'pl.col("qty") * 2'}])
    tot = flow.add(
        "group_by", calc, by=["region"], aggs=[{"column": "v", "agg": "sum"}], maintain_order=True
    )
    flow.add("sort", tot, by=[{"column": "region"}])
    path = tmp / "damaged.flowfile.yaml"
    flow.save(path)
    return path


def _previews(flow_file: Path, cache: Path) -> dict[str, pl.DataFrame]:
    """Every node's preview, computed in a new process."""
    env = {**os.environ, "FLOWFILE_JUPYTER_CACHE_DIR": str(cache)}
    child = subprocess.run(
        [sys.executable, "-c", PREVIEW_ALL, str(flow_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-5000:]
    return {
        nid: pl.read_json(text.encode())
        for nid, text in json.loads(child.stdout.splitlines()[-1]).items()
    }


def _damage(path: Path, rng: random.Random) -> str:
    """Change, cut or extend one byte range, replacing the file as a crash or another process
    would (never in place: a reader may have it memory-mapped)."""
    data = bytearray(path.read_bytes())
    kind = rng.choice(["flip", "zero", "cut", "extend", "swap"])
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 64))
    if kind == "flip":
        for i in range(start, end):
            data[i] ^= rng.randint(1, 255)
    elif kind == "zero":
        data[start:end] = bytes(end - start)
    elif kind == "cut":
        del data[start:end]
    elif kind == "extend":
        data[start:start] = os.urandom(end - start)
    else:
        other = rng.randrange(len(data))
        data[start], data[other] = data[other], (data[start] + 1) % 256
    tmp = path.with_name(path.name + ".damage")
    tmp.write_bytes(bytes(data))
    os.replace(tmp, path)
    return f"{kind} {start}:{end} of {path.name}"


@pytest.mark.parametrize("seed", range(4))
def test_damaged_cache_files_never_change_a_preview(tmp_path: Path, seed: int) -> None:
    flow_file = _flow_file(tmp_path)
    cache = tmp_path / "cache"
    truth = _previews(flow_file, tmp_path / "truth-cache")
    _previews(flow_file, cache)  # fills the cache
    files = sorted(p for p in (cache / "ipc-v2").iterdir() if p.suffix in (".arrow", ".json"))
    assert len(files) == 2 * len(truth)  # a data file and a record for every node
    rng = random.Random(seed)
    done = [_damage(path, rng) for path in files if rng.random() < 0.6]
    again = _previews(flow_file, cache)
    for nid, frame in truth.items():
        assert again[nid].equals(frame), (nid, done)

"""Attacks through the requests that look at whole results (page, profile, unmatched, export):
hostile search text, hostile export targets, huge offsets, unknown columns and nodes. Each
asserts the harm did not happen: no file written or changed, no secret in any message, an
answer within its budget, and the kernel still answers afterwards."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache

from ..jupyter.test_widget import Recording
from .support import SECRET

BUDGET = 30.0  # seconds any answer may take here


def frame() -> pl.DataFrame:
    i = pl.int_range(50_000, eager=True)
    return pl.DataFrame({"i": i}).with_columns(
        text=pl.format("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa{}", i % 97)
    )


@pytest.fixture
def canvas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Recording:
    notebook = tmp_path / "notebook"
    notebook.mkdir()
    monkeypatch.chdir(notebook)
    flow = Flow("victim", namespace={"df": frame()})
    flow.cache = Cache(tmp_path / "cache")
    src = flow.add("from_variable", name="df", node_id="src")
    flow.add("filter", src, expr='pl.col("i") >= 0', node_id="rows")
    flow.save(notebook / "victim.flowfile.yaml")
    return Recording(flow)


def ask(w: Recording, **content: Any) -> dict[str, Any]:
    """Send a request and wait (within the budget) for its answer or its notice."""
    before = len(w.sent)
    request_id = f"r{before}"
    t0 = time.monotonic()
    w.request(**content, request_id=request_id)
    while time.monotonic() - t0 < BUDGET:
        for reply, _ in w.sent[before:]:
            if reply.get("request_id") == request_id and reply.get("kind") == content["kind"]:
                return reply
            if reply.get("kind") == "notice":
                return reply
        time.sleep(0.01)
    raise AssertionError(f"no answer within {BUDGET} s to {content}")


def still_answers(w: Recording) -> None:
    reply = ask(w, kind="page", id="rows", n=3)
    assert reply["error"] is None and reply["rows"] == 3


def said(w: Recording) -> str:
    return json.dumps([c for c, _ in w.sent], default=str)


@pytest.mark.parametrize(
    "text",
    [
        "(a+)+$",  # catastrophic backtracking, were it a pattern
        "(a|aa)*" * 50,
        "a" * 1000,
        "[" * 1000,
        "\\p{Greek}",
        "\u202e\u0000\ufeff",
        "${jndi:ldap://x}",
        "' OR 1=1 --",
    ],
)
def test_hostile_search_text_is_literal_and_bounded(canvas: Recording, text: str) -> None:
    reply = ask(canvas, kind="page", id="rows", n=10, search=text)
    assert reply["kind"] == "page" and reply["error"] is None
    expected = frame().filter(
        pl.col("text").str.to_lowercase().str.contains(text.lower(), literal=True)
    )
    assert reply["matching"] == expected.height
    still_answers(canvas)


def test_huge_offsets_and_unknown_names_are_answered_not_crashed(canvas: Recording) -> None:
    for offset in (2**40, 2**62):
        reply = ask(canvas, kind="page", id="rows", offset=offset, n=10_000)
        assert reply["error"] is None and reply["rows"] == 0 and reply["matching"] == 50_000
    assert "malformed" in ask(canvas, kind="page", id="rows", offset=2**64)["message"]
    unknown = ask(canvas, kind="page", id="rows", sort=[{"column": "x" * 5000}])
    assert "cannot sort by" in unknown["error"] and len(unknown["error"]) < 300
    for kind in ("page", "profile", "unmatched"):
        reply = ask(canvas, kind=kind, id="\u0000ghost")
        assert reply["error"] is not None
    still_answers(canvas)


def protected_files(canvas: Recording, tmp_path: Path) -> dict[Path, bytes]:
    """Files no export may touch: the flow file, the cache's files, a secret file."""
    canvas.flow.preview("rows")
    assert canvas.flow.wait_idle(60)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    found = {p: p.read_bytes() for p in canvas.flow.cache.directory.iterdir()}
    found[Path("victim.flowfile.yaml").absolute()] = Path("victim.flowfile.yaml").read_bytes()
    found[secret] = secret.read_bytes()
    return found


def test_hostile_export_targets_write_nothing(canvas: Recording, tmp_path: Path) -> None:
    kept = protected_files(canvas, tmp_path)
    cache_file = next(p for p in kept if p.suffix == ".arrow")
    secret = tmp_path / "secret.txt"
    (tmp_path / "to-secret.csv").symlink_to(secret)
    os.mkfifo(tmp_path / "pipe.csv")  # writing here would block forever
    (tmp_path / "folder.parquet").mkdir()
    hostile = [
        ("csv", "victim.flowfile.yaml"),
        ("csv", "./victim.flowfile.yaml"),
        ("parquet", "../notebook/victim.flowfile.yaml"),
        ("csv", str(cache_file)),
        ("csv", str(cache_file.parent / ".." / cache_file.parent.name / cache_file.name)),
        ("parquet", str(cache_file.parent / "planted.parquet")),
        ("csv", str(tmp_path / "to-secret.csv")),
        ("csv", str(tmp_path / "pipe.csv")),
        ("parquet", str(tmp_path / "folder.parquet")),
        ("csv", "/dev/null"),
        ("csv", "/dev/stdout"),
        ("csv", "/proc/self/mem"),
        ("csv", "nowhere/at/all.csv"),
        ("csv", "x\u0000.csv"),
        ("csv", "\udc80.csv"),
    ]
    for to, path in hostile:
        for overwrite in (False, True):
            reply = ask(canvas, kind="export", id="rows", to=to, path=path, overwrite=overwrite)
            assert reply.get("error") or reply.get("kind") == "notice", (path, reply)
    # an existing file is replaced only when the request says so
    reply = ask(canvas, kind="export", id="rows", to="csv", path=str(secret))
    assert "exists: pass overwrite=True" in reply["error"]
    for path, data in kept.items():
        assert path.read_bytes() == data, f"{path} changed"
    assert not (cache_file.parent / "planted.parquet").exists()
    assert not Path("nowhere").exists()
    assert sorted(os.listdir(".")) == ["victim.flowfile.yaml"]
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["cache", "folder.parquet", "notebook", "pipe.csv", "secret.txt", "to-secret.csv"]
    )
    assert SECRET not in said(canvas)
    still_answers(canvas)


def test_hostile_variable_names_assign_nothing(canvas: Recording) -> None:
    namespace = canvas.flow.namespace
    namespace["victim"] = canvas.flow
    before = dict(namespace)
    for name in ("victim", "df", "__builtins__", "_", "import os", "x.y", "a" * 500, "None"):
        for overwrite in (False, True):
            reply = ask(
                canvas, kind="export", id="rows", to="variable", name=name, overwrite=overwrite
            )
            if name == "df" and overwrite:
                assert reply["error"] is None  # a frame, replaced because asked to
                namespace["df"] = before["df"]
                continue
            assert reply.get("error") or reply.get("kind") == "notice", (name, reply)
    assert namespace == before
    still_answers(canvas)

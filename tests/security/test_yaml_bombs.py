"""YAML bombs: aliases of aliases, deep nesting, huge files and tags beyond plain data are a
FlowFileError within a second or two, in a process with a memory limit and a watchdog."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flowfile_jupyter import Flow, FlowFileError

from .support import run_isolated

LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
    )
    + "flowfile: 1\nnodes: []\n"
)
BOMBS = {
    "billion laughs": LAUGHS,
    "alias in settings": (
        "flowfile: 1\nnodes:\n- {id: a, type: manual_input, settings: &s {columns: []}}\n"
        "- {id: b, type: manual_input, settings: *s}\n"
    ),
    "deep lists": "flowfile: 1\nnodes: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "deep mappings": "flowfile: 1\nname: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
    "deep block": "flowfile: 1\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 3000)),
    "python object": "flowfile: 1\nname: !!python/object/apply:os.system ['touch MARKER']\n",
    "python name": "flowfile: 1\nname: !!python/name:os.system\n",
    "binary": "flowfile: 1\nname: !!binary aGVsbG8=\n",
    "set": "flowfile: 1\nname: !!set {a, b}\n",
    "many nodes": "flowfile: 1\nnodes:\n"
    + "- {id: n%d, type: manual_input}\n" * 0
    + "".join(f"- {{id: n{i}, type: manual_input}}\n" for i in range(6000)),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_yaml_bombs_are_flow_file_errors(name: str, tmp_path: Path) -> None:
    path = tmp_path / "bomb.flowfile.yaml"
    path.write_text(BOMBS[name])
    start = time.perf_counter()
    with pytest.raises(FlowFileError) as info:
        Flow.load(path)
    assert time.perf_counter() - start < 30  # seconds, on a loaded machine; never a hang
    assert str(path) in str(info.value)
    assert not (tmp_path / "MARKER").exists()


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.flowfile.yaml"
    with open(path, "w") as fh:
        fh.write("flowfile: 1\nname: ")
        fh.write("x" * (5 << 20))
    with pytest.raises(FlowFileError, match="a flow file is at most"):
        Flow.load(path)


def test_bombs_cannot_exhaust_a_limited_process(tmp_path: Path) -> None:
    """The same files in a process limited to 1 GB of address space: every one is refused and
    the process ends normally."""
    paths = []
    for i, text in enumerate(BOMBS.values()):
        path = tmp_path / f"b{i}.flowfile.yaml"
        path.write_text(text)
        paths.append(str(path))
    done = run_isolated(
        f"""
        from flowfile_jupyter import Flow, FlowFileError
        for path in {paths!r}:
            try:
                Flow.load(path)
                print("LOADED", path)
            except FlowFileError:
                print("refused")
        """,
        seconds=60,
        memory_gb=1.5,
        marker_dir=tmp_path / "none",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("refused") == len(paths), done.stdout

"""One file with every attack above, opened as a person would: ``Flow.load(path)`` and
``%flowfile NAME --file PATH`` in a real kernel. Nothing runs, nothing outside its declared
sources is read, nothing but the flow file itself is written, the secret is nowhere, and it
returns within seconds with a message on every hostile node."""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .support import SECRET, SECRET_NAME, flow_file, run_isolated, source_and
from .test_attribute_walks import EXPLOITS
from .test_resource_bombs import BOMBS, SQL_BOMBS


def _hostile_nodes(markers: Path, secret_file: Path) -> list[dict[str, object]]:
    nodes: list[dict[str, object]] = []
    for i, template in enumerate(EXPLOITS):
        text = template.format(marker=markers / f"m{i}", secret=SECRET_NAME)
        nodes.append({"id": f"x{i}", "type": "filter", "settings": {"expr": text}})
    for i, text in enumerate(BOMBS):
        nodes.append({"id": f"b{i}", "type": "filter", "settings": {"expr": text}})
    for i, query in enumerate(SQL_BOMBS):
        nodes.append({"id": f"s{i}", "type": "sql", "settings": {"query": query}})
    nodes.append(
        {
            "id": "q",
            "type": "sql",
            "settings": {"query": f"SELECT * FROM read_csv('{secret_file}')"},
        }
    )
    nodes.append(
        {"id": "w", "type": "write_csv", "settings": {"path": str(markers / "written.csv")}}
    )
    return nodes


@pytest.fixture
def hostile(tmp_path: Path, data_dir: Path) -> tuple[Path, Path, int]:
    markers = tmp_path / "markers"
    markers.mkdir()
    secret_file = tmp_path / "secret.csv"
    secret_file.write_text(f"key\n{SECRET}\n")
    nodes = _hostile_nodes(markers, secret_file)
    path = flow_file(tmp_path / "evil.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    return path, markers, len(nodes)


def test_flow_load_of_a_hostile_file(hostile: tuple[Path, Path, int]) -> None:
    path, markers, count = hostile
    done = run_isolated(
        f"""
        import time
        from flowfile_jupyter import Flow
        from tests.security.support import everything_said
        start = time.perf_counter()
        flow = Flow.load({str(path)!r})
        print("SECONDS", round(time.perf_counter() - start, 2))
        print("ERRORS", len(flow.errors))
        print("SEEN" if {SECRET!r} in everything_said(flow) else "not-seen")
        """,
        seconds=90,
        memory_gb=4,
        marker_dir=markers,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"ERRORS {count - 1}" in done.stdout  # all but the source and the writer
    assert "not-seen" in done.stdout
    assert float(done.stdout.split("SECONDS ")[1].split()[0]) < 30
    assert list(markers.iterdir()) == []


@pytest.mark.notebook
def test_the_magic_opens_a_hostile_file_in_a_real_kernel(
    hostile: tuple[Path, Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, markers, count = hostile
    monkeypatch.setenv(SECRET_NAME, SECRET)  # the kernel inherits it
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%load_ext flowfile_jupyter"),
        nbformat.v4.new_code_cell(
            "import time\nstart = time.perf_counter()\n"
            f"%flowfile evil --file {path}\n"
            "took = time.perf_counter() - start"
        ),
        nbformat.v4.new_code_cell(
            "import json\n"
            "print(json.dumps({'took': took, 'errors': evil.errors, 'code': evil.to_code()}))"
        ),
    ]
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    assert time.perf_counter() - start < 120
    outputs = [o for cell in nb.cells for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    everything = json.dumps([dict(o) for o in outputs], default=str)
    assert SECRET not in everything
    report = json.loads(outputs[-1]["text"])
    assert report["took"] < 30
    assert len(report["errors"]) == count - 1  # all but the source and the writer
    assert list(markers.iterdir()) == []
    # the only file written is the flow file itself (autosave), and it still loads
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        ["evil.flowfile.yaml", "markers", "secret.csv"]
    )

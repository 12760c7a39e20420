"""The example notebooks run top to bottom in a real kernel, twice (the second time the flow
comes back from its file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WIDGET = "application/vnd.jupyter.widget-view+json"


def run(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return nb


@pytest.mark.notebook
def test_quickstart_runs_top_to_bottom_twice(tmp_path: Path) -> None:
    for item in EXAMPLES.iterdir():
        if item.suffix in (".ipynb", ".csv", ".yaml", ".py"):
            shutil.copy(item, tmp_path / item.name)
    before = (tmp_path / "sales.flowfile.yaml").read_text()
    for _ in range(2):
        nb = run(tmp_path / "quickstart.ipynb")
        outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
        assert not [o for o in outputs if o.output_type == "error"]
        widgets = [o for o in outputs if WIDGET in o.get("data", {})]
        assert len(widgets) == 2  # %flowfile sales and tiny.canvas()
        texts = "\n".join(
            str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs
        )
        assert "<Flow 'sales': 8 nodes>" in texts
        assert "revenue_per_customer" in texts
        assert "sales_df = (" in texts  # the printed program
        assert "blocked by" in texts
    # running the notebook changes nothing in the flow, so its file is unchanged
    assert (tmp_path / "sales.flowfile.yaml").read_text() == before

"""The Code button puts the flow's Polars code into the cell below the canvas, and it runs."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import (
    Server,
    cells,
    execute,
    kernel_value,
    open_notebook,
    run_all,
    shot,
    widget,
    write_notebook,
)

SETUP = """\
from flowfile_jupyter import Flow
demo = Flow("demo")
src = demo.add("read_csv", path="sales.csv", label="Orders")
shipped = demo.add("filter", src, column="Status", operator="==", value="shipped")
totals = demo.add("group_by", shipped, by=["Region "], aggs=[{"column": "Qty", "agg": "sum"}])
"""


def sources(page: Any) -> list[str]:
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells(page)
    ]


def generated(page: Any) -> list[int]:
    """Indexes of the cells that hold generated code."""
    return [i for i, s in enumerate(sources(page)) if "import polars as pl" in s.split("\n")[:3]]


def press_code_until(page: Any, check: Any, timeout: float = 20) -> None:
    """Press Code (again, while the canvas catches up with the kernel) until ``check()``."""
    button = widget(page).locator("[data-testid=code-button]")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        button.click()
        time.sleep(0.4)
        if check():
            return
    raise AssertionError(f"never happened; cells are: {sources(page)}")


def run_cell(page: Any, index: int) -> None:
    page.evaluate(
        """async (i) => { const a = window.jupyterapp;
           a.shell.currentWidget.content.activeCellIndex = i;
           await a.commands.execute('notebook:run-cell'); }""",
        index,
    )


def check_code_cell_round_trip(server: Server, page: Any, name: str) -> None:
    write_notebook(server, name, [SETUP, "%load_ext flowfile_jupyter\ndemo"])
    open_notebook(page, server, name)
    run_all(page)
    press_code_until(page, lambda: generated(page) == [2])
    assert "demo_df = (" in sources(page)[2]
    assert cells(page)[2]["metadata"]["flowfile"]["flow"] == "demo"
    shot(page, f"{server.app}-code-inserted")
    run_cell(page, 2)
    # the cell's frame equals the canvas preview of the final node, compared in the kernel
    assert kernel_value(page, "demo.preview(totals).equals(demo_df)") == "True"


def test_code_cell_in_jupyterlab(lab: Server, page: Any) -> None:
    check_code_cell_round_trip(lab, page, "code_lab.ipynb")

    # edit the flow: pressing Code updates that same cell in place
    execute(page, "demo.update(shipped, value='returned')")
    press_code_until(page, lambda: '"returned"' in sources(page)[2])
    assert generated(page) == [2]

    # edit the generated cell by hand: the edit survives and a new cell appears
    page.evaluate(
        """() => { const m = window.jupyterapp.shell.currentWidget.content.model;
           const c = m.cells.get(2).sharedModel;
           c.setSource(c.getSource() + "\\n# my note"); }"""
    )
    execute(page, "demo.update(shipped, value='cancelled')")
    press_code_until(page, lambda: len(generated(page)) == 2)
    texts = sources(page)
    assert any("# my note" in t and '"returned"' in t for t in texts)
    assert any('"cancelled"' in t and "# my note" not in t for t in texts)
    shot(page, "lab-code-kept-user-edit")


def test_code_magic_fills_the_next_cell(lab: Server, page: Any) -> None:
    write_notebook(
        lab,
        "code_magic.ipynb",
        [SETUP, "%load_ext flowfile_jupyter", "%flowfile demo --no-save --code"],
    )
    open_notebook(page, lab, "code_magic.ipynb")
    run_all(page)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(sources(page)) < 4:
        time.sleep(0.2)
    assert "import polars as pl" in sources(page)[3]
    run_cell(page, 3)
    assert kernel_value(page, "demo.preview(totals).equals(demo_df)") == "True"


def test_without_the_extension_the_code_is_offered_to_copy(
    lab_without_extension: Server, page: Any
) -> None:
    server = lab_without_extension
    write_notebook(server, "no_ext.ipynb", [SETUP, "%load_ext flowfile_jupyter\ndemo"])
    open_notebook(page, server, "no_ext.ipynb")
    run_all(page)
    canvas = widget(page)
    canvas.locator("[data-testid=code-button]").click()
    panel = canvas.locator("[data-testid=code-panel]")
    panel.wait_for(timeout=10_000)
    assert "import polars as pl" in panel.inner_text()
    assert canvas.locator("[data-testid=code-extension-missing]").is_visible()
    assert canvas.locator("[data-testid=code-copy-button]").is_visible()
    assert len(sources(page)) == 2  # nothing was inserted
    shot(page, "lab-no-extension-code-panel")


@pytest.mark.parametrize("app", ["notebook"])
def test_code_cell_in_notebook7(app: str, notebook7: Server, page: Any) -> None:
    check_code_cell_round_trip(notebook7, page, "code_nb7.ipynb")

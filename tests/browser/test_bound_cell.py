"""Both ways in a real notebook: edit the generated cell, run it, and the canvas follows (one
Undo on the canvas goes back); a ``%%flowfile`` cell of hand-written Polars shows its canvas."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import Server, kernel_value, open_notebook, run_all, shot, wait_idle, widget
from .conftest import write_notebook as write
from .test_code_cell import generated, press_code_until, sources

SETUP = """\
from flowfile_jupyter import Flow
demo = Flow("demo")
src = demo.add("read_csv", path="sales.csv", label="Orders")
bulk = demo.add("filter", src, column="Qty", operator=">=", value=4)
totals = demo.add("group_by", bulk, by=["Region "], aggs=[{"column": "Qty", "agg": "sum"}])
"""

HAND = """\
%%flowfile hand --no-save
import polars as pl

orders = pl.scan_csv("sales.csv")
shipped = orders.filter(pl.col("Status") == "shipped")
by_region = (
    shipped.group_by("Region ", maintain_order=True)
    .agg(pl.col("Qty").sum().alias("units"))
    .sort("units", descending=True)
)
"""


def nodes_on_canvas(page: Any, index: int = 0) -> int:
    count: int = widget(page, index).locator("[data-testid=flow-node]").count()
    return count


def wait_for(check: Any, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError("never happened")


def paste_and_run(page: Any, index: int, text: str) -> None:
    """As a person does: click into the cell, select all, paste the new text, Shift+Enter."""
    editor = page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".cm-content")
    editor.click()
    time.sleep(0.2)
    page.keyboard.press("Control+a")
    time.sleep(0.2)
    page.keyboard.insert_text(text)
    time.sleep(0.3)
    page.keyboard.press("Shift+Enter")


def check_both_ways(server: Server, page: Any, name: str) -> None:
    write(server, name, [SETUP, "%load_ext flowfile_jupyter\ndemo"])
    open_notebook(page, server, name)
    run_all(page)
    wait_for(lambda: nodes_on_canvas(page) == 3)
    press_code_until(page, lambda: generated(page) == [2])
    code = sources(page)[2]
    assert code.startswith("# flowfile: demo")
    # a first try with a typo that makes no sense to Python: the canvas stays as it was
    paste_and_run(page, 2, code.replace("pl.col(", "pl.col((", 1))
    wait_idle(page)
    assert nodes_on_canvas(page) == 3
    # the real edit: a higher threshold and one more filter step
    edited = code.replace('pl.col("Qty") >= 4', 'pl.col("Qty") >= 10').replace(
        '.group_by("Region "', '.filter(pl.col("Status") == "shipped")\n    .group_by("Region "'
    )
    assert edited.count("filter") == 2
    paste_and_run(page, 2, edited)
    wait_idle(page)
    wait_for(lambda: nodes_on_canvas(page) == 4)
    shot(page, f"{server.app}-bound-cell-edited")
    assert kernel_value(page, "demo.nodes[bulk].settings.value") == "10"
    assert kernel_value(page, "len(demo)") == "4"
    assert kernel_value(page, "demo.collect(list(demo.leaves())[-1]).equals(demo_df)") == "True"
    # one Undo on the canvas restores the flow as it was before the cell ran
    widget(page).locator("[data-testid=undo-button]").click()
    wait_for(lambda: nodes_on_canvas(page) == 3)
    assert kernel_value(page, "demo.nodes[bulk].settings.value") == "4"
    shot(page, f"{server.app}-bound-cell-undone")
    # the edited cell is the flow's own now (the kernel rebuilt the flow from it): Code
    # replaces it in place with the flow as it is, no second code cell
    cells_before = len(sources(page))
    press_code_until(page, lambda: 'pl.col("Qty") >= 4' in sources(page)[2])
    assert len(sources(page)) == cells_before, sources(page)
    assert generated(page) == [2]
    assert sources(page)[2].count(".filter(") == 1
    # an edit the user has not run yet is never overwritten: Code writes a new cell instead
    mine = sources(page)[2] + "\n# my note, not run yet\n"
    editor = page.locator(".jp-Notebook .jp-Cell").nth(2).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+End")
    for ch in "\n# my note, not run yet":
        page.keyboard.type(ch)
        time.sleep(0.03)
    press_code_until(page, lambda: generated(page) == [2, 3])
    assert "# my note, not run yet" in sources(page)[3]
    assert sources(page)[3].strip() == mine.strip()
    shot(page, f"{server.app}-bound-cell-code-again")


def check_cell_magic(server: Server, page: Any, name: str) -> None:
    write(server, name, ["%load_ext flowfile_jupyter", HAND])
    open_notebook(page, server, name)
    run_all(page)
    wait_for(lambda: nodes_on_canvas(page) == 4)
    canvas = widget(page)
    canvas.locator("[data-testid=flow-node]", has_text="by_region").first.click()
    # the preview ran in the kernel: the node says done, with its row count
    status = canvas.locator("[data-testid=config-panel]")
    wait_for(lambda: "done" in (status.inner_text() or "") and "rows" in status.inner_text())
    canvas.locator("[data-testid=preview-panel]").scroll_into_view_if_needed()
    shot(page, f"{server.app}-cell-magic-preview")
    assert kernel_value(page, "sorted(n.type for n in hand.nodes.values())") == (
        "['filter', 'group_by', 'read_csv', 'sort']"
    )


def test_edit_the_generated_cell_in_jupyterlab(lab: Server, page: Any) -> None:
    check_both_ways(lab, page, "bound_lab.ipynb")


def test_cell_magic_in_jupyterlab(lab: Server, page: Any) -> None:
    check_cell_magic(lab, page, "magic_lab.ipynb")


@pytest.mark.parametrize("app", ["notebook"])
def test_edit_the_generated_cell_in_notebook7(app: str, notebook7: Server, page: Any) -> None:
    check_both_ways(notebook7, page, "bound_nb7.ipynb")


@pytest.mark.parametrize("app", ["notebook"])
def test_cell_magic_in_notebook7(app: str, notebook7: Server, page: Any) -> None:
    check_cell_magic(notebook7, page, "magic_nb7.ipynb")

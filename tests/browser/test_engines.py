"""A person who wants to run a flow on DuckDB picks the engine in the toolbar and sees which
node cannot go there, and why; deleting that node clears the mark, undoing brings it back."""

from __future__ import annotations

import time
from typing import Any

from .conftest import Server, kernel_value, open_notebook, run_all, shot, widget, write_notebook

FLOW = """from flowfile_jupyter import Flow
engines = Flow("engines")
src = engines.add("read_csv", path="sales.csv")
big = engines.add("filter", src, expr='pl.col("Qty") > 5')
engines.add("head", big, n=3, label="First three")
engines"""


def _marks(canvas: Any) -> list[str]:
    # all_inner_texts reads what is there now: a mark may go while it is being read
    texts: list[str] = canvas.locator("[data-testid=node-not-portable]").all_inner_texts()
    return texts


def _wait_marks(canvas: Any, count: int, start: str = "", timeout: float = 30) -> list[str]:
    """The marks once there are ``count`` of them, each starting with ``start``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        marks = _marks(canvas)
        if len(marks) == count and all(m.startswith(start) for m in marks):
            return marks
        time.sleep(0.2)
    raise AssertionError(f"expected {count} marks starting {start!r}, found {_marks(canvas)}")


def _choose(page: Any, canvas: Any, steps: int) -> None:
    """Move the engine choice ``steps`` entries down (up when negative), by keyboard."""
    select = canvas.locator("[data-testid=engine-select]")
    select.click()
    page.keyboard.press("Escape")  # close the list the click opened; the select keeps focus
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
        time.sleep(0.3)


def test_choosing_an_engine_marks_what_cannot_run_there(lab: Server, page: Any) -> None:
    write_notebook(lab, "engines.ipynb", ["%load_ext flowfile_jupyter", FLOW])
    open_notebook(page, lab, "engines.ipynb")
    run_all(page)
    canvas = widget(page)
    canvas.locator("[data-testid=fit-button]").click()
    select = canvas.locator("[data-testid=engine-select]")
    assert select.input_value() == ""  # Polars: nothing is marked
    assert _marks(canvas) == []
    shot(page, "lab-engines-01-polars")

    # a slip: two steps down lands on Spark; one back up is DuckDB
    _choose(page, canvas, 2)
    _wait_marks(canvas, 1, "not on Spark")
    assert select.input_value() == "spark"
    _choose(page, canvas, -1)
    marks = _wait_marks(canvas, 1, "not on DuckDB")
    assert select.input_value() == "duckdb"
    assert "sort right before this step" in marks[0]
    canvas.locator("[data-testid=fit-button]").click()
    time.sleep(0.5)
    shot(page, "lab-engines-02-duckdb-marks-head")
    assert kernel_value(page, "engines.errors") == "{}"  # a mark is not an error

    # delete the marked node with the keyboard: the mark goes; undo brings both back
    marked = canvas.locator(".react-flow__node:has([data-testid=node-not-portable])")
    marked.click()
    page.keyboard.press("Delete")
    _wait_marks(canvas, 0)
    shot(page, "lab-engines-03-head-deleted")
    pane = canvas.locator("[data-testid=canvas]").bounding_box()
    assert pane
    page.mouse.click(pane["x"] + 40, pane["y"] + 40)  # back into the canvas, on empty space
    page.keyboard.press("Control+z")
    _wait_marks(canvas, 1, "not on DuckDB")
    canvas.locator("[data-testid=fit-button]").click()
    time.sleep(0.5)
    assert kernel_value(page, "len(engines)") == "3"
    shot(page, "lab-engines-04-undone")

    # back to Polars
    _choose(page, canvas, -1)
    _wait_marks(canvas, 0)
    assert kernel_value(page, "engines.to_code().count('.head(3)')") == "1"

"""A person who never read the docs builds a working flow with the mouse alone."""

from __future__ import annotations

import re
import time
from typing import Any

from .conftest import (
    Server,
    execute,
    kernel_value,
    open_notebook,
    run_all,
    shot,
    widget,
    write_notebook,
)


def nodes(canvas: Any) -> Any:
    return canvas.locator(".react-flow__node")


def node(canvas: Any, node_id: str) -> Any:
    return canvas.locator(f'.react-flow__node[data-id="{node_id}"]')


OK = ("valid", "done", "cached")  # a valid node shows done / cached once it has run


def wait_status(canvas: Any, node_id: str, status: str, timeout: float = 20) -> None:
    badge = node(canvas, node_id).locator("[data-testid=node-status]")
    wanted = OK if status == "valid" else (status,)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if badge.get_attribute("data-status") in wanted:
            return
        time.sleep(0.2)
    raise AssertionError(f"{node_id} is {badge.get_attribute('data-status')}, not {status}")


def drop(page: Any, canvas: Any, node_type: str, x: int, y: int) -> None:
    item = canvas.locator(f"[data-testid=palette-item-{node_type}]")
    item.drag_to(canvas.locator("[data-testid=canvas]"), target_position={"x": x, "y": y})


def connect(page: Any, canvas: Any, source: str, target: str, port: int = 0) -> None:
    """Drag from the source's output handle to the target's input handle."""
    edges = canvas.locator(".react-flow__edge").count()
    canvas.locator("[data-testid=layout-button]").click()
    canvas.locator("[data-testid=fit-button]").click()
    time.sleep(0.8)
    start = node(canvas, source).locator("[data-testid=handle-out]").bounding_box()
    end = node(canvas, target).locator(f"[data-testid=handle-in-in-{port}]").bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()
    page.wait_for_function(
        "([el, n]) => el.querySelectorAll('.react-flow__edge').length > n",
        arg=[canvas.element_handle(), edges],
        timeout=10_000,
    )


def build_by_hand(server: Server, page: Any, name: str, flow: str) -> Any:
    """Steps 1-4: open, %flowfile, drag a CSV reader, type its path; returns the canvas."""
    write_notebook(server, name, ["%load_ext flowfile_jupyter", f"%flowfile {flow}"])
    open_notebook(page, server, name)
    run_all(page)
    canvas = widget(page)
    shot(page, f"{server.app}-canvas-01-empty")
    drop(page, canvas, "read_csv", 120, 120)
    nodes(canvas).first.wait_for()
    nodes(canvas).first.click()
    canvas.locator("[data-testid=field-path]").fill("sales.csv")
    wait_status(canvas, "read_csv_1", "valid")
    shot(page, f"{server.app}-canvas-02-read-csv")
    return canvas


def test_build_a_flow_with_the_mouse(lab: Server, page: Any) -> None:
    canvas = build_by_hand(lab, page, "canvas.ipynb", "mouse")

    drop(page, canvas, "filter", 60, 300)
    node(canvas, "filter_1").wait_for()
    shot(page, "lab-canvas-02b-filter-dropped")
    connect(page, canvas, "read_csv_1", "filter_1")
    assert kernel_value(page, "mouse.nodes['filter_1'].inputs") == "('read_csv_1',)"

    # pick a column and a value in the filter's form
    node(canvas, "filter_1").click()
    panel = canvas.locator("[data-testid=config-panel]")
    panel.locator("[data-testid=field-column]").select_option("Qty")
    panel.locator("[data-testid=field-operator]").select_option(">")
    panel.locator("[data-testid=field-value]").fill("10")
    wait_status(canvas, "filter_1", "valid")
    columns = panel.locator("[data-testid=panel-columns]")
    for column in ("Order ID", "Qty", "Status"):
        assert column in columns.inner_text()
    shot(page, "lab-canvas-03-filter")

    # hovering a node lists its output columns; they are not in the page otherwise
    hovered = node(canvas, "read_csv_1")
    assert hovered.locator("[data-testid=node-columns]").count() == 0
    hovered.hover()
    listed = hovered.locator("[data-testid=node-columns]")
    listed.wait_for(timeout=5_000)
    assert "Order ID" in listed.inner_text()
    page.mouse.move(5, 5)
    listed.wait_for(state="detached", timeout=5_000)

    # an invalid expression: the error is on the node, in words; then fix it
    panel.locator("[data-testid=field-column]").select_option("")
    panel.locator("[data-testid=field-expr]").fill('pl.col("Qty") >')
    error = node(canvas, "filter_1").locator("[data-testid=node-error]")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and "syntax error" not in (error.text_content() or ""):
        time.sleep(0.2)
    assert "syntax error" in error.inner_text()
    assert "syntax error" in canvas.locator("[data-testid=config-panel]").inner_text()
    shot(page, "lab-canvas-04-error")
    panel.locator("[data-testid=field-expr]").fill('pl.col("Qty") > 10')
    wait_status(canvas, "filter_1", "valid")
    assert kernel_value(page, "mouse.nodes['filter_1'].settings.expr") == 'pl.col("Qty") > 10'

    # the preview shows the node's rows
    node(canvas, "filter_1").click()
    rows = canvas.locator("[data-testid=preview-row]")
    rows.first.wait_for(timeout=30_000)
    expected = int(kernel_value(page, "mouse.collect('filter_1').height"))
    assert expected > 0
    assert str(expected) in canvas.locator("[data-testid=preview-meta]").inner_text()
    shot(page, "lab-canvas-05-preview")

    # a node added from Python appears on the canvas
    execute(page, "mouse.add('head', 'filter_1', n=3)")
    node(canvas, "head_1").wait_for(timeout=15_000)
    wait_status(canvas, "head_1", "valid")

    # dark theme
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute("
        "'apputils:change-theme', {theme: 'JupyterLab Dark'}); }"
    )
    time.sleep(1.5)
    background = canvas.locator("[data-testid=palette]").evaluate(
        """el => { for (let e = el; e; e = e.parentElement) {
             const c = getComputedStyle(e).backgroundColor;
             if (c && c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0)')) return c; }
           return ''; }"""
    )
    red, green, blue = (float(v) for v in re.findall(r"[\d.]+", background)[:3])
    assert red + green + blue < 200, background
    shot(page, "lab-canvas-06-dark")
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute("
        "'apputils:change-theme', {theme: 'JupyterLab Light'}); }"
    )

    # restart the kernel, reload the page, run again: the flow is back from its file
    page.evaluate(
        "async () => { await window.jupyterapp.shell.currentWidget.sessionContext.session"
        ".kernel.restart(); }"
    )
    page.reload()
    open_notebook(page, lab, "canvas.ipynb")
    run_all(page)
    canvas = widget(page)
    for node_id in ("read_csv_1", "filter_1", "head_1"):
        node(canvas, node_id).wait_for(timeout=15_000)
        wait_status(canvas, node_id, "valid")
    assert kernel_value(page, "mouse.nodes['filter_1'].settings.expr") == 'pl.col("Qty") > 10'
    shot(page, "lab-canvas-07-restored")


def test_smoke_in_notebook7(notebook7: Server, page: Any) -> None:
    canvas = build_by_hand(notebook7, page, "canvas_nb7.ipynb", "smoke")
    drop(page, canvas, "filter", 420, 120)
    node(canvas, "filter_1").wait_for()
    connect(page, canvas, "read_csv_1", "filter_1")
    node(canvas, "filter_1").click()
    canvas.locator("[data-testid=field-expr]").fill('pl.col("Qty") > 10')
    wait_status(canvas, "filter_1", "valid")
    canvas.locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
    shot(page, "notebook-canvas-preview")

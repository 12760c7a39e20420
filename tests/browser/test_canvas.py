"""Nodes where a person can see them, and room to work: drops land under the cursor, pastes
and nodes added from Python land in view, long flows wrap and stay readable, panels fold
away, and the canvas and its preview fit a 900 px screen together."""

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
from .person import Person, center


def open_canvas(server: Server, page: Any, name: str, cells: list[str]) -> Person:
    write_notebook(server, name, cells)
    open_notebook(page, server, name)
    run_all(page)
    return Person(page, widget(page), server.app, story=name.split(".")[0])


def drop(me: Person, node_type: str, x: float, y: float) -> str:
    """Drag a palette item onto the canvas, releasing it at page point (x, y)."""
    before = me.node_ids()
    item = me.canvas.locator(f"[data-testid=palette-item-{node_type}]")
    item.scroll_into_view_if_needed()
    pane = me.canvas.locator("[data-testid=canvas]")
    box = pane.bounding_box()
    assert box is not None
    item.drag_to(pane, target_position={"x": x - box["x"], "y": y - box["y"]})
    return me.wait_new_node(before)


def viewport_zoom(me: Person) -> float:
    transform = me.canvas.locator(".react-flow__viewport").evaluate(
        "el => getComputedStyle(el).transform"
    )
    numbers = [float(v) for v in re.findall(r"-?[\d.]+(?:e-?\d+)?", transform)]
    return numbers[0] if numbers else 1.0


def test_nodes_land_where_you_can_see_them(lab: Server, page: Any) -> None:
    me = open_canvas(lab, page, "where.ipynb", ["%load_ext flowfile_jupyter", "%flowfile where"])
    canvas = me.canvas
    pane = canvas.locator("[data-testid=canvas]").bounding_box()
    assert pane is not None

    # a dropped node lands centered under the cursor
    at = {"x": pane["x"] + 170, "y": pane["y"] + 90}
    src = drop(me, "read_csv", at["x"], at["y"])
    box = me.node(src).bounding_box()
    assert box is not None
    assert abs(center(box)["x"] - at["x"]) < 40 and abs(center(box)["y"] - at["y"]) < 40, box
    me.select_node(src)
    me.type_into(me.field("path"), "sales.csv")
    me.wait_status(src, "valid", "done", "cached")
    me.snap("dropped")

    # double-clicking the palette adds after the selected node, connected and in view
    flt = me.double_click_palette("filter")
    me.wait_in_view(flt)
    assert kernel_value(page, f"where.nodes[{flt!r}].inputs") == "('read_csv_1',)"

    # the basic form: a number column gets a number typed as plain text
    me.choose(me.field("column"), "qty")
    me.type_into(me.field("value").locator("input"), "1o")  # a slip: a letter for a zero
    me.wait_text(me.panel().locator('[data-testid="problem-value"]'), "whole number")
    assert me.draft_state() == "incomplete"
    me.press("Backspace")
    me.type("0")
    me.wait_applied()
    assert kernel_value(page, f"where.nodes[{flt!r}].settings.value") == "10"
    assert kernel_value(page, f"type(where.nodes[{flt!r}].settings.value).__name__") == "int"

    # hovering a node lists its output columns; they are not in the page otherwise
    hovered = me.node(flt)
    assert hovered.locator("[data-testid=node-columns]").count() == 0
    hovered.hover()
    listed = hovered.locator("[data-testid=node-columns]")
    listed.wait_for(timeout=5_000)
    assert "Region␣" in listed.inner_text()  # the trailing space shows
    page.mouse.move(5, 5)
    listed.wait_for(state="detached", timeout=5_000)

    # a node added from Python appears next to its input, and the canvas pans to it
    execute(page, f"where.add('head', {flt!r}, n=3)")
    me.node("head_1").wait_for(timeout=15_000)
    me.canvas.scroll_into_view_if_needed()
    me.wait_in_view("head_1")
    me.snap("added-from-python")

    # copy and paste: the copy lands at the pointer, not on the original
    me.select_node("head_1")
    me.press("Control+c")
    now = canvas.locator("[data-testid=canvas]").bounding_box()  # the notebook has scrolled
    assert now is not None
    target = {"x": now["x"] + 120, "y": now["y"] + now["height"] - 110}
    page.mouse.move(target["x"], target["y"])
    before = me.node_ids()
    me.press("Control+v")
    copy = me.wait_new_node(before)
    original, pasted = me.node("head_1").bounding_box(), me.node(copy).bounding_box()
    assert original is not None and pasted is not None
    overlap_x = min(original["x"] + original["width"], pasted["x"] + pasted["width"]) - max(
        original["x"], pasted["x"]
    )
    overlap_y = min(original["y"] + original["height"], pasted["y"] + pasted["height"]) - max(
        original["y"], pasted["y"]
    )
    assert overlap_x <= 0 or overlap_y <= 0, (original, pasted)
    assert abs(pasted["x"] - target["x"]) < 40 and abs(pasted["y"] - target["y"]) < 40
    me.snap("pasted")

    # an expression with a mistake: the error is words under the expression, not a notice
    me.click(canvas.locator("[data-testid=fit-button]"))  # the filter is out of view by now
    me.pause(0.5)
    me.select_node(flt)
    me.click(me.panel().locator("[data-testid=mode-Expression]"))
    me.click(me.field("expr").locator(".cm-content"))
    me.type('pl.col("Qtty") > 10')
    me.wait_text(me.node(flt).locator("[data-testid=node-error]"), "Qtty")
    assert "Qtty" in me.panel().inner_text()
    me.snap("expression-error")
    me.press("Control+z", 9)  # the editor's own undo, key by key
    me.pause(0.5)
    me.press("Control+End")
    me.press("Backspace", 20)
    me.type('pl.col("Qty") > 10')
    me.wait_applied()
    me.wait_status(flt, "valid", "done", "cached")
    assert not [n for n in me.notices() if n["level"] == "error"], me.notices()

    # room to work: fold the palette and the settings away, then fill the window
    wide = canvas.locator("[data-testid=canvas]").bounding_box()
    me.click(canvas.locator("[data-testid=palette-collapse]"))
    me.click(canvas.locator("[data-testid=settings-toggle]"))
    wider = canvas.locator("[data-testid=canvas]").bounding_box()
    assert wide is not None and wider is not None and wider["width"] > wide["width"] + 400
    me.snap("panels-folded")
    me.click(canvas.locator("[data-testid=maximize-button]"))
    full = canvas.bounding_box()
    size = page.viewport_size
    assert full is not None and full["width"] >= size["width"] - 2
    assert full["height"] >= size["height"] - 2
    shot(page, "lab-canvas-maximized")
    me.click(canvas.locator("[data-testid=flow-name]"))  # keys go to the canvas
    me.press("Escape")
    back = canvas.bounding_box()
    assert back is not None and back["width"] < size["width"] - 100
    me.click(canvas.locator("[data-testid=palette-reopen]"))
    me.click(canvas.locator("[data-testid=settings-toggle]"))

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
    me.snap("dark")
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute("
        "'apputils:change-theme', {theme: 'JupyterLab Light'}); }"
    )

    # one more edit, then the kernel restarts under the canvas: the old canvas says so (no
    # spinner, no "Cannot send" error) and takes no clicks; running the cell again brings the
    # flow back from its file with every edit, the last one included
    me.select_node(flt)
    me.click(me.field("expr").locator(".cm-content"))
    me.press("Control+End")
    me.press("Backspace", 2)
    me.type("12")
    me.wait_applied()
    made = kernel_value(page, "where.to_dict()['nodes']")
    page.evaluate(
        "async () => { await window.jupyterapp.shell.currentWidget.sessionContext.session"
        ".kernel.restart(); }"
    )
    gone = canvas.locator("[data-testid=kernel-gone]")
    gone.wait_for(timeout=30_000)
    spot = center(me.node("head_1").bounding_box())
    page.mouse.click(spot["x"], spot["y"])  # a person clicks the old canvas anyway
    me.press("Delete")
    assert "kernel restarted" in gone.inner_text().lower()
    me.snap("kernel-restarted")
    assert not [e for e in page.errors if "Cannot send" in e or "disposed" in e], page.errors
    # run the canvas's cells again (not the later cells, which added nodes from Python)
    page.evaluate(
        """async () => { const a = window.jupyterapp;
           a.shell.currentWidget.content.activeCellIndex = 0;
           await a.commands.execute('notebook:run-cell-and-select-next');
           await a.commands.execute('notebook:run-cell-and-select-next'); }"""
    )
    me = Person(page, widget(page), lab.app, story="where", step=me.step)
    for node_id in ("read_csv_1", flt, "head_1"):
        me.node(node_id).wait_for(timeout=30_000)
    assert me.canvas.locator("[data-testid=kernel-gone]").count() == 0
    assert kernel_value(page, f"where.nodes[{flt!r}].settings.expr") == 'pl.col("Qty") > 12'
    assert kernel_value(page, "where.to_dict()['nodes']") == made  # every edit, as it was
    me.snap("restored")


CHAIN = """\
from flowfile_jupyter import Flow
chain = Flow("chain")
with chain.batch():
    prev = chain.add("read_csv", path="sales.csv")
    for i in range(199):
        prev = chain.add("filter", prev, expr=f'pl.col("Qty") > {i % 5}')
chain"""


def test_a_200_node_chain_wraps_and_stays_readable(lab: Server, page: Any) -> None:
    me = open_canvas(lab, page, "chain.ipynb", ["%load_ext flowfile_jupyter", CHAIN])
    canvas = me.canvas
    canvas.locator(".react-flow__node").first.wait_for(timeout=30_000)
    assert viewport_zoom(me) >= 0.75  # the first fit stops at a readable zoom
    me.click(canvas.locator("[data-testid=layout-button]"))
    deadline = time.monotonic() + 20
    rows = 1
    while time.monotonic() < deadline and rows < 10:
        ys = kernel_value(page, "len({n.position[1] for n in chain.nodes.values()})")
        rows = int(ys)
        time.sleep(0.3)
    assert rows >= 10, f"the chain still lies in {rows} rows"
    widths = kernel_value(
        page,
        "max(n.position[0] for n in chain.nodes.values())"
        " - min(n.position[0] for n in chain.nodes.values())",
    )
    assert float(widths) < 3000
    me.click(canvas.locator("[data-testid=fit-button]"))
    me.pause(0.6)
    zoom = viewport_zoom(me)
    assert zoom >= 0.75, zoom
    label = canvas.locator("[data-testid=node-name]").first
    size = float(label.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert size * zoom >= 9, "node names stay readable"
    me.snap("chain-wrapped")


def test_canvas_and_preview_fit_a_900px_screen(lab: Server, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        me = open_canvas(
            lab,
            page,
            "screen.ipynb",
            [
                "from flowfile_jupyter import Flow\n"
                "screen = Flow('screen')\n"
                "src = screen.add('read_csv', path='sales.csv')\n"
                "screen.add('filter', src, column='Qty', operator='>', value=5)\n"
                "%load_ext flowfile_jupyter",
                "%flowfile screen --no-save",
            ],
        )
        me.select_node("filter_1")
        me.canvas.locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
        page.evaluate(
            "() => document.querySelector('[data-testid=flowfile-widget]')"
            ".scrollIntoView({block: 'start'})"
        )
        me.pause(0.5)
        whole = me.canvas.bounding_box()
        preview = me.canvas.locator("[data-testid=preview-panel]").bounding_box()
        pane = me.canvas.locator("[data-testid=canvas]").bounding_box()
        assert whole and preview and pane
        assert whole["height"] <= 700, whole
        assert pane["height"] >= 250, pane
        assert preview["y"] + preview["height"] <= 900, preview
        shot(page, "lab-canvas-900px-screen")
    finally:
        context.close()


def test_open_code_panel_follows_edits(lab: Server, page: Any) -> None:
    me = open_canvas(
        lab,
        page,
        "panel.ipynb",
        [
            "from flowfile_jupyter import Flow\n"
            "panel = Flow('panel')\n"
            "src = panel.add('read_csv', path='sales.csv')\n"
            "%load_ext flowfile_jupyter",
            "%flowfile panel --no-save",
        ],
    )
    me.click(me.canvas.locator("[data-testid=code-view-button]"))
    code = me.canvas.locator("[data-testid=code-panel]")
    me.wait_text(code, 'pl.scan_csv("sales.csv")')
    me.select_node("read_csv_1")
    me.double_click_palette("head")
    me.wait_text(code, ".head(")


def test_smoke_in_notebook7(notebook7: Server, page: Any) -> None:
    me = open_canvas(
        notebook7, page, "canvas_nb7.ipynb", ["%load_ext flowfile_jupyter", "%flowfile smoke"]
    )
    pane = me.canvas.locator("[data-testid=canvas]").bounding_box()
    assert pane is not None
    src = drop(me, "read_csv", pane["x"] + 150, pane["y"] + 100)
    me.select_node(src)
    me.type_into(me.field("path"), "sales.csv")
    me.wait_status(src, "valid", "done", "cached")
    flt = me.search_and_add("filter")
    me.click(me.panel().locator("[data-testid=mode-Expression]"))
    me.click(me.field("expr").locator(".cm-content"))
    me.type('pl.col("Qty") > 10')
    me.wait_applied()
    me.wait_status(flt, "valid", "done", "cached")
    me.canvas.locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
    shot(page, "notebook-canvas-preview")


SLOW = """\
import polars as pl
from flowfile_jupyter import Flow
pl.DataFrame({"x": range(40_000)}).write_parquet("x.parquet")
slow = Flow("slow")
src = slow.add("read_parquet", path="x.parquet")
slow.add(
    "polars_code",
    src,
    code='output = df.join(df, how="cross")'
    '.filter((pl.col("x") * 7 + pl.col("x_right")).cast(pl.String).str.ends_with("999"))',
)
slow"""


def test_a_long_run_says_so_and_cancel_stops_it(lab: Server, page: Any) -> None:
    me = open_canvas(lab, page, "slow.ipynb", ["%load_ext flowfile_jupyter", SLOW])
    me.node("polars_code_1").wait_for(timeout=30_000)
    me.select_node("polars_code_1")
    preview = me.canvas.locator("[data-testid=preview-panel]")
    preview.locator("[data-testid=preview-loading]").wait_for(timeout=15_000)
    stuck = preview.locator("[data-testid=preview-stuck]")
    stuck.wait_for(timeout=60_000)
    assert "still running" in stuck.inner_text()
    me.snap("still-running")
    assert kernel_value(page, "1 + 1") == "2"  # the kernel answers meanwhile
    me.click(preview.locator("[data-testid=preview-cancel]"))
    preview.locator("[data-testid=preview-loading]").wait_for(state="detached", timeout=30_000)
    assert "cancel" in preview.inner_text().lower()
    me.snap("cancelled")
    assert kernel_value(page, "slow.active_run is None") == "True"

"""A person builds the sales flow from an empty canvas, mouse and keyboard only.

Read a CSV, rename its columns (one header is "Region " with a trailing space), compute a
formula, filter (first with the basic form, then with an expression), group by region, sort;
then re-plug an edge and undo it, and write the code into the next cell, which runs and gives
what the canvas shows. Half-typed drafts never raise a notice, and every new node is in view.
"""

from __future__ import annotations

import time
from typing import Any

from .conftest import (
    Server,
    cells,
    kernel_value,
    open_notebook,
    run_all,
    shot,
    widget,
    write_notebook,
)
from .person import Person, center


def settings(page: Any, flow: str, node_id: str) -> str:
    return kernel_value(page, f"{flow}.nodes[{node_id!r}].settings.model_dump()")


def wait_kernel(page: Any, expression: str, expected: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    value = ""
    while time.monotonic() < deadline:
        value = kernel_value(page, expression)
        if value == expected:
            return
        time.sleep(0.3)
    raise AssertionError(f"{expression} is {value!r}, not {expected!r}")


def build_sales_flow(server: Server, page: Any) -> Person:
    name = f"sales_{server.app}.ipynb"
    write_notebook(server, name, ["%load_ext flowfile_jupyter", "%flowfile sales"])
    open_notebook(page, server, name)
    run_all(page)
    me = Person(page, widget(page), server.app)
    canvas = me.canvas
    me.snap("empty")

    # 1. Read CSV, from the palette's search; the path typed with a mistake, then fixed
    src = me.search_and_add("read c")
    assert src == "read_csv_1"
    me.wait_in_view(src)
    me.type_into(me.field("path"), "sales.cvs")
    me.wait_text(me.node(src).locator("[data-testid=node-error]"), "not found")
    me.press("Backspace", 2)
    me.type("sv")
    me.wait_status(src, "valid", "done", "cached")
    me.snap("read-csv")

    # 2. Rename, added after the selected reader by double-clicking the palette; "Region "
    #    is picked from the table, where its trailing space shows
    rename = me.double_click_palette("rename")
    me.wait_in_view(rename)
    assert kernel_value(page, f"sales.nodes[{rename!r}].inputs") == "('read_csv_1',)"
    table = me.field("mapping")
    region = table.locator('[data-column="Region "]')
    assert "Region␣" in region.inner_text()
    for column, new in (("Region ", "region"), ("Status", "status"), ("Qty", "qty")):
        me.type_into(table.locator(f'[data-column="{column}"] input'), new)
    me.type_into(table.locator('[data-column="Unit Price"] input'), "unit_prize")
    me.press("Backspace", 2)
    me.type("ce")
    me.wait_applied()
    wait_kernel(
        page,
        f"sales.nodes[{rename!r}].settings.mapping == "
        "{'Region ': 'region', 'Status': 'status', 'Qty': 'qty', 'Unit Price': 'unit_price'}",
        "True",
    )
    me.snap("rename")

    # 3. Formula: a half-added row is a draft with problems under its fields, never a notice
    formula = me.search_and_add("formula")
    me.wait_in_view(formula)
    me.click(me.field("columns-add"))
    assert me.draft_state() == "incomplete"
    assert "Can't be empty" in me.panel().inner_text()
    me.type_into(me.field("columns.0.name"), "revenue")
    me.click(me.field("columns.0.expr").locator(".cm-content"))
    me.type('pl.col("unit_price") * pl.col("q')
    # the completion list offers the input's columns
    me.wait_text(canvas.locator(".cm-tooltip-autocomplete"), "qty")
    me.press("Enter")
    me.pause(0.5)
    me.type(" *")
    me.pause(1.0)  # a pause mid-expression: nothing is sent, the form says why
    assert me.draft_state() == "incomplete"
    assert "Not finished" in me.panel().inner_text()
    # the node holds the last complete draft, not the half-typed one
    assert kernel_value(page, f"sales.nodes[{formula!r}].settings.columns[0].expr") == (
        'pl.col("unit_price") * pl.col("qty")'
    )
    me.snap("formula-half-typed")
    me.click(me.field("columns.0.expr").locator(".cm-content"))  # back from the kernel check
    me.press("Control+End")
    me.type(" 1")
    me.wait_applied()
    wait_kernel(
        page,
        f"sales.nodes[{formula!r}].settings.columns[0].expr",
        'pl.col("unit_price") * pl.col("qty") * 1',
    )
    me.wait_status(formula, "valid", "done", "cached")
    me.snap("formula")

    # 4. Filter: the basic form with a plain-text value, then an expression instead
    flt = me.search_and_add("filter")
    me.wait_in_view(flt)
    me.choose(me.field("column"), "status")
    me.type_into(me.field("value").locator("input"), "shipped")
    me.wait_applied()
    wait_kernel(page, f"sales.nodes[{flt!r}].settings.value", "shipped")
    me.wait_status(flt, "valid", "done", "cached")
    canvas.locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
    me.snap("filter-basic")
    me.click(me.panel().locator("[data-testid=mode-Expression]"))
    assert me.draft_state() == "incomplete"  # the node keeps the basic filter meanwhile
    me.click(me.field("expr").locator(".cm-content"))
    me.type('pl.col("status") != "returned"')
    me.wait_applied()
    wait_kernel(page, f"sales.nodes[{flt!r}].settings.column", "None")
    assert kernel_value(page, f"sales.nodes[{flt!r}].settings.expr") == (
        'pl.col("status") != "returned"'
    )
    me.snap("filter-expression")

    # 5. Group by region, total revenue
    grp = me.search_and_add("group")
    assert grp == "group_by_1", "searching 'group' + Enter adds Group by"
    me.wait_in_view(grp)
    me.click(me.field("by").locator("label", has_text="region"))
    me.choose(me.field("aggs-add"), "revenue")
    me.type_into(me.field("aggs.0.alias"), "total")
    me.wait_applied()
    me.wait_status(grp, "valid", "done", "cached")
    me.snap("group-by")

    # 6. Sort by the total, descending
    srt = me.search_and_add("sort")
    me.wait_in_view(srt)
    me.choose(me.field("by-add"), "total")
    me.click(me.field("by.0.descending"))
    me.wait_applied()
    me.wait_status(srt, "valid", "done", "cached")
    canvas.locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
    me.snap("sort")
    return me


def no_node_under_the_zoom_buttons(me: Person) -> None:
    buttons = me.canvas.locator(".react-flow__controls").bounding_box()
    assert buttons is not None
    for node in me.canvas.locator(".react-flow__node").all():
        box = node.bounding_box()
        assert box is not None
        apart = (
            box["x"] >= buttons["x"] + buttons["width"]
            or box["x"] + box["width"] <= buttons["x"]
            or box["y"] >= buttons["y"] + buttons["height"]
            or box["y"] + box["height"] <= buttons["y"]
        )
        assert apart, f"a node lies under the zoom buttons: {box} {buttons}"


def replug_and_undo(me: Person) -> None:
    """Drag the end of the rename -> formula edge onto the filter's input: one edit; one Undo
    puts the edges back."""
    page, canvas = me.page, me.canvas
    me.click(canvas.locator("[data-testid=layout-button]"))
    me.pause(1.0)
    me.snap("laid-out")
    no_node_under_the_zoom_buttons(me)
    before = kernel_value(page, "sales.to_dict()['nodes']")
    steps = kernel_value(page, "len(sales._undo)")
    edge = canvas.locator('.react-flow__edge[data-id="rename_1->with_columns_1:0"]')
    end = edge.locator(".react-flow__edgeupdater-target")
    handle = me.node("filter_1").locator("[data-testid=handle-in-in-0]")
    assert kernel_value(page, "sales.wait_idle(60)") == "True"
    me.canvas.scroll_into_view_if_needed()  # the kernel checks scrolled the notebook
    me.pause(0.5)
    # grab the edge's end beside the input handle (on the handle itself a press starts a new
    # connection from that handle, as in any React Flow canvas); laid out, it sits by the
    # canvas's left border, where the canvas must not slide away under the hand
    grip = end.bounding_box()
    assert grip is not None
    start = {"x": grip["x"] + grip["width"] * 0.1, "y": grip["y"] + grip["height"] / 2}
    me.drag(start, center(handle.bounding_box()))
    me.snap("replug-drop")
    wait_kernel(page, "sales.nodes['filter_1'].inputs", "('rename_1',)")
    assert kernel_value(page, "sales.nodes['with_columns_1'].inputs") == "(None,)"
    assert kernel_value(page, "len(sales._undo)") == str(int(steps) + 1)
    me.snap("replugged")
    me.click(canvas.locator("[data-testid=undo-button]"))
    wait_kernel(page, "sales.to_dict()['nodes'] == " + before, "True")
    me.snap("undone")


def code_runs_and_equals_the_preview(me: Person) -> None:
    page = me.page
    me.click(me.canvas.locator("[data-testid=code-button]"))
    deadline = time.monotonic() + 20

    def generated(cell: dict[str, Any]) -> bool:  # the code cell bound to the flow
        source = "".join(cell["source"])
        return source.startswith("# flowfile: sales") and "import polars as pl" in source

    while time.monotonic() < deadline and not any(generated(c) for c in cells(page)):
        time.sleep(0.3)
    index = next(i for i, c in enumerate(cells(page)) if generated(c))
    page.evaluate(
        """async (i) => { const a = window.jupyterapp;
           a.shell.currentWidget.content.activeCellIndex = i;
           await a.commands.execute('notebook:run-cell'); }""",
        index,
    )
    # equal up to float rounding: the preview sums the cached rows, the code a fresh plan, and
    # Polars may add floats in another order (the last bit can differ)
    testing = "__import__('polars.testing').testing"
    same = f"{testing}.assert_frame_equal(sales.preview('sort_1'), sales_df)"
    assert kernel_value(page, f"{same} is None") == "True"
    rows = int(kernel_value(page, "sales_df.height"))
    assert 0 < rows <= 10
    shown = me.canvas.locator("[data-testid=preview-table]").get_attribute("data-rows")
    me.select_node("sort_1")
    assert shown == str(rows) or me.canvas.locator("[data-testid=preview-table]").get_attribute(
        "data-rows"
    ) == str(rows)
    shot(page, f"{me.app}-sales-code")


def check_no_validation_notices(me: Person) -> None:
    seen = me.notices()
    errors = [n for n in seen if n["level"] == "error"]
    assert errors == [], errors
    assert not any("should have" in n["text"] or "Input should" in n["text"] for n in seen), seen


def test_build_the_sales_flow_in_jupyterlab(lab: Server, page: Any) -> None:
    me = build_sales_flow(lab, page)
    replug_and_undo(me)
    code_runs_and_equals_the_preview(me)
    check_no_validation_notices(me)


def test_build_the_sales_flow_in_notebook7(notebook7: Server, page: Any) -> None:
    me = build_sales_flow(notebook7, page)
    replug_and_undo(me)
    code_runs_and_equals_the_preview(me)
    check_no_validation_notices(me)

"""A person looks at what each step of the sales flow did to the data: rows along the edges
and through the nodes, column profiles in the headers, a grid sorted, searched and paged by
the kernel over the whole result, an export, a pinned preview that follows an edit upstream,
and a join's rows that found no match. Mouse and keyboard only; every number on the page is
checked against the kernel (plain Polars there)."""

from __future__ import annotations

import json
import shutil
import time
from typing import Any

from .conftest import EXAMPLES, Server, kernel_value, open_notebook, run_all, widget, write_notebook
from .person import Person

TO = "\u2013"  # the dash between the first and last row shown, as in "rows 101-200"


def wait_for(what: str, check: Any, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.15)
    raise AssertionError(f"{what}: never true (last: {value!r})")


def theme(page: Any, name: str) -> None:
    page.evaluate(
        "async (t) => { await window.jupyterapp.commands.execute("
        "'apputils:change-theme', {theme: t}); }",
        name,
    )
    time.sleep(1.0)


def grid(me: Person) -> Any:
    return me.canvas.locator("[data-testid=preview-table]")


def column_texts(me: Person, column: str, limit: int = 5) -> list[str]:
    """The plain values (each cell's title) of the grid's rows shown for ``column``."""
    index: int = (
        grid(me)
        .locator("[data-testid=column-header]")
        .evaluate_all(f"els => els.findIndex(e => e.dataset.column === {json.dumps(column)})")
    )
    assert index >= 0, f"no column {column}"
    titles: list[str] = (
        grid(me)
        .locator("[data-testid=preview-row]")
        .evaluate_all(f"rows => rows.slice(0, {limit}).map(r => r.children[{index + 1}].title)")
    )
    return titles


def paging(me: Person) -> str:
    text: str = me.canvas.locator("[data-testid=paging-text]").inner_text()
    return text


def wait_paging(me: Person, text: str, timeout: float = 20) -> None:
    wait_for(f"paging says {text!r}", lambda: paging(me) == text, timeout)


def py_list(page: Any, expression: str) -> list[str]:
    values: list[str] = json.loads(kernel_value(page, f"__import__('json').dumps({expression})"))
    return values


def open_sales(server: Server, page: Any, name: str) -> Person:
    shutil.copy(EXAMPLES / "sales.flowfile.yaml", server.root / "sales.flowfile.yaml")
    write_notebook(server, name, ["%load_ext flowfile_jupyter", "%flowfile sales"])
    open_notebook(page, server, name)
    run_all(page)
    me = Person(page, widget(page), server.app, story="seeing")
    # room for the whole flow: the palette folded away, the chain laid out in rows
    me.click(me.canvas.locator("[data-testid=palette-toggle]"))
    me.click(me.canvas.locator("[data-testid=layout-button]"))
    me.pause(1.0)
    me.click(me.canvas.locator("[data-testid=fit-button]"))
    return me


def test_see_what_each_step_did(lab: Server, page: Any) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    me = open_sales(lab, page, "seeing.ipynb")
    canvas = me.canvas
    # nothing has run: no counts on any edge, no rows through any node
    assert canvas.locator("[data-testid=edge-rows]").count() == 0
    assert canvas.locator("[data-testid=node-rows]").count() == 0
    # what a node changed is known before anything runs: the formula adds two columns
    badge = me.node("with_columns_1").locator("[data-testid=node-changes]")
    assert badge.inner_text().split() == ["+2"]
    badge.hover()
    listed = me.node("with_columns_1").locator("[data-testid=node-changes-list]")
    me.wait_text(listed, "revenue")
    assert "size" in listed.inner_text()
    me.snap("change-badge")
    assert (
        kernel_value(page, "sales.schema_change('with_columns_1').added") == "('revenue', 'size')"
    )

    # 1. preview the end of the flow: every edge it ran along shows its rows, as the kernel
    me.select_node("sort_1")
    grid(me).locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
    expected = {
        f"{e['source']}->{e['target']}:{e['port']}": e["rows"]
        for e in json.loads(
            kernel_value(
                page,
                "__import__('json').dumps([dict(source=e.source, target=e.target, port=e.port,"
                " rows=e.rows) for e in sales.row_counts().edges])",
            )
        )
    }
    assert len(expected) == 7, expected

    def shown_edges() -> dict[str, int]:
        found: dict[str, int] = {}
        for label in canvas.locator("[data-testid=edge-rows]").all():
            found[label.get_attribute("data-edge-id")] = int(label.get_attribute("data-rows"))
        return found

    wait_for("edges show the kernel's row counts", lambda: shown_edges() == expected)
    read_to_rename = canvas.locator(
        '[data-testid=edge-rows][data-edge-id="read_csv_1->rename_1:0"]'
    )
    assert read_to_rename.inner_text() == "600 rows"

    # the filter shows rows in -> out and how many it removed, as the kernel counted them
    node_rows = json.loads(
        kernel_value(
            page,
            "__import__('json').dumps({k: [list(v.rows_in), v.rows_out, v.change]"
            " for k, v in sales.row_counts().nodes.items()})",
        )
    )
    rows_in, rows_out, change = node_rows["filter_1"]
    assert change is not None and change < 0
    line = me.node("filter_1").locator("[data-testid=node-rows]")
    assert line.locator("[data-testid=node-rows-flow]").inner_text() == (
        f"{rows_in[0]:,} → {rows_out:,} rows"
    )
    assert line.locator("[data-testid=node-rows-change]").inner_text() == f"-{-change:,} rows"
    me.snap("edge-counts")

    # 2. the filter's preview: each header shows its profile, computed over the whole result
    me.select_node("filter_1")
    me.wait_text(me.canvas.locator("[data-testid=preview-title]"), "Filter")
    header = grid(me).locator('[data-testid=column-header][data-column="qty"]')
    chart = header.locator("[data-testid=column-chart]")
    chart.wait_for(timeout=20_000)
    assert chart.get_attribute("data-kind") == "histogram"
    counts = [
        int(c)
        for c in chart.locator("[data-testid=chart-bar]").evaluate_all(
            "bars => bars.map(b => b.dataset.count)"
        )
    ]
    hist = [
        int(v)
        for v in py_list(
            page,
            "[b['count'] for b in sales.profile('filter_1').row(by_predicate=__import__('polars')"
            ".col('column') == 'qty', named=True)['histogram']]",
        )
    ]
    assert counts == hist and sum(counts) == rows_out
    region = grid(me).locator('[data-testid=column-header][data-column="region"]')
    assert region.locator("[data-testid=column-chart]").get_attribute("data-kind") == "top"
    distinct = kernel_value(
        page,
        "sales.profile('filter_1').filter(__import__('polars').col('column') == 'qty')"
        "['distinct'].item()",
    )
    canvas.scroll_into_view_if_needed()  # the kernel's cells scrolled the notebook
    header.hover()
    card = canvas.locator("[data-testid=profile-card]")
    me.wait_text(card, "distinct")
    assert card.locator('tr[data-stat="distinct"] td').inner_text() == distinct
    me.snap("profile-hover")

    # 3. sort: by revenue, descending (two clicks), then shift-click order_id to break ties;
    #    the rows come in the order Polars gives for the whole result
    me.click(grid(me).locator('[data-testid=column-header][data-column="revenue"]'))
    me.click(grid(me).locator('[data-testid=column-header][data-column="revenue"]'))
    page.keyboard.down("Shift")
    me.click(grid(me).locator('[data-testid=column-header][data-column="order_id"]'))
    page.keyboard.up("Shift")
    wanted = py_list(
        page,
        "[str(v) for v in sales.collect('filter_1').sort(['revenue', 'order_id'],"
        " descending=[True, False], nulls_last=True)['order_id'].head(5)]",
    )
    wait_for("sorted rows", lambda: column_texts(me, "order_id") == wanted)
    revenue = grid(me).locator('[data-testid=column-header][data-column="revenue"]')
    assert revenue.get_attribute("data-sort") == "descending"
    me.snap("sorted")

    # 4. search for an order far beyond the first page, with a typo first
    far = kernel_value(page, "sales.collect('filter_1')['order_id'][450]")
    me.click(canvas.locator("[data-testid=preview-search]"))
    me.type(far + "9")
    wait_paging(me, "no rows match")
    me.press("Backspace")
    wait_paging(me, f"rows 1{TO}1 of 1 matching")
    assert column_texts(me, "order_id") == [far]
    me.snap("searched")
    me.press("Escape")  # clears the search box
    me.click(canvas.locator("[data-testid=sort-clear]"))
    wait_paging(me, f"rows 1{TO}100 of {rows_out:,}")

    # 5. the next page is the kernel's rows 100..199
    me.click(canvas.locator("[data-testid=page-next]"))
    wait_paging(me, f"rows 101{TO}200 of {rows_out:,}")
    assert column_texts(me, "order_id", 3) == py_list(
        page, "[str(v) for v in sales.collect('filter_1')['order_id'][100:103]]"
    )
    first_index = grid(me).locator("[data-testid=preview-row]").first.locator(".ff-td-index")
    assert first_index.inner_text() == "100"

    # copy two cells of the page: tab-separated, the plain values
    cells = grid(me).locator("[data-testid=preview-row]").first.locator(".ff-td")
    me.click(cells.nth(1))
    page.keyboard.down("Shift")
    me.click(cells.nth(2))
    page.keyboard.up("Shift")
    me.press("Control+c")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    row = py_list(page, "[str(v) for v in sales.collect('filter_1').row(100)[:2]]")
    assert copied == "\t".join(row)
    me.click(canvas.locator("[data-testid=page-prev]"))
    wait_paging(me, f"rows 1{TO}100 of {rows_out:,}")

    # 6. export: Parquet to a file, then the same again (refused: it exists), then replaced
    me.click(canvas.locator("[data-testid=export-button]"))
    me.click(canvas.locator("[data-testid=export-to-parquet]"))
    me.type_into(canvas.locator("[data-testid=export-target]"), "shipped.parquet", clear=True)
    me.press("Enter")
    message = canvas.locator("[data-testid=export-message]")
    me.wait_text(message, "Exported")
    assert message.get_attribute("data-ok") == "true"
    same = "__import__('polars').read_parquet('shipped.parquet').equals(sales.collect('filter_1'))"
    assert kernel_value(page, same) == "True"
    me.click(canvas.locator("[data-testid=export-go]"))
    wait_for("refused", lambda: message.get_attribute("data-ok") == "false")
    me.snap("export-refused")
    me.click(canvas.locator("[data-testid=export-overwrite]"))
    me.click(canvas.locator("[data-testid=export-go]"))
    wait_for("replaced", lambda: message.get_attribute("data-ok") == "true")
    # and to a notebook variable
    me.click(canvas.locator("[data-testid=export-to-variable]"))
    me.type_into(canvas.locator("[data-testid=export-target]"), "shipped_df", clear=True)
    me.click(canvas.locator("[data-testid=export-go]"))
    me.wait_text(message, "the variable shipped_df")
    assert kernel_value(page, "shipped_df.equals(sales.collect('filter_1'))") == "True"
    me.snap("exported")
    me.press("Escape")

    # 7. pin the totals by region, then edit the filter upstream: the pinned preview follows
    me.select_node("group_by_1")
    me.click(canvas.locator("[data-testid=preview-pin]"))
    panel = canvas.locator("[data-testid=preview-panel]")
    assert panel.get_attribute("data-pinned") == "true"
    customers = "sorted(str(v) for v in sales.collect('group_by_1')['customers'])"
    before = py_list(page, customers)
    me.select_node("filter_1")
    assert panel.get_attribute("data-node-id") == "group_by_1"
    me.type_into(me.field("value").locator("input"), "returned", clear=True)
    me.wait_applied()
    after = py_list(page, customers)
    assert after != before
    wait_for(
        "the pinned preview shows the edited result",
        lambda: (
            panel.get_attribute("data-node-id") == "group_by_1"
            and sorted(column_texts(me, "customers", 10)) == after
        ),
    )
    me.snap("pinned-after-edit")
    theme(page, "JupyterLab Dark")
    me.snap("dark-pinned")
    me.click(canvas.locator("[data-testid=preview-pin]"))  # unpinned: follows the selection
    wait_for("unpinned", lambda: panel.get_attribute("data-node-id") == "filter_1")
    grid(me).locator("[data-testid=column-chart]").first.wait_for(timeout=20_000)
    grid(me).locator('[data-testid=column-header][data-column="region"]').hover()
    me.snap("dark-profile")
    theme(page, "JupyterLab Light")


JOIN_SETUP = """\
import polars as pl
from flowfile_jupyter import Flow
pl.DataFrame({"region": ["North", "West", "East", "Atlantis"],
              "manager": ["Ann", "Di", "Cy", "Zed"]}).write_csv("regions.csv")
shop = Flow("shop")
orders = shop.add("read_csv", path="sales.csv", label="Sales")
regions = shop.add("read_csv", path="regions.csv", label="Regions", position=(0, 200))
shop.add("join", orders, regions, left_on=["Region "], right_on=["region"], how="left",
         position=(360, 60))
%load_ext flowfile_jupyter"""


def test_a_join_shows_its_unmatched_rows(lab: Server, page: Any) -> None:
    write_notebook(lab, "joins.ipynb", [JOIN_SETUP, "%flowfile shop --no-save"])
    open_notebook(page, lab, "joins.ipynb")
    run_all(page)
    me = Person(page, widget(page), lab.app, story="join-diagnostics")
    canvas = me.canvas
    me.click(canvas.locator("[data-testid=fit-button]"))
    me.select_node("join_1")
    said = canvas.locator("[data-testid=join-unmatched]")
    left = int(kernel_value(page, "shop.unmatched('join_1').unmatched['left']"))
    right = int(kernel_value(page, "shop.unmatched('join_1').unmatched['right']"))
    assert left > 0 and right == 1
    me.wait_text(said, f"{left:,} left rows / {right} right row found no match")
    me.snap("join-counts")

    me.click(canvas.locator("[data-testid=join-view-right]"))
    wait_for("the right side's unmatched rows", lambda: grid(me).get_attribute("data-rows") == "1")
    assert column_texts(me, "region") == ["Atlantis"]
    wait_paging(me, "1 unmatched right row")
    me.snap("join-unmatched-right")
    me.click(canvas.locator("[data-testid=join-view-left]"))
    wait_paging(me, f"{left:,} unmatched left rows, first 100 shown")
    shown = set(column_texts(me, "Region ", 50))
    assert shown and shown <= {"South", "Central"}, shown
    anti = (
        "pl.read_csv('sales.csv').join(pl.read_csv('regions.csv'), left_on='Region ',"
        " right_on='region', how='anti').height"
    )
    assert int(kernel_value(page, anti)) == left
    me.snap("join-unmatched-left")
    me.click(canvas.locator("[data-testid=join-view-result]"))
    wait_for(
        "the join's own rows again",
        lambda: grid(me).locator('[data-testid=column-header][data-column="manager"]').count() == 1,
    )
    assert not [n for n in me.notices() if n["level"] == "error"], me.notices()

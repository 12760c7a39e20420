"""Forms for people: a join's keys picked from each side's own columns, a pivot, and a group
by whose aggregations are added from the input's columns."""

from __future__ import annotations

from typing import Any

from .conftest import Server, kernel_value, open_notebook, run_all, widget, write_notebook
from .person import Person

SETUP = """\
import polars as pl
from flowfile_jupyter import Flow
pl.DataFrame({"region": ["North", "South", "East", "West", "Central"],
              "manager": ["Ann", "Bob", "Cy", "Di", "Ed"]}).write_csv("regions.csv")
shop = Flow("shop")
sales = shop.add("read_csv", path="sales.csv", label="Sales")
regions = shop.add("read_csv", path="regions.csv", label="Regions")
shop.add("join", sales, regions, position=(520, 60))
%load_ext flowfile_jupyter"""


def test_join_keys_come_from_each_side_and_a_pivot_follows(lab: Server, page: Any) -> None:
    write_notebook(lab, "forms.ipynb", [SETUP, "%flowfile shop --no-save"])
    open_notebook(page, lab, "forms.ipynb")
    run_all(page)
    me = Person(page, widget(page), lab.app, story="forms")
    me.click(me.canvas.locator("[data-testid=fit-button]"))
    me.select_node("join_1")

    # the two sides share no column name: the shared-keys list says so
    assert "No column is in every input" in me.field("on").inner_text()
    me.click(me.panel().locator('[data-testid="mode-Different key names"]'))
    left, right = me.field("left_on"), me.field("right_on")
    assert "Region␣" in left.inner_text() and "manager" not in left.inner_text()
    assert "manager" in right.inner_text() and "Qty" not in right.inner_text()
    me.snap("join-keys")
    me.click(left.locator("label", has_text="Region"))
    assert me.draft_state() == "incomplete"  # one key on the left, none on the right yet
    # a look at another node and back: the unfinished draft is still there
    me.click(me.canvas.locator("[data-testid=fit-button]"))
    me.pause(0.5)
    me.select_node("read_csv_1")
    me.select_node("join_1")
    assert me.draft_state() == "incomplete"
    left, right = me.field("left_on"), me.field("right_on")
    assert left.locator("label", has_text="Region").locator("input").is_checked()
    me.click(right.locator("label", has_text="region"))
    me.wait_applied()
    me.wait_status("join_1", "valid", "done", "cached")
    assert kernel_value(page, "shop.nodes['join_1'].settings.left_on") == "['Region ']"
    me.canvas.locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
    assert "manager" in me.canvas.locator("[data-testid=preview-table]").inner_text()
    me.snap("joined")

    # a pivot after the join: products as columns, a row per region
    pivot = me.search_and_add("pivot")
    me.wait_in_view(pivot)
    me.choose(me.field("on"), "Product")
    me.click(me.field("index").locator("label", has_text="Region"))
    me.click(me.field("values").locator("label", has_text="Qty"))
    me.choose(me.field("aggregate_function"), "sum")
    me.wait_applied()
    me.wait_status(pivot, "valid", "done", "cached")
    table = me.canvas.locator("[data-testid=preview-table]")
    me.wait_text(table, "Gizmo")
    assert table.get_attribute("data-rows") == "5"
    me.snap("pivot")
    assert not [n for n in me.notices() if n["level"] == "error"], me.notices()

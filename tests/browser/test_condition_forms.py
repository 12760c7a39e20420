"""The settings TPC-H-style queries need, filled in without typing code or JSON: a filter of
two groups of conditions joined by "or" (a date comparison, a column compared with a column,
a regular expression), a group by with a column aggregation and an expression aggregation, a
select with a computed column, and unique in any order. After each form the node holds
exactly the intended settings, and the preview shows the rows plain Polars gives."""

from __future__ import annotations

import ast
import time
from typing import Any

from .conftest import (
    EXAMPLES,
    Server,
    execute,
    kernel_value,
    open_notebook,
    run_all,
    widget,
    write_notebook,
)
from .person import Person

SETUP = """\
import polars as pl
from flowfile_jupyter import Flow
q = Flow("q")
src = q.add("read_csv", path="sales.csv", try_parse_dates=True, label="Sales")
f = q.add("filter", src, position=(300, 0))
g = q.add("group_by", f, position=(600, 0))
s = q.add("select", g, position=(900, 0))
u = q.add("unique", s, position=(1200, 0))
%load_ext flowfile_jupyter"""

# What the person means to build, as plain Polars: run here for the row counts, and in the
# kernel to compare with the canvas's previews.
PLAIN = """\
import datetime as dt
import polars as pl
from polars.testing import assert_frame_equal
sales_df = pl.read_csv(path, try_parse_dates=True)
filtered = sales_df.filter(
    ((pl.col("Order Date") >= dt.date(2025, 11, 1)) & (pl.col("Qty") > pl.col("Discount %")))
    | (pl.col("Customer").str.contains("^C00") & ~(pl.col("Status") == "returned"))
)
grouped = filtered.group_by("Region ").agg(
    pl.col("Qty").sum().alias("Qty_sum"),
    (pl.col("Unit Price") * pl.col("Qty")).sum().alias("revenue"),
)
selected = grouped.select("Region ", (pl.col("revenue") / pl.col("Qty_sum")).alias("avg_price"))
deduplicated = selected.unique(maintain_order=False)
"""
HERE: dict[str, Any] = {"path": str(EXAMPLES / "sales.csv")}
exec(PLAIN, HERE)


def settings(page: Any, node_id: str) -> Any:
    """The node's settings in the kernel, as Python data (dates as ISO text)."""
    text = kernel_value(page, f"q.nodes[{node_id!r}].settings.model_dump(mode='json')")
    return ast.literal_eval(text)


def same_rows_as(page: Any, node_id: str, expected: str) -> None:
    """The node's preview (what the canvas shows) has the rows plain Polars gives."""
    whole = f"q.preview({node_id!r}, 100_000)"  # all rows, not the first 100 the canvas shows
    compare = f"assert_frame_equal({whole}, {expected}, check_row_order=False)"
    assert kernel_value(page, f"{compare} or 'same'") == "same"


def wait_rows(me: Person, rows: int, timeout: float = 30) -> None:
    """The preview table shows the rows (at most the 100 a preview asks for by default)."""
    rows = min(rows, 100)
    table = me.canvas.locator("[data-testid=preview-table]")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if table.count() and table.get_attribute("data-rows") == str(rows):
            return
        time.sleep(0.2)
    raise me.fail(f"the preview never showed {rows} rows")


def condition(me: Person, path: str, column: str, operator: str) -> None:
    """Pick a condition's column and operator, key by key."""
    me.choose(me.field(f"{path}.column"), column)
    me.choose(me.field(f"{path}.operator"), operator)


def test_filter_groups_group_by_select_and_unique_without_code(lab: Server, page: Any) -> None:
    write_notebook(lab, "conditions.ipynb", [SETUP, "%flowfile q --no-save"])
    open_notebook(page, lab, "conditions.ipynb")
    run_all(page)
    execute(page, f"path = 'sales.csv'\n{PLAIN}")
    me = Person(page, widget(page), lab.app, story="conditions")
    me.click(me.canvas.locator("[data-testid=fit-button]"))
    me.select_node("filter_1")

    # -- filter: (date >= 2025-11-01 and Qty > Discount %) or (Customer ~ ^C00 and not returned)
    me.click(me.panel().locator('[data-testid="modes"] [data-testid="mode-Conditions"]'))
    conditions = me.field("conditions")
    # a mistake: a lone condition added where a group was meant, then removed
    me.click(conditions.locator('[data-testid="field-conditions-add-0"]'))
    assert (
        me.panel().locator('[data-testid="kind-conditions.0"]').inner_text().lower() == "condition"
    )
    assert me.draft_state() == "incomplete"  # no column chosen yet: nothing sent
    me.click(conditions.locator('[data-testid="field-conditions-remove-0"]'))
    for _ in range(2):
        me.click(me.panel().locator('[data-testid="field-conditions-add-1"]'))
    me.choose(me.field("combine"), "or")
    assert (
        "Add at least one"
        in me.panel().locator('[data-testid="problem-conditions.0.conditions"]').inner_text()
    )
    me.snap("two-empty-groups", page=True)

    first, second = "conditions.0.conditions", "conditions.1.conditions"
    me.click(me.field(first).locator(f'[data-testid="field-{first}-add"]'))
    condition(me, f"{first}.0", "Order D", ">=")
    # a date typed with a slip (month 13), seen, and corrected key by key
    me.type_into(me.field(f"{first}.0.value").locator("input"), "2025-13-01")
    me.pause()
    problem = me.panel().locator(f'[data-testid="problem-{first}.0.value"]')
    assert "YYYY-MM-DD" in problem.inner_text()
    me.snap("date-slip", page=True)
    me.press("ArrowLeft", 3)
    me.press("Backspace", 2)
    me.type("11")
    me.pause()
    assert problem.count() == 0

    me.click(me.field(first).locator(f'[data-testid="field-{first}-add"]'))
    condition(me, f"{first}.1", "Qty", ">")
    me.choose(me.field(f"{first}.1.other"), "Disc")
    assert "No value needed" in me.field(f"{first}.1.value").inner_text() or (
        me.field(f"{first}.1.value").count() == 0
    )

    me.click(me.field(second).locator(f'[data-testid="field-{second}-add"]'))
    condition(me, f"{second}.0", "Cust", "matches")
    me.type_into(me.field(f"{second}.0.value").locator("input"), "^C00")
    me.click(me.field(second).locator(f'[data-testid="field-{second}-add"]'))
    condition(me, f"{second}.1", "Stat", "==")
    me.type_into(me.field(f"{second}.1.value").locator("input"), "returned")
    me.click(me.field(f"{second}.1.negate"))
    me.wait_applied()
    me.wait_status("filter_1", "valid", "done", "cached")
    me.snap("filter", page=True)

    assert settings(page, "filter_1") == {
        "expr": None,
        "column": None,
        "operator": "==",
        "value": None,
        "other": None,
        "negate": False,
        "combine": "or",
        "conditions": [
            {
                "combine": "and",
                "conditions": [
                    {
                        "column": "Order Date",
                        "operator": ">=",
                        "value": {"date": "2025-11-01"},
                        "other": None,
                        "negate": False,
                    },
                    {
                        "column": "Qty",
                        "operator": ">",
                        "value": None,
                        "other": "Discount %",
                        "negate": False,
                    },
                ],
            },
            {
                "combine": "and",
                "conditions": [
                    {
                        "column": "Customer",
                        "operator": "matches",
                        "value": "^C00",
                        "other": None,
                        "negate": False,
                    },
                    {
                        "column": "Status",
                        "operator": "==",
                        "value": "returned",
                        "other": None,
                        "negate": True,
                    },
                ],
            },
        ],
    }
    wait_rows(me, HERE["filtered"].height)
    same_rows_as(page, "filter_1", "filtered")

    # -- group by Region: Qty summed (a column), revenue as an expression
    me.select_node("group_by_1")
    me.click(me.field("by").locator("label", has_text="Region"))
    me.choose(me.field("aggs-add"), "Qty")
    me.click(me.field("aggs").locator('[data-testid="field-aggs-add-Expression"]'))
    row = me.field("aggs-row-1")
    assert row.locator('[data-testid="mode-Expression"]').get_attribute("aria-selected") == "true"
    assert me.draft_state() == "incomplete"  # no expression yet: nothing sent
    # a slip in the column name, fixed key by key (the editor closes brackets and quotes itself)
    me.type_into(row.locator('[data-testid="field-aggs.1.expr-input"]'), '(pl.col("Unit Prise')
    me.press("Backspace", 3)
    me.type('ice") * pl.col("Qty")).sum()')
    me.pause(0.3)
    text = row.locator('[data-testid="field-aggs.1.expr-input"]').inner_text()
    assert text == '(pl.col("Unit Price") * pl.col("Qty")).sum()', text
    me.type_into(me.field("aggs.1.alias"), "revenue")
    me.wait_applied()
    me.wait_status("group_by_1", "valid", "done", "cached")
    me.snap("group-by", page=True)
    held = settings(page, "group_by_1")
    assert held["by"] == ["Region "]
    assert held["maintain_order"] is None
    assert held["aggs"] == [
        {"column": "Qty", "agg": "sum", "expr": None, "alias": None, "separator": ", "},
        {
            "column": None,
            "agg": "sum",
            "expr": '(pl.col("Unit Price") * pl.col("Qty")).sum()',
            "alias": "revenue",
            "separator": ", ",
        },
    ]
    wait_rows(me, HERE["grouped"].height)
    same_rows_as(page, "group_by_1", "grouped")

    # -- select: Region, and a computed average price
    me.select_node("select_1")
    me.choose(me.field("columns-add"), "Region")
    me.click(me.field("columns").locator('[data-testid="field-columns-add-Expression"]'))
    me.type_into(
        me.field("columns.1.expr").locator('[data-testid="field-columns.1.expr-input"]'),
        'pl.col("revenue") / pl.col("Qty_sum")',
    )
    me.type_into(me.field("columns.1.rename"), "avg_price")
    me.wait_applied()
    me.wait_status("select_1", "valid", "done", "cached")
    me.snap("select", page=True)
    assert settings(page, "select_1")["columns"] == [
        {"column": "Region ", "expr": None, "rename": None, "cast": None, "keep": True},
        {
            "column": None,
            "expr": 'pl.col("revenue") / pl.col("Qty_sum")',
            "rename": "avg_price",
            "cast": None,
            "keep": True,
        },
    ]
    same_rows_as(page, "select_1", "selected")

    # -- unique: first "keep the order" by mistake, undone, then "any order"
    me.select_node("unique_1")
    order = me.field("maintain_order")
    assert order.locator("input").nth(0).is_checked()  # Automatic: None, not a blank
    me.click(order.locator("label", has_text="Keep the input"))
    me.wait_applied()
    assert settings(page, "unique_1")["maintain_order"] is True
    me.click(me.canvas.locator("[data-testid=undo-button]"))
    me.pause(0.5)
    assert settings(page, "unique_1")["maintain_order"] is None
    assert me.field("maintain_order").locator("input").nth(0).is_checked()
    me.click(me.field("maintain_order").locator("label", has_text="Any order"))
    me.wait_applied()
    me.wait_status("unique_1", "valid", "done", "cached")
    me.snap("unique", page=True)
    assert settings(page, "unique_1") == {"subset": [], "keep": "first", "maintain_order": False}
    wait_rows(me, HERE["deduplicated"].height)
    same_rows_as(page, "unique_1", "deduplicated")
    assert not [n for n in me.notices() if n["level"] == "error"], me.notices()


TABLES = """\
from flowfile_jupyter import Flow
t = Flow("t")
typed = t.add("manual_input", columns=[{"name": "city", "dtype": "String"},
                                       {"name": "day", "dtype": "Date"}])
t.add("cast", typed, position=(320, 0))
%load_ext flowfile_jupyter"""


def test_a_table_typed_into_a_grid_and_cast_from_a_type_table(lab: Server, page: Any) -> None:
    write_notebook(lab, "tables.ipynb", [TABLES, "%flowfile t --no-save"])
    open_notebook(page, lab, "tables.ipynb")
    run_all(page)
    me = Person(page, widget(page), lab.app, story="tables")
    me.click(me.canvas.locator("[data-testid=fit-button]"))
    me.select_node("manual_input_1")

    grid = me.field("rows")
    me.click(grid.locator('[data-testid="field-rows-add"]'))
    me.type_into(grid.locator('[data-testid="field-rows-0-0"]'), "Oslo")
    me.type_into(grid.locator('[data-testid="field-rows-0-1"]'), "2025-02-30")  # no such day
    me.pause()
    assert "YYYY-MM-DD" in grid.inner_text()
    assert me.draft_state() == "incomplete"
    me.snap("grid-slip", page=True)
    me.press("Backspace", 2)
    me.type("28")
    me.click(grid.locator('[data-testid="field-rows-add"]'))
    me.type_into(grid.locator('[data-testid="field-rows-1-0"]'), "Bergen")  # its day left empty
    me.wait_applied()
    me.wait_status("manual_input_1", "valid", "done", "cached")
    assert kernel_value(page, "t.nodes['manual_input_1'].settings.rows") == (
        "[['Oslo', '2025-02-28'], ['Bergen', None]]"
    )
    me.snap("grid", page=True)

    me.select_node("cast_1")
    types = me.field("dtypes")
    assert "city" in types.inner_text() and "day" in types.inner_text()
    me.choose(types.locator('[data-testid="field-dtypes-new-1"]'), "String")
    me.wait_applied()
    me.wait_status("cast_1", "valid", "done", "cached")
    assert kernel_value(page, "t.nodes['cast_1'].settings.dtypes") == "{'day': 'String'}"
    assert kernel_value(page, "dict(t.schema('cast_1'))") == ("{'city': String, 'day': String}")
    me.snap("cast", page=True)
    assert not [n for n in me.notices() if n["level"] == "error"], me.notices()

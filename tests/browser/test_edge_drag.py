"""A person re-plugs edges near the canvas's border, mouse only.

Grabbing an edge's end that sits by the border and resting a moment before moving it away
must not slide the canvas under the hand: the end lands on the handle it is carried to.
Carrying an end to the border does pan the canvas, as in any React Flow app; brought back and
dropped on the handle it came from, nothing changes.
"""

from __future__ import annotations

import re
import shutil
from typing import Any

from .conftest import EXAMPLES, Server, kernel_value, open_notebook, run_all, widget, write_notebook
from .person import Person, center
from .test_sales_flow import wait_kernel


def viewport(me: Person) -> tuple[float, float, float]:
    """The canvas's pan (x, y) and zoom, as its transform shows them."""
    transform: str = me.canvas.locator(".react-flow__viewport").evaluate(
        "el => getComputedStyle(el).transform"
    )
    a, _b, _c, _d, e, f = (float(v) for v in re.findall(r"-?[\d.]+(?:e-?\d+)?", transform))
    return e, f, a


def box(locator: Any) -> dict[str, float]:
    b: dict[str, float] | None = locator.bounding_box()
    assert b is not None
    return b


def test_an_edge_end_at_the_border_lands_where_it_is_carried(lab: Server, page: Any) -> None:
    # its own copy of the example: the sales story builds a flow of that name from nothing
    shutil.copy(EXAMPLES / "sales.flowfile.yaml", lab.root / "edges.flowfile.yaml")
    write_notebook(lab, "edges.ipynb", ["%load_ext flowfile_jupyter", "%flowfile edges"])
    open_notebook(page, lab, "edges.ipynb")
    run_all(page)
    me = Person(page, widget(page), lab.app, story="edges")
    canvas, mouse = me.canvas, page.mouse
    me.click(canvas.locator("[data-testid=layout-button]"))
    me.pause(1.0)
    assert kernel_value(page, "edges.wait_idle(60)") == "True"
    before = kernel_value(page, "edges.to_dict()['nodes']")
    steps = kernel_value(page, "len(edges._undo)")
    canvas.scroll_into_view_if_needed()  # the kernel checks scrolled the notebook
    me.pause(0.5)
    me.snap("laid-out")
    pane = box(canvas.locator("[data-testid=canvas]"))

    # 1. the canvas panned until the group-by's input end sits by the left border: grab it
    #    there, rest a moment, carry it to the second filter's input
    end = canvas.locator(
        '.react-flow__edge[data-id="filter_1->group_by_1:0"] .react-flow__edgeupdater-target'
    )
    grip = center(box(end))
    shift = grip["x"] - (pane["x"] + 12)  # the empty band above the nodes pans the canvas
    me.drag(
        {"x": pane["x"] + 300, "y": pane["y"] + 40},
        {"x": pane["x"] + 300 - shift, "y": pane["y"] + 40},
    )
    grip = center(box(end))
    assert grip["x"] - pane["x"] < 20, "the end is by the border"
    me.snap("end-at-border")
    view = viewport(me)
    mouse.move(grip["x"], grip["y"], steps=5)
    me.pause(0.15)
    mouse.down()
    mouse.move(grip["x"] + 3, grip["y"], steps=2)
    me.pause(0.6)
    assert viewport(me) == view, "the canvas slid while the end was held"
    target = center(box(me.node("filter_2").locator("[data-testid=handle-in-in-0]")))
    mouse.move(target["x"], target["y"], steps=15)
    me.pause(0.15)
    mouse.up()
    me.pause()
    me.snap("replugged")
    wait_kernel(page, "edges.nodes['filter_2'].inputs", "('filter_1',)")
    assert kernel_value(page, "edges.nodes['group_by_1'].inputs") == "(None,)"
    assert kernel_value(page, "len(edges._undo)") == str(int(steps) + 1)
    me.click(canvas.locator("[data-testid=undo-button]"))
    wait_kernel(page, "edges.to_dict()['nodes'] == " + before, "True")

    # 2. the filter's input end carried to the left border: the canvas follows it; brought back
    #    onto that input and dropped, the flow is as it was
    me.snap("undone")
    end = canvas.locator(
        '.react-flow__edge[data-id="with_columns_1->filter_1:0"] .react-flow__edgeupdater-target'
    )
    grip = center(box(end))
    view = viewport(me)
    mouse.move(grip["x"], grip["y"], steps=5)
    me.pause(0.15)
    mouse.down()
    mouse.move(pane["x"] + 30, grip["y"], steps=15)  # just inside the border: a slow pan
    me.pause(0.4)
    assert viewport(me)[0] > view[0] + 20, "the canvas did not follow the end to the border"
    me.snap("panned")
    mouse.move(pane["x"] + pane["width"] / 2, grip["y"], steps=10)
    me.pause(0.3)
    target = center(box(me.node("filter_1").locator("[data-testid=handle-in-in-0]")))
    mouse.move(target["x"], target["y"], steps=10)
    me.pause(0.15)
    mouse.up()
    me.pause()
    assert kernel_value(page, "edges.wait_idle(60)") == "True"
    assert kernel_value(page, "edges.to_dict()['nodes'] == " + before) == "True"
    assert kernel_value(page, "len(edges._undo)") == steps

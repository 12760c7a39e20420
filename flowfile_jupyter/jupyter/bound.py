"""Cells bound to a flow: running one rebuilds the flow from the cell's code.

Generated code starts with a comment naming its flow (``# flowfile: sales ...``): a comment,
so the cell still runs as is anywhere. After a cell runs, IPython's ``post_run_cell`` event
hands us its text; a cell with the comment, or one bound by ``%flowfile NAME --from-cell``,
rebuilds its flow as one undoable edit (the user just ran that code: it is trusted).
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from ..errors import FlowError, GraphError
from ..flow import Flow

_MARK = re.compile(r"^# flowfile: ([A-Za-z_]\w*)\b", re.MULTILINE)


def header(flow: Flow) -> str:
    return f"# flowfile: {flow.name} (edit and run this cell: the canvas follows)\n"


def cell_code(flow: Flow) -> str:
    """The flow's code for a notebook cell, marked with the flow's name."""
    return header(flow) + flow.to_code()


def marked_flow(text: str) -> str | None:
    """The flow a cell's code names in its first lines, if any."""
    found = _MARK.search("\n".join(text.splitlines()[:3]))
    return found.group(1) if found else None


class Binding:
    """Listens to cells being run; ``cells`` maps cell ids to the flows bound to them."""

    def __init__(self, shell: Any):
        self.shell = shell
        self.cells: dict[str, str] = {}
        self.ran: dict[int, str] = {}  # execution count -> cell id, for --from-cell

    def post_run_cell(self, result: Any) -> None:
        info = getattr(result, "info", None)
        text = getattr(info, "raw_cell", None) or ""
        cell_id = getattr(info, "cell_id", None)
        count = getattr(result, "execution_count", None)
        if cell_id and isinstance(count, int):
            self.ran[count] = cell_id
            del_keys = [k for k in self.ran if k < count - 200]
            for k in del_keys:
                del self.ran[k]
        if getattr(result, "error_before_exec", None) is not None:
            return
        name = marked_flow(text) or (self.cells.get(cell_id) if cell_id else None)
        if name is None or text.lstrip().startswith("%"):
            return
        flow = self.shell.user_ns.get(name)
        if isinstance(flow, Flow):
            update(flow, text)

    def bind(self, cell_id: str | None, name: str) -> None:
        if cell_id:
            self.cells[cell_id] = name


_absorbed: weakref.WeakKeyDictionary[Flow, str] = weakref.WeakKeyDictionary()


def absorbed(flow: Flow) -> str | None:
    """The text of the cell the flow was last rebuilt from: that cell is the flow's own, so the
    next generated code may replace it although the user edited it (what they wrote is in the
    flow, and one undo on the canvas away)."""
    return _absorbed.get(flow)


def update(flow: Flow, text: str) -> bool:
    """Rebuild ``flow`` from a cell's code; a problem is printed, never raised into the cell."""
    try:
        changed = flow.update_from_code(text)
    except (FlowError, GraphError) as exc:
        print(f"%flowfile: the canvas of '{flow.name}' was not updated: {exc}")
        return False
    _absorbed[flow] = text
    return changed


_bindings: dict[int, Binding] = {}


def binding(shell: Any) -> Binding:
    """The shell's binding, registered with IPython once."""
    found = _bindings.get(id(shell))
    if found is None:
        found = _bindings[id(shell)] = Binding(shell)
        shell.events.register("post_run_cell", found.post_run_cell)
    return found

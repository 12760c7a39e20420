"""``%flowfile NAME``: a canvas for the Flow bound to NAME, backed by NAME.flowfile.yaml."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from ..errors import FlowError
from ..flow import Flow
from ..flowfile import SUFFIX
from . import bound
from .autosave import Autosave

USAGE = """\
%flowfile                      list the flows in this notebook
%flowfile NAME                 show the canvas of flow NAME (created if absent), saved to
                               NAME.flowfile.yaml after every edit and loaded from it next time
  --file PATH                  use this flow file instead of NAME.flowfile.yaml
  --height PX                  height of the canvas and preview in pixels (default 580)
  --no-save                    do not read or write a flow file
  --code                       put the flow's Polars code into the next cell instead
  --trust                      trust the file: its polars_code nodes run, its SQL may read files
  --from-cell [N]              build the flow from the code of cell [N] (In[N]; default: the
                               cell run last) and follow that cell: running it again updates
                               the canvas
%%flowfile NAME                the cell's Polars code becomes flow NAME (read, not run), its
                               canvas below; run the cell again after editing to update it"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise FlowError(f"{message}\n\n{USAGE}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="%flowfile", add_help=False)
    p.add_argument("name", nargs="?")
    p.add_argument("--file")
    p.add_argument("--height", type=int, default=None)
    p.add_argument("--no-save", action="store_true")
    p.add_argument("--code", action="store_true")
    p.add_argument("--trust", action="store_true")
    p.add_argument("--from-cell", nargs="?", type=int, const=-1, default=None)
    p.add_argument("--help", "-h", action="store_true")
    return p


_autosaves: dict[int, Autosave] = {}


def flowfile(line: str, shell: Any, cell: str | None = None) -> Any:
    """The magic's body; returns what the cell shows. With ``cell`` (``%%flowfile``) the
    cell's code becomes the flow."""
    try:
        args = _parser().parse_args(shlex.split(line))
    except ValueError as exc:
        raise FlowError(f"{exc}\n\n{USAGE}") from None
    user_ns = shell.user_ns
    if args.help:
        print(USAGE)
        return None
    if args.name is None:
        return _listing(user_ns)
    if not args.name.isidentifier():
        raise FlowError(f"'{args.name}' is not a valid Python name for a flow\n\n{USAGE}")
    source = cell if cell is not None else _earlier_cell(shell, args.from_cell)
    flow = _flow(args, user_ns, from_code=source is not None)
    if source is not None:
        bound.update(flow, source)
    if cell is None and args.from_cell is not None:  # that cell now updates the canvas
        ran = bound.binding(shell).ran
        count = len(user_ns.get("In", [])) - 2 if args.from_cell == -1 else args.from_cell
        bound.binding(shell).bind(ran.get(count), flow.name)
    if args.code:
        shell.set_next_input(bound.cell_code(flow), replace=False)
        return None
    return flow.canvas(height=args.height)


def _earlier_cell(shell: Any, number: int | None) -> str | None:
    """The code of cell ``In[number]`` (-1: the cell run before this one)."""
    if number is None:
        return None
    history = shell.user_ns.get("In", [])
    index = len(history) - 2 if number == -1 else number
    if not 0 < index < len(history) or not history[index].strip():
        raise FlowError(f"there is no cell [{number}] to read code from")
    text: str = history[index]
    return text


def _flow(args: argparse.Namespace, user_ns: dict[str, Any], from_code: bool = False) -> Flow:
    existing = user_ns.get(args.name)
    path = None if args.no_save else Path(args.file or f"{args.name}{SUFFIX}")
    if isinstance(existing, Flow):
        flow = existing
    elif existing is not None:
        raise FlowError(
            f"'{args.name}' is already a {type(existing).__name__} in this notebook; "
            "choose another name for the flow"
        )
    elif path is not None and path.exists():
        try:
            flow = Flow.load(path, trust=args.trust, namespace=user_ns)
        except FlowError:
            if not from_code:
                raise
            # the code replaces what the file held (its code nodes need trust to load)
            flow = Flow(args.name, namespace=user_ns)
    else:
        flow = Flow(args.name, namespace=user_ns)
    user_ns[args.name] = flow
    if path is not None:
        current = _autosaves.get(id(flow))
        if current is None or current.path != path:
            if current is not None:
                current.stop()
            _autosaves[id(flow)] = Autosave(flow, path)
            if not path.exists():
                flow.save(path)
    return flow


def _listing(user_ns: dict[str, Any]) -> str:
    flows = {k: v for k, v in user_ns.items() if isinstance(v, Flow) and not k.startswith("_")}
    if not flows:
        return "No flows yet. Start one with: %flowfile NAME"
    lines = [f"{k}: {v!r}" for k, v in sorted(flows.items())]
    return "\n".join(lines)


def register(ipython: Any) -> None:
    def magic(line: str, cell: str | None = None) -> Any:
        try:
            return flowfile(line, ipython, cell)
        except FlowError as exc:  # a usage message, not a traceback
            print(f"%flowfile: {exc}")
            return None

    ipython.register_magic_function(magic, magic_kind="line_cell", magic_name="flowfile")
    bound.binding(ipython)

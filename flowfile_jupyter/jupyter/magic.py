"""``%flowfile NAME``: a canvas for the Flow bound to NAME, backed by NAME.flowfile.yaml."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from ..errors import FlowError
from ..flow import Flow
from ..flowfile import SUFFIX
from .autosave import Autosave

USAGE = """\
%flowfile                      list the flows in this notebook
%flowfile NAME                 show the canvas of flow NAME (created if absent), saved to
                               NAME.flowfile.yaml after every edit and loaded from it next time
  --file PATH                  use this flow file instead of NAME.flowfile.yaml
  --height PX                  height of the canvas and preview in pixels (default 580)
  --no-save                    do not read or write a flow file
  --code                       put the flow's Polars code into the next cell instead
  --trust                      allow polars_code nodes when loading the file"""


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
    p.add_argument("--help", "-h", action="store_true")
    return p


_autosaves: dict[int, Autosave] = {}


def flowfile(line: str, shell: Any) -> Any:
    """The magic's body; returns what the cell shows."""
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
    flow = _flow(args, user_ns)
    if args.code:
        shell.set_next_input(flow.to_code(), replace=False)
        return None
    return flow.canvas(height=args.height)


def _flow(args: argparse.Namespace, user_ns: dict[str, Any]) -> Flow:
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
        flow = Flow.load(path, trust=args.trust, namespace=user_ns)
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
    def magic(line: str) -> Any:
        try:
            return flowfile(line, ipython)
        except FlowError as exc:  # a usage message, not a traceback
            print(f"%flowfile: {exc}")
            return None

    ipython.register_magic_function(magic, magic_kind="line", magic_name="flowfile")

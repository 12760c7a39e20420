"""What the attack tests share: a secret to leak, a marker to write, hostile flow files, and a
child process with a watchdog, a memory limit and an audit hook that stops it at the first
forbidden act.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from flowfile_jupyter import Flow

SECRET_NAME = "FLOWFILE_ATTACK_SECRET"
SECRET = "s3cret-6b1f0d"
FORBIDDEN_EXIT = 13  # the audit hook's exit code: the child did something it must not

# Python-level acts a flow being opened, predicted or turned into code must never do.
_AUDIT = """
import os, sys
_FORBIDDEN = ("os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "subprocess.Popen",
              "os.remove", "os.unlink", "os.rename", "shutil.", "socket.connect", "ctypes.",
              "os.putenv", "os.kill", "webbrowser", "pty.spawn")
def _hook(event, args):
    if event.startswith(_FORBIDDEN) or (
        event == "open" and isinstance(args[0], str) and args[0].startswith(MARKER_DIR)
    ):
        os.write(2, f"FORBIDDEN {event} {args!r}\\n".encode())
        os._exit(13)
sys.addaudithook(_hook)
"""


def flow_file(path: Path, nodes: Sequence[Mapping[str, Any]], name: str = "evil") -> Path:
    path.write_text(yaml.safe_dump({"flowfile": 1, "name": name, "nodes": list(nodes)}))
    return path


def source_and(expr_nodes: Sequence[Mapping[str, Any]], csv: Path) -> list[dict[str, Any]]:
    """A CSV source and the given nodes, each reading from it."""
    nodes: list[dict[str, Any]] = [
        {"id": "src", "type": "read_csv", "settings": {"path": str(csv)}}
    ]
    for node in expr_nodes:
        nodes.append({**node, "inputs": ["src"]})
    return nodes


def everything_said(flow: Flow) -> str:
    """All a person can read about a flow: errors, schemas, generated code, the file."""
    parts = [repr(flow.errors), json.dumps(flow.to_dict(), default=str), flow.to_code()]
    for nid in flow.nodes:
        state = flow.state(nid)
        parts.append(str(state.error))
        columns = state.columns()
        if columns is not None:
            parts.append(repr(columns))
    return "\n".join(parts)


def run_isolated(
    body: str,
    *,
    seconds: float,
    marker_dir: Path,
    memory_gb: float = 6.0,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``body`` in a fresh Python with a C-level watchdog (a frozen process holds the GIL,
    so a Python timeout would never fire), an address-space limit (an allocation bomb aborts
    the child, not the test run) and the audit hook. The secret is in its environment."""
    prelude = textwrap.dedent(
        f"""
        import faulthandler, resource
        faulthandler.dump_traceback_later({seconds}, exit=True)
        limit = int({memory_gb} * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        MARKER_DIR = {str(marker_dir)!r}
        import polars, flowfile_jupyter, flowfile_jupyter.flow  # their imports set things up
        """
    )
    script = prelude + _AUDIT + textwrap.dedent(body)
    env = {**os.environ, SECRET_NAME: SECRET, "POLARS_MAX_THREADS": "2"}
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=seconds + 60,
        check=False,
    )

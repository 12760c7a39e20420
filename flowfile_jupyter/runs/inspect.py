"""Work over nodes' whole results, started on the flow's worker: a column profile, a sorted and
searched page, a join's unmatched rows, an export. Each call checks what it can at once (on
the caller's thread, so a mistake is refused before anything runs) and returns the run's
handle; ``result()`` is a ``Profile``, ``Page``, ``JoinDiagnostics`` or ``Exported``.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import FlowError
from ..graph import Node
from . import export as exports
from . import joins, page, profile
from .handle import RunHandle
from .runner import Runner


def profile_of(runner: Runner, node_id: str) -> RunHandle:
    written = runner.written
    return runner.inspect_async(
        [node_id], lambda handle, found: profile.of(handle, found[node_id], written)
    )


def page_of(
    runner: Runner,
    node_id: str,
    columns: Sequence[str] | None,
    offset: int,
    n: int,
    sort: Sequence[page.SortKey],
    search: str | None,
) -> RunHandle:
    """``columns``: the node's predicted columns, to refuse an unknown sort column at once."""
    known = columns if columns is not None else [k.column for k in sort]
    page.check(known, offset, n, sort, search)
    return runner.inspect_async(
        [node_id],
        lambda handle, found: page.page(handle, found[node_id], offset, n, sort, search),
    )


def unmatched_of(runner: Runner, node: Node, side: joins.Side, n: int) -> RunHandle:
    if side not in joins.SIDES:
        raise FlowError(f"side is left or right, not {str(side)[:40]!r}")
    left, right = joins.inputs(node)
    return runner.inspect_async(
        [left, right], lambda handle, found: joins.diagnose(handle, node, found, side, n)
    )


def export_to_file(
    runner: Runner,
    node_id: str,
    path: str | os.PathLike[str],
    format: exports.Format | None,
    overwrite: bool,
    cwd: Path | None = None,
) -> RunHandle:
    protected = runner.cache.directory
    target, chosen = exports.destination(
        path, format=format, overwrite=overwrite, protected=protected, cwd=cwd
    )
    return runner.inspect_async(
        [node_id],
        lambda handle, found: exports.to_file(
            handle, found[node_id], target, chosen, overwrite=overwrite, protected=protected
        ),
        replaceable=False,
    )


def export_to_variable(
    runner: Runner,
    node_id: str,
    name: str,
    namespace: MutableMapping[str, Any],
    overwrite: bool,
) -> RunHandle:
    exports.variable(name, namespace, overwrite)
    return runner.inspect_async(
        [node_id],
        lambda handle, found: exports.to_variable(
            handle, found[node_id], name, namespace, overwrite=overwrite
        ),
        replaceable=False,
    )

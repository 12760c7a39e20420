"""What a run did, node by node: status, time and rows (``flow.last_run``)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

import polars as pl

NodeStatus = Literal["queued", "running", "done", "cached", "error", "cancelled"]
RunStatus = Literal["queued", "running", "done", "error", "cancelled"]
Mode = Literal["development", "performance"]


@dataclass
class NodeRun:
    """One node in one run. ``ms`` and ``rows`` are set when the node is done (or cached)."""

    node_id: str
    status: NodeStatus = "queued"
    ms: float | None = None
    rows: int | None = None
    error: str | None = None
    label: str = ""
    via: str | None = None  # computed inside this node's plan (not materialized on its own)
    note: str | None = None  # e.g. why the result was not cached

    def copy(self) -> NodeRun:
        return replace(self)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RunLog:
    """A finished (or cancelled, or failed) run: one row per node it touched, upstream first."""

    run: int
    mode: Mode
    targets: tuple[str, ...]
    status: RunStatus
    started: float
    ms: float
    nodes: tuple[NodeRun, ...] = ()
    error: str | None = None

    @property
    def computed(self) -> list[str]:
        return [n.node_id for n in self.nodes if n.status == "done"]

    @property
    def cached(self) -> list[str]:
        return [n.node_id for n in self.nodes if n.status == "cached"]

    def node(self, node_id: str) -> NodeRun:
        for n in self.nodes:
            if n.node_id == node_id:
                return n
        raise KeyError(node_id)

    def to_frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "node": [n.node_id for n in self.nodes],
                "label": [n.label for n in self.nodes],
                "status": [n.status for n in self.nodes],
                "ms": [n.ms for n in self.nodes],
                "rows": [n.rows for n in self.nodes],
                "error": [n.error for n in self.nodes],
                "via": [n.via for n in self.nodes],
                "note": [n.note for n in self.nodes],
            },
            schema={
                "node": pl.String,
                "label": pl.String,
                "status": pl.String,
                "ms": pl.Float64,
                "rows": pl.Int64,
                "error": pl.String,
                "via": pl.String,
                "note": pl.String,
            },
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "mode": self.mode,
            "targets": list(self.targets),
            "status": self.status,
            "started": self.started,
            "ms": self.ms,
            "error": self.error,
            "nodes": [n.to_dict() for n in self.nodes],
        }

    def summary(self) -> str:
        when = dt.datetime.fromtimestamp(self.started).strftime("%H:%M:%S")
        done = len(self.computed)
        hit = len(self.cached)
        return (
            f"{self.mode} run {self.run} at {when}: {self.status} in {self.ms:.1f} ms "
            f"({done} computed, {hit} from cache)"
        )

    def __str__(self) -> str:
        rows = [("node", "status", "ms", "rows", "note")]
        for n in self.nodes:
            rows.append(
                (
                    n.label or n.node_id,
                    n.status,
                    "" if n.ms is None else f"{n.ms:.1f}",
                    "" if n.rows is None else f"{n.rows:,}",
                    _note(n),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        lines = [self.summary()]
        for r in rows:
            lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{h}</th>" for h in ("node", "status", "ms", "rows", "note"))
        body = []
        for n in self.nodes:
            note = _note(n)
            name = esc(n.label or n.node_id)
            if n.label:
                name += f' <span style="opacity:.6">({esc(n.node_id)})</span>'
            cells = [
                f"<td style='text-align:left'>{name}</td>",
                f"<td style='text-align:left'>{esc(n.status)}</td>",
                f"<td>{'' if n.ms is None else f'{n.ms:.1f}'}</td>",
                f"<td>{'' if n.rows is None else f'{n.rows:,}'}</td>",
                f"<td style='text-align:left'>{esc(note)}</td>",
            ]
            body.append(f"<tr>{''.join(cells)}</tr>")
        return (
            f"<div><p>{esc(self.summary())}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )


def _note(n: NodeRun) -> str:
    return n.error or n.note or (f"inside {n.via}" if n.via else "")

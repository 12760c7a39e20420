"""What the flow knows about each node without running it."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class NodeState:
    """Predicted output schema, or why there is none.

    ``error`` is the node's own problem; ``blocked_by`` names the upstream node whose error
    stops this one (then ``error`` says so in words too).
    """

    schema: pl.Schema | None = None
    error: str | None = None
    blocked_by: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        if self.blocked_by is not None:
            return "blocked"
        return "error" if self.error is not None else "valid"

"""What a node does to the columns it receives: added, removed and retyped columns against its
first input, read from prediction alone, so a node says it before anything runs.

Renames read as one column removed and one added (a schema does not say which became which);
reordering alone is not a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .state import NodeState


@dataclass(frozen=True)
class SchemaChange:
    """Columns of a node's output against its first input's: ``retyped`` holds
    ``(column, dtype before, dtype after)``."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    retyped: tuple[tuple[str, str, str], ...] = ()

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.retyped)

    def summary(self) -> str:
        """``+2 columns, -1, 1 retyped`` (``no column changes`` when there are none)."""
        parts = []
        if self.added:
            parts.append(f"+{len(self.added)} column{'s' if len(self.added) != 1 else ''}")
        if self.removed:
            parts.append(f"-{len(self.removed)}")
        if self.retyped:
            parts.append(f"{len(self.retyped)} retyped")
        return ", ".join(parts) or "no column changes"


NONE = SchemaChange()
Columns = Sequence[Sequence[str]]  # [[column, dtype as text], ...]


def difference(before: Columns, after: Columns) -> SchemaChange:
    """The change from ``before``'s columns to ``after``'s, each as [column, dtype text].

    Text, not dtypes: comparing strings stays in C, comparing Polars dtypes calls Python for
    every column, and a root edit of a long chain compares every node's columns.
    """
    if before == after:
        return NONE
    n = len(before)
    if len(after) > n and after[:n] == before:  # columns appended (with_columns, joins)
        return SchemaChange(added=tuple(c for c, _ in after[n:]))
    old = {c: t for c, t in before}
    new = {c: t for c, t in after}
    return SchemaChange(
        added=tuple(c for c in new if c not in old),
        removed=tuple(c for c in old if c not in new),
        retyped=tuple((c, old[c], t) for c, t in new.items() if c in old and old[c] != t),
    )


def schema_change(state: NodeState, first_input: NodeState | None) -> SchemaChange | None:
    """The change, or None when there is nothing to compare (a source, or either prediction
    failed). Nodes that keep their input's columns share its frame and are done at once."""
    if first_input is None or not state.ok or not first_input.ok:
        return None
    if state.frame is not None and state.frame is first_input.frame:
        return NONE
    after, before = _texts(state), _texts(first_input)
    if after is None or before is None:
        return None
    return difference(before, after)


def _texts(state: NodeState) -> list[list[str]] | None:
    columns = state.columns()
    return None if columns is None else [[c, str(t)] for c, t in zip(*columns, strict=True)]

"""Variables the code generator numbered keep their numbers when the code is read back.

The generator names an unlabelled node after its kind (``computed``, ``computed_2``, ...),
numbering nodes of one kind in the order it meets them: upstream first, ties in the flow's
order of nodes. Code lists its statements in another order, so a flow read statement by
statement could meet ``computed_2`` first and write it back as ``computed``. Putting the
nodes each name was given in the order of their numbers keeps every name where it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..nodes import get
from ..nodes._base import snake

if TYPE_CHECKING:
    from .program import Draft


def default_name(draft: Draft) -> str:
    """The name the generator gives a node of this kind and settings before numbering."""
    return snake(get(draft.type).default_var(draft.settings)) or "step"


def number(draft: Draft, variable: str) -> int | None:
    """1 for ``computed``, 2 for ``computed_2``; None for a name not of this node's kind."""
    base = default_name(draft)
    if variable == base:
        return 1
    found = re.fullmatch(rf"{re.escape(base)}_(\d+)", variable)
    return int(found.group(1)) if found else None


def in_numbered_order(drafts: Sequence[Draft]) -> list[Draft]:
    """The drafts, with those of each default name moved among their own places so that their
    numbers ascend; every other draft keeps its place."""
    places: dict[str, list[int]] = {}
    for i, d in enumerate(drafts):
        if d.variable and number(d, d.variable) is not None:
            places.setdefault(default_name(d), []).append(i)
    out = list(drafts)
    for indices in places.values():
        ranked = sorted((drafts[i] for i in indices), key=lambda d: number(d, d.variable) or 0)
        for i, d in zip(indices, ranked, strict=True):
            out[i] = d
    return out

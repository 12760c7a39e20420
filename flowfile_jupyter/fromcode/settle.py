"""Settings read from code, settled to the node's own defaults where they say the same there.

Some settings render by where the node sits: a group_by's ``maintain_order=None`` means "in
order where the order can be seen" (engine/order.py), so ``group_by("k")`` is that default
when nothing shows the node's order, and ``group_by("k", maintain_order=True)`` is it when
something does. A reading proposes what the code says, knowing nothing of the node's place;
once the whole program is read and each node's place is known, a setting whose default
renders the very same code there goes back to the default. A flow read from its own code is
then the flow that wrote it, and code read from a person keeps computing what it did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import graph
from ..engine.order import observable
from ..graph import Node
from ..nodes import Code, Scope, Settings, Sink, get

if TYPE_CHECKING:
    from .program import Draft


def settle(drafts: Sequence[Draft]) -> None:
    """Reset, in place, each setting whose default renders the same code in the node's place.

    The order rule is the code generator's: what no node reads is shown, and each node says
    whether its inputs' order shows through it."""
    nodes = {d.id: Node(d.id, d.type, d.settings, graph.padded(d.type, d.inputs)) for d in drafts}
    read_by = {s for n in nodes.values() for s in n.inputs if s is not None}
    ordered = observable(nodes, [nid for nid in nodes if nid not in read_by])
    for d in drafts:
        d.settings = _settled(d.type, d.settings, len(d.inputs), d.id in ordered)


def _settled(type_name: str, settings: Settings, inputs: int, ordered: bool) -> Settings:
    scope = Scope(tuple(f"in_{i}" for i in range(inputs)), "node", {}, ordered=ordered)
    written = _rendered(type_name, settings, scope)
    if written is None:
        return settings
    for name, info in type(settings).model_fields.items():
        if info.is_required():
            continue
        default = info.get_default(call_default_factory=True)
        if getattr(settings, name) == default:
            continue
        try:
            trial = get(type_name).validate({**dict(settings), name: default})
        except Exception:
            continue
        if _rendered(type_name, trial, scope) == written:
            settings = trial
    return settings


def _rendered(type_name: str, settings: Settings, scope: Scope) -> tuple[Code, Sink | None] | None:
    """The node's code and sink in its place (None when it renders none without a notebook)."""
    ntype = get(type_name)
    try:
        code = ntype.code(settings, scope)
        sink = ntype.sink(settings) if ntype.sink is not None else None
    except Exception:
        return None
    return code, sink

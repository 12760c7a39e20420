"""The node catalog as the canvas needs it: ports, categories and JSON schemas of settings."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined

from ..nodes import NodeType, catalog


def describe(ntype: NodeType[Any]) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for name, info in ntype.settings.model_fields.items():
        if info.default is not PydanticUndefined:
            defaults[name] = info.default
        elif info.default_factory is not None:
            defaults[name] = info.default_factory()
    return {
        "type": ntype.name,
        "label": ntype.title,
        "category": ntype.category,
        "description": ntype.description,
        "inputs": list(ntype.inputs),
        "variadic": ntype.variadic,
        "outputs": ntype.outputs,
        "settings_schema": ntype.json_schema(),
        "defaults": defaults,
    }


@cache
def payload() -> list[dict[str, Any]]:
    """Sent once per canvas: the whole palette."""
    return [describe(ntype) for ntype in catalog().values()]

"""The protocol as one JSON schema, from which ``npm run protocol`` writes the TypeScript types
(``js/protocol/generated.ts``): the browser's types come from ``protocol.py``, not from memory.

    python -m flowfile_jupyter.jupyter.typescript > js/protocol/schema.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import TypeAdapter
from typing_extensions import TypedDict

from . import protocol as p


class _Protocol(TypedDict):
    request: p.Request
    edit: p.Edit
    message: p.Message
    traits: p.Traits


# Unions get a name of their own, so TypeScript sees `Request`, not a union spelled out.
_NAMED_UNIONS = {"request": "Request", "edit": "Edit", "message": "Message"}


def _strip_titles(node: Any, keep: bool) -> Any:
    """Property titles would become needless type aliases (``Kind``, ``Kind1``...)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "title" and not keep:
                continue
            if key in ("properties", "$defs"):
                out[key] = {k: _strip_titles(v, key == "$defs") for k, v in value.items()}
            else:
                out[key] = _strip_titles(value, False)
        return out
    if isinstance(node, list):
        return [_strip_titles(v, False) for v in node]
    return node


def schema() -> dict[str, Any]:
    raw = TypeAdapter(_Protocol).json_schema()
    defs = dict(raw.pop("$defs"))
    root = defs.pop(raw["$ref"].split("/")[-1]) if "$ref" in raw else raw
    properties = {}
    for key, value in root["properties"].items():
        name = _NAMED_UNIONS.get(key)
        if name is None:
            properties[key] = value
        else:
            defs[name] = {**value, "title": name}
            properties[key] = {"$ref": f"#/$defs/{name}"}
    whole = {
        "title": "Protocol",
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }
    stripped: dict[str, Any] = _strip_titles(whole, True)
    return stripped


def text() -> str:
    return json.dumps(schema(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(text())

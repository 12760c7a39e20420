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


def _for_typescript(node: Any, keep: bool) -> Any:
    """Drop property titles (they would become needless aliases: ``Kind``, ``Kind1``...) and
    spell tuples the draft-07 way the generator reads (``[string, string]``)."""
    if isinstance(node, dict):
        out = {}
        if "prefixItems" in node:
            node = {k: v for k, v in node.items() if k not in ("minItems", "maxItems")}
            node["items"] = node.pop("prefixItems")
            node["additionalItems"] = False
            node["minItems"] = len(node["items"])
        for key, value in node.items():
            if key == "title" and not keep:
                continue
            if key in ("properties", "$defs"):
                out[key] = {k: _for_typescript(v, key == "$defs") for k, v in value.items()}
            else:
                out[key] = _for_typescript(value, False)
        return out
    if isinstance(node, list):
        return [_for_typescript(v, False) for v in node]
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
    stripped: dict[str, Any] = _for_typescript(whole, True)
    return stripped


def text() -> str:
    return json.dumps(schema(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(text())

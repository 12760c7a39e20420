"""The globals node code is evaluated with: ``pl``, the names a node asks for, and no Python
builtins but ``float`` (settings render NaN and infinity as ``float("nan")``).

Node code is rendered from settings through literals and checked expression text, so it needs
nothing else; with no builtins, even a mistake in a renderer cannot reach ``open`` or
``__import__``. Only the trusted ``polars_code`` node runs with Python's builtins.
"""

from __future__ import annotations

from typing import Any

import polars as pl


def node_globals(**names: Any) -> dict[str, Any]:
    return {"__builtins__": {"float": float}, "pl": pl, **names}

"""Read a JSON file holding an array of objects (``[{...}, {...}]``).

Polars reads JSON eagerly (there is no ``scan_json``), so the node's code is
``pl.read_json(...).lazy()`` and the file is parsed whenever the plan is built: for a preview,
``collect`` or a run, that is when the data is needed anyway. Predicting the schema does not need
the data. Polars infers the dtypes from the first ``infer_schema_length`` objects only (later
objects are read into that schema, or fail to read), so ``predict`` reads the file up to the end
of that many objects, hands exactly those bytes to ``pl.read_json`` with the same settings, and
gets the schema the full read will have. It falls back to reading the whole file when
``infer_schema_length`` is None (every object counts) or when the file is not a plain array of
objects (the full read then gives Polars' own error). Schemas are kept per file version (path,
size, modification time) and settings, so re-predicting an unchanged file reads nothing.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import IO

import polars as pl
from pydantic import Field, field_validator

from ..errors import NodeError
from ._base import (
    Code,
    DType,
    NodeType,
    Scope,
    Settings,
    check_source,
    dtype,
    file_identity,
    lit,
    path_var,
    readable_overrides,
)
from ._reading import Reading, generic

_CHUNK = 1 << 16
_SPACE = " \t\n\r"


_REFUSED = {
    "Decimal": "needs a precision and scale; read Float64 or String and cast in a later step",
    "Binary": "cannot be read from JSON",
}


class ReadJson(Settings):
    path: str = Field("", description="JSON file path (an array of objects)")
    schema_overrides: dict[str, DType] = Field(
        default_factory=dict, description="Column -> dtype, instead of the inferred one"
    )
    infer_schema_length: int | None = Field(
        100, ge=1, description="Objects to infer dtypes from (None: all of them)"
    )

    @field_validator("schema_overrides")
    @classmethod
    def _readable(cls, overrides: dict[str, str]) -> dict[str, str]:
        return readable_overrides(overrides, _REFUSED)


def _overrides(s: ReadJson) -> str:
    items = ", ".join(f"{lit(k)}: {dtype(v)}" for k, v in s.schema_overrides.items())
    return f"schema_overrides={{{items}}}"


def code(s: ReadJson, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose a JSON file to read")
    check_source(s.path)
    args = [lit(s.path)]
    if s.schema_overrides:
        args.append(_overrides(s))
    if s.infer_schema_length != 100:
        args.append(f"infer_schema_length={lit(s.infer_schema_length)}")
    return Code(f"pl.read_json({', '.join(args)})", (".lazy()",))


def predict(s: ReadJson, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    code(s, scope)  # a blank path gets the node's "choose a file" message, not "file not found"
    return pl.Schema(_schema(file_identity(s.path), s.model_dump_json()))


@lru_cache(maxsize=64)
def _schema(identity: str, settings: str) -> pl.Schema:
    """The schema for one version of the file (``identity`` changes when the file does)."""
    s = ReadJson.model_validate_json(settings)
    overrides = {k: getattr(pl, v) for k, v in s.schema_overrides.items()}
    source: str | bytes = s.path
    if s.infer_schema_length is not None:
        try:
            with open(s.path, "rb") as f:
                head = _head(f, s.infer_schema_length)
        except FileNotFoundError:
            raise NodeError(f"file not found: {s.path}") from None
        except IsADirectoryError:
            raise NodeError(f"{s.path} is a folder, not a JSON file") from None
        if head is not None:
            source = head
    try:
        frame = pl.read_json(
            source, schema_overrides=overrides or None, infer_schema_length=s.infer_schema_length
        )
    except pl.exceptions.SchemaFieldNotFoundError as exc:
        raise NodeError(f"schema_overrides: the file has no column '{exc}'") from None
    return frame.schema


def _head(f: IO[bytes], n: int) -> bytes | None:
    """The first ``n`` objects of a JSON array, as a JSON array of the file's own bytes.

    None when that cannot be told without the whole file (not an array of objects, or not
    valid JSON): the caller then reads the file the way the node's code does.
    """
    decoder = json.JSONDecoder(strict=False)
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    text = ""
    size = _CHUNK
    done = False

    def more() -> bool:
        nonlocal text, size, done
        if done:
            return False
        data = f.read(size)
        size *= 2
        done = not data
        text += utf8.decode(data, final=done)
        return not done

    def skip(pos: int) -> int | None:
        """Position of the next non-space character, reading on as needed; None at the end."""
        while True:
            while pos < len(text) and text[pos] in _SPACE:
                pos += 1
            if pos < len(text):
                return pos
            if not more():
                return None

    try:
        pos = skip(0)
        if pos is None or text[pos] != "[":
            return None
        pos += 1
        spans: list[tuple[int, int]] = []
        while len(spans) < n:
            nxt = skip(pos)
            if nxt is None:
                return None
            if text[nxt] == "]":
                break
            if spans:
                if text[nxt] != ",":
                    return None
                nxt = skip(nxt + 1)
                if nxt is None:
                    return None
            if text[nxt] != "{":
                return None
            while True:
                try:
                    _, end = decoder.raw_decode(text, nxt)
                    break
                except json.JSONDecodeError:
                    if not more():
                        return None
            spans.append((nxt, end))
            pos = end
    except UnicodeDecodeError:
        return None
    return ("[" + ",".join(text[a:b] for a, b in spans) + "]").encode()


NODE = NodeType(
    readings=(Reading(("pl.read_json", "lazy"), generic(ReadJson, fields={"source": "path"})),),
    name="read_json",
    category="input",
    settings=ReadJson,
    code=code,
    predict=predict,
    label="Read JSON",
    description="Read a JSON file holding an array of objects",
    inputs=(),
    var_name=lambda s: path_var(s.path),
    identity=lambda s, namespace: file_identity(s.path),
    examples=(
        {"path": "{data}/orders.json"},
        {
            "path": "{data}/orders.json",
            "schema_overrides": {"order_date": "Date", "quantity": "Int32"},
            "infer_schema_length": 2,
        },
        {"path": "{data}/orders.json", "infer_schema_length": None},
    ),
)

"""Read Parquet files; prediction reads only the file metadata."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pydantic import Field

from ..errors import NodeError
from ._base import (
    Code,
    Columns,
    NodeType,
    Scope,
    Settings,
    call,
    check_source,
    file_identity,
    lit,
    path_var,
)
from ._narwhals import NwScope, Portable, not_portable
from ._reading import Candidate, Match, Reading, Unmapped, generic, strings


class ReadParquet(Settings):
    path: str = Field("", description="Parquet file path (globs allowed)")
    columns: Columns = Field(default_factory=list, description="Read only these columns")
    n_rows: int | None = Field(None, ge=0)


def code(s: ReadParquet, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose a Parquet file to read")
    check_source(s.path)
    base = f"pl.scan_parquet{call('', lit(s.path), n_rows=s.n_rows)[1:]}"
    calls = (call("select", lit(s.columns)),) if s.columns else ()
    return Code(base, calls)


_read = generic(ReadParquet, fields={"source": "path"})


def _listed(m: Match) -> list[str]:
    """The columns of ``.select([...])``: one list, as this node writes it (a select of
    separate names is a Select node of its own)."""
    exprs = m.bound(1).get("exprs", ())
    if len(exprs) != 1 or not isinstance(exprs[0], ast.List):
        raise Unmapped("not a list of columns")
    return strings(exprs[0])


def read(m: Match) -> Iterator[Candidate]:
    """``pl.scan_parquet(path)``, then ``.select([...])`` when only some columns are read."""
    for found in _read(m):
        if len(m.calls) == 1:
            yield found
        else:
            yield Candidate({**found.settings, "columns": _listed(m)})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: ReadParquet, scope: NwScope) -> Portable:
    if not s.path:
        raise NodeError("choose a Parquet file to read")
    if s.n_rows is not None:
        raise not_portable("n_rows: the first rows of a file are not defined on other engines")
    calls = (call("select", lit(s.columns)),) if s.columns else ()
    reader = f"nw.scan_parquet({scope.reader.path(s.path)}, {scope.reader.options()})"
    return Portable(Code(reader, calls), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("pl.scan_parquet", "select"), read), Reading(("pl.scan_parquet",), read)),
    name="read_parquet",
    category="input",
    settings=ReadParquet,
    code=code,
    narwhals=narwhals,
    label="Read Parquet",
    description="Read a Parquet file",
    inputs=(),
    var_name=lambda s: path_var(s.path),
    identity=lambda s, namespace: file_identity(s.path),
    examples=(
        {"path": "{data}/orders.parquet"},
        {"path": "{data}/orders.parquet", "columns": ["region", "amount"], "n_rows": 3},
    ),
)

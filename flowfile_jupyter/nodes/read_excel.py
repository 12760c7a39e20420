"""Read one sheet of an Excel workbook (xlsx, xlsm, xlsb, xls, ods) with fastexcel/calamine.

Polars reads spreadsheets eagerly, so the code is ``pl.read_excel(...).lazy()``.

Prediction has to read the sheet, and reads all of it. Reading only the first rows
(``read_options={"n_rows": ...}``) does not give the schema of the real read: after calamine
returns the cells, Polars looks at *every* row to turn float columns whose values are all whole
numbers into Int64 and datetime columns whose times are all midnight into Date, and to drop
unnamed empty columns. A workbook whose first 100 amounts happen to be whole numbers would be
predicted Int64 and read as Float64. Nor would it save the expensive part: calamine parses the
whole sheet even when asked for a few rows (200,000 rows x 10 columns: 2.8 s for 100 rows, 4.6 s
for all). So ``predict`` runs the node's own code once per version of the file (path, size,
modification time) and settings, and keeps the schema: re-predicting an unchanged workbook, undo
and redo read nothing. The ``n_rows`` setting is part of the code, so a prediction with it is
exactly the (smaller) frame the code produces.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import lru_cache

import polars as pl
from pydantic import Field, field_validator, model_validator

from ..errors import NodeError, first_line
from ..node_globals import node_globals
from ._base import (
    Code,
    Columns,
    DType,
    NodeType,
    Scope,
    Settings,
    check_source,
    dtype,
    file_identity,
    kwargs,
    lit,
    path_var,
    readable_overrides,
)
from ._reading import Candidate, Match, Reading, Unmapped, generic, value

_WIDTH = 72  # longer calls get one argument per line


_REFUSED = {
    "Decimal": "needs a precision and scale; read Float64 or String and cast in a later step",
}


class ReadExcel(Settings):
    path: str = Field("", description="Workbook path (.xlsx, .xlsm, .xlsb, .xls, .ods)")
    sheet_name: str | None = Field(None, min_length=1, description="Sheet to read, by name")
    sheet_id: int | None = Field(
        None, ge=1, description="Sheet to read, by position (1 is the first sheet)"
    )
    has_header: bool = Field(True, description="The first row holds the column names")
    columns: Columns = Field(default_factory=list, description="Read only these columns")
    schema_overrides: dict[str, DType] = Field(
        default_factory=dict, description="Column -> dtype, instead of the inferred one"
    )
    infer_schema_length: int | None = Field(
        100, ge=0, description="Rows to infer dtypes from (0: all text; None: all rows)"
    )
    drop_empty_rows: bool = Field(True, description="Leave out rows where every cell is empty")
    n_rows: int | None = Field(None, ge=1, description="Read at most this many rows")

    @model_validator(mode="after")
    def _one_sheet(self) -> ReadExcel:
        if self.sheet_name is not None and self.sheet_id is not None:
            raise ValueError("give either sheet_name or sheet_id, not both")
        return self

    @field_validator("schema_overrides")
    @classmethod
    def _readable(cls, overrides: dict[str, str]) -> dict[str, str]:
        return readable_overrides(overrides, _REFUSED)


def code(s: ReadExcel, scope: Scope) -> Code:
    if not s.path:
        raise NodeError("choose a workbook to read")
    check_source(s.path)
    named = {
        "sheet_name": s.sheet_name,
        "sheet_id": s.sheet_id,
        "has_header": None if s.has_header else False,
        "columns": s.columns or None,
    }
    args = [lit(s.path), *(kwargs(**{k: v}) for k, v in named.items() if v is not None)]
    if s.schema_overrides:
        items = ", ".join(f"{lit(k)}: {dtype(v)}" for k, v in s.schema_overrides.items())
        args.append(f"schema_overrides={{{items}}}")
    if s.infer_schema_length != 100:  # None (every row) is a value here, not "unset"
        args.append(f"infer_schema_length={lit(s.infer_schema_length)}")
    if not s.drop_empty_rows:
        args.append("drop_empty_rows=False")
    if s.n_rows is not None:
        args.append(f"read_options={lit({'n_rows': s.n_rows})}")
    return Code(_call("pl.read_excel", args), (".lazy()",))


def _call(function: str, args: list[str]) -> str:
    """``f(a, b)``, or one argument per line when long (indented for a chain's first line)."""
    one = f"{function}({', '.join(args)})"
    if len(one) <= _WIDTH:
        return one
    return f"{function}(\n" + "".join(f"        {a},\n" for a in args) + "    )"


def predict(s: ReadExcel, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    code(s, scope)  # a blank path gets the node's "choose a file" message, not "file not found"
    return pl.Schema(_schema(file_identity(s.path), s.model_dump_json()))


@lru_cache(maxsize=32)
def _schema(identity: str, settings: str) -> pl.Schema:
    """The schema for one version of the workbook (``identity`` changes when the file does)."""
    s = ReadExcel.model_validate_json(settings)
    if not os.path.exists(s.path):
        raise NodeError(f"file not found: {s.path}")
    try:
        frame = eval(code(s, Scope(())).text, node_globals())
        return frame.collect_schema()  # type: ignore[no-any-return]
    except KeyError as exc:  # a schema_overrides column the sheet lacks
        raise NodeError(f"schema_overrides: the sheet has no column '{exc.args[0]}'") from None
    except ValueError as exc:
        if "no matching sheet" in str(exc):
            raise NodeError(_no_sheet(s)) from None
        raise NodeError(_first(exc)) from None
    except Exception as exc:  # calamine's errors carry a multi-line context
        where = "columns: " if type(exc).__name__ == "ColumnNotFoundError" else ""
        raise NodeError(where + _first(exc)) from None


def _first(exc: Exception) -> str:
    return first_line(exc).split("\n")[0]


def _no_sheet(s: ReadExcel) -> str:
    import fastexcel

    names = fastexcel.read_excel(s.path).sheet_names
    which = f"no sheet named '{s.sheet_name}'" if s.sheet_name else f"no sheet {s.sheet_id}"
    listed = ", ".join(repr(n) for n in names)
    return f"{os.path.basename(s.path)} has {which}; its sheets are: {listed}"


_read = generic(ReadExcel, fields={"source": "path"}, skip=("read_options",))


def read(m: Match) -> Iterator[Candidate]:
    """``pl.read_excel(path, ...).lazy()``; ``read_options={"n_rows": n}`` is n_rows."""
    options = m.bound(0).get("read_options")
    extra = value(options) if options is not None else {}
    if not isinstance(extra, dict) or set(extra) - {"n_rows"}:
        raise Unmapped("read_options other than n_rows")
    for found in _read(m):
        yield Candidate({**found.settings, **extra})


NODE = NodeType(
    readings=(Reading(("pl.read_excel", "lazy"), read),),
    name="read_excel",
    category="input",
    settings=ReadExcel,
    code=code,
    predict=predict,
    label="Read Excel",
    description="Read a sheet of an Excel workbook",
    inputs=(),
    var_name=lambda s: path_var(s.path),
    identity=lambda s, namespace: file_identity(s.path),
    examples=(
        {"path": "{data}/orders.xlsx"},
        {
            "path": "{data}/orders.xlsx",
            "sheet_name": "orders",
            "columns": ["order_id", "amount", "order_date"],
            "schema_overrides": {"amount": "Float32", "order_id": "Int32"},
            "infer_schema_length": None,
        },
        {
            "path": "{data}/orders.xlsx",
            "sheet_id": 1,
            "has_header": False,
            "infer_schema_length": 0,
            "drop_empty_rows": False,
            "n_rows": 4,
        },
    ),
)

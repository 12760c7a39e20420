"""What a node type is: settings model, ports, and the Polars code it stands for.

A node renders its Polars code from validated settings; the engine obtains the node's LazyFrame
by evaluating exactly that code over its inputs. Generated code and execution are then the same
text by construction, and schema prediction is one mechanism for every node: evaluate the code
over empty frames of the upstream schemas and call ``collect_schema()``.
"""

from __future__ import annotations

import ast
import json
import math
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from .. import expressions
from ..errors import NodeError, SettingsError
from ..text_checks import broken_character
from ._reading import Reading

if TYPE_CHECKING:
    from ._narwhals import NwScope, Portable

Category = Literal["input", "transform", "combine", "aggregate", "output"]


class Settings(BaseModel):
    """Base of every node's settings: unknown fields are refused, values are checked."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _whole_characters(cls, value: Any) -> Any:
        """Text with a lone surrogate cannot be written as UTF-8 (code, flow files)."""
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                if broken_character(item) is not None:
                    raise ValueError("the text has a broken character (a lone surrogate)")
            elif isinstance(item, Mapping):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list | tuple):
                stack.extend(item)
        return value


S = TypeVar("S", bound=Settings)

# Field annotations the canvas reads from the JSON schema to pick the right widget.
Column = Annotated[str, Field(min_length=1, json_schema_extra={"x-column": "single"})]
Columns = Annotated[list[str], Field(json_schema_extra={"x-column": "multi"})]
Expression = Annotated[str, Field(json_schema_extra={"x-expression": True})]

DTypeName = Literal[
    "Boolean",
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "Float32",
    "Float64",
    "Decimal",
    "String",
    "Categorical",
    "Date",
    "Datetime",
    "Time",
    "Duration",
    "Binary",
]
DType = Annotated[DTypeName, Field(json_schema_extra={"x-dtype": True})]


@dataclass(frozen=True)
class Code:
    """A node's Polars code: a base expression and method calls chained onto it.

    ``base`` is either one of the node's input names (then the code generator may fuse the node
    into its input's method chain) or a self-contained expression (``pl.scan_csv(...)``).
    ``setup`` holds statements that must run first (a function the chain calls).
    """

    base: str
    calls: tuple[str, ...] = ()
    setup: str = ""

    @property
    def text(self) -> str:
        return self.base + "".join(self.calls)


@dataclass(frozen=True)
class Sink:
    """What an output node does when a flow runs: ``assign = <input>.<call>``."""

    call: str
    assign: str | None = None


@dataclass(frozen=True)
class Scope:
    """What a node's code may refer to: its inputs' variable names and the notebook namespace.

    ``trusted`` says the flow's author is trusted; a node that could read or run more than its
    inputs (the SQL node's table functions) refuses that in prediction otherwise.
    ``ordered`` says whether the node's row order is observable (see engine/order.py): when it
    is not, a node renders Polars' own, faster defaults (an unordered join or group_by) unless
    its settings ask for order.
    """

    inputs: tuple[str, ...]
    name: str = "node"
    namespace: Mapping[str, Any] = field(default_factory=dict)
    trusted: bool = field(default=False, kw_only=True)
    ordered: bool = field(default=True, kw_only=True)

    def input(self, i: int = 0) -> str:
        return self.inputs[i]


@dataclass(frozen=True)
class NodeType(Generic[S]):
    """One entry in the node catalog. Nothing in the engine switches on node type names.

    Prediction is the same for every node: run its code over empty inputs. ``check`` adds
    validation against the input schemas (raise NodeError) for what Polars lets through;
    ``predict`` replaces the mechanism for nodes where running on empty inputs is wrong.
    ``keeps_columns`` says the output has exactly the input's columns (only rows change), so
    the node's prediction shares its input's zero-row frame, and the canvas its schema.
    ``readings`` say how the node's code is read back into settings (nodes/_reading.py).
    ``input_order(settings, ordered)`` says whether the inputs' row order matters (one flag,
    or one per input) given whether this node's own order is observable; None means always,
    the safe answer for a node whose result depends on row order (head, with_row_index).
    """

    name: str
    category: Category
    settings: type[S]
    code: Callable[[S, Scope], Code]
    label: str = ""
    description: str = ""
    inputs: tuple[str, ...] = ("input",)
    variadic: bool = False
    var_name: str | Callable[[S], str] = ""
    sink: Callable[[S], Sink] | None = None
    reads: Callable[[S], Sequence[str]] | None = None
    identity: Callable[[S, Mapping[str, Any]], str] | None = None
    check: Callable[[S, Sequence[pl.Schema]], None] | None = None
    predict: Callable[[S, Sequence[pl.LazyFrame], Scope], pl.Schema] | None = None
    needs_data: bool = False
    keeps_columns: bool = False
    input_order: Callable[[S, bool], bool | tuple[bool, ...]] | None = None
    trusted_only: bool = False
    examples: tuple[Mapping[str, Any], ...] = ()
    readings: tuple[Reading, ...] = ()
    # The node's Narwhals code for other engines (see _narwhals.py); None: not portable.
    narwhals: Callable[[S, NwScope], Portable] | None = None

    @property
    def outputs(self) -> int:
        return 0 if self.sink is not None else 1

    @property
    def title(self) -> str:
        """The one name people see for this type (palette, nodes, messages)."""
        return self.label or self.name.replace("_", " ").capitalize()

    def validate(self, values: Mapping[str, Any]) -> S:
        """Validated settings, or a SettingsError that names the node type and the field."""
        try:
            return self.settings.model_validate(dict(values))
        except ValidationError as exc:
            fields = ", ".join(self.settings.model_fields)
            problems = []
            by_field: dict[str, str] = {}
            for err in exc.errors():
                path = ".".join(str(p) for p in err["loc"])
                where = path or "settings"
                if err["type"] == "extra_forbidden":
                    problems.append(f"unknown setting '{where}' (settings are: {fields})")
                else:
                    problems.append(f"{where}: {err['msg']}")
                by_field.setdefault(path, err["msg"].removeprefix("Value error, "))
            raise SettingsError(f"{self.name}: " + "; ".join(problems), by_field) from None

    def default_var(self, settings: S) -> str:
        if callable(self.var_name):
            return self.var_name(settings)
        return self.var_name or self.name

    def json_schema(self) -> dict[str, Any]:
        return self.settings.model_json_schema(schema_generator=_FactoryDefaults)


class _FactoryDefaults(GenerateJsonSchema):
    """Defaults made by a factory (``default_factory=list``) are written into the schema too:
    the canvas resets a field to its default, and an empty list is not ``null``."""

    def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
        factory = schema.get("default_factory")
        if factory is not None and not schema.get("default_factory_takes_data"):
            return factory()  # type: ignore[call-arg]
        return super().get_default_value(schema)


# -- helpers that node files use to render code ----------------------------------------------


def lit(value: Any) -> str:
    """A Python literal for a settings value, with double-quoted strings (ruff's style)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'  # nan, inf, -inf: Python has no literal for them
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no literal for {type(value).__name__}")


def col(name: str) -> str:
    return f"pl.col({lit(name)})"


def dtype(name: str) -> str:
    """``pl.Int64``; Decimal needs a precision and scale in Polars 2, so it gets (38, 9)."""
    return "pl.Decimal(38, 9)" if name == "Decimal" else f"pl.{name}"


def expr(text: str) -> str:
    """Checked, normalized expression text (raises NodeError when refused)."""
    return expressions.parse(text)


_ATOMS = (ast.Call, ast.Attribute, ast.Subscript, ast.Name)


def chainable(text: str) -> str:
    """Expression text that a method call can follow: ``(a * b)``, but ``pl.col("a")``."""
    return text if isinstance(ast.parse(text, mode="eval").body, _ATOMS) else f"({text})"


def aliased(text: str, name: str | None) -> str:
    """``text.alias(name)`` (just text without a name)."""
    return text if name is None else f"{chainable(text)}.alias({lit(name)})"


def kwargs(**values: Any) -> str:
    """``a=1, b="x"`` for the values that are not None."""
    return ", ".join(f"{k}={lit(v)}" for k, v in values.items() if v is not None)


def call(method: str, *args: str, **kw: Any) -> str:
    """``.method(arg, ..., k=v)`` with literal keyword values; None values are left out."""
    parts = [*args]
    rendered = kwargs(**kw)
    if rendered:
        parts.append(rendered)
    return f".{method}({', '.join(parts)})"


def snake(text: str) -> str:
    """A snake_case identifier from a label or file name."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    words = re.sub(r"[^0-9a-zA-Z]+", "_", words).strip("_").lower()
    if not words:
        return ""
    return f"_{words}" if words[0].isdigit() else words


def check_source(path: str) -> None:
    """A NodeError for a path that is not a file or a folder of files: a pipe or a device
    (``/dev/stdin``, a FIFO) would block or never end while the schema is read."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return  # missing, or a glob or URL: the reader says what is wrong
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise NodeError(f"{path} is not a file (a pipe or a device); sources read files")


def file_identity(path: str) -> str:
    """Which bytes a source reads: path, size and mtime (a touched file means new data)."""
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{os.path.abspath(path)}:{st.st_size}:{st.st_mtime_ns}"


def path_var(path: str) -> str:
    """A variable name from a file name: ``data/orders.csv`` -> ``orders``."""
    return snake(os.path.basename(path).split(".")[0]) or "source"


def readable_overrides(overrides: dict[str, str], refused: Mapping[str, str]) -> dict[str, str]:
    """Refuse (at validation) schema overrides a reader cannot produce; ``refused`` maps each such
    dtype to a hint saying what to do instead."""
    for column, kind in overrides.items():
        if kind in refused:
            raise PydanticCustomError(
                "unreadable_dtype",
                "{column}: {dtype} {hint}",
                {"column": column, "dtype": kind, "hint": refused[kind]},
            )
    return overrides

"""How a node type recognises its own Polars code, so code can become a flow again.

A node type lists ``Reading``s: the method names (or ``pl`` function) its code is made of and a
function proposing settings from such calls. A proposal is never trusted: the parser renders the
proposed node and accepts it only when that code is the code that was read (arguments compared
after binding them to the Polars signature, so ``head(5)``, ``head(n=5)`` and ``head()`` agree).
Readers can therefore be simple and guess; a wrong guess only means the call stays code.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, get_args, get_origin

import polars as pl
from pydantic import BaseModel

NONE_FIELD: Any = object()  # a settings value meaning "leave this field at its default"


class Unmapped(Exception):
    """These calls are not in a form this node type can read."""


@dataclass(frozen=True)
class Candidate:
    """Proposed settings, and which argument expressions are further inputs (in port order,
    after the receiver for method patterns)."""

    settings: Mapping[str, Any]
    inputs: tuple[ast.expr, ...] = ()


@dataclass(frozen=True)
class Match:
    """Calls that a pattern's names matched: ``calls[0]`` is the ``pl`` function call for a
    source pattern, else the first method call on the receiver."""

    calls: tuple[ast.Call, ...]
    source: str = ""
    target: str | None = None  # the variable a statement assigns when the match ends its chain
    functions: Mapping[str, ast.FunctionDef] = field(default_factory=dict)

    def bound(self, i: int = 0) -> dict[str, Any]:
        """The arguments of call ``i`` by Polars parameter name, as written (no defaults)."""
        args = bind(self.calls[i], name_of(self.calls[i]))
        if args is None:
            raise Unmapped("arguments that do not fit the Polars signature")
        return dict(args.arguments)

    def text(self, node: ast.AST) -> str:
        """The source text of an expression as the user wrote it (laid out on one line when
        it spans several: expression text is one line)."""
        written = ast.get_source_segment(self.source, node)
        return written if written and "\n" not in written else ast.unparse(node)


Read = Callable[[Match], Iterator[Candidate]]


@dataclass(frozen=True)
class Reading:
    """``links``: the call names the code is made of, e.g. ``("group_by", "agg")`` or
    ``("pl.scan_csv",)``; ``renames`` maps a name as written to the name the node renders
    (``write_csv`` after a collect is ``sink_csv``); ``verify=False`` for readers that cannot be
    checked by rendering (they check themselves)."""

    links: tuple[str, ...]
    read: Read
    renames: Mapping[str, str] = field(default_factory=dict)
    verify: bool = True
    priority: int = 0


# -- signatures --------------------------------------------------------------------------------

_OWNERS: tuple[Any, ...] = (pl.LazyFrame, pl.lazyframe.group_by.LazyGroupBy, pl.DataFrame)


@cache
def signature(name: str) -> inspect.Signature | None:
    """The Polars signature of a frame method or ``pl.<function>`` (None when there is none)."""
    target: Any = None
    if name.startswith("pl."):
        target = getattr(pl, name[3:], None)
    else:
        for owner in _OWNERS:
            target = getattr(owner, name, None)
            if target is not None:
                break
    if target is None:
        return None
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if params and params[0].name == "self" and not name.startswith("pl."):
        sig = sig.replace(parameters=params[1:])
    return sig


def name_of(call: ast.Call) -> str:
    """``filter`` for a method call, ``pl.scan_csv`` for a pl function, else the callee text."""
    func = call.func
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id == "pl":
            return f"pl.{func.attr}"
        return func.attr
    return ast.unparse(func)


def bind(call: ast.Call, name: str) -> inspect.BoundArguments | None:
    """The call's argument expressions bound to the Polars signature of ``name``."""
    sig = signature(name)
    if sig is None:
        return None
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return None
    try:
        return sig.bind(*call.args, **{k.arg: k.value for k in call.keywords if k.arg})
    except TypeError:
        return None


# -- values ------------------------------------------------------------------------------------


def dtype_name(node: ast.expr) -> str | None:
    """``pl.Int64`` -> ``"Int64"``; ``pl.Decimal(38, 9)`` -> ``"Decimal"``; else None."""
    if isinstance(node, ast.Call) and not node.keywords:
        node = node.func
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "pl"
        and node.attr[:1].isupper()
    ):
        return node.attr
    return None


def value(node: ast.expr) -> Any:
    """A literal value (dtypes as their names); Unmapped for anything computed."""
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            raise Unmapped("a dict with **")
        return {value(k): value(v) for k, v in zip(node.keys, node.values, strict=True) if k}
    if isinstance(node, ast.List | ast.Tuple):
        return [value(e) for e in node.elts]
    kind = dtype_name(node)
    if kind is not None:
        return kind
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise Unmapped(f"not a literal: {ast.unparse(node)[:60]}") from None


def strings(node: Any) -> list[str]:
    """Column names given as one string, a list of strings, or several arguments."""
    if isinstance(node, tuple | list) and not isinstance(node, ast.AST):
        out: list[str] = []
        for item in node:
            out.extend(strings(item))
        return out
    got = value(node)
    items = got if isinstance(got, list) else [got]
    if not all(isinstance(i, str) for i in items):
        raise Unmapped("column names must be text")
    return items


def col_name(node: ast.expr) -> str:
    """``pl.col("a")`` -> ``"a"``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "col"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pl"
        and len(node.args) == 1
        and not node.keywords
    ):
        got = value(node.args[0])
        if isinstance(got, str):
            return got
    raise Unmapped("not pl.col(name)")


def method(node: ast.expr, name: str | None = None) -> tuple[ast.expr, str, ast.Call]:
    """``x.m(...)`` -> (x, "m", the call)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (name is None or node.func.attr == name)
    ):
        return node.func.value, node.func.attr, node
    raise Unmapped(f"not a .{name or 'method'}() call")


def keywords(call: ast.Call) -> dict[str, Any]:
    """A call's keyword arguments as literal values (positional arguments are refused)."""
    if call.args:
        raise Unmapped("positional arguments")
    return {k.arg: value(k.value) for k in call.keywords if k.arg}


# -- the reader most nodes need ----------------------------------------------------------------


def generic(
    settings: type[BaseModel],
    *,
    fields: Mapping[str, str] | None = None,
    inputs: Sequence[str] = (),
    skip: Sequence[str] = (),
    call: int = 0,
) -> Read:
    """Read a call whose Polars parameters are the node's settings fields (``fields`` renames
    some). Parameters not written take Polars' default, so a node whose defaults differ from
    Polars' reads back what Polars does; ``inputs`` are parameters that take frames."""
    renames = dict(fields or {})
    model = settings.model_fields

    def read(m: Match) -> Iterator[Candidate]:
        sig = signature(name_of(m.calls[call]))
        if sig is None:
            return
        given = m.bound(call)
        out: dict[str, Any] = {}
        frames: list[ast.expr] = []
        for name, param in sig.parameters.items():
            target = renames.get(name, name)
            if name in inputs:
                if name in given:
                    frames.append(given[name])
                continue
            if name in skip:
                continue
            if name not in given:
                default = param.default
                if target in model and _literal(default) and default is not None:
                    out[target] = list(default) if isinstance(default, tuple) else default
                continue
            raw = given[name]
            if param.kind is param.VAR_KEYWORD:
                if raw:
                    raise Unmapped(f"keyword arguments {', '.join(raw)}")
                continue
            if target not in model:
                raise Unmapped(f"the argument {name}")
            if param.kind is param.VAR_POSITIONAL:
                got: Any = strings(raw) if raw else []
            else:
                got = value(raw)
            if isinstance(got, str) and _is_list(model[target].annotation):
                got = [got]
            if isinstance(out.get(target), list) and name in given and isinstance(got, list):
                got = [*out[target], *got]  # columns, *more_columns
            out[target] = got
        yield Candidate(out, tuple(frames))

    return read


def _literal(v: Any) -> bool:
    if isinstance(v, list | tuple):
        return all(_literal(i) for i in v)
    return v is None or isinstance(v, str | int | float | bool)


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_is_list(a) for a in get_args(annotation))

"""Method chains as the parser sees them, and when two chains are the same code.

Two chains are the same when their calls have the same names and, bound to the Polars
signature, the same arguments (defaults filled in); arguments are compared as syntax trees.
Only the frame-level calls are bound: ``pl.col("a").head()`` inside an argument is compared
as written, since an expression method's defaults are not the frame method's.
"""

from __future__ import annotations

import ast
import copy
import inspect
import keyword
from collections.abc import Mapping
from typing import Any

from ..nodes._reading import bind, name_of

PLACEHOLDER = "__in{}__"


def split(expr: ast.expr) -> tuple[ast.expr, list[ast.Call]]:
    """``a.b(x).c(y)`` -> (``a``, [``a.b(x)``, ``a.b(x).c(y)``]): the base and its method calls,
    innermost first. A ``pl.<function>(...)`` call is a base, not a link."""
    links: list[ast.Call] = []
    node = expr
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "pl")
    ):
        links.append(node)
        node = node.func.value
    links.reverse()
    return node, links


def link_text(source: str, call: ast.Call) -> str:
    """``.b(x)`` of ``a.b(x)``, as written."""
    assert isinstance(call.func, ast.Attribute)
    whole = ast.get_source_segment(source, call)
    inner = ast.get_source_segment(source, call.func.value) if whole else None
    if whole and inner and whole.startswith(inner):
        return whole[len(inner) :].lstrip()
    bare = ast.Call(ast.Name("_"), call.args, call.keywords)
    return f".{call.func.attr}{ast.unparse(bare)[1:]}"


def substitute(node: Any, inputs: Mapping[int, int], receiver: str | None) -> Any:
    """A copy of ``node`` with the input expressions (by identity) and the receiver's variable
    replaced by placeholder names, so it can be compared with a rendering over placeholders."""
    if isinstance(node, list):
        return [substitute(n, inputs, receiver) for n in node]
    if not isinstance(node, ast.AST):
        return node
    if id(node) in inputs:
        return ast.Name(PLACEHOLDER.format(inputs[id(node)]), ast.Load())
    if isinstance(node, ast.Name) and receiver is not None and node.id == receiver:
        return ast.Name(PLACEHOLDER.format(0), ast.Load())
    new = copy.copy(node)
    for name, value in ast.iter_fields(node):
        setattr(new, name, substitute(value, inputs, receiver))
    return new


def rechain(base: ast.expr, calls: list[ast.Call], renames: Mapping[str, str]) -> ast.expr:
    """The calls applied to a new base (method names renamed)."""
    node = base
    for call in calls:
        assert isinstance(call.func, ast.Attribute)
        name = renames.get(call.func.attr, call.func.attr)
        node = ast.Call(ast.Attribute(node, name, ast.Load()), call.args, call.keywords)
    return node


def canonical(expr: ast.expr) -> tuple[Any, ...]:
    base, links = split(expr)
    head = _call(base) if isinstance(base, ast.Call) else ("expr", ast.dump(base))
    return (head, *(_call(link) for link in links))


def _call(call: ast.Call) -> tuple[Any, ...]:
    name = name_of(call)
    bound = bind(call, name)
    if bound is None:
        return (name, ast.dump(ast.Call(ast.Name("_"), call.args, call.keywords)))
    bound.apply_defaults()
    params = bound.signature.parameters
    kinds = {p.kind for p in params.values()}
    named = inspect.Parameter.VAR_POSITIONAL in kinds and inspect.Parameter.VAR_KEYWORD in kinds
    moved: list[tuple[str, Any]] = []
    args: list[tuple[str, Any]] = []
    for key, got in bound.arguments.items():
        kind = params[key].kind
        if kind is params[key].VAR_POSITIONAL:
            items = list(got)
            if len(items) == 1 and isinstance(items[0], ast.List | ast.Tuple):
                items = list(items[0].elts)  # Polars reads one list as the arguments
            if named:  # e.alias("x") is x=e where both forms are taken
                while items and (alias := _alias(items[-1])) is not None:
                    moved.insert(0, (alias, _arg(items.pop().func.value)))
            args.append((key, tuple(_arg(i) for i in items)))
        elif kind is params[key].VAR_KEYWORD:
            args.append((key, (*moved, *((k, _arg(v)) for k, v in got.items()))))
        else:
            args.append((key, _arg(got)))
    return (name, tuple(args))


def _alias(node: Any) -> str | None:
    """``x`` of ``e.alias("x")`` when x could be a keyword argument."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "alias"
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and node.args[0].value.isidentifier()
        and not keyword.iskeyword(node.args[0].value)
    ):
        return node.args[0].value
    return None


def _arg(got: Any) -> tuple[str, str]:
    if isinstance(got, ast.AST):
        try:
            return ("value", repr(ast.literal_eval(got)))
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return ("code", ast.dump(got))
    return ("value", repr(got))

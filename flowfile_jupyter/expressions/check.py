"""The checker: walks the syntax tree of expression text and gives every part a kind.

A name is looked up on the kind of value it is used on, never by its spelling alone: ``pl.<f>``
must be a listed expression function, ``<expr>.<m>`` a listed method of expressions (or of the
namespace or ``when/then`` builder it is used on), and the kind of the result comes from Polars'
own signature. Only expressions, literals and data types can be passed along, so no Series,
frame, iterator, module, function or class is ever reachable from expression text, and no
callable can be handed to Polars. Sizes that build data are checked on the way (``sizes``).
"""

from __future__ import annotations

import ast
import inspect
import math
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import polars as pl
from polars.expr.whenthen import ChainedThen, ChainedWhen, Then, When

from ..errors import NodeError
from . import api, bounds, literals, sizes
from .values import DTYPE, LITERAL, PL, UNKNOWN, Member, Value

EXPRESSIONS: tuple[type, ...] = (pl.Expr, Then, ChainedThen)
_NAMESPACES = api.namespace_classes()
_NAMESPACE_NAMES = {cls: name for name, cls in _NAMESPACES.items()}
_DTYPES = {name: getattr(pl, name) for name in api.DTYPES if hasattr(pl, name)}
_RETURNS: dict[str, type] = {
    "Expr": pl.Expr,
    "When": When,
    "Then": Then,
    "ChainedWhen": ChainedWhen,
    "ChainedThen": ChainedThen,
    "DataTypeExpr": pl.DataTypeExpr,
}
_UNIONS = {"Expr | Series", "Series | Expr", "Expr | bool | None"}  # bool: given a Series
# pl functions that name columns: pl.col("a"), pl.sum("a"), pl.len(), pl.first() ...
_COLUMNS = api.words(
    """
    col count first last nth all exclude sum mean median min max std var n_unique element
    approx_n_unique implode cum_sum cum_count head tail len field row_index quantile
    """
)
_OPERATORS = (
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Pow,
    ast.BitAnd,
    ast.BitOr,
    ast.BitXor,
)
_COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def check(tree: ast.Expression) -> Value:
    """The kind of the whole expression; a NodeError for the first thing not allowed."""
    value = _walk(tree.body)
    expression = isinstance(value.kind, type) and issubclass(value.kind, EXPRESSIONS)
    if not expression and value.kind is not LITERAL:
        raise NodeError(f"{_describe(value)} is not an expression")
    sizes.check_total(value.cost)
    return value


MAX_DEPTH = 100  # nested calls, attributes and brackets; far beyond any formula a person writes
_depth = threading.local()


def _walk(node: ast.AST) -> Value:
    """The node's value; deep nesting is refused before Python's recursion limit is near."""
    level = getattr(_depth, "level", 0)
    if level >= MAX_DEPTH:
        raise NodeError(f"the expression is nested more than {MAX_DEPTH} levels deep")
    _depth.level = level + 1
    try:
        return _value(node)
    finally:
        _depth.level = level


def _value(node: ast.AST) -> Value:
    match node:
        case ast.Constant(value=value):
            return _literal(value)
        case ast.Name(id=name):
            if name != "pl":
                raise NodeError(
                    f"unknown name '{name}': expressions start from pl "
                    f'(for a column write pl.col("{name}"))'
                )
            return Value(PL)
        case ast.Attribute(value=inner, attr=attr):
            if attr.startswith("_"):
                raise NodeError(f"'{attr}' is not allowed in an expression")
            return _member(_walk(inner), attr)
        case ast.Call(func=func, args=args, keywords=keywords):
            if not isinstance(func, ast.Attribute):
                raise NodeError("only pl functions and expression methods can be called")
            callee = _walk(func)
            positional = []
            for arg in args:
                if isinstance(arg, ast.Starred):
                    raise NodeError("*args is not allowed in an expression")
                positional.append(_walk(arg))
            named: dict[str, Value] = {}
            for kw in keywords:
                if kw.arg is None:
                    raise NodeError("**kwargs is not allowed in an expression")
                named[kw.arg] = _walk(kw.value)
            return _call(callee, positional, named)
        case ast.BinOp(left=left, op=op, right=right):
            return _binary(op, _walk(left), _walk(right))
        case ast.UnaryOp(op=op, operand=operand):
            return _unary(op, _walk(operand))
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            if len(comparators) > 1:
                raise NodeError("chained comparisons are ambiguous; use .is_between() or &")
            return _compare(ops[0], _walk(left), _walk(comparators[0]))
        case ast.BoolOp(op=op):
            symbol = "&" if isinstance(op, ast.And) else "|"
            word = "and" if isinstance(op, ast.And) else "or"
            raise NodeError(f"use {symbol} instead of '{word}' between expressions")
        case ast.List(elts=elts) | ast.Tuple(elts=elts) | ast.Set(elts=elts):
            return _container(node, [_walk(e) for e in elts])
        case ast.Dict(keys=keys, values=items):
            if any(k is None for k in keys):
                raise NodeError("**mapping is not allowed in an expression")
            return _mapping([_walk(k) for k in keys if k is not None], [_walk(v) for v in items])
        case ast.Subscript(value=inner, slice=index):
            return _subscript(_walk(inner), index)
        case ast.Lambda():
            raise NodeError("lambda is not allowed in an expression")
        case _:
            raise NodeError(f"{type(node).__name__} is not allowed in an expression")


# -- literals --------------------------------------------------------------------------------


def _literal(value: Any) -> Value:
    if value is None or isinstance(value, bool):
        return Value(LITERAL, const=value, cost=8, bound=float(bool(value)))
    if isinstance(value, int | float):
        return Value(LITERAL, const=value, cost=8, bound=_magnitude(value))
    if isinstance(value, str):
        return Value(LITERAL, const=value, cost=max(8, len(value.encode("utf-8", "replace"))))
    raise NodeError(f"literal {value!r} is not allowed in an expression")


def _magnitude(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int):
        return float(abs(value)) if value.bit_length() < 1000 else math.inf
    if isinstance(value, float):
        return None if math.isnan(value) else abs(value)
    return None


def _container(node: ast.AST, items: list[Value]) -> Value:
    for item in items:
        _require_passable(item)
    known = all(i.known for i in items)
    const: Any = UNKNOWN
    if known:
        consts = [i.const for i in items]
        if isinstance(node, ast.Tuple):
            const = tuple(consts)
        elif isinstance(node, ast.Set):
            try:
                const = set(consts)
            except TypeError:
                raise NodeError("a set can hold only text, numbers and booleans") from None
        else:
            const = consts
    return Value(
        LITERAL,
        const=const,
        data=any(i.data for i in items),
        cost=8 + sum(i.cost for i in items),
    )


def _mapping(keys: list[Value], items: list[Value]) -> Value:
    for key in keys:
        if key.kind is not LITERAL or not key.known:
            raise NodeError("the keys of a mapping must be text, numbers or booleans")
    for item in items:
        _require_passable(item)
    const: Any = UNKNOWN
    if all(i.known for i in items):
        try:
            const = {k.const: v.const for k, v in zip(keys, items, strict=True)}
        except TypeError:
            raise NodeError("the keys of a mapping must be text, numbers or booleans") from None
    return Value(
        LITERAL,
        const=const,
        data=any(i.data for i in items),
        cost=8 + sum(k.cost for k in keys) + sum(i.cost for i in items),
    )


# -- names -------------------------------------------------------------------------------------


def _member(owner: Value, attr: str) -> Value:
    if owner.kind is PL:
        return _pl_member(attr)
    kind = owner.kind
    if not isinstance(kind, type) or kind not in _allowed_classes():
        raise NodeError(f"'.{attr}' cannot be used on {_describe(owner)}")
    label = _label(kind)
    reason = api.REFUSED.get(f"{label}.{attr}")
    if reason is not None:
        called = "" if isinstance(inspect.getattr_static(kind, attr, None), property) else "()"
        raise NodeError(f".{attr}{called} {reason}")
    if attr not in _allowed(kind):
        if attr in dir(kind):
            raise NodeError(f".{attr} is not allowed in an expression ({_why_not(kind, attr)})")
        raise NodeError(f"{_owner(kind)} has no method .{attr}()")
    static = inspect.getattr_static(kind, attr)
    if isinstance(static, property):
        return _carry(owner, _NAMESPACES[attr])
    function = getattr(kind, attr)
    returns, union = _returns(function)
    return _carry(owner, Member(kind, attr, function, returns, union))


def _pl_member(attr: str) -> Value:
    if attr in _DTYPES:
        return Value(DTYPE, const=_DTYPES[attr], cost=1)
    if attr in api.FUNCTIONS:
        function = getattr(pl, attr)
        returns, union = _returns(function)
        return Value(Member(None, attr, function, returns, union))
    reason = api.REFUSED.get(f"pl.{attr}")
    if reason is not None:
        raise NodeError(f"pl.{attr}() {reason}")
    raise NodeError(f"pl.{attr} is not an expression function")


def _carry(owner: Value, kind: Any) -> Value:
    """A namespace or method of ``owner``: it keeps what is known about its receiver."""
    return Value(
        kind,
        const=owner.const,
        data=owner.data,
        cost=owner.cost,
        bound=owner.bound,
        plain=owner.plain,
    )


@lru_cache(maxsize=1)
def _allowed_classes() -> dict[type, frozenset[str]]:
    allowed: dict[type, frozenset[str]] = {pl.Expr: api.EXPR}
    for cls, names in api.WHEN_THEN.items():
        allowed[cls] = names | (api.EXPR if issubclass(cls, pl.Expr) else frozenset())
    for name, cls in _NAMESPACES.items():
        allowed[cls] = api.NAMESPACES[name]
    allowed[pl.DataTypeExpr] = api.DATA_TYPE_EXPR
    return allowed


def _allowed(kind: type) -> frozenset[str]:
    return _allowed_classes()[kind]


def _label(kind: type) -> str:
    if kind in _NAMESPACE_NAMES:
        return _NAMESPACE_NAMES[kind]
    if kind in (Then, ChainedThen):
        return "Expr"
    return kind.__name__


def _owner(kind: type) -> str:
    if kind in _NAMESPACE_NAMES:
        return f"the .{_NAMESPACE_NAMES[kind]} namespace"
    if kind in (When, ChainedWhen):
        return "pl.when(...)"
    if kind is pl.DataTypeExpr:
        return "a data type expression"
    return "an expression"


def _why_not(kind: type, attr: str) -> str:
    static = inspect.getattr_static(kind, attr)
    if isinstance(static, classmethod | staticmethod):
        return "it is not a method of the expression"
    try:
        returns, _ = _returns(getattr(kind, attr))
    except NodeError:
        returns = None
    if returns is None:
        return "it does not return an expression"
    return "it is not on the list of expression methods"


@lru_cache(maxsize=2048)
def _returns(function: Any) -> tuple[type | None, bool]:
    """The kind a Polars function returns, from its signature; and whether it is a union with
    Series (an expression unless ``eager=True``)."""
    target = function if inspect.isroutine(function) else type(function).__call__  # pl.col
    try:
        annotation = inspect.signature(target).return_annotation
    except (TypeError, ValueError):
        return None, False
    text = str(annotation).replace("pl.", "")
    if text in _UNIONS:
        return pl.Expr, True
    return _RETURNS.get(text), False


# -- calls -------------------------------------------------------------------------------------


def _call(callee: Value, args: list[Value], kwargs: dict[str, Value]) -> Value:
    if callee.kind is DTYPE:
        return _dtype(callee, args, kwargs)
    member = callee.kind
    if not isinstance(member, Member):
        raise NodeError(f"{_describe(callee)} cannot be called")
    for value in (*args, *kwargs.values()):
        _require_passable(value)
    where = _where(member)
    if member.returns is None:
        raise NodeError(f"{where} does not return an expression")
    if member.union and kwargs.get("eager", Value(LITERAL, const=False)).const is not False:
        raise NodeError(f"{where}: eager=True makes a Series; expressions stay lazy")
    receiver = callee if member.owner is not None else None
    parts = [*([receiver] if receiver else []), *args, *kwargs.values()]
    key = f"{'pl' if member.owner is None else _label(member.owner)}.{member.name}"
    bound_args = _bind(member, args, kwargs) if _needs_binding(key, member) else {}
    data = any(p.data for p in parts)
    cost = _cost(key, receiver, parts, bound_args, where)
    if member.owner is None and member.name in _COLUMNS and _names_columns(args):
        return Value(member.returns, data=True, cost=8, bound=1.0, plain=True)
    const: Any = UNKNOWN
    if key == "pl.lit" and args and args[0].known:
        const = args[0].const
    elif key in ("pl.date", "pl.datetime", "pl.time"):
        temporal = sizes.temporal_constant(member.name, bound_args)
        const = UNKNOWN if temporal is None else temporal
    return Value(
        member.returns,
        const=const,
        data=data,
        cost=int(min(cost, 2**62)),
        bound=bounds.of_call(key, receiver, args, kwargs),
        plain=_plain(member, receiver, parts),
    )


def _names_columns(args: Sequence[Value]) -> bool:
    """pl.col("a"), pl.col(pl.Int64), pl.sum("a", "b"), pl.nth(0): columns by name or type."""
    return all(a.kind is DTYPE or (a.kind is LITERAL and not a.data) for a in args)


def _needs_binding(key: str, member: Member) -> bool:
    return (
        key in sizes.GROWTH
        or key in sizes.INT_RANGES
        or member.name in sizes.TEMPORAL_RANGES
        or key in ("pl.date", "pl.datetime", "pl.time")
    )


def _bind(member: Member, args: list[Value], kwargs: dict[str, Value]) -> dict[str, Value]:
    """The arguments by parameter name, as Polars' signature reads them."""
    try:
        signature = inspect.signature(member.function)
        receiver = [None] if member.owner is not None else []
        bound = signature.bind(*receiver, *args, **kwargs)
    except TypeError as exc:
        raise NodeError(f"invalid expression: {_where(member)}: {exc}") from None
    return {k: v for k, v in bound.arguments.items() if isinstance(v, Value)}


def _cost(
    key: str, receiver: Value | None, parts: list[Value], args: dict[str, Value], where: str
) -> float:
    """Bytes the call can build while predicting."""
    base = float(8 + sum(p.cost for p in parts if p.kind is not DTYPE))
    cells = max((p.cost for p in parts if p.kind is DTYPE), default=1)
    base *= max(1, cells)
    growth = sizes.GROWTH.get(key)
    if key in sizes.INT_RANGES:
        return base + 8 * sizes.int_range_size(where, args)
    if key.startswith("pl.") and key[3:] in sizes.TEMPORAL_RANGES:
        count = sizes.range_count(key[3:], args)
        if count > sizes.MAX_SIZE:
            raise NodeError(
                f"{where}: the range can have {count:,.0f} values; the limit is "
                f"{sizes.MAX_SIZE:,} (use a longer interval)"
            )
        return base + 8 * count
    if growth is not None and growth.when(args):
        found = {n: sizes.check_size(where, n, args[n]) for n in growth.sizes if n in args}
        return float(growth.cost(int(base), args, found))
    if receiver is not None and (key in sizes.PER_ELEMENT or key in sizes.QUADRATIC):
        inner = max(1.0, (base - receiver.cost) / 8)
        scale = receiver.cost if key in sizes.PER_ELEMENT else receiver.cost**2 / 8
        return scale * inner
    return base


def _plain(member: Member, receiver: Value | None, parts: list[Value]) -> bool:
    """Straight from the columns: what a temporal range may start or end at."""
    if receiver is None or not receiver.plain or member.name in sizes.INTRODUCES_VALUES:
        return False
    others = parts[1:]
    return all(
        p.kind is DTYPE or (p.kind is LITERAL and isinstance(p.const, str | bool | type(None)))
        for p in others
    )


def _dtype(callee: Value, args: list[Value], kwargs: dict[str, Value]) -> Value:
    if not isinstance(callee.const, type):
        raise NodeError(f"{callee.const} is already a data type; it cannot be called")
    for value in (*args, *kwargs.values()):
        if value.kind not in (LITERAL, DTYPE) or not value.known:
            raise NodeError(
                "a data type takes only literals and data types, e.g. pl.List(pl.Int64)"
            )
    try:
        dtype = callee.const(*[a.const for a in args], **{k: v.const for k, v in kwargs.items()})
    except Exception as exc:
        raise NodeError(f"invalid data type: {exc}") from None
    cells = sizes.dtype_cells(dtype)
    if cells > sizes.MAX_SIZE:
        raise NodeError(
            f"{dtype} holds {cells:,} values in each row; the limit is {sizes.MAX_SIZE:,}"
        )
    return Value(DTYPE, const=dtype, cost=cells)


def _subscript(owner: Value, index: ast.AST) -> Value:
    kind = owner.kind
    if not (isinstance(kind, type) and "__getitem__" in _allowed_classes().get(kind, ())):
        raise NodeError(f"[...] cannot be used on {_describe(owner)}")
    if isinstance(index, ast.Slice):
        raise NodeError("slices are not supported here; use .list.slice(offset, length)")
    position = _walk(index)
    _require_passable(position)
    returns, _ = _returns(inspect.getattr_static(kind, "__getitem__"))
    if returns is None:
        raise NodeError(f"[...] on {_describe(owner)} does not give an expression")
    return Value(returns, data=owner.data, cost=owner.cost + position.cost)


# -- operators ---------------------------------------------------------------------------------


def _binary(op: ast.operator, left: Value, right: Value) -> Value:
    if left.kind is LITERAL and right.kind is LITERAL:
        if not (left.known and right.known):
            raise NodeError("arithmetic between two literals works on numbers only")
        return _literal_result(literals.binary(op, left.const, right.const), left, right)
    _require_operand(left)
    _require_operand(right)
    if not isinstance(op, _OPERATORS):
        raise NodeError(f"the operator {_symbol(op)} does not work on expressions")
    if isinstance(op, ast.Mod) and isinstance(left.const, str):
        # Python formats the text itself ("%999999999s" % ...): build text with Polars
        raise NodeError('text % ... is Python formatting; use pl.format("{}", ...)')
    return Value(
        pl.Expr,
        data=left.data or right.data,
        cost=8 + left.cost + right.cost,
        bound=bounds.of_operator(op, left, right),
    )


def _literal_result(value: Any, *parts: Value) -> Value:
    if isinstance(value, str):
        return _literal(value)
    if isinstance(value, list | tuple):
        return Value(LITERAL, const=value, cost=8 + sum(p.cost for p in parts))
    return _literal(value)


def _unary(op: ast.unaryop, operand: Value) -> Value:
    if isinstance(op, ast.Not):
        raise NodeError("use ~ instead of 'not' with expressions")
    if operand.kind is LITERAL:
        if not operand.known:
            raise NodeError(f"{_symbol(op)} works on numbers and expressions only")
        return _literal(literals.unary(op, operand.const))
    _require_operand(operand)
    return _carry(operand, pl.Expr)


def _compare(op: ast.cmpop, left: Value, right: Value) -> Value:
    if not isinstance(op, _COMPARISONS):
        hint = ".is_in([...])" if isinstance(op, ast.In | ast.NotIn) else ".is_null()"
        raise NodeError(f"{_symbol(op)} does not work on expressions; use {hint}")
    if left.kind is LITERAL and right.kind is LITERAL:
        if not (left.known and right.known):
            raise NodeError("comparing two literals: compare numbers with == != < <= > >=")
        return _literal(literals.compare(op, left.const, right.const))
    _require_operand(left)
    _require_operand(right)
    return Value(pl.Expr, data=left.data or right.data, cost=8 + left.cost + right.cost, bound=1.0)


def _symbol(op: ast.AST) -> str:
    symbols = {
        ast.MatMult: "@",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.In: "in",
        ast.NotIn: "not in",
        ast.Is: "is",
        ast.IsNot: "is not",
        ast.Invert: "~",
        ast.USub: "-",
        ast.UAdd: "+",
    }
    return symbols.get(type(op), type(op).__name__)


# -- what may be passed ------------------------------------------------------------------------


def _require_operand(value: Value) -> None:
    """Operators work on expressions and literals."""
    kind = value.kind
    if value.kind is LITERAL or (isinstance(kind, type) and issubclass(kind, EXPRESSIONS)):
        return
    raise NodeError(f"{_describe(value)} cannot be used with an operator")


def _require_passable(value: Value) -> None:
    """What a Polars function may receive: expressions, literals, data types."""
    kind = value.kind
    if kind in (LITERAL, DTYPE):
        return
    if isinstance(kind, type) and issubclass(kind, (*EXPRESSIONS, pl.DataTypeExpr)):
        return
    raise NodeError(f"{_describe(value)} cannot be passed to a function")


def _where(member: Member) -> str:
    if member.owner is None:
        return f"pl.{member.name}(...)"
    if member.owner in _NAMESPACE_NAMES:
        return f".{_NAMESPACE_NAMES[member.owner]}.{member.name}(...)"
    return f".{member.name}(...)"


def _describe(value: Value) -> str:
    kind = value.kind
    if kind is PL:
        return "pl by itself"
    if kind is DTYPE:
        return f"the data type {value.const}"
    if kind is LITERAL:
        return "a literal"
    if isinstance(kind, Member):
        return f"{_where(kind)[:-5]} without (...) (call it)"
    if kind in _NAMESPACE_NAMES:
        return f".{_NAMESPACE_NAMES[kind]} without a method after it"
    if kind in (When, ChainedWhen):
        return "pl.when(...) without .then(...)"
    if kind is pl.DataTypeExpr:
        return "a data type expression (use it in .cast(...))"
    return "an expression"

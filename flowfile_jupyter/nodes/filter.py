"""Keep the rows that match a condition: a basic form for people, expression text for the rest.

The basic form is one condition (column, operator, value) or a list of them joined by and / or,
where an entry may itself be a group of conditions (``(a and b) or (c and d)``). A condition
compares a column with a value (text, a number, true/false, or a typed date such as
``{"date": "1995-03-15"}``; in Python a ``datetime.date``), with another column (``other``),
or matches a regular expression; ``negate`` keeps the rows where it does not hold.

Prediction checks the basic form's value against the column's dtype: in Polars 2.1 comparing a
number column with text (or ``is_in`` with values of another type) passes ``collect_schema()``
and fails only when data is read.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import polars as pl
from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from ..errors import NODE_FAILURES, NodeError, first_line
from ._base import Code, Column, Expression, NodeType, Scope, Settings, col, expr, lit
from ._layout import LINE, arguments, wrapped
from ._narwhals import IN_FUNCTION, NwScope, Portable, nw_expr
from ._reading import Candidate, Match, Reading, Unmapped, col_name, method
from ._reading import value as literal
from ._row_order import uses_order
from ._schema_checks import require_columns

Operator = Literal[
    "==",
    "!=",
    ">",
    ">=",
    "<",
    "<=",
    "between",
    "is_in",
    "not_in",
    "is_null",
    "is_not_null",
    "contains",
    "starts_with",
    "ends_with",
    "matches",
]
Combine = Literal["and", "or"]
_COMPARE = {"==", "!=", ">", ">=", "<", "<="}
_TEXT = {"contains", "starts_with", "ends_with", "matches"}


class DateValue(Settings):
    """A date typed as a date (JSON: ``{"date": "1995-03-15"}``), not text."""

    date: dt.date


class DatetimeValue(Settings):
    """A date and time (JSON: ``{"datetime": "1995-03-15T10:30:00"}``)."""

    datetime: dt.datetime


Scalar = bool | int | float | str | DateValue | DatetimeValue | None
Value = Scalar | list[Scalar]


def _typed(value: Any) -> Any:
    """Python dates and date-times become typed values (a list's items too)."""
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, dt.datetime):
        return DatetimeValue(datetime=value)
    if isinstance(value, dt.date):
        return DateValue(date=value)
    return value


# How the canvas shows the value: typed as plain text, converted by the column's dtype, and
# shaped by the operator (two bounds, a list, or nothing).
_VALUE_FORM: JsonDict = {
    "x-typed-by": "column",
    "x-shape": {
        "other": {"*": "none"},  # compared with another column: no value to type
        "operator": {
            "between": "pair",
            "is_in": "list",
            "not_in": "list",
            "is_null": "none",
            "is_not_null": "none",
        },
    },
}


class Condition(Settings):
    column: Column = Field(description="The column to test")
    operator: Operator = "=="
    value: Value = Field(
        None,
        description="The value (a list for is_in/between; a date for a date column)",
        json_schema_extra=_VALUE_FORM,
    )
    other: Column | None = Field(None, description="Or compare with this column")
    negate: bool = Field(False, description="Keep the rows where the condition does not hold")

    @field_validator("value", mode="before")
    @classmethod
    def _typed_value(cls, value: Any) -> Any:
        return _typed(value)

    @model_validator(mode="after")
    def _value_or_column(self) -> Condition:
        _value_or_other(self.value, self.other)
        return self


class ConditionGroup(Settings):
    """Conditions in brackets: all of them (and) or any of them (or)."""

    model_config = ConfigDict(json_schema_extra={"title": "Group"})

    combine: Combine = Field("and", description="Keep rows that meet all its conditions, or any")
    # minItems only tells the form to ask for one: an empty group stays a node error (terms())
    conditions: list[Condition] = Field(
        default_factory=list, json_schema_extra={"x-add": "condition", "minItems": 1}
    )


class Filter(Settings):
    model_config = ConfigDict(
        json_schema_extra={
            "x-modes": [
                {
                    "title": "Basic",
                    "fields": ["column", "operator", "value", "other", "negate"],
                    "optional": ["other", "negate"],
                },
                {"title": "Conditions", "fields": ["combine", "conditions"]},
                {"title": "Expression", "fields": ["expr"]},
            ]
        }
    )

    expr: Expression | None = Field(None, description='Polars expression, e.g. pl.col("a") > 1')
    column: Column | None = Field(None, description="Basic form: the column to test")
    operator: Operator = "=="
    value: Value = Field(
        None,
        description="Basic form: the value (a list for is_in/between; a date for a date column)",
        json_schema_extra=_VALUE_FORM,
    )
    other: Column | None = Field(None, description="Basic form: or compare with this column")
    negate: bool = Field(False, description="Keep the rows where the condition does not hold")
    conditions: list[Condition | ConditionGroup] = Field(
        default_factory=list, description="Several conditions (or groups of them)"
    )
    combine: Combine = Field("and", description="Keep rows that meet all conditions, or any")

    @field_validator("value", mode="before")
    @classmethod
    def _typed_value(cls, value: Any) -> Any:
        return _typed(value)

    @model_validator(mode="after")
    def _one_form(self) -> Filter:
        forms = [self.expr is not None, self.column is not None, bool(self.conditions)]
        if sum(forms) > 1:
            raise ValueError("give one of: expr, column/operator/value, or conditions")
        _value_or_other(self.value, self.other)
        return self

    def leaves(self) -> list[Condition]:
        """Every condition of the basic form, groups opened."""
        found: list[Condition] = []
        if self.column is not None:
            found.append(_single(self))
        for c in self.conditions:
            found.extend(c.conditions if isinstance(c, ConditionGroup) else [c])
        return found


def _value_or_other(value: Any, other: str | None) -> None:
    if other is not None and value is not None:
        raise ValueError("compare with a value or with another column, not both")


def _single(s: Filter) -> Condition:
    assert s.column is not None
    return Condition(
        column=s.column, operator=s.operator, value=s.value, other=s.other, negate=s.negate
    )


def _values(c: Condition) -> list[Any]:
    """The values the condition compares with, in the shape its operator takes."""
    op, v = c.operator, c.value
    if op in _COMPARE:
        if v is None:
            raise NodeError(f"give a value to compare {c.column} with")
        return [v]
    if op == "between":
        if not isinstance(v, list) or len(v) != 2:
            raise NodeError("between needs two values: [low, high]")
        return list(v)
    if op in ("is_in", "not_in"):
        return v if isinstance(v, list) else [v]
    if op in _TEXT:
        if not isinstance(v, str):
            raise NodeError(f"{op} needs a text value")
        return [v]
    return []


def _literal(value: Any) -> str:
    if isinstance(value, DateValue):
        d = value.date
        return f"pl.date({d.year}, {d.month}, {d.day})"
    if isinstance(value, DatetimeValue):
        t = value.datetime
        parts = [t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond]
        while len(parts) > 3 and parts[-1] == 0:
            parts.pop()
        return f"pl.datetime({', '.join(str(p) for p in parts)})"
    return lit(value)


def _test(c: Condition) -> str:
    """One condition as expression text, before ``negate``."""
    column = col(c.column)
    op = c.operator
    if c.other is not None:
        if op not in _COMPARE:
            raise NodeError(f"{op} cannot compare two columns: use ==, !=, >, >=, < or <=")
        return f"{column} {op} {col(c.other)}"
    values = _values(c)
    if op in _COMPARE:
        return f"{column} {op} {_literal(values[0])}"
    if op in ("is_null", "is_not_null"):
        return f"{column}.{op}()"
    if op == "between":
        # plain strings would be read as column names: bounds are literals
        low, high = (f"pl.lit({lit(v)})" if isinstance(v, str) else _literal(v) for v in values)
        return f"{column}.is_between({low}, {high})"
    if op in ("is_in", "not_in"):
        if any(isinstance(v, DateValue | DatetimeValue) for v in values):
            raise NodeError("is_in takes text, numbers or booleans; for dates use between")
        test = f"{column}.is_in({lit(values)})"
        return f"~{test}" if op == "not_in" else test
    if op == "contains":
        return f"{column}.str.contains({lit(values[0])}, literal=True)"
    if op == "matches":
        return f"{column}.str.contains({lit(values[0])})"
    return f"{column}.str.{op}({lit(values[0])})"


def _atom(text: str) -> bool:
    """Whether text can stand next to ``&``, ``|`` or ``~`` without brackets."""
    body = ast.parse(text, mode="eval").body
    if isinstance(body, ast.UnaryOp) and isinstance(body.op, ast.Invert):
        return True
    return isinstance(body, ast.Call | ast.Attribute | ast.Name)


def _bracket(text: str) -> str:
    return text if _atom(text) else f"({text})"


def condition(c: Condition) -> str:
    text = _test(c)
    return f"~{_bracket(text)}" if c.negate else text


# A predicate: a condition's text, or an operator ("&", "|") joining predicates.
Term = str | tuple[str, list["Term"]]
_OPERATOR = {"and": "&", "or": "|"}


def _group(terms: list[Term], combine: Combine) -> Term:
    return terms[0] if len(terms) == 1 else (_OPERATOR[combine], terms)


def terms(s: Filter, say: Callable[[Condition], str] = condition) -> list[Term]:
    """The filter's predicates: several are all required (``.filter(a, b)`` is a and b).
    ``say``: a condition's text (Polars' by default)."""
    if s.expr is not None:
        return [expr(s.expr)]
    if s.column is not None:
        return [say(_single(s))]
    if not s.conditions:
        raise NodeError("choose a column (or write an expression)")
    found: list[Term] = []
    for c in s.conditions:
        if isinstance(c, ConditionGroup):
            if not c.conditions:
                raise NodeError("a group of conditions is empty: add one or remove the group")
            found.append(_group([say(x) for x in c.conditions], c.combine))
        else:
            found.append(say(c))
    return found if s.combine == "and" else [_group(found, "or")]


def _flat(term: Term) -> str:
    if isinstance(term, str):
        return term
    op, parts = term
    return f" {op} ".join(_operand_flat(p) for p in parts)


def _operand_flat(term: Term) -> str:
    return _bracket(term) if isinstance(term, str) else f"({_flat(term)})"


def _laid(term: Term, indent: int, deeper: int = 0) -> str:
    """The term on one line when it fits, else broken before each operator the way ruff lays
    out a long boolean expression (lines after the first start at ``indent``; ``deeper``: how
    much further in the program indents the whole code)."""
    flat = _flat(term)
    if isinstance(term, str):
        return wrapped(flat, indent, lead=1, deeper=deeper)  # the comma after it
    if indent + deeper + len(flat) < LINE:
        return flat
    op, parts = term
    pieces = []
    for k, part in enumerate(parts):
        text = _operand_flat(part)
        if isinstance(part, str):
            text = wrapped(text, indent, lead=2 if k else 0, deeper=deeper)
        elif indent + deeper + 2 + len(text) >= LINE:
            inner = " " * (indent + 4)
            text = f"(\n{inner}{_laid(part, indent + 4, deeper)}\n{' ' * indent})"
        pieces.append(text if k == 0 else f"{op} {text}")
    return ("\n" + " " * indent).join(pieces)


def predicate(s: Filter) -> str:
    """The filter's condition as one expression."""
    found = terms(s)
    return _flat(found[0]) if len(found) == 1 else _flat(("&", found))


def code(s: Filter, scope: Scope) -> Code:
    return Code(scope.input(0), (arguments(".filter", [_laid(t, 8) for t in terms(s)]),))


def input_order(s: Filter, ordered: bool) -> bool:
    """Rows stay in input order; only expression text can read the order (``shift``)."""
    return ordered or (s.expr is not None and uses_order(s.expr))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, DateValue):
        return "a date"
    if isinstance(value, DatetimeValue):
        return "a date and time"
    return f"a {type(value).__name__}"


def check_values(c: Condition, dtype: pl.DataType) -> None:
    """A NodeError when the condition's values cannot be compared with a column of ``dtype``."""
    name, op = c.column, c.operator
    if c.other is not None:
        return  # two columns: Polars checks their types when the plan runs on empty frames
    if op in _TEXT:
        if dtype != pl.String:
            raise NodeError(f'{op} needs a text column; "{name}" is {dtype}')
        if op == "matches":
            _check_pattern(str(c.value))
        return
    values = [v for v in _values(c) if v is not None]
    temporal = [isinstance(v, DateValue | DatetimeValue) for v in values]
    if dtype in (pl.Date, pl.Datetime) or isinstance(dtype, pl.Datetime):
        for value, ok in zip(values, temporal, strict=True):
            if not ok:
                raise NodeError(
                    f'"{name}" is a {dtype} column: give the value as a date, e.g. '
                    f'{{"date": "2024-01-31"}} (in Python datetime.date(2024, 1, 31)), '
                    f"not {_kind(value)}"
                )
        return
    if any(temporal):
        raise NodeError(f'"{name}" is a {dtype} column but the value is a date')
    if dtype.is_temporal():
        if values:
            raise NodeError(
                f'"{name}" is a {dtype} column: the basic form compares it with dates only; '
                "write an expression instead"
            )
        return
    if dtype.is_numeric():
        fits = [isinstance(v, int | float) and not isinstance(v, bool) for v in values]
    elif dtype == pl.Boolean:
        fits = [isinstance(v, bool) for v in values]
    elif dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum):
        fits = [isinstance(v, str) for v in values]
    else:
        return
    for value, ok in zip(values, fits, strict=True):
        if not ok:
            raise NodeError(
                f'"{name}" is a {dtype} column but the value {lit(value)} is {_kind(value)}'
            )
    if op in ("is_in", "not_in") and dtype.is_numeric():
        # Polars 2 refuses is_in between integers and floats without an explicit cast
        floats = any(isinstance(v, float) for v in values)
        if dtype.is_float() and values and not floats:
            shown = lit([float(v) for v in values])
            raise NodeError(f'"{name}" holds decimals ({dtype}): write the values as {shown}')
        if dtype.is_integer() and floats:
            raise NodeError(f'"{name}" holds integers ({dtype}): write the values without decimals')


def _check_pattern(pattern: str) -> None:
    """Polars compiles a pattern only when there are rows: check it now, on one row."""
    try:
        pl.select(pl.lit("").str.contains(pattern)).height  # noqa: B018
    except NODE_FAILURES as exc:
        raise NodeError(f"not a regular expression Polars reads: {first_line(exc)}") from None


def check(s: Filter, schemas: Sequence[pl.Schema]) -> None:
    """The basic form's columns must exist and its values must fit the columns' types (Polars
    would compare a number column with text only when data runs)."""
    if not schemas:
        return
    for c in s.leaves():
        require_columns(schemas[0], [c.column] + ([c.other] if c.other else []))
        check_values(c, schemas[0][c.column])


_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<="}
_JOINS: dict[type[ast.operator], Combine] = {ast.BitAnd: "and", ast.BitOr: "or"}


def _pl_call(node: ast.expr, name: str) -> ast.Call | None:
    """``node`` when it is ``pl.<name>(...)`` with positional arguments only."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pl"
        and not node.keywords
    ):
        return node
    return None


def _scalar(node: ast.expr) -> Any:
    """A value as ``_literal`` writes it: a literal, ``pl.date(...)`` or ``pl.datetime(...)``."""
    for name, kind in (("date", dt.date), ("datetime", dt.datetime)):
        found = _pl_call(node, name)
        if found is not None:
            parts = [literal(a) for a in found.args]
            if not all(isinstance(p, int) and not isinstance(p, bool) for p in parts):
                raise Unmapped(f"pl.{name} of computed parts")
            try:
                return _typed(kind(*parts))
            except (TypeError, ValueError):
                raise Unmapped(f"not a {name}") from None
    return literal(node)


def _bound(node: ast.expr) -> Any:
    """A between bound: a value, or ``pl.lit("text")``."""
    found = _pl_call(node, "lit")
    if found is not None and len(found.args) == 1:
        return literal(found.args[0])
    return _scalar(node)


def _compare(node: ast.Compare) -> dict[str, Any]:
    if len(node.ops) != 1 or type(node.ops[0]) not in _OPS:
        raise Unmapped("not one comparison")
    out: dict[str, Any] = {"column": col_name(node.left), "operator": _OPS[type(node.ops[0])]}
    right = node.comparators[0]
    try:
        out["other"] = col_name(right)
    except Unmapped:
        out["value"] = _scalar(right)
    return out


def _test_of(node: ast.expr, negated: bool) -> dict[str, Any]:
    """The condition ``_test`` writes as ``node`` (``negated``: it was written after ``~``)."""
    if isinstance(node, ast.Compare):
        return _compare(node)
    inner, name, call = method(node)
    if name in ("is_null", "is_not_null") and not call.args and not call.keywords:
        return {"column": col_name(inner), "operator": name}
    if name == "is_between" and len(call.args) == 2 and not call.keywords:
        bounds = [_bound(a) for a in call.args]
        return {"column": col_name(inner), "operator": "between", "value": bounds}
    if name == "is_in" and len(call.args) == 1 and not call.keywords:
        # ~x.is_in(...) is not_in: the operator, not a negated is_in
        operator = "not_in" if negated else "is_in"
        return {"column": col_name(inner), "operator": operator, "value": literal(call.args[0])}
    if isinstance(inner, ast.Attribute) and inner.attr == "str" and len(call.args) == 1:
        column, text = col_name(inner.value), literal(call.args[0])
        if name == "contains":
            literal_text = [literal(k.value) for k in call.keywords if k.arg == "literal"]
            operator = "contains" if literal_text == [True] else "matches"
            return {"column": column, "operator": operator, "value": text}
        if name in ("starts_with", "ends_with") and not call.keywords:
            return {"column": column, "operator": name, "value": text}
    raise Unmapped("not a basic test")


def _condition(node: ast.expr) -> dict[str, Any]:
    """One condition of the basic form, ``~`` read as ``negate`` (Unmapped when it is none)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        operand = node.operand
        with contextlib.suppress(Unmapped):
            found = _test_of(operand, negated=True)
            if found["operator"] == "not_in":
                return found
        inner = _condition(operand)
        if inner.get("negate"):
            raise Unmapped("a condition negated twice")
        return {**inner, "negate": True}
    return _test_of(node, negated=False)


def _joined(node: ast.expr) -> tuple[Combine, list[ast.expr]] | None:
    """``a | b | c`` -> ("or", [a, b, c]): the operands of a chain of one operator. ``(a | b)
    | c`` is the same syntax tree, but the brackets are written: a group, as ``_laid`` writes
    a group in a chain of its own operator."""
    if not isinstance(node, ast.BinOp) or type(node.op) not in _JOINS:
        return None
    op = type(node.op)
    parts: list[ast.expr] = []
    while True:
        parts.append(node.right)
        left = node.left
        if not (isinstance(left, ast.BinOp) and type(left.op) is op) or _bracketed(left, node):
            parts.append(left)
            return _JOINS[op], parts[::-1]
        node = left


def _bracketed(left: ast.expr, parent: ast.expr) -> bool:
    """Whether a left operand is written in brackets: then it starts after its parent does."""
    return (left.lineno, left.col_offset) != (parent.lineno, parent.col_offset)


def _entry(node: ast.expr) -> dict[str, Any]:
    """A condition, or a group of conditions joined by one operator."""
    joined = _joined(node)
    if joined is None:
        return _condition(node)
    combine, parts = joined
    return {"combine": combine, "conditions": [_condition(p) for p in parts]}


def _conditions(predicates: Sequence[ast.expr]) -> dict[str, Any]:
    """The conditions form: several predicates all hold; one chain of ``|`` is any of them."""
    if len(predicates) == 1:
        joined = _joined(predicates[0])
        if joined is not None and joined[0] == "or":
            return {"combine": "or", "conditions": [_entry(p) for p in joined[1]]}
    return {"conditions": [_entry(p) for p in predicates]}


def read(m: Match) -> Iterator[Candidate]:
    """One condition as the basic form, several (or groups of them) as conditions, anything
    else as the expression written."""
    call = m.calls[0]
    if call.keywords:
        raise Unmapped("constraints given as keywords")
    predicates = list(call.args)
    if len(predicates) == 1 and isinstance(predicates[0], ast.List):
        predicates = list(predicates[0].elts)  # Polars reads one list as the predicates
    if not predicates:
        raise Unmapped("no predicate")
    if len(predicates) == 1:
        with contextlib.suppress(Unmapped):
            yield Candidate(_condition(predicates[0]))
    with contextlib.suppress(Unmapped):
        yield Candidate(_conditions(predicates))
    if len(predicates) == 1:
        yield Candidate({"expr": m.text(predicates[0])})


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def _nw_condition(c: Condition) -> str:
    if c.other is None and c.operator == "is_not_null":  # Narwhals has is_null only
        test = f"{col(c.column)}.is_null()"
        return nw_expr(test if c.negate else f"~{test}")
    return nw_expr(condition(c))


def narwhals(s: Filter, scope: NwScope) -> Portable:
    found = [nw_expr(s.expr)] if s.expr is not None else terms(s, _nw_condition)
    laid = [_laid(t, 8, deeper=IN_FUNCTION) for t in found]
    return Portable(Code(scope.input(0), (arguments(".filter", laid),)))


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("filter",), read),),
    name="filter",
    category="transform",
    settings=Filter,
    code=code,
    narwhals=narwhals,
    keeps_columns=True,
    check=check,
    input_order=input_order,
    label="Filter",
    description="Keep rows where a condition holds",
    var_name="filtered",
    examples=(
        {"expr": 'pl.col("amount") > 100'},
        {"column": "region", "operator": "==", "value": "north"},
        {"column": "amount", "operator": "between", "value": [10, 200]},
        {"column": "region", "operator": "between", "value": ["east", "north"]},
        {"column": "region", "operator": "is_in", "value": ["north", "south"]},
        {"column": "region", "operator": "not_in", "value": ["east"]},
        {"column": "customer", "operator": "starts_with", "value": "c1"},
        {"column": "customer", "operator": "ends_with", "value": "3"},
        {"column": "customer", "operator": "contains", "value": "1"},
        {"column": "amount", "operator": "is_not_null"},
        {"column": "amount", "operator": "is_null"},
        {"column": "quantity", "operator": "!=", "value": 2},
        {"column": "quantity", "operator": ">=", "value": 3},
        {"column": "amount", "operator": "<", "value": 100.5},
        {"column": "order_date", "operator": ">=", "value": {"date": "2024-01-03"}},
        {
            "column": "order_date",
            "operator": "between",
            "value": [{"date": "2024-01-02"}, {"date": "2024-01-08"}],
        },
        {"column": "amount", "operator": ">", "other": "quantity"},
        {"column": "customer", "operator": "matches", "value": "^c[12]$", "negate": True},
        {
            "conditions": [
                {"column": "order_date", "operator": "<", "value": {"date": "2024-01-09"}},
                {"column": "amount", "operator": ">=", "other": "quantity"},
                {"column": "region", "operator": "starts_with", "value": "mid", "negate": True},
            ]
        },
        {
            "combine": "or",
            "conditions": [
                {
                    "conditions": [
                        {"column": "region", "operator": "==", "value": "north"},
                        {"column": "amount", "operator": "between", "value": [10, 100]},
                    ]
                },
                {
                    "combine": "or",
                    "conditions": [
                        {"column": "region", "operator": "is_in", "value": ["east"]},
                        {"column": "tags", "operator": "is_null"},
                    ],
                },
                {"column": "quantity", "operator": ">", "value": 4},
            ],
        },
        {
            "conditions": [
                {
                    "column": "order_date",
                    "operator": "between",
                    "value": [{"date": "2024-01-02"}, {"date": "2024-01-08"}],
                    "negate": True,
                },
                {"column": "customer", "operator": "is_not_null"},
                {
                    "column": "customer",
                    "operator": "is_in",
                    "value": [
                        "c1",
                        "c3",
                        "c4",
                        "c5",
                        "c6",
                        "c7",
                        "c8",
                        "c9",
                        "c10",
                        "c11",
                        "c12",
                        "c13",
                    ],
                },
            ]
        },
    ),
)

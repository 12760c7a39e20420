"""Free Polars code over the inputs, for what no other node does.

Inside the code ``df`` is the first input (a LazyFrame) and ``dfs`` the list of all inputs; the
code assigns ``output`` (a LazyFrame, or a DataFrame that is then made lazy). It becomes a
function in the generated program, so the code runs there exactly as it runs on the canvas.
It runs arbitrary Python, so a flow file holding one loads only with ``trust=True``.

Prediction runs the code over the real upstream plans (``needs_data``): lazy code only builds a
plan, which costs nothing, while code that collects may branch on the values (``.item()``,
``pivot``, ``row(0)``), where empty stand-in frames would predict the wrong schema or fail. Its
errors name the line of the code they come from.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from types import TracebackType

import polars as pl
from pydantic import Field

from ..errors import NodeError, first_line
from ._base import Code, NodeType, Scope, Settings, snake
from ._reading import Candidate, Match, Reading, Unmapped

LINE = 88
_FILE = "<polars code>"
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class PolarsCode(Settings):
    code: str = Field(
        "output = df",
        description=(
            "Python code: df is the first input (a LazyFrame), dfs the list of all inputs; "
            "assign the result to output"
        ),
        # x-expression: the canvas edits it in a monospace text area
        json_schema_extra={"x-expression": True, "x-language": "python"},
    )


def parse(text: str) -> ast.Module:
    """The user's code as a tree; a NodeError with the line when it cannot work."""
    try:
        tree = ast.parse(text, _FILE)
        compile(tree, _FILE, "exec")
    except SyntaxError as exc:
        hint = ""
        if "outside function" in exc.msg:
            hint = " (assign the result to output instead)"
        raise NodeError(f"syntax error on line {exc.lineno}: {exc.msg}{hint}") from None
    if not any(_assigns_output(stmt) for stmt in tree.body):
        raise NodeError("the code must assign its result to output, e.g. output = df")
    return tree


def _assigns_output(node: ast.AST) -> bool:
    if isinstance(node, ast.Name) and node.id == "output" and isinstance(node.ctx, ast.Store):
        return True
    if isinstance(node, _SCOPES):  # an assignment in a nested function is not ours
        return False
    return any(_assigns_output(child) for child in ast.iter_child_nodes(node))


def _string_lines(tree: ast.Module) -> set[int]:
    """Lines that continue a multi-line string literal: indenting them would change the text."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
        )
        if is_text and isinstance(node, ast.expr) and (node.end_lineno or 0) > node.lineno:
            inside.update(range(node.lineno + 1, (node.end_lineno or 0) + 1))
    return inside


def function_name(scope: Scope) -> str:
    return f"{snake(scope.name) or 'polars'}_code"


def _header(name: str) -> list[str]:
    one = f"def {name}(df: pl.LazyFrame, dfs: list[pl.LazyFrame]) -> pl.LazyFrame:"
    if len(one) <= LINE:
        return [one]
    return [f"def {name}(", "    df: pl.LazyFrame, dfs: list[pl.LazyFrame]", ") -> pl.LazyFrame:"]


def _body(text: str, tree: ast.Module) -> Iterator[str]:
    keep = _string_lines(tree)
    for number, line in enumerate(text.rstrip().split("\n"), start=1):
        yield line if number in keep or not line.strip() else f"    {line}"


def code(s: PolarsCode, scope: Scope) -> Code:
    if not scope.inputs:
        raise NodeError("connect at least one input")
    tree = parse(s.code)
    name = function_name(scope)
    setup = "\n".join([*_header(name), *_body(s.code, tree), "    return output.lazy()"])
    return Code(f"{name}({scope.input(0)}, [{', '.join(scope.inputs)}])", (), setup + "\n")


def predict(s: PolarsCode, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    rendered = code(s, scope)
    env = {"pl": pl, **dict(zip(scope.inputs, frames, strict=True))}
    try:
        exec(compile(rendered.setup, _FILE, "exec"), env)
        frame = eval(rendered.text, env)
    except NodeError:
        raise
    except Exception as exc:
        header = len(_header(function_name(scope)))
        raise NodeError(_located(exc, header, rendered.setup.count("\n"))) from None
    if not isinstance(frame, pl.LazyFrame):
        raise NodeError(f"output must be a Polars LazyFrame or DataFrame, not {_kind(frame)}")
    return frame.collect_schema()


def _located(exc: Exception, header: int, last: int) -> str:
    """The error, with the line of the user's code it came from when there is one."""
    ours: TracebackType | None = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _FILE and tb.tb_frame.f_code.co_name != "<module>":
            ours = tb
        tb = tb.tb_next
    message = first_line(exc)
    if ours is None:
        return message
    if ours.tb_lineno == last:  # the return line that we added
        if "output" not in ours.tb_frame.f_locals:
            return "the code did not assign output (is it assigned only under a condition?)"
        value = ours.tb_frame.f_locals["output"]
        return f"output must be a Polars LazyFrame or DataFrame, not {_kind(value)}"
    return f"line {ours.tb_lineno - header}: {message}"


def _kind(value: object) -> str:
    kind = type(value)
    module = kind.__module__.split(".")[0]
    return kind.__name__ if module == "builtins" else f"{module} {kind.__name__}"


def read(m: Match) -> Iterator[Candidate]:
    """A call of the function code generation writes for this node: ``f(a, [a, b])`` with
    ``def f(df, dfs): <code> return output.lazy()``. Checked here: the function must be the
    one this node writes for that code."""
    call = m.calls[0]
    function = m.functions.get(ast.unparse(call.func))
    if function is None or len(call.args) != 2 or call.keywords:
        raise Unmapped("not a call of a code function")
    first, listed = call.args
    if not isinstance(listed, ast.List) or not listed.elts:
        raise Unmapped("inputs are not a list")
    if ast.dump(first) != ast.dump(listed.elts[0]):
        raise Unmapped("the first input is not df")
    lines = m.source.split("\n")
    header = max(getattr(n, "end_lineno", 0) or 0 for n in [function.args, function.returns] if n)
    keep = _string_lines(ast.Module(function.body, []))
    body = []
    for number in range(header + 1, function.body[-1].lineno):
        line = lines[number - 1]
        body.append(line if number in keep or not line.startswith("    ") else line[4:])
    text = "\n".join(body).strip("\n")
    names = tuple(f"in_{i}" for i in range(len(listed.elts)))
    try:
        rendered = code(PolarsCode(code=text), Scope(names, function.name[: -len("_code")]))
        mine = ast.parse(rendered.setup).body[0]
    except Exception:
        raise Unmapped("the function is not one this node writes") from None
    assert isinstance(mine, ast.FunctionDef)
    mine.name = function.name
    if ast.dump(mine) != ast.dump(function):
        raise Unmapped("the function is not one this node writes")
    yield Candidate({"code": text}, tuple(listed.elts))


NODE = NodeType(
    readings=(Reading(("def",), read, verify=False),),
    name="polars_code",
    category="transform",
    settings=PolarsCode,
    code=code,
    predict=predict,
    needs_data=True,
    trusted_only=True,
    label="Polars code",
    description="Run your own Polars code: df is the first input, dfs all; assign output",
    inputs=("input",),
    variadic=True,
    var_name="custom",
    examples=(
        {},
        {"code": 'output = df.filter(pl.col("amount") > 100).with_columns(big=pl.lit(True))'},
        {
            "code": (
                "# the second input's customers, marked\n"
                'seen = dfs[1].select("customer").unique()\n'
                'joined = df.join(seen.with_columns(seen=pl.lit(True)), on="customer")\n'
                "\n"
                'output = joined.collect().sort("order_id")\n'
            )
        },
        {
            "code": (
                'note = """first line\n'
                '  second line"""\n'
                'top = df.select(pl.col("amount").max()).collect().item()\n'
                "output = df.with_columns(top=pl.lit(top), note=pl.lit(note))"
            )
        },
    ),
)

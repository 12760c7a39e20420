"""Query the inputs with SQL: Polars' SQLContext.

Tables: the first input is ``df`` and the next ones ``df1``, ``df2``, ... -- the same numbering
as ``dfs[1]``, ``dfs[2]`` in the Polars code node. In a flow that is not trusted (loaded from a
file without ``trust=True``) the query may read only those tables (``_sql_reads``): Polars SQL's
table functions read any file. Prediction evaluates the rendered code like
every node, adds the table names to Polars' message when a query names an unknown one, and runs
the query over the empty inputs: Polars resolves some type errors in SQL (``WHERE region > 5``)
only when a plan executes, not in ``collect_schema()``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import polars as pl
from pydantic import Field, field_validator

from ..deadline import collect_within
from ..errors import NodeError, first_line
from ._base import Code, NodeType, Scope, Settings, lit
from ._layout import arguments
from ._reading import Candidate, Match, Reading, Unmapped, value
from ._schema_checks import evaluate
from ._sql_reads import confine


class Sql(Settings):
    query: str = Field(
        "SELECT * FROM df",
        description="One SQL statement; the inputs are tables df, df1, df2, ...",
        # x-expression: the canvas edits it in a monospace text area
        json_schema_extra={"x-expression": True, "x-language": "sql"},
    )

    @field_validator("query")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("write a SQL query, e.g. SELECT * FROM df")
        return value


def table_names(count: int) -> list[str]:
    return ["df", *(f"df{i}" for i in range(1, count))]


def query_literal(query: str) -> str:
    """The query as Python text: triple-quoted when it spans lines and that is safe."""
    text = query.strip()
    if "\n" in text and '"""' not in text and "\\" not in text and not text.endswith('"'):
        return f'"""{text}"""'
    return lit(text)


def code(s: Sql, scope: Scope) -> Code:
    tables = ", ".join(
        f"{table}={name}"
        for table, name in zip(table_names(len(scope.inputs)), scope.inputs, strict=True)
    )
    execute = arguments(".execute", [query_literal(s.query), "eager=False"])
    return Code(f"pl.SQLContext({tables})", (execute,))


def predict(s: Sql, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    if not scope.trusted:
        confine(s.query, table_names(len(frames)))
    try:
        frame = evaluate(code(s, scope), frames, scope)
        schema = frame.collect_schema()
        collect_within(frame)  # the inputs are empty here: this only checks the types
        return schema
    except pl.exceptions.SQLInterfaceError as exc:
        message = first_line(exc)
        if message.startswith("relation ") and message.endswith("was not found"):
            tables = ", ".join(table_names(len(frames)))
            message += f" (the inputs are tables {tables})"
        raise NodeError(message) from None


def read(m: Match) -> Iterator[Candidate]:
    """``pl.SQLContext(df=a, df1=b).execute(query, eager=False)``: the tables are the inputs."""
    context, execute = m.calls
    names = [k.arg for k in context.keywords]
    if context.args or names != table_names(len(names)) or not execute.args:
        raise Unmapped("tables other than df, df1, ...")
    query = value(execute.args[0])
    if not isinstance(query, str):
        raise Unmapped("a query that is not text")
    yield Candidate({"query": query}, tuple(k.value for k in context.keywords))


NODE = NodeType(
    readings=(Reading(("pl.SQLContext", "execute"), read),),
    name="sql",
    category="transform",
    settings=Sql,
    code=code,
    predict=predict,
    label="SQL",
    description="Query the inputs with SQL: tables df (first input), df1, df2, ...",
    inputs=("input",),
    variadic=True,
    var_name="queried",
    examples=(
        {},
        {"query": "SELECT region, SUM(amount) AS total FROM df GROUP BY region"},
        {
            "query": (
                "SELECT df.order_id, df.region, df1.amount AS other_amount\n"
                "FROM df\n"
                "JOIN df1 ON df.order_id = df1.order_id\n"
                "WHERE df.amount > 100"
            )
        },
    ),
)

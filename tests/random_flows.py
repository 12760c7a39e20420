"""Random flows for property tests: generated frames, random steps of every kind, and a flow
over two Parquet sources to grow them on."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import strategies as st

from flowfile_jupyter import Flow
from flowfile_jupyter.nodes import catalog

NUMERIC = (pl.Int64, pl.Float64)
AGGS = ["sum", "mean", "min", "max", "count", "n_unique", "first", "last", "median"]

frames = (
    st.integers(min_value=0, max_value=12)
    .flatmap(
        lambda n: st.fixed_dictionaries(
            {
                "key": st.lists(st.sampled_from(["a", "b", "c", None]), min_size=n, max_size=n),
                "x": st.lists(st.integers(-50, 50) | st.none(), min_size=n, max_size=n),
                "y": st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=n, max_size=n),
                "tag": st.lists(st.sampled_from(["p", "q"]), min_size=n, max_size=n),
                "day": st.lists(
                    st.dates(dt.date(2024, 1, 1), dt.date(2024, 1, 20)) | st.none(),
                    min_size=n,
                    max_size=n,
                ),
            }
        )
    )
    .map(
        lambda d: pl.DataFrame(
            d,
            schema={
                "key": pl.String,
                "x": pl.Int64,
                "y": pl.Float64,
                "tag": pl.String,
                "day": pl.Date,
            },
        )
    )
)

OPERATORS = [">", "<=", "==", "!="]


def _numeric(schema: pl.Schema) -> list[str]:
    return [c for c, t in schema.items() if t in NUMERIC]


def _strings(schema: pl.Schema) -> list[str]:
    return [c for c, t in schema.items() if t == pl.String]


def _dates(schema: pl.Schema) -> list[str]:
    return [c for c, t in schema.items() if t == pl.Date]


def random_condition(data: st.DataObject, schema: pl.Schema) -> dict[str, Any]:
    """One condition of the filter's basic form that fits the schema."""
    nums, strs, dates = _numeric(schema), _strings(schema), _dates(schema)
    kinds = ["null"] + ["number", "columns"] * bool(nums) + ["text", "regex"] * bool(strs)
    kinds += ["date"] * bool(dates)
    kind = data.draw(st.sampled_from(kinds))
    negate = data.draw(st.booleans())
    if kind == "number":
        op = data.draw(st.sampled_from([*OPERATORS, "between"]))
        value: Any = data.draw(st.integers(-20, 20))
        if op == "between":
            value = sorted([value, data.draw(st.integers(-20, 20))])
        column = data.draw(st.sampled_from(nums))
        return {"column": column, "operator": op, "value": value, "negate": negate}
    if kind == "columns":
        left, right = data.draw(st.sampled_from(nums)), data.draw(st.sampled_from(nums))
        op = data.draw(st.sampled_from(OPERATORS))
        return {"column": left, "operator": op, "other": right, "negate": negate}
    if kind == "text":
        op = data.draw(st.sampled_from(["==", "is_in", "starts_with", "contains"]))
        value = data.draw(st.sampled_from(["a", "b", "p"]))
        value = [value] if op == "is_in" else value
        column = data.draw(st.sampled_from(strs))
        return {"column": column, "operator": op, "value": value, "negate": negate}
    if kind == "regex":
        pattern = data.draw(st.sampled_from(["^[ab]", "q$", "a|p", "."]))
        column = data.draw(st.sampled_from(strs))
        return {"column": column, "operator": "matches", "value": pattern, "negate": negate}
    if kind == "date":
        op = data.draw(st.sampled_from([*OPERATORS, "between"]))
        day = data.draw(st.dates(dt.date(2024, 1, 1), dt.date(2024, 1, 20)))
        value = [day, day + dt.timedelta(days=5)] if op == "between" else day
        column = data.draw(st.sampled_from(dates))
        return {"column": column, "operator": op, "value": value, "negate": negate}
    column = data.draw(st.sampled_from(list(schema)))
    op = data.draw(st.sampled_from(["is_null", "is_not_null"]))
    return {"column": column, "operator": op, "negate": negate}


def random_filter(data: st.DataObject, schema: pl.Schema) -> dict[str, Any]:
    """Several conditions, or groups of them, joined by and / or."""
    entries: list[dict[str, Any]] = []
    for _ in range(data.draw(st.integers(1, 3))):
        if data.draw(st.booleans()):
            entries.append(random_condition(data, schema))
        else:
            entries.append(
                {
                    "combine": data.draw(st.sampled_from(["and", "or"])),
                    "conditions": [
                        random_condition(data, schema) for _ in range(data.draw(st.integers(1, 3)))
                    ],
                }
            )
    return {"conditions": entries, "combine": data.draw(st.sampled_from(["and", "or"]))}


def random_aggs(data: st.DataObject, nums: list[str], k: int) -> list[dict[str, Any]]:
    """Aggregations of a column, or written as expressions, each with its own name."""
    aggs: list[dict[str, Any]] = []
    for i in range(data.draw(st.integers(1, 3))):
        column = data.draw(st.sampled_from(nums))
        if data.draw(st.booleans()):
            aggs.append({"column": column, "agg": data.draw(st.sampled_from(AGGS))})
        else:
            other = data.draw(st.sampled_from(nums))
            text = data.draw(
                st.sampled_from(
                    [
                        f'(pl.col("{column}") * pl.col("{other}")).sum()',
                        f'0.5 * pl.col("{column}").mean()',
                        f'pl.col("{column}").max() - pl.col("{other}").min()',
                        f'pl.col("{column}").first()',
                        "pl.len()",
                    ]
                )
            )
            aggs.append({"expr": text})
        aggs[-1]["alias"] = f"agg_{k}_{i}"
    return aggs


def add_random_step(flow: Flow, data: st.DataObject, counter: list[int]) -> None:
    """Add one node whose settings are valid for its input's predicted schema."""
    valid = [
        nid
        for nid in flow.nodes
        if nid not in flow.errors and catalog()[flow.nodes[nid].type].sink is None
    ]
    src = data.draw(st.sampled_from(valid))
    schema = flow.schema(src)
    nums, strs = _numeric(schema), _strings(schema)
    have = set(catalog())
    choices = ["filter", "conditions"]
    if strs and nums:
        choices.append("group_by")
    if nums:
        choices.append("aggregate")
    if "with_columns" in have and nums:
        choices.append("with_columns")
    if "sort" in have:
        choices.append("sort")
    if "select" in have:
        choices.append("select")
    if "head" in have:
        choices.append("head")
    if "unique" in have:
        choices.append("unique")
    others = [n for n in valid if n != src and set(strs) & set(_strings(flow.schema(n)))]
    if others:
        choices.append("join")
    if "union" in have:
        same = [n for n in valid if n != src and flow.schema(n) == schema]
        if same:
            choices.append("union")
    kind = data.draw(st.sampled_from(choices))
    counter[0] += 1
    k = counter[0]
    if kind == "filter":
        if nums:
            column = data.draw(st.sampled_from(nums))
            op = data.draw(st.sampled_from([">", "<=", "==", "!="]))
            flow.add(
                "filter", src, column=column, operator=op, value=data.draw(st.integers(-20, 20))
            )
        else:
            column = data.draw(st.sampled_from(list(schema)))
            flow.add("filter", src, column=column, operator="is_not_null")
    elif kind == "conditions":
        flow.add("filter", src, **random_filter(data, schema))
    elif kind == "group_by":
        by = data.draw(st.sampled_from(strs))
        order = data.draw(st.sampled_from([None, True]))
        flow.add("group_by", src, by=[by], aggs=random_aggs(data, nums, k), maintain_order=order)
    elif kind == "aggregate":  # no keys: one row
        flow.add("group_by", src, by=[], aggs=random_aggs(data, nums, k))
    elif kind == "with_columns":
        column = data.draw(st.sampled_from(nums))
        flow.add(
            "with_columns",
            src,
            columns=[{"name": f"c_{k}", "expr": f'pl.col("{column}") * 2 + {k}'}],
        )
    elif kind == "sort":
        flow.add(
            "sort",
            src,
            by=[
                {
                    "column": data.draw(st.sampled_from(list(schema))),
                    "descending": data.draw(st.booleans()),
                }
            ],
            # a stable sort: after an unstable one, a head may keep different tied rows on
            # each run (the order of ties is not observable by the rule in engine/order.py)
            maintain_order=True,
        )
    elif kind == "select":
        cols = data.draw(st.lists(st.sampled_from(list(schema)), min_size=1, unique=True))
        rows: list[dict[str, Any]] = [{"column": c} for c in cols]
        if nums and data.draw(st.booleans()):
            column = data.draw(st.sampled_from(nums))
            rows.append({"expr": f'pl.col("{column}") * 2 - 1', "rename": f"s_{k}"})
        flow.add("select", src, columns=rows)
    elif kind == "head":
        flow.add("head", src, n=data.draw(st.integers(0, 5)))
    elif kind == "unique":
        flow.add(
            "unique", src, subset=data.draw(st.lists(st.sampled_from(list(schema)), unique=True))
        )
    elif kind == "join":
        other = data.draw(st.sampled_from(others))
        key = data.draw(st.sampled_from(sorted(set(strs) & set(_strings(flow.schema(other))))))
        how = data.draw(st.sampled_from(["inner", "left", "semi", "anti", "full"]))
        order = data.draw(st.sampled_from([None, None, "left", "right", "left_right"]))
        flow.add("join", src, other, on=[key], how=how, suffix=f"_r{k}", maintain_order=order)
    elif kind == "union":
        other = data.draw(
            st.sampled_from([n for n in valid if n != src and flow.schema(n) == schema])
        )
        flow.add("union", src, other)


@contextmanager
def two_sources(frame: pl.DataFrame, other: pl.DataFrame) -> Iterator[tuple[Flow, Path]]:
    """A flow reading ``frame`` and ``other`` from Parquet files in a directory of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.parquet", Path(tmp) / "b.parquet"
        frame.write_parquet(a)
        other.write_parquet(b)
        flow = Flow("random", namespace={})
        flow.add("read_parquet", path=str(a))
        flow.add("read_parquet", path=str(b))
        yield flow, Path(tmp)


def grow(
    flow: Flow,
    data: st.DataObject,
    most: int,
    keep: Callable[[Flow, set[str]], bool] | None = None,
) -> None:
    """Add 1..``most`` random steps; a step ``keep`` refuses (given its new nodes) is undone."""
    counter = [0]
    for _ in range(data.draw(st.integers(1, most))):
        before = set(flow.nodes)
        add_random_step(flow, data, counter)
        if keep is not None and not keep(flow, set(flow.nodes) - before):
            flow.undo()

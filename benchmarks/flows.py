"""The benchmarked flows, each with the plain Polars program it is compared against."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from flowfile_jupyter import Flow
from flowfile_jupyter.engine.cache import Cache

AGGS = [
    {"column": "qty", "agg": "sum", "alias": "qty_sum"},
    {"column": "value", "agg": "mean", "alias": "value_mean"},
]


def dev_flow(csv: Path, cache: Cache) -> tuple[Flow, dict[str, str]]:
    """read_csv -> filter -> group_by -> sort, the flow of benchmarks 1-3."""
    flow = Flow("bench", namespace={})
    flow.cache = cache
    ids = {"read": flow.add("read_csv", path=str(csv))}
    ids["filter"] = flow.add("filter", ids["read"], expr='pl.col("value") > 500')
    ids["group"] = flow.add("group_by", ids["filter"], by=["category"], aggs=AGGS)
    ids["sort"] = flow.add("sort", ids["group"], by=[{"column": "category"}])
    assert flow.errors == {}, flow.errors
    return flow, ids


def plain_chain(lf: pl.LazyFrame, cut: float) -> pl.LazyFrame:
    """The same four steps, written by hand (the group_by node keeps group order)."""
    return (
        lf.filter(pl.col("value") > cut)
        .group_by("category", maintain_order=True)
        .agg(pl.col("qty").sum().alias("qty_sum"), pl.col("value").mean().alias("value_mean"))
        .sort("category")
    )


def perf_flow(parquet: Path, regions: Path, out: Path) -> Flow:
    """12 nodes: two reads, filters, formulas, a join, a group_by, sort, head, select, write."""
    flow = Flow("perf", namespace={})
    sales = flow.add("read_parquet", path=str(parquet))
    regs = flow.add("read_csv", path=str(regions))
    big = flow.add("filter", sales, expr='pl.col("value") > 100')
    calc = flow.add(
        "with_columns",
        big,
        columns=[
            {"name": "amount", "expr": 'pl.col("value") * pl.col("qty")'},
            {
                "name": "band",
                "expr": 'pl.when(pl.col("qty") > 50).then(pl.lit("high")).otherwise(pl.lit("low"))',
            },
        ],
    )
    joined = flow.add("join", calc, regs, on=["region"], how="left")
    some = flow.add("filter", joined, expr='pl.col("qty") >= 5')
    share = flow.add(
        "with_columns",
        some,
        columns=[{"name": "share", "expr": 'pl.col("amount") / pl.col("target")'}],
    )
    grouped = flow.add(
        "group_by",
        share,
        by=["category", "band"],
        aggs=[
            {"column": "amount", "agg": "sum", "alias": "total"},
            {"column": "value", "agg": "mean", "alias": "avg_value"},
            {"column": "share", "agg": "max", "alias": "top_share"},
            {"column": "id", "agg": "count", "alias": "orders"},
        ],
    )
    ordered = flow.add("sort", grouped, by=[{"column": "total", "descending": True}])
    top = flow.add("head", ordered, n=100)
    picked = flow.add(
        "select",
        top,
        columns=[
            {"column": "category"},
            {"column": "band"},
            {"column": "total", "rename": "total_amount"},
            {"column": "orders"},
            {"column": "top_share"},
        ],
    )
    flow.add("write_parquet", picked, path=str(out))
    assert len(flow) == 12 and flow.errors == {}, flow.errors
    return flow


def plain_perf(parquet: Path, regions: Path, out: Path | None) -> pl.LazyFrame | None:
    """The same 12 steps as one hand-written Polars program, with the same semantics: the join
    node keeps the left frame's row order, as a preview needs (``maintain_order``). Without
    ``out``, the plan before the sink."""
    regs = pl.scan_csv(regions)
    plan = (
        pl.scan_parquet(parquet)
        .filter(pl.col("value") > 100)
        .with_columns(
            amount=pl.col("value") * pl.col("qty"),
            band=pl.when(pl.col("qty") > 50).then(pl.lit("high")).otherwise(pl.lit("low")),
        )
        .join(regs, on="region", how="left", maintain_order="left_right")
        .filter(pl.col("qty") >= 5)
        .with_columns(share=pl.col("amount") / pl.col("target"))
        .group_by(["category", "band"], maintain_order=True)
        .agg(
            pl.col("amount").sum().alias("total"),
            pl.col("value").mean().alias("avg_value"),
            pl.col("share").max().alias("top_share"),
            pl.col("id").count().alias("orders"),
        )
        .sort("total", descending=True, maintain_order=True)
        .head(100)
        .select("category", "band", pl.col("total").alias("total_amount"), "orders", "top_share")
    )
    if out is None:
        return plan
    plan.sink_parquet(out, engine="streaming")
    return None


def same_plan(a: pl.LazyFrame, b: pl.LazyFrame) -> bool:
    """Whether two optimized plans are the same (ignoring the ids Polars makes up)."""
    ids = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    return ids.sub("id", a.explain()) == ids.sub("id", b.explain())


def chain_flow(csv: Path) -> tuple[Flow, str, str]:
    flow = Flow("chain", namespace={})
    with flow.batch():
        root = prev = flow.add("read_csv", path=str(csv))
        for i in range(1, 200):
            if i % 2:
                prev = flow.add(
                    "with_columns",
                    prev,
                    columns=[{"name": f"c_{i}", "expr": f'pl.col("value") + {i}'}],
                )
            else:
                prev = flow.add("filter", prev, expr=f'pl.col("value") > {i}')
    assert len(flow) == 200 and flow.errors == {}, flow.errors
    return flow, root, prev

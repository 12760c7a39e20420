"""What checking costs: expression text against the positive list, and opening a hostile file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import yaml

from flowfile_jupyter import Flow
from flowfile_jupyter import expressions as checked

from .report import Row, Timing, report, timed

FORMULAS = [
    'pl.col("amount") > 100',
    'pl.col("unit_price") * pl.col("qty") * (1 - pl.col("discount_pct") / 100)',
    'pl.when(pl.col("qty") >= 10).then(pl.lit("bulk")).when(pl.col("qty") >= 4)'
    '.then(pl.lit("medium")).otherwise(pl.lit("single"))',
    'pl.col("order_date").str.to_date("%Y-%m-%d").dt.year()',
    'pl.col("customer").str.to_uppercase().str.strip_chars().str.replace_all(" ", "_")',
    'pl.col("amount").fill_null(0).round(2).cast(pl.Float32)',
    'pl.col("region").is_in(["north", "south"]) & ~pl.col("status").is_null()',
    'pl.int_range(pl.len()).over("region")',
    'pl.concat_str([pl.col("region"), pl.lit("-"), pl.col("customer")])',
    'pl.col("amount").rank().over("region", order_by="order_date")',
]


def bench_trust(repeats: int) -> None:
    # every run checks texts it has not seen: the caches keyed by text are cleared
    texts = [f"{t} | pl.lit({i} < 0)" for i in range(20) for t in FORMULAS]
    ours, plain = Timing(), Timing()
    for _ in range(repeats):
        checked._checked.cache_clear()
        checked._compiled.cache_clear()
        ours.samples.append(timed(lambda: [checked.evaluate(t) for t in texts])[0])
        plain.samples.append(
            timed(lambda: [eval(compile(t, "<t>", "eval"), {"pl": pl}) for t in texts])[0]
        )
    report(
        Row(
            f"7a. check and build {len(texts)} formulas (new text each time)",
            ours.best,
            plain.best,
            ours_median=ours.median,
            plain_median=plain.median,
        )
    )
    from tests.security.test_attribute_walks import EXPLOITS
    from tests.security.test_resource_bombs import BOMBS, SQL_BOMBS

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hostile.flowfile.yaml"
        nodes = [{"id": "src", "type": "manual_input"}]
        for i, text in enumerate([*EXPLOITS, *BOMBS]):
            expr = text.format(marker=Path(tmp) / "m", secret="X")
            nodes.append(
                {"id": f"e{i}", "type": "filter", "inputs": ["src"], "settings": {"expr": expr}}
            )
        for i, query in enumerate(SQL_BOMBS):
            nodes.append(
                {"id": f"s{i}", "type": "sql", "inputs": ["src"], "settings": {"query": query}}
            )
        path.write_text(yaml.safe_dump({"flowfile": 1, "name": "hostile", "nodes": nodes}))
        opening = Timing()
        for _ in range(repeats):
            opening.samples.append(timed(lambda: Flow.load(path, namespace={}))[0])
    report(
        Row(
            f"7b. Flow.load of a file of {len(nodes) - 1} attacks (all refused)",
            opening.median,
            target="< 5000 ms",
            ok=opening.median < 5000,
        )
    )

"""A join-heavy flow: orders, minus returns, with their products, customers and regions, kept
to corporate customers, totalled by region and category against a target.

``python joins_flow.py`` writes small data files next to it, prints the result and the Narwhals
program that runs the same flow on DuckDB.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from flowfile_jupyter import Flow

REGIONS = ["north", "south", "east", "west", "central"]
CATEGORIES = ["tools", "toys", "books", "food", "garden", "music"]
SEGMENTS = ["corporate", "consumer", "small business"]


def make_data(folder: Path, orders: int = 2_000, seed: int = 0) -> dict[str, Path]:
    """Five Parquet tables; ids that match nothing and null keys on purpose."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_customers, n_products = max(orders // 20, 10), 60
    customer_region = rng.integers(0, len(REGIONS) + 1, n_customers)  # one id has no region
    tables = {
        "orders": pl.DataFrame(
            {
                "order_id": np.arange(orders, dtype=np.int64),
                "customer_id": rng.integers(0, n_customers + 5, orders),  # some unknown
                "product_id": rng.integers(0, n_products, orders),
                "qty": rng.integers(1, 20, orders),
            }
        ),
        "returns": pl.DataFrame({"order_id": rng.choice(orders, orders // 10, replace=False)}),
        "products": pl.DataFrame(
            {
                "product_id": np.arange(n_products, dtype=np.int64),
                "category": [CATEGORIES[i % len(CATEGORIES)] for i in range(n_products)],
                "price": np.round(rng.random(n_products) * 100 + 1, 2),
            }
        ),
        "customers": pl.DataFrame(
            {
                "customer_id": np.arange(n_customers, dtype=np.int64),
                "region_id": pl.Series(customer_region).replace(len(REGIONS), None),
                "segment": [SEGMENTS[i] for i in rng.integers(0, len(SEGMENTS), n_customers)],
            }
        ),
        "regions": pl.DataFrame(
            {"region_id": np.arange(len(REGIONS), dtype=np.int64), "region": REGIONS}
        ),
        "targets": pl.DataFrame(
            {
                "category": CATEGORIES[:-1],  # one category has no target
                "target": [float(1000 * (i + 1)) for i in range(len(CATEGORIES) - 1)],
            }
        ),
    }
    paths = {}
    for name, table in tables.items():
        paths[name] = folder / f"{name}.parquet"
        table.write_parquet(paths[name])
    return paths


def build(paths: dict[str, Path]) -> Flow:
    flow = Flow("joins")
    read = {
        name: flow.add("read_parquet", path=str(path), label=name.capitalize())
        for name, path in paths.items()
    }
    kept = flow.add("join", read["orders"], read["returns"], on=["order_id"], how="anti")
    lines = flow.add("join", kept, read["products"], on=["product_id"], how="inner")
    priced = flow.add(
        "with_columns",
        lines,
        columns=[{"name": "revenue", "expr": 'pl.col("qty") * pl.col("price")'}],
    )
    customers = flow.add("join", priced, read["customers"], on=["customer_id"], how="left")
    placed = flow.add("join", customers, read["regions"], on=["region_id"], how="left")
    corporate = flow.add("filter", read["customers"], column="segment", value="corporate")
    chosen = flow.add(
        "join", placed, corporate, on=["customer_id"], how="semi", label="Corporate orders"
    )
    totals = flow.add(
        "group_by",
        chosen,
        by=["region", "category"],
        aggs=[
            {"column": "revenue", "agg": "sum", "alias": "revenue"},
            {"column": "customer_id", "agg": "n_unique", "alias": "customers"},
            {"column": "order_id", "agg": "count", "alias": "orders"},
        ],
    )
    scored = flow.add("join", totals, read["targets"], on=["category"], how="left")
    share = flow.add(
        "with_columns",
        scored,
        columns=[{"name": "of_target", "expr": 'pl.col("revenue") / pl.col("target")'}],
    )
    flow.add(
        "sort",
        share,
        by=[{"column": "revenue", "descending": True}, {"column": "region"}],
        label="Ranked",
    )
    return flow


if __name__ == "__main__":
    here = Path(__file__).resolve().parent / "joins_data"
    joins = build(make_data(here))
    print(joins.collect())
    print(joins.to_code(target="narwhals"))

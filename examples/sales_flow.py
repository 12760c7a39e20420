"""The sales example, built from Python: the same flow the quickstart notebook draws.

Run it from this folder: ``python sales_flow.py``. It prints the result and the generated code,
and saves ``sales.flowfile.yaml`` (open it on a canvas with ``%flowfile sales``).
"""

from __future__ import annotations

from flowfile_jupyter import Flow


def build(path: str = "sales.csv") -> Flow:
    flow = Flow("sales")
    orders = flow.add("read_csv", path=path, label="Orders")
    clean = flow.add(
        "rename",
        orders,
        label="Clean names",
        mapping={
            "Order ID": "order_id",
            "Order Date": "order_date",
            "Region ": "region",
            "Customer": "customer",
            "Product": "product",
            "Unit Price": "unit_price",
            "Qty": "qty",
            "Discount %": "discount_pct",
            "Status": "status",
        },
    )
    derived = flow.add(
        "with_columns",
        clean,
        columns=[
            {
                "name": "revenue",
                "expr": 'pl.col("unit_price") * pl.col("qty") * (1 - pl.col("discount_pct") / 100)',
            },
            {
                "name": "size",
                "expr": 'pl.when(pl.col("qty") >= 10).then(pl.lit("bulk"))'
                '.when(pl.col("qty") >= 4).then(pl.lit("medium")).otherwise(pl.lit("single"))',
            },
        ],
    )
    shipped = flow.add("filter", derived, column="status", operator="==", value="shipped")
    by_region = flow.add(
        "group_by",
        shipped,
        label="By region",
        by=["region"],
        aggs=[
            {"column": "revenue", "agg": "sum", "alias": "revenue"},
            {"column": "revenue", "agg": "mean", "alias": "avg_order"},
            {"column": "customer", "agg": "n_unique", "alias": "customers"},
        ],
    )
    ratio = flow.add(
        "with_columns",
        by_region,
        columns=[
            {"name": "revenue_per_customer", "expr": 'pl.col("revenue") / pl.col("customers")'}
        ],
    )
    big = flow.add("filter", ratio, expr='pl.col("customers") >= 40')
    flow.add("sort", big, by=[{"column": "revenue", "descending": True}], label="Ranked")
    return flow


if __name__ == "__main__":
    sales = build()
    print(sales.collect())
    print(sales.to_code())
    sales.save("sales.flowfile.yaml")

"""The 22 TPC-H queries as a Polars user writes them by hand: the reference the flows are
checked and timed against.

Written from the TPC-H specification's query text, with its validation parameters. Each query
takes the tables as LazyFrames and the scale factor (Q11's fraction depends on it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import polars as pl

Tables = Mapping[str, pl.LazyFrame]

col = pl.col


def _revenue() -> pl.Expr:
    return col("l_extendedprice") * (1 - col("l_discount"))


def q1(t: Tables, scale: float) -> pl.LazyFrame:
    return (
        t["lineitem"]
        .filter(col("l_shipdate") <= dt.date(1998, 9, 2))
        .group_by("l_returnflag", "l_linestatus")
        .agg(
            col("l_quantity").sum().alias("sum_qty"),
            col("l_extendedprice").sum().alias("sum_base_price"),
            _revenue().sum().alias("sum_disc_price"),
            (_revenue() * (1 + col("l_tax"))).sum().alias("sum_charge"),
            col("l_quantity").mean().alias("avg_qty"),
            col("l_extendedprice").mean().alias("avg_price"),
            col("l_discount").mean().alias("avg_disc"),
            pl.len().alias("count_order"),
        )
        .sort("l_returnflag", "l_linestatus")
    )


def _europe_suppliers(t: Tables) -> pl.LazyFrame:
    return (
        t["region"]
        .filter(col("r_name") == "EUROPE")
        .join(t["nation"], left_on="r_regionkey", right_on="n_regionkey")
        .join(t["supplier"], left_on="n_nationkey", right_on="s_nationkey")
        .join(t["partsupp"], left_on="s_suppkey", right_on="ps_suppkey")
    )


def q2(t: Tables, scale: float) -> pl.LazyFrame:
    offers = _europe_suppliers(t)
    brass = (
        t["part"]
        .filter(col("p_size") == 15, col("p_type").str.ends_with("BRASS"))
        .join(offers, left_on="p_partkey", right_on="ps_partkey")
    )
    cheapest = brass.group_by("p_partkey").agg(col("ps_supplycost").min().alias("min_cost"))
    return (
        brass.join(cheapest, on="p_partkey")
        .filter(col("ps_supplycost") == col("min_cost"))
        .select(
            "s_acctbal",
            "s_name",
            "n_name",
            "p_partkey",
            "p_mfgr",
            "s_address",
            "s_phone",
            "s_comment",
        )
        .sort(
            ["s_acctbal", "n_name", "s_name", "p_partkey"],
            descending=[True, False, False, False],
        )
        .head(100)
    )


def q3(t: Tables, scale: float) -> pl.LazyFrame:
    day = dt.date(1995, 3, 15)
    return (
        t["customer"]
        .filter(col("c_mktsegment") == "BUILDING")
        .join(
            t["orders"].filter(col("o_orderdate") < day), left_on="c_custkey", right_on="o_custkey"
        )
        .join(
            t["lineitem"].filter(col("l_shipdate") > day),
            left_on="o_orderkey",
            right_on="l_orderkey",
        )
        .group_by("o_orderkey", "o_orderdate", "o_shippriority")
        .agg(_revenue().sum().alias("revenue"))
        .select(col("o_orderkey").alias("l_orderkey"), "revenue", "o_orderdate", "o_shippriority")
        .sort(["revenue", "o_orderdate"], descending=[True, False])
        .head(10)
    )


def q4(t: Tables, scale: float) -> pl.LazyFrame:
    late = t["lineitem"].filter(col("l_commitdate") < col("l_receiptdate"))
    return (
        t["orders"]
        .filter(
            col("o_orderdate").is_between(dt.date(1993, 7, 1), dt.date(1993, 10, 1), closed="left")
        )
        .join(late, left_on="o_orderkey", right_on="l_orderkey", how="semi")
        .group_by("o_orderpriority")
        .agg(pl.len().alias("order_count"))
        .sort("o_orderpriority")
    )


def q5(t: Tables, scale: float) -> pl.LazyFrame:
    return (
        t["region"]
        .filter(col("r_name") == "ASIA")
        .join(t["nation"], left_on="r_regionkey", right_on="n_regionkey")
        .join(t["customer"], left_on="n_nationkey", right_on="c_nationkey")
        .join(
            t["orders"].filter(
                col("o_orderdate").is_between(
                    dt.date(1994, 1, 1), dt.date(1995, 1, 1), closed="left"
                )
            ),
            left_on="c_custkey",
            right_on="o_custkey",
        )
        .join(t["lineitem"], left_on="o_orderkey", right_on="l_orderkey")
        .join(
            t["supplier"],
            left_on=["l_suppkey", "n_nationkey"],
            right_on=["s_suppkey", "s_nationkey"],
        )
        .group_by("n_name")
        .agg(_revenue().sum().alias("revenue"))
        .sort("revenue", descending=True)
    )


def q6(t: Tables, scale: float) -> pl.LazyFrame:
    return (
        t["lineitem"]
        .filter(
            col("l_shipdate").is_between(dt.date(1994, 1, 1), dt.date(1995, 1, 1), closed="left"),
            col("l_discount").is_between(0.05, 0.07),
            col("l_quantity") < 24,
        )
        .select((col("l_extendedprice") * col("l_discount")).sum().alias("revenue"))
    )


def q7(t: Tables, scale: float) -> pl.LazyFrame:
    nations = t["nation"].filter(col("n_name").is_in(["FRANCE", "GERMANY"]))
    suppliers = nations.join(t["supplier"], left_on="n_nationkey", right_on="s_nationkey").select(
        "s_suppkey", col("n_name").alias("supp_nation")
    )
    customers = nations.join(t["customer"], left_on="n_nationkey", right_on="c_nationkey").select(
        "c_custkey", col("n_name").alias("cust_nation")
    )
    return (
        t["lineitem"]
        .filter(col("l_shipdate").is_between(dt.date(1995, 1, 1), dt.date(1996, 12, 31)))
        .join(suppliers, left_on="l_suppkey", right_on="s_suppkey")
        .join(t["orders"], left_on="l_orderkey", right_on="o_orderkey")
        .join(customers, left_on="o_custkey", right_on="c_custkey")
        .filter(col("supp_nation") != col("cust_nation"))
        .group_by("supp_nation", "cust_nation", col("l_shipdate").dt.year().alias("l_year"))
        .agg(_revenue().sum().alias("revenue"))
        .sort("supp_nation", "cust_nation", "l_year")
    )


def q8(t: Tables, scale: float) -> pl.LazyFrame:
    america = (
        t["region"]
        .filter(col("r_name") == "AMERICA")
        .join(t["nation"], left_on="r_regionkey", right_on="n_regionkey")
        .join(t["customer"], left_on="n_nationkey", right_on="c_nationkey")
        .select("c_custkey")
    )
    suppliers = t["supplier"].join(t["nation"], left_on="s_nationkey", right_on="n_nationkey")
    return (
        t["part"]
        .filter(col("p_type") == "ECONOMY ANODIZED STEEL")
        .join(t["lineitem"], left_on="p_partkey", right_on="l_partkey")
        .join(
            t["orders"].filter(
                col("o_orderdate").is_between(dt.date(1995, 1, 1), dt.date(1996, 12, 31))
            ),
            left_on="l_orderkey",
            right_on="o_orderkey",
        )
        .join(america, left_on="o_custkey", right_on="c_custkey")
        .join(suppliers, left_on="l_suppkey", right_on="s_suppkey")
        .with_columns(volume=_revenue(), o_year=col("o_orderdate").dt.year())
        .group_by("o_year")
        .agg(
            (
                pl.when(col("n_name") == "BRAZIL").then(col("volume")).otherwise(0).sum()
                / col("volume").sum()
            ).alias("mkt_share")
        )
        .sort("o_year")
    )


def q9(t: Tables, scale: float) -> pl.LazyFrame:
    return (
        t["part"]
        .filter(col("p_name").str.contains("green", literal=True))
        .join(t["lineitem"], left_on="p_partkey", right_on="l_partkey")
        .join(
            t["partsupp"],
            left_on=["p_partkey", "l_suppkey"],
            right_on=["ps_partkey", "ps_suppkey"],
        )
        .join(t["supplier"], left_on="l_suppkey", right_on="s_suppkey")
        .join(t["orders"], left_on="l_orderkey", right_on="o_orderkey")
        .join(t["nation"], left_on="s_nationkey", right_on="n_nationkey")
        .group_by(col("n_name").alias("nation"), col("o_orderdate").dt.year().alias("o_year"))
        .agg((_revenue() - col("ps_supplycost") * col("l_quantity")).sum().alias("sum_profit"))
        .sort(["nation", "o_year"], descending=[False, True])
    )


def q10(t: Tables, scale: float) -> pl.LazyFrame:
    return (
        t["orders"]
        .filter(
            col("o_orderdate").is_between(dt.date(1993, 10, 1), dt.date(1994, 1, 1), closed="left")
        )
        .join(
            t["lineitem"].filter(col("l_returnflag") == "R"),
            left_on="o_orderkey",
            right_on="l_orderkey",
        )
        .join(t["customer"], left_on="o_custkey", right_on="c_custkey")
        .join(t["nation"], left_on="c_nationkey", right_on="n_nationkey")
        .group_by(
            col("o_custkey").alias("c_custkey"),
            "c_name",
            "c_acctbal",
            "c_phone",
            "n_name",
            "c_address",
            "c_comment",
        )
        .agg(_revenue().sum().alias("revenue"))
        .select(
            "c_custkey",
            "c_name",
            "revenue",
            "c_acctbal",
            "n_name",
            "c_address",
            "c_phone",
            "c_comment",
        )
        .sort("revenue", descending=True)
        .head(20)
    )


def q11(t: Tables, scale: float) -> pl.LazyFrame:
    german = (
        t["nation"]
        .filter(col("n_name") == "GERMANY")
        .join(t["supplier"], left_on="n_nationkey", right_on="s_nationkey")
        .join(t["partsupp"], left_on="s_suppkey", right_on="ps_suppkey")
        .with_columns(value=col("ps_supplycost") * col("ps_availqty"))
    )
    threshold = german.select((col("value").sum() * (0.0001 / scale)).alias("threshold"))
    return (
        german.group_by("ps_partkey")
        .agg(col("value").sum())
        .join(threshold, how="cross")
        .filter(col("value") > col("threshold"))
        .select("ps_partkey", "value")
        .sort("value", descending=True)
    )


def q12(t: Tables, scale: float) -> pl.LazyFrame:
    urgent = col("o_orderpriority").is_in(["1-URGENT", "2-HIGH"])
    return (
        t["lineitem"]
        .filter(
            col("l_shipmode").is_in(["MAIL", "SHIP"]),
            col("l_commitdate") < col("l_receiptdate"),
            col("l_shipdate") < col("l_commitdate"),
            col("l_receiptdate").is_between(
                dt.date(1994, 1, 1), dt.date(1995, 1, 1), closed="left"
            ),
        )
        .join(t["orders"], left_on="l_orderkey", right_on="o_orderkey")
        .group_by("l_shipmode")
        .agg(
            urgent.sum().alias("high_line_count"),
            (~urgent).sum().alias("low_line_count"),
        )
        .sort("l_shipmode")
    )


def q13(t: Tables, scale: float) -> pl.LazyFrame:
    orders = t["orders"].filter(~col("o_comment").str.contains("special.*requests"))
    return (
        t["customer"]
        .join(orders, left_on="c_custkey", right_on="o_custkey", how="left")
        .group_by("c_custkey")
        .agg(col("o_orderkey").count().alias("c_count"))
        .group_by("c_count")
        .agg(pl.len().alias("custdist"))
        .sort(["custdist", "c_count"], descending=True)
    )


def q14(t: Tables, scale: float) -> pl.LazyFrame:
    return (
        t["lineitem"]
        .filter(
            col("l_shipdate").is_between(dt.date(1995, 9, 1), dt.date(1995, 10, 1), closed="left")
        )
        .join(t["part"], left_on="l_partkey", right_on="p_partkey")
        .select(
            (
                100.0
                * pl.when(col("p_type").str.starts_with("PROMO"))
                .then(_revenue())
                .otherwise(0)
                .sum()
                / _revenue().sum()
            ).alias("promo_revenue")
        )
    )


def q15(t: Tables, scale: float) -> pl.LazyFrame:
    revenue = (
        t["lineitem"]
        .filter(
            col("l_shipdate").is_between(dt.date(1996, 1, 1), dt.date(1996, 4, 1), closed="left")
        )
        .group_by(col("l_suppkey").alias("supplier_no"))
        .agg(_revenue().sum().alias("total_revenue"))
    )
    best = revenue.select(col("total_revenue").max().alias("max_revenue"))
    return (
        t["supplier"]
        .join(revenue, left_on="s_suppkey", right_on="supplier_no")
        .join(best, left_on="total_revenue", right_on="max_revenue")
        .select("s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
        .sort("s_suppkey")
    )


def q16(t: Tables, scale: float) -> pl.LazyFrame:
    complaints = t["supplier"].filter(col("s_comment").str.contains("Customer.*Complaints"))
    return (
        t["part"]
        .filter(
            col("p_brand") != "Brand#45",
            ~col("p_type").str.starts_with("MEDIUM POLISHED"),
            col("p_size").is_in([49, 14, 23, 45, 19, 3, 36, 9]),
        )
        .join(t["partsupp"], left_on="p_partkey", right_on="ps_partkey")
        .join(complaints, left_on="ps_suppkey", right_on="s_suppkey", how="anti")
        .group_by("p_brand", "p_type", "p_size")
        .agg(col("ps_suppkey").n_unique().alias("supplier_cnt"))
        .sort(
            ["supplier_cnt", "p_brand", "p_type", "p_size"],
            descending=[True, False, False, False],
        )
    )


def q17(t: Tables, scale: float) -> pl.LazyFrame:
    parts = t["part"].filter(col("p_brand") == "Brand#23", col("p_container") == "MED BOX")
    lines = parts.join(t["lineitem"], left_on="p_partkey", right_on="l_partkey")
    small = lines.group_by("p_partkey").agg((0.2 * col("l_quantity").mean()).alias("small"))
    return (
        lines.join(small, on="p_partkey")
        .filter(col("l_quantity") < col("small"))
        .select((col("l_extendedprice").sum() / 7.0).alias("avg_yearly"))
    )


def q18(t: Tables, scale: float) -> pl.LazyFrame:
    large = (
        t["lineitem"]
        .group_by("l_orderkey")
        .agg(col("l_quantity").sum().alias("sum_quantity"))
        .filter(col("sum_quantity") > 300)
    )
    return (
        t["orders"]
        .join(large, left_on="o_orderkey", right_on="l_orderkey")
        .join(t["customer"], left_on="o_custkey", right_on="c_custkey")
        .select(
            "c_name",
            col("o_custkey").alias("c_custkey"),
            "o_orderkey",
            "o_orderdate",
            "o_totalprice",
            "sum_quantity",
        )
        .sort(["o_totalprice", "o_orderdate"], descending=[True, False])
        .head(100)
    )


def q19(t: Tables, scale: float) -> pl.LazyFrame:
    def kind(brand: str, size: str, low: int, high: int) -> pl.Expr:
        containers = [f"{size} {c}" for c in ("CASE", "BOX", "PACK", "PKG")]
        if size == "MED":
            containers = ["MED BAG", "MED BOX", "MED PKG", "MED PACK"]
        return (
            (col("p_brand") == brand)
            & col("p_container").is_in(containers)
            & col("l_quantity").is_between(low, low + 10)
            & col("p_size").is_between(1, high)
        )

    return (
        t["lineitem"]
        .filter(
            col("l_shipmode").is_in(["AIR", "AIR REG"]),
            col("l_shipinstruct") == "DELIVER IN PERSON",
        )
        .join(t["part"], left_on="l_partkey", right_on="p_partkey")
        .filter(
            kind("Brand#12", "SM", 1, 5)
            | kind("Brand#23", "MED", 10, 10)
            | kind("Brand#34", "LG", 20, 15)
        )
        .select(_revenue().sum().alias("revenue"))
    )


def q20(t: Tables, scale: float) -> pl.LazyFrame:
    shipped = (
        t["lineitem"]
        .filter(
            col("l_shipdate").is_between(dt.date(1994, 1, 1), dt.date(1995, 1, 1), closed="left")
        )
        .group_by("l_partkey", "l_suppkey")
        .agg((0.5 * col("l_quantity").sum()).alias("half_quantity"))
    )
    forest = t["part"].filter(col("p_name").str.starts_with("forest"))
    offers = (
        t["partsupp"]
        .join(forest, left_on="ps_partkey", right_on="p_partkey", how="semi")
        .join(shipped, left_on=["ps_partkey", "ps_suppkey"], right_on=["l_partkey", "l_suppkey"])
        .filter(col("ps_availqty") > col("half_quantity"))
    )
    return (
        t["nation"]
        .filter(col("n_name") == "CANADA")
        .join(t["supplier"], left_on="n_nationkey", right_on="s_nationkey")
        .join(offers, left_on="s_suppkey", right_on="ps_suppkey", how="semi")
        .select("s_name", "s_address")
        .sort("s_name")
    )


def q21(t: Tables, scale: float) -> pl.LazyFrame:
    late = t["lineitem"].filter(col("l_receiptdate") > col("l_commitdate"))
    several = (
        t["lineitem"]
        .group_by("l_orderkey")
        .agg(col("l_suppkey").n_unique().alias("suppliers"))
        .filter(col("suppliers") > 1)
    )
    alone = (
        late.group_by("l_orderkey")
        .agg(col("l_suppkey").n_unique().alias("late_suppliers"))
        .filter(col("late_suppliers") == 1)
    )
    return (
        t["nation"]
        .filter(col("n_name") == "SAUDI ARABIA")
        .join(t["supplier"], left_on="n_nationkey", right_on="s_nationkey")
        .join(late, left_on="s_suppkey", right_on="l_suppkey")
        .join(
            t["orders"].filter(col("o_orderstatus") == "F"),
            left_on="l_orderkey",
            right_on="o_orderkey",
        )
        .join(several, on="l_orderkey", how="semi")
        .join(alone, on="l_orderkey", how="semi")
        .group_by("s_name")
        .agg(pl.len().alias("numwait"))
        .sort(["numwait", "s_name"], descending=[True, False])
        .head(100)
    )


def q22(t: Tables, scale: float) -> pl.LazyFrame:
    codes = ["13", "31", "23", "29", "30", "18", "17"]
    customers = (
        t["customer"]
        .with_columns(cntrycode=col("c_phone").str.slice(0, 2))
        .filter(col("cntrycode").is_in(codes))
    )
    average = customers.filter(col("c_acctbal") > 0).select(
        col("c_acctbal").mean().alias("avg_acctbal")
    )
    return (
        customers.join(t["orders"], left_on="c_custkey", right_on="o_custkey", how="anti")
        .join(average, how="cross")
        .filter(col("c_acctbal") > col("avg_acctbal"))
        .group_by("cntrycode")
        .agg(pl.len().alias("numcust"), col("c_acctbal").sum().alias("totacctbal"))
        .sort("cntrycode")
    )


QUERIES: dict[int, Callable[[Tables, float], pl.LazyFrame]] = {
    n: globals()[f"q{n}"] for n in range(1, 23)
}


def tables(paths: Mapping[str, str]) -> dict[str, pl.LazyFrame]:
    return {name: pl.scan_parquet(path) for name, path in paths.items()}

"""The 22 TPC-H queries as flows built from nodes only: no ``polars_code``, no ``sql``.

Each is built the way a person builds it on the canvas: one read node per table, filters in
the basic form (typed dates, column against column, regular expressions, and / or groups),
joins, group_by with column or expression aggregations (no keys: one row), formulas, select,
sort and head. Each query returns the id of its last node; the result must equal the
hand-written query in reference.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from flowfile_jupyter import Flow

REVENUE = 'pl.col("l_extendedprice") * (1 - pl.col("l_discount"))'


class Canvas:
    """A flow being built, with one read node per table (made when first used)."""

    def __init__(self, flow: Flow, paths: Mapping[str, str]) -> None:
        self.flow = flow
        self.paths = paths
        self._reads: dict[str, str] = {}

    def read(self, table: str) -> str:
        if table not in self._reads:
            self._reads[table] = self.flow.add("read_parquet", path=self.paths[table], label=table)
        return self._reads[table]

    def filter(self, src: str, *conditions: dict[str, Any], combine: str = "and") -> str:
        return self.flow.add("filter", src, conditions=list(conditions), combine=combine)

    def join(
        self,
        left: str,
        right: str,
        left_on: str | list[str],
        right_on: str | list[str],
        how: str = "inner",
    ) -> str:
        lk = [left_on] if isinstance(left_on, str) else left_on
        rk = [right_on] if isinstance(right_on, str) else right_on
        if lk == rk:
            return self.flow.add("join", left, right, on=lk, how=how)
        return self.flow.add("join", left, right, left_on=lk, right_on=rk, how=how)

    def cross(self, left: str, right: str) -> str:
        return self.flow.add("join", left, right, how="cross")

    def group_by(self, src: str, by: list[str], *aggs: dict[str, Any]) -> str:
        return self.flow.add("group_by", src, by=by, aggs=list(aggs))

    def formula(self, src: str, **columns: str) -> str:
        return self.flow.add(
            "with_columns", src, columns=[{"name": k, "expr": v} for k, v in columns.items()]
        )

    def select(self, src: str, *columns: str | dict[str, Any]) -> str:
        rows = [{"column": c} if isinstance(c, str) else c for c in columns]
        return self.flow.add("select", src, columns=rows)

    def sort(self, src: str, *keys: str | tuple[str, bool]) -> str:
        by = [
            {"column": k} if isinstance(k, str) else {"column": k[0], "descending": k[1]}
            for k in keys
        ]
        return self.flow.add("sort", src, by=by)

    def head(self, src: str, n: int) -> str:
        return self.flow.add("head", src, n=n)


def cond(column: str, operator: str, value: Any = None, **more: Any) -> dict[str, Any]:
    return {"column": column, "operator": operator, "value": value, **more}


def same(column: str, operator: str, other: str) -> dict[str, Any]:
    """A column compared with another column."""
    return {"column": column, "operator": operator, "other": other}


def group(*conditions: dict[str, Any], combine: str = "and") -> dict[str, Any]:
    return {"conditions": list(conditions), "combine": combine}


def agg(column: str, how: str, alias: str) -> dict[str, Any]:
    return {"column": column, "agg": how, "alias": alias}


def aggx(expr: str, alias: str) -> dict[str, Any]:
    """An aggregation written as expression text."""
    return {"expr": expr, "alias": alias}


def since(column: str, start: dt.date, end: dt.date) -> tuple[dict[str, Any], dict[str, Any]]:
    """start <= column < end, as two conditions."""
    return cond(column, ">=", start), cond(column, "<", end)


def q1(c: Canvas, scale: float) -> str:
    lines = c.filter(c.read("lineitem"), cond("l_shipdate", "<=", dt.date(1998, 9, 2)))
    sums = c.group_by(
        lines,
        ["l_returnflag", "l_linestatus"],
        agg("l_quantity", "sum", "sum_qty"),
        agg("l_extendedprice", "sum", "sum_base_price"),
        aggx(f"({REVENUE}).sum()", "sum_disc_price"),
        aggx(f'({REVENUE} * (1 + pl.col("l_tax"))).sum()', "sum_charge"),
        agg("l_quantity", "mean", "avg_qty"),
        agg("l_extendedprice", "mean", "avg_price"),
        agg("l_discount", "mean", "avg_disc"),
        aggx("pl.len()", "count_order"),
    )
    return c.sort(sums, "l_returnflag", "l_linestatus")


def q2(c: Canvas, scale: float) -> str:
    europe = c.filter(c.read("region"), cond("r_name", "==", "EUROPE"))
    nations = c.join(europe, c.read("nation"), "r_regionkey", "n_regionkey")
    suppliers = c.join(nations, c.read("supplier"), "n_nationkey", "s_nationkey")
    offers = c.join(suppliers, c.read("partsupp"), "s_suppkey", "ps_suppkey")
    parts = c.filter(c.read("part"), cond("p_size", "==", 15), cond("p_type", "ends_with", "BRASS"))
    brass = c.join(parts, offers, "p_partkey", "ps_partkey")
    cheapest = c.group_by(brass, ["p_partkey"], agg("ps_supplycost", "min", "min_cost"))
    both = c.join(brass, cheapest, "p_partkey", "p_partkey")
    best = c.filter(both, same("ps_supplycost", "==", "min_cost"))
    shown = c.select(
        best,
        "s_acctbal",
        "s_name",
        "n_name",
        "p_partkey",
        "p_mfgr",
        "s_address",
        "s_phone",
        "s_comment",
    )
    return c.head(c.sort(shown, ("s_acctbal", True), "n_name", "s_name", "p_partkey"), 100)


def q3(c: Canvas, scale: float) -> str:
    day = dt.date(1995, 3, 15)
    building = c.filter(c.read("customer"), cond("c_mktsegment", "==", "BUILDING"))
    orders = c.filter(c.read("orders"), cond("o_orderdate", "<", day))
    lines = c.filter(c.read("lineitem"), cond("l_shipdate", ">", day))
    joined = c.join(
        c.join(building, orders, "c_custkey", "o_custkey"), lines, "o_orderkey", "l_orderkey"
    )
    revenue = c.group_by(
        joined,
        ["o_orderkey", "o_orderdate", "o_shippriority"],
        aggx(f"({REVENUE}).sum()", "revenue"),
    )
    shown = c.select(
        revenue,
        {"column": "o_orderkey", "rename": "l_orderkey"},
        "revenue",
        "o_orderdate",
        "o_shippriority",
    )
    return c.head(c.sort(shown, ("revenue", True), "o_orderdate"), 10)


def q4(c: Canvas, scale: float) -> str:
    orders = c.filter(
        c.read("orders"), *since("o_orderdate", dt.date(1993, 7, 1), dt.date(1993, 10, 1))
    )
    late = c.filter(c.read("lineitem"), same("l_commitdate", "<", "l_receiptdate"))
    having = c.join(orders, late, "o_orderkey", "l_orderkey", how="semi")
    counts = c.group_by(having, ["o_orderpriority"], aggx("pl.len()", "order_count"))
    return c.sort(counts, "o_orderpriority")


def q5(c: Canvas, scale: float) -> str:
    asia = c.filter(c.read("region"), cond("r_name", "==", "ASIA"))
    nations = c.join(asia, c.read("nation"), "r_regionkey", "n_regionkey")
    customers = c.join(nations, c.read("customer"), "n_nationkey", "c_nationkey")
    orders = c.filter(
        c.read("orders"), *since("o_orderdate", dt.date(1994, 1, 1), dt.date(1995, 1, 1))
    )
    placed = c.join(customers, orders, "c_custkey", "o_custkey")
    lines = c.join(placed, c.read("lineitem"), "o_orderkey", "l_orderkey")
    local = c.join(
        lines, c.read("supplier"), ["l_suppkey", "n_nationkey"], ["s_suppkey", "s_nationkey"]
    )
    revenue = c.group_by(local, ["n_name"], aggx(f"({REVENUE}).sum()", "revenue"))
    return c.sort(revenue, ("revenue", True))


def q6(c: Canvas, scale: float) -> str:
    lines = c.filter(
        c.read("lineitem"),
        *since("l_shipdate", dt.date(1994, 1, 1), dt.date(1995, 1, 1)),
        cond("l_discount", "between", [0.05, 0.07]),
        cond("l_quantity", "<", 24),
    )
    return c.group_by(
        lines, [], aggx('(pl.col("l_extendedprice") * pl.col("l_discount")).sum()', "revenue")
    )


def q7(c: Canvas, scale: float) -> str:
    nations = c.filter(c.read("nation"), cond("n_name", "is_in", ["FRANCE", "GERMANY"]))
    suppliers = c.select(
        c.join(nations, c.read("supplier"), "n_nationkey", "s_nationkey"),
        "s_suppkey",
        {"column": "n_name", "rename": "supp_nation"},
    )
    customers = c.select(
        c.join(nations, c.read("customer"), "n_nationkey", "c_nationkey"),
        "c_custkey",
        {"column": "n_name", "rename": "cust_nation"},
    )
    lines = c.filter(
        c.read("lineitem"),
        cond("l_shipdate", "between", [dt.date(1995, 1, 1), dt.date(1996, 12, 31)]),
    )
    joined = c.join(
        c.join(
            c.join(lines, suppliers, "l_suppkey", "s_suppkey"),
            c.read("orders"),
            "l_orderkey",
            "o_orderkey",
        ),
        customers,
        "o_custkey",
        "c_custkey",
    )
    crossing = c.filter(joined, same("supp_nation", "!=", "cust_nation"))
    dated = c.formula(crossing, l_year='pl.col("l_shipdate").dt.year()')
    revenue = c.group_by(
        dated, ["supp_nation", "cust_nation", "l_year"], aggx(f"({REVENUE}).sum()", "revenue")
    )
    return c.sort(revenue, "supp_nation", "cust_nation", "l_year")


def q8(c: Canvas, scale: float) -> str:
    america = c.filter(c.read("region"), cond("r_name", "==", "AMERICA"))
    nations = c.join(america, c.read("nation"), "r_regionkey", "n_regionkey")
    customers = c.select(
        c.join(nations, c.read("customer"), "n_nationkey", "c_nationkey"), "c_custkey"
    )
    suppliers = c.join(c.read("supplier"), c.read("nation"), "s_nationkey", "n_nationkey")
    steel = c.filter(c.read("part"), cond("p_type", "==", "ECONOMY ANODIZED STEEL"))
    orders = c.filter(
        c.read("orders"),
        cond("o_orderdate", "between", [dt.date(1995, 1, 1), dt.date(1996, 12, 31)]),
    )
    lines = c.join(
        c.join(steel, c.read("lineitem"), "p_partkey", "l_partkey"),
        orders,
        "l_orderkey",
        "o_orderkey",
    )
    sold = c.join(
        c.join(lines, customers, "o_custkey", "c_custkey"), suppliers, "l_suppkey", "s_suppkey"
    )
    volumes = c.formula(sold, volume=REVENUE, o_year='pl.col("o_orderdate").dt.year()')
    share = c.group_by(
        volumes,
        ["o_year"],
        aggx(
            'pl.when(pl.col("n_name") == "BRAZIL").then(pl.col("volume")).otherwise(0).sum()'
            ' / pl.col("volume").sum()',
            "mkt_share",
        ),
    )
    return c.sort(share, "o_year")


def q9(c: Canvas, scale: float) -> str:
    green = c.filter(c.read("part"), cond("p_name", "contains", "green"))
    lines = c.join(green, c.read("lineitem"), "p_partkey", "l_partkey")
    offers = c.join(
        lines, c.read("partsupp"), ["p_partkey", "l_suppkey"], ["ps_partkey", "ps_suppkey"]
    )
    supplied = c.join(offers, c.read("supplier"), "l_suppkey", "s_suppkey")
    ordered = c.join(supplied, c.read("orders"), "l_orderkey", "o_orderkey")
    located = c.join(ordered, c.read("nation"), "s_nationkey", "n_nationkey")
    profit = c.select(
        located,
        {"column": "n_name", "rename": "nation"},
        {"expr": 'pl.col("o_orderdate").dt.year()', "rename": "o_year"},
        {"expr": f'{REVENUE} - pl.col("ps_supplycost") * pl.col("l_quantity")', "rename": "amount"},
    )
    sums = c.group_by(profit, ["nation", "o_year"], agg("amount", "sum", "sum_profit"))
    return c.sort(sums, "nation", ("o_year", True))


def q10(c: Canvas, scale: float) -> str:
    orders = c.filter(
        c.read("orders"), *since("o_orderdate", dt.date(1993, 10, 1), dt.date(1994, 1, 1))
    )
    returned = c.filter(c.read("lineitem"), cond("l_returnflag", "==", "R"))
    lines = c.join(orders, returned, "o_orderkey", "l_orderkey")
    buyers = c.join(lines, c.read("customer"), "o_custkey", "c_custkey")
    located = c.join(buyers, c.read("nation"), "c_nationkey", "n_nationkey")
    renamed = c.flow.add("rename", located, mapping={"o_custkey": "c_custkey"})
    revenue = c.group_by(
        renamed,
        ["c_custkey", "c_name", "c_acctbal", "c_phone", "n_name", "c_address", "c_comment"],
        aggx(f"({REVENUE}).sum()", "revenue"),
    )
    shown = c.select(
        revenue,
        "c_custkey",
        "c_name",
        "revenue",
        "c_acctbal",
        "n_name",
        "c_address",
        "c_phone",
        "c_comment",
    )
    return c.head(c.sort(shown, ("revenue", True)), 20)


def q11(c: Canvas, scale: float) -> str:
    germany = c.filter(c.read("nation"), cond("n_name", "==", "GERMANY"))
    suppliers = c.join(germany, c.read("supplier"), "n_nationkey", "s_nationkey")
    offers = c.join(suppliers, c.read("partsupp"), "s_suppkey", "ps_suppkey")
    valued = c.formula(offers, value='pl.col("ps_supplycost") * pl.col("ps_availqty")')
    threshold = c.group_by(
        valued, [], aggx(f'pl.col("value").sum() * {0.0001 / scale!r}', "threshold")
    )
    per_part = c.group_by(valued, ["ps_partkey"], agg("value", "sum", "value"))
    big = c.filter(c.cross(per_part, threshold), same("value", ">", "threshold"))
    return c.sort(c.select(big, "ps_partkey", "value"), ("value", True))


def q12(c: Canvas, scale: float) -> str:
    lines = c.filter(
        c.read("lineitem"),
        cond("l_shipmode", "is_in", ["MAIL", "SHIP"]),
        same("l_commitdate", "<", "l_receiptdate"),
        same("l_shipdate", "<", "l_commitdate"),
        *since("l_receiptdate", dt.date(1994, 1, 1), dt.date(1995, 1, 1)),
    )
    joined = c.join(lines, c.read("orders"), "l_orderkey", "o_orderkey")
    urgent = 'pl.col("o_orderpriority").is_in(["1-URGENT", "2-HIGH"])'
    counts = c.group_by(
        joined,
        ["l_shipmode"],
        aggx(f"{urgent}.sum()", "high_line_count"),
        aggx(f"(~{urgent}).sum()", "low_line_count"),
    )
    return c.sort(counts, "l_shipmode")


def q13(c: Canvas, scale: float) -> str:
    orders = c.filter(
        c.read("orders"), cond("o_comment", "matches", "special.*requests", negate=True)
    )
    joined = c.join(c.read("customer"), orders, "c_custkey", "o_custkey", how="left")
    per_customer = c.group_by(joined, ["c_custkey"], agg("o_orderkey", "count", "c_count"))
    dist = c.group_by(per_customer, ["c_count"], aggx("pl.len()", "custdist"))
    return c.sort(dist, ("custdist", True), ("c_count", True))


def q14(c: Canvas, scale: float) -> str:
    lines = c.filter(
        c.read("lineitem"), *since("l_shipdate", dt.date(1995, 9, 1), dt.date(1995, 10, 1))
    )
    joined = c.join(lines, c.read("part"), "l_partkey", "p_partkey")
    promo = f'pl.when(pl.col("p_type").str.starts_with("PROMO")).then({REVENUE}).otherwise(0)'
    return c.group_by(
        joined, [], aggx(f"100.0 * {promo}.sum() / ({REVENUE}).sum()", "promo_revenue")
    )


def q15(c: Canvas, scale: float) -> str:
    lines = c.filter(
        c.read("lineitem"), *since("l_shipdate", dt.date(1996, 1, 1), dt.date(1996, 4, 1))
    )
    renamed = c.flow.add("rename", lines, mapping={"l_suppkey": "supplier_no"})
    revenue = c.group_by(renamed, ["supplier_no"], aggx(f"({REVENUE}).sum()", "total_revenue"))
    best = c.group_by(revenue, [], agg("total_revenue", "max", "max_revenue"))
    top = c.join(
        c.join(c.read("supplier"), revenue, "s_suppkey", "supplier_no"),
        best,
        "total_revenue",
        "max_revenue",
    )
    shown = c.select(top, "s_suppkey", "s_name", "s_address", "s_phone", "total_revenue")
    return c.sort(shown, "s_suppkey")


def q16(c: Canvas, scale: float) -> str:
    complaints = c.filter(c.read("supplier"), cond("s_comment", "matches", "Customer.*Complaints"))
    parts = c.filter(
        c.read("part"),
        cond("p_brand", "!=", "Brand#45"),
        cond("p_type", "starts_with", "MEDIUM POLISHED", negate=True),
        cond("p_size", "is_in", [49, 14, 23, 45, 19, 3, 36, 9]),
    )
    offers = c.join(parts, c.read("partsupp"), "p_partkey", "ps_partkey")
    clean = c.join(offers, complaints, "ps_suppkey", "s_suppkey", how="anti")
    counts = c.group_by(
        clean, ["p_brand", "p_type", "p_size"], agg("ps_suppkey", "n_unique", "supplier_cnt")
    )
    return c.sort(counts, ("supplier_cnt", True), "p_brand", "p_type", "p_size")


def q17(c: Canvas, scale: float) -> str:
    parts = c.filter(
        c.read("part"), cond("p_brand", "==", "Brand#23"), cond("p_container", "==", "MED BOX")
    )
    lines = c.join(parts, c.read("lineitem"), "p_partkey", "l_partkey")
    small = c.group_by(lines, ["p_partkey"], aggx('0.2 * pl.col("l_quantity").mean()', "small"))
    below = c.filter(
        c.join(lines, small, "p_partkey", "p_partkey"), same("l_quantity", "<", "small")
    )
    return c.group_by(below, [], aggx('pl.col("l_extendedprice").sum() / 7.0', "avg_yearly"))


def q18(c: Canvas, scale: float) -> str:
    per_order = c.group_by(
        c.read("lineitem"), ["l_orderkey"], agg("l_quantity", "sum", "sum_quantity")
    )
    large = c.filter(per_order, cond("sum_quantity", ">", 300))
    orders = c.join(c.read("orders"), large, "o_orderkey", "l_orderkey")
    buyers = c.join(orders, c.read("customer"), "o_custkey", "c_custkey")
    shown = c.select(
        buyers,
        "c_name",
        {"column": "o_custkey", "rename": "c_custkey"},
        "o_orderkey",
        "o_orderdate",
        "o_totalprice",
        "sum_quantity",
    )
    return c.head(c.sort(shown, ("o_totalprice", True), "o_orderdate"), 100)


def q19(c: Canvas, scale: float) -> str:
    lines = c.filter(
        c.read("lineitem"),
        cond("l_shipmode", "is_in", ["AIR", "AIR REG"]),
        cond("l_shipinstruct", "==", "DELIVER IN PERSON"),
    )
    joined = c.join(lines, c.read("part"), "l_partkey", "p_partkey")

    def kind(brand: str, containers: list[str], low: int, high: int) -> dict[str, Any]:
        return group(
            cond("p_brand", "==", brand),
            cond("p_container", "is_in", containers),
            cond("l_quantity", "between", [low, low + 10]),
            cond("p_size", "between", [1, high]),
        )

    chosen = c.filter(
        joined,
        kind("Brand#12", ["SM CASE", "SM BOX", "SM PACK", "SM PKG"], 1, 5),
        kind("Brand#23", ["MED BAG", "MED BOX", "MED PKG", "MED PACK"], 10, 10),
        kind("Brand#34", ["LG CASE", "LG BOX", "LG PACK", "LG PKG"], 20, 15),
        combine="or",
    )
    return c.group_by(chosen, [], aggx(f"({REVENUE}).sum()", "revenue"))


def q20(c: Canvas, scale: float) -> str:
    lines = c.filter(
        c.read("lineitem"), *since("l_shipdate", dt.date(1994, 1, 1), dt.date(1995, 1, 1))
    )
    shipped = c.group_by(
        lines, ["l_partkey", "l_suppkey"], aggx('0.5 * pl.col("l_quantity").sum()', "half_quantity")
    )
    forest = c.filter(c.read("part"), cond("p_name", "starts_with", "forest"))
    offers = c.join(c.read("partsupp"), forest, "ps_partkey", "p_partkey", how="semi")
    stocked = c.join(offers, shipped, ["ps_partkey", "ps_suppkey"], ["l_partkey", "l_suppkey"])
    plenty = c.filter(stocked, same("ps_availqty", ">", "half_quantity"))
    canada = c.filter(c.read("nation"), cond("n_name", "==", "CANADA"))
    suppliers = c.join(canada, c.read("supplier"), "n_nationkey", "s_nationkey")
    chosen = c.join(suppliers, plenty, "s_suppkey", "ps_suppkey", how="semi")
    return c.sort(c.select(chosen, "s_name", "s_address"), "s_name")


def q21(c: Canvas, scale: float) -> str:
    lineitem = c.read("lineitem")
    late = c.filter(lineitem, same("l_receiptdate", ">", "l_commitdate"))
    several = c.filter(
        c.group_by(lineitem, ["l_orderkey"], agg("l_suppkey", "n_unique", "suppliers")),
        cond("suppliers", ">", 1),
    )
    alone = c.filter(
        c.group_by(late, ["l_orderkey"], agg("l_suppkey", "n_unique", "late_suppliers")),
        cond("late_suppliers", "==", 1),
    )
    saudi = c.filter(c.read("nation"), cond("n_name", "==", "SAUDI ARABIA"))
    suppliers = c.join(saudi, c.read("supplier"), "n_nationkey", "s_nationkey")
    waiting = c.join(suppliers, late, "s_suppkey", "l_suppkey")
    final = c.filter(c.read("orders"), cond("o_orderstatus", "==", "F"))
    joined = c.join(waiting, final, "l_orderkey", "o_orderkey")
    kept = c.join(
        c.join(joined, several, "l_orderkey", "l_orderkey", how="semi"),
        alone,
        "l_orderkey",
        "l_orderkey",
        how="semi",
    )
    counts = c.group_by(kept, ["s_name"], aggx("pl.len()", "numwait"))
    return c.head(c.sort(counts, ("numwait", True), "s_name"), 100)


def q22(c: Canvas, scale: float) -> str:
    coded = c.formula(c.read("customer"), cntrycode='pl.col("c_phone").str.slice(0, 2)')
    customers = c.filter(
        coded, cond("cntrycode", "is_in", ["13", "31", "23", "29", "30", "18", "17"])
    )
    positive = c.filter(customers, cond("c_acctbal", ">", 0))
    average = c.group_by(positive, [], agg("c_acctbal", "mean", "avg_acctbal"))
    idle = c.join(customers, c.read("orders"), "c_custkey", "o_custkey", how="anti")
    rich = c.filter(c.cross(idle, average), same("c_acctbal", ">", "avg_acctbal"))
    sums = c.group_by(
        rich, ["cntrycode"], aggx("pl.len()", "numcust"), agg("c_acctbal", "sum", "totacctbal")
    )
    return c.sort(sums, "cntrycode")


QUERIES: dict[int, Callable[[Canvas, float], str]] = {n: globals()[f"q{n}"] for n in range(1, 23)}

# Queries whose result has no ORDER BY (one row): compared without regard to row order.
UNORDERED: frozenset[int] = frozenset({6, 14, 17, 19})


def build(
    n: int, paths: Mapping[str, str], scale: float, name: str | None = None
) -> tuple[Flow, str]:
    """Query ``n`` as a new flow over ``paths``; returns the flow and its last node."""
    flow = Flow(name or f"q{n}", namespace={})
    last = QUERIES[n](Canvas(flow, paths), scale)
    return flow, last

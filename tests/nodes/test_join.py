"""Join: every strategy against hand-computed rows, keys, suffix, coalesce, and the errors.

ORDERS regions by id: 1 north, 2 south, 3 north, 4 east, 5 south, 6 north, 7 null, 8 east.
REGIONS: north Ann 400, south Bob 200, west Cy 50.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from flowfile_jupyter import Flow, SettingsError

from ._aggregate_support import checked, read, rows

ORDER_COLUMNS = ["order_id", "region", "customer", "amount", "quantity", "order_date", "tags"]


def joined(data_dir: Path, **settings: Any) -> pl.DataFrame:
    flow, node = join_flow(data_dir, **settings)
    return checked(flow, node, row_order=False)


def join_flow(data_dir: Path, **settings: Any) -> tuple[Flow, str]:
    """orders (left) joined with regions (right)."""
    flow = Flow("test", namespace={})
    left = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    right = flow.add("read_parquet", path=str(data_dir / "regions.parquet"))
    return flow, flow.add("join", left, right, **settings)


def ids_and(frame: pl.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    return sorted(rows(frame, "order_id", *columns), key=lambda r: (r[0] is None, r[0] or 0, r))


def test_inner(data_dir: Path) -> None:
    result = joined(data_dir, on=["region"], how="inner")
    assert result.columns == [*ORDER_COLUMNS, "manager", "target"]
    assert ids_and(result, "manager") == [
        (1, "Ann"),
        (2, "Bob"),
        (3, "Ann"),
        (5, "Bob"),
        (6, "Ann"),
    ]


def test_left_keeps_every_left_row(data_dir: Path) -> None:
    result = joined(data_dir, on=["region"], how="left")
    assert result.columns == [*ORDER_COLUMNS, "manager", "target"]
    assert ids_and(result, "target") == [
        (1, 400),
        (2, 200),
        (3, 400),
        (4, None),
        (5, 200),
        (6, 400),
        (7, None),
        (8, None),
    ]


def test_right_keeps_every_right_row(data_dir: Path) -> None:
    result = joined(data_dir, on=["region"], how="right")
    # Polars puts the left columns first, then the right ones with the key
    assert result.columns == [
        "order_id",
        "customer",
        "amount",
        "quantity",
        "order_date",
        "tags",
        "region",
        "manager",
        "target",
    ]
    assert ids_and(result, "region") == [
        (1, "north"),
        (2, "south"),
        (3, "north"),
        (5, "south"),
        (6, "north"),
        (None, "west"),
    ]


def test_full_keeps_both_keys_unless_coalesced(data_dir: Path) -> None:
    result = joined(data_dir, on=["region"], how="full")
    assert result.columns == [*ORDER_COLUMNS, "region_right", "manager", "target"]
    assert result.height == 9  # 5 matches + east x2 + null region + west
    assert ids_and(result, "region", "region_right") == [
        (1, "north", "north"),
        (2, "south", "south"),
        (3, "north", "north"),
        (4, "east", None),
        (5, "south", "south"),
        (6, "north", "north"),
        (7, None, None),
        (8, "east", None),
        (None, None, "west"),
    ]
    merged = joined(data_dir, on=["region"], how="full", coalesce=True)
    assert merged.columns == [*ORDER_COLUMNS, "manager", "target"]
    assert sorted(merged["region"].to_list(), key=str) == sorted(
        ["north", "south", "north", "east", "south", "north", None, "east", "west"], key=str
    )


def test_coalesce_false_keeps_the_right_key_on_a_left_join(data_dir: Path) -> None:
    result = joined(data_dir, on=["region"], how="left", coalesce=False)
    assert result.columns == [*ORDER_COLUMNS, "region_right", "manager", "target"]
    assert ids_and(result, "region_right")[:4] == [
        (1, "north"),
        (2, "south"),
        (3, "north"),
        (4, None),
    ]


def test_semi_and_anti_keep_only_left_columns(data_dir: Path) -> None:
    semi = joined(data_dir, on=["region"], how="semi")
    assert semi.columns == ORDER_COLUMNS
    assert sorted(semi["order_id"].to_list()) == [1, 2, 3, 5, 6]
    anti = joined(data_dir, on=["region"], how="anti")
    assert anti.columns == ORDER_COLUMNS
    assert sorted(anti["order_id"].to_list()) == [4, 7, 8]


def test_cross_pairs_every_row_and_ignores_keys(data_dir: Path) -> None:
    result = joined(data_dir, how="cross")
    assert result.height == 24  # 8 x 3
    assert result.columns == [*ORDER_COLUMNS, "region_right", "manager", "target"]
    assert sorted(set(rows(result, "manager"))) == [("Ann",), ("Bob",), ("Cy",)]
    other = joined(data_dir, how="cross", suffix="_other")
    assert "region_other" in other.columns


def test_left_on_right_on(data_dir: Path, tmp_path: Path) -> None:
    areas = pl.DataFrame({"area": ["north", "east"], "code": ["N", "E"]})
    flow = Flow("test", namespace={})
    left = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    right = read(flow, tmp_path, areas, "areas")
    node = flow.add("join", left, right, left_on=["region"], right_on=["area"], how="inner")
    result = checked(flow, node, row_order=False)
    assert result.columns == [*ORDER_COLUMNS, "code"]
    assert ids_and(result, "code") == [(1, "N"), (3, "N"), (4, "E"), (6, "N"), (8, "E")]
    assert (
        "    .join(\n"
        "        areas,\n"
        '        left_on="region",\n'
        '        right_on="area",\n'
        '        how="inner",\n'
        '        maintain_order="left_right",\n'
        "    )\n"
    ) in flow.to_code(node)


def test_several_keys(data_dir: Path, tmp_path: Path) -> None:
    pairs = pl.DataFrame({"region": ["north", "north"], "customer": ["c1", "c4"], "vip": [1, 2]})
    flow = Flow("test", namespace={})
    left = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    right = read(flow, tmp_path, pairs, "pairs")
    node = flow.add("join", left, right, on=["region", "customer"])
    assert ids_and(checked(flow, node, row_order=False), "vip") == [(1, 1), (3, 1), (6, 2)]


def test_suffix_names_clashing_right_columns(data_dir: Path, tmp_path: Path) -> None:
    bonus = pl.DataFrame({"region": ["north"], "amount": [1.5]})
    flow = Flow("test", namespace={})
    left = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    right = read(flow, tmp_path, bonus, "bonus")
    node = flow.add("join", left, right, on=["region"], suffix="_bonus")
    result = checked(flow, node, row_order=False)
    assert result.columns == [*ORDER_COLUMNS, "amount_bonus"]
    assert ids_and(result, "amount", "amount_bonus") == [
        (1, 50.0, 1.5),
        (3, 300.0, 1.5),
        (6, 80.5, 1.5),
    ]


def test_nulls_equal_matches_null_keys(data_dir: Path, tmp_path: Path) -> None:
    labels = pl.DataFrame({"region": [None, "east"], "label": ["unknown", "E"]})
    flow = Flow("test", namespace={})
    left = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    right = read(flow, tmp_path, labels, "labels")
    plain = flow.add("join", left, right, on=["region"])
    assert ids_and(checked(flow, plain, row_order=False), "label") == [(4, "E"), (8, "E")]
    nulls = flow.add("join", left, right, on=["region"], nulls_equal=True)
    assert ids_and(checked(flow, nulls, row_order=False), "label") == [
        (4, "E"),
        (7, "unknown"),
        (8, "E"),
    ]


def test_rows_keep_the_left_order_by_default(data_dir: Path) -> None:
    # Polars 2.1 joins without an order by default: the same left join could list its rows
    # differently on every run; the node asks for the left input's order unless told otherwise
    flow, node = join_flow(data_dir, on=["region"], how="left")
    for _ in range(5):
        assert checked(flow, node)["order_id"].to_list() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert '.join(regions, on="region", how="left", maintain_order="left_right")' in (
        flow.to_code(node)
    )


def test_a_right_join_keeps_the_right_order(data_dir: Path) -> None:
    flow, node = join_flow(data_dir, on=["region"], how="right")
    result = checked(flow, node)
    assert result["region"].to_list() == ["north", "north", "north", "south", "south", "west"]
    assert result["order_id"].to_list()[:3] == [1, 3, 6]


def test_maintain_order_can_be_chosen_or_dropped(data_dir: Path) -> None:
    flow, node = join_flow(data_dir, on=["region"], how="inner", maintain_order="right_left")
    result = checked(flow, node)
    assert result["region"].to_list() == ["north", "north", "north", "south", "south"]
    assert result["order_id"].to_list() == [1, 3, 6, 2, 5]
    flow.update(node, maintain_order="none")
    assert sorted(checked(flow, node, row_order=False)["order_id"].to_list()) == [1, 2, 3, 5, 6]
    assert "maintain_order" not in flow.to_code(node)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"on": ["customer"]},
            'the right input has no column "customer" (columns: region, manager, target)',
        ),
        (
            {"on": ["manager"]},
            'the left input has no column "manager" (columns: order_id, region, customer, '
            "amount, quantity, order_date, tags)",
        ),
        (
            {"left_on": ["area"], "right_on": ["region"]},
            'the left input has no column "area" (columns: order_id, region, customer, '
            "amount, quantity, order_date, tags)",
        ),
        (
            {"left_on": ["region"], "right_on": ["area"]},
            'the right input has no column "area" (columns: region, manager, target)',
        ),
    ],
)
def test_keys_missing_on_one_side_say_which_side(
    data_dir: Path, settings: dict[str, Any], message: str
) -> None:
    flow, node = join_flow(data_dir, **settings)
    assert flow.errors[node] == message


def test_keys_of_different_types_are_a_node_error(data_dir: Path) -> None:
    flow, node = join_flow(data_dir, left_on=["quantity"], right_on=["region"])
    assert flow.errors[node].startswith(
        "datatypes of join keys don't match - `quantity`: i64 on left does not match `region`: "
        "str on right"
    )


def test_no_keys_is_a_node_error(data_dir: Path) -> None:
    flow, node = join_flow(data_dir, how="left")
    assert flow.errors[node] == "choose the key columns to join on"


def test_an_unconnected_right_input_is_a_node_error(data_dir: Path) -> None:
    flow = Flow("test", namespace={})
    left = flow.add("read_parquet", path=str(data_dir / "orders.parquet"))
    node = flow.add("join", left, on=["region"])
    assert flow.errors[node] == "input 'right' is not connected"


def test_refusals() -> None:
    flow = Flow("refusals", namespace={})
    with pytest.raises(SettingsError, match="give either on or left_on/right_on, not both"):
        flow.add("join", on=["region"], left_on=["region"], right_on=["region"])
    with pytest.raises(SettingsError, match="left_on and right_on need the same number"):
        flow.add("join", left_on=["region", "customer"], right_on=["region"])
    with pytest.raises(SettingsError, match="how: Input should be"):
        flow.add("join", on=["region"], how="outer")
    with pytest.raises(SettingsError, match="maintain_order: Input should be"):
        flow.add("join", on=["region"], maintain_order="yes")
    assert len(flow) == 0


# (how, order) pairs Polars 2.1 slices wrongly when a head follows (pola-rs/polars#28551)
SLICED_WRONGLY = [
    ("full", "left"),
    ("full", "right"),
    ("inner", "right"),
    ("left", "right"),
    ("right", "right"),
    ("right", "left"),
]


@pytest.mark.parametrize(("how", "order"), SLICED_WRONGLY)
def test_a_head_after_a_join_shows_the_joins_first_rows(how: str, order: str) -> None:
    """Canvas, run and generated code all show the first rows of the whole join."""
    rng = random.Random(f"{how}-{order}")
    for _ in range(30):
        schema = {"k": pl.Int64, "v": pl.Int64}
        a = pl.DataFrame(
            {"k": [rng.choice([0, 1, 2, 3, None]) for _ in range(9)], "v": range(9)},
            schema=schema,
        )
        b = pl.DataFrame(
            {"k": [rng.choice([0, 1, 2, 4, None]) for _ in range(7)], "v": range(7)},
            schema=schema,
        )
        flow = Flow("heads", namespace={"a": a, "b": b})
        join = flow.add(
            "join",
            flow.add("from_variable", name="a"),
            flow.add("from_variable", name="b"),
            on=["k"],
            how=how,
            maintain_order=order,
        )
        first = flow.add("head", join, n=2)
        kept = flow.nodes[join].settings.maintain_order
        assert kept in ("left_right", "right_left") and kept.startswith(order)
        truth = a.join(b, on="k", how=how, maintain_order=kept).head(2)  # eager: no pushdown
        assert flow.collect(first).equals(truth)
        assert flow.preview(first).equals(truth)
        namespace: dict[str, Any] = {"a": a, "b": b}
        exec(flow.to_code(), namespace)
        assert namespace["heads_df"].equals(truth)

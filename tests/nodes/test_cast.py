"""Cast: a missing column is a node error at once; a value that will not convert fails (strict)
or becomes null only when the data runs, as in Polars."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flowfile_jupyter import Flow, FlowError, SettingsError

from ._transform import checked, orders, rendered


def test_cast_several_columns(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add(
        "cast", src, dtypes={"amount": "Int32", "order_id": "String", "region": "Categorical"}
    )
    result = checked(flow, node)
    assert result.schema["amount"] == pl.Int32
    assert result.schema["order_id"] == pl.String
    assert result.schema["region"] == pl.Categorical()
    assert result["amount"].to_list() == [50, 150, 300, 120, None, 80, 20, 310]
    assert (
        '.cast({"amount": pl.Int32, "order_id": pl.String, "region": pl.Categorical})'
        in rendered(flow, node)
    )


def test_not_strict_turns_bad_values_into_nulls(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("cast", src, dtypes={"customer": "Int64"}, strict=False)
    result = checked(flow, node)
    assert result["customer"].null_count() == 8
    assert '.cast({"customer": pl.Int64}, strict=False)' in rendered(flow, node)


def test_strict_fails_when_the_data_runs_not_before(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("cast", src, dtypes={"customer": "Int64"})
    assert flow.errors == {}
    assert flow.schema(node)["customer"] == pl.Int64
    with pytest.raises(pl.exceptions.InvalidOperationError, match="conversion from `str` to `i64`"):
        flow.collect(node)


@pytest.mark.parametrize("strict", [True, False])
def test_a_missing_column_is_a_node_error(data_dir: Path, strict: bool) -> None:
    flow, src = orders(data_dir)
    node = flow.add("cast", src, dtypes={"amount": "Int64", "nope": "Int64"}, strict=strict)
    assert flow.errors[node].startswith('unable to find column "nope"')
    with pytest.raises(FlowError, match="nope"):
        flow.collect(node)


def test_nothing_to_cast_is_a_node_error(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("cast", src)
    assert flow.errors[node] == "choose a column and the type to cast it to"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"dtypes": {"amount": "Int128"}}, "dtypes.amount"),
        ({"dtypes": {"": "Int64"}}, "a column to cast has an empty name"),
        ({"dtypes": ["amount"]}, "dtypes"),
        ({"strict": "yes please"}, "strict"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("cast", **settings)

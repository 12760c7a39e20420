"""Head: the first n rows, or n rows after an offset (a slice)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowfile_jupyter import Flow, SettingsError

from ._transform import checked, orders, rendered


def test_first_rows(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("head", src, n=3)
    assert checked(flow, node)["order_id"].to_list() == [1, 2, 3]
    assert ".head(3)" in rendered(flow, node)


def test_default_is_five_rows(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("head", src)
    assert checked(flow, node).height == 5


def test_offset_makes_a_slice(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    node = flow.add("head", src, n=2, offset=5)
    assert checked(flow, node)["order_id"].to_list() == [6, 7]
    assert ".slice(5, 2)" in rendered(flow, node)


def test_past_the_end_gives_what_there_is(data_dir: Path) -> None:
    flow, src = orders(data_dir)
    short = flow.add("head", src, n=3, offset=6)
    empty = flow.add("head", src, n=0)
    assert checked(flow, short)["order_id"].to_list() == [7, 8]
    assert checked(flow, empty).height == 0


@pytest.mark.parametrize(
    ("settings", "message"), [({"n": -1}, "n:"), ({"offset": -2}, "offset:"), ({"n": "ten"}, "n:")]
)
def test_negative_or_non_numbers_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Flow("refused", namespace={}).add("head", **settings)

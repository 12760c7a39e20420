"""Sizes as people write them in settings, and as messages show them."""

from __future__ import annotations

import pytest

from flowfile_jupyter.engine.sizes import human, parse_size


def test_sizes_read_like_people_write_them() -> None:
    assert parse_size("2GiB") == 2 * 1024**3
    assert parse_size("500 MB") == 500_000_000
    assert parse_size(1234) == 1234
    assert parse_size("1.5k") == 1500
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def test_sizes_in_messages() -> None:
    assert human(512) == "512 B"
    assert human(1536) == "1.5 KiB"
    assert human(2 * 1024**3) == "2.0 GiB"
    assert human(5 * 1024**4) == "5120.0 GiB"

"""Sizes in bytes, as people write them (``2GiB``, ``500 MB``) and as they read them."""

from __future__ import annotations

import re

_UNITS = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4}
_UNITS.update({"kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4})
_UNITS.update({"kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4})


def parse_size(value: int | str) -> int:
    """Bytes from ``2147483648``, ``"2GiB"``, ``"500 MB"``."""
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*", value)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(f"not a size: {value!r} (try 2GiB, 500MB or a number of bytes)")
    return int(float(match.group(1)) * _UNITS[unit])


def human(size: int) -> str:
    """``1.5 GiB``: a size for a message."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"

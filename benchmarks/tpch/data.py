"""TPC-H data from the ``tpchgen-cli`` package, as Parquet, in two variants.

``decimal``: the generator's own types: the money and quantity columns (c_acctbal, l_quantity,
l_extendedprice, l_discount, l_tax, o_totalprice, p_retailprice, ps_supplycost, s_acctbal) are
Decimal(15, 2), dates are Date, keys Int64; ``float64``: the same files with every Decimal
column cast to Float64. A scale factor is generated once into ``<root>/sf<scale>/``; a
half-written directory never counts, because the files are written to a temporary directory
that is renamed only when both variants are complete (two processes generating at once each
finish, and the second keeps the first one's files).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

TABLES = ("customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier")
VARIANTS = ("decimal", "float64")


def _cli() -> str:
    """tpchgen-cli next to this Python (a virtual environment's bin/), else on PATH."""
    beside = Path(sys.executable).with_name("tpchgen-cli")
    if beside.exists():
        return str(beside)
    found = shutil.which("tpchgen-cli")
    if found is None:
        raise RuntimeError("tpchgen-cli is not installed: pip install tpchgen-cli")
    return found


def generate(root: Path, scale: float) -> Path:
    """The directory holding ``decimal/`` and ``float64/`` Parquet files at ``scale``,
    generated unless it is there already."""
    target = root / f"sf{scale:g}"
    if _complete(target):
        return target
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".sf{scale:g}-", dir=root))
    try:
        raw = work / "decimal"
        subprocess.run(
            [_cli(), "parquet", "-s", f"{scale:g}", "-o", str(raw)],
            check=True,
            capture_output=True,
            text=True,
        )
        floats = work / "float64"
        floats.mkdir()
        for table in TABLES:
            frame = pl.scan_parquet(raw / f"{table}.parquet")
            frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64)).sink_parquet(
                floats / f"{table}.parquet"
            )
        if not _complete(target):  # else another process finished first: keep its files
            if target.exists():
                shutil.rmtree(target)
            os.replace(work, target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def _complete(target: Path) -> bool:
    return all((target / v / f"{t}.parquet").exists() for v in VARIANTS for t in TABLES)


def paths(directory: Path) -> dict[str, str]:
    """Each table's Parquet file in one variant's directory."""
    return {t: str(directory / f"{t}.parquet") for t in TABLES}

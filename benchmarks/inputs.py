"""Generated benchmark data: the same frames as CSV, Parquet and bigger Parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


CATEGORIES = [f"cat_{i:03d}" for i in range(100)]


REGIONS = ["north", "south", "east", "west"]


def frame(n: int, seed: int = 0) -> pl.DataFrame:
    """n rows, 5 columns: id, category (100 values), value (0-1000), qty (0-99), region."""
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "id": np.arange(n, dtype=np.int64),
            "category": pl.Series(rng.integers(0, 100, n)).replace_strict(
                dict(enumerate(CATEGORIES)), return_dtype=pl.String
            ),
            "value": np.round(rng.random(n) * 1000, 2),
            "qty": rng.integers(0, 100, n),
            "region": pl.Series(rng.integers(0, 4, n)).replace_strict(
                dict(enumerate(REGIONS)), return_dtype=pl.String
            ),
        }
    )


def make_data(rows_1m: int, rows_10m: int, rows_50m: int) -> dict[str, Path]:
    DATA.mkdir(exist_ok=True)
    paths = {
        "csv": DATA / f"sales_{rows_1m}.csv",
        "csv_extra": DATA / f"sales_{rows_1m}_extra.csv",
        "parquet": DATA / f"sales_{rows_10m}.parquet",
        "regions": DATA / "regions.csv",
        "big": DATA / f"sales_{rows_50m}.parquet",
    }
    if not paths["csv"].exists() or not paths["csv_extra"].exists():
        df = frame(rows_1m)
        df.write_csv(paths["csv"])
        df.with_columns(extra=pl.col("qty") * 2).write_csv(paths["csv_extra"])
    if not paths["parquet"].exists():
        frame(rows_10m, seed=1).write_parquet(paths["parquet"])
    if not paths["regions"].exists():
        pl.DataFrame(
            {
                "region": REGIONS,
                "manager": ["Ann", "Bob", "Cy", "Di"],
                "target": [4e6, 3e6, 2e6, 1e6],
            }
        ).write_csv(paths["regions"])
    if rows_50m and not paths["big"].exists():
        import pyarrow.parquet as pq

        chunk = 5_000_000
        tmp = paths["big"].with_suffix(".tmp")
        writer = None
        for start in range(0, rows_50m, chunk):
            part = frame(min(chunk, rows_50m - start), seed=2 + start // chunk)
            part = part.with_columns(pl.col("id") + start).to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(tmp, part.schema, compression="zstd")
            writer.write_table(part)
        assert writer is not None
        writer.close()
        tmp.rename(paths["big"])
    return paths

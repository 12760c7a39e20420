"""Shared fixtures: small real data files in every format the readers take."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import BASKETS, ORDERS, REGIONS


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or fill the user's real preview cache."""
    previous = os.environ.get("FLOWFILE_JUPYTER_CACHE_DIR")
    os.environ["FLOWFILE_JUPYTER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("FLOWFILE_JUPYTER_CACHE_DIR", None)
    else:
        os.environ["FLOWFILE_JUPYTER_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """orders and regions as CSV, Parquet, IPC, NDJSON, JSON and Excel."""
    root = tmp_path_factory.mktemp("data")
    ORDERS.write_csv(root / "orders.csv")
    ORDERS.write_parquet(root / "orders.parquet")
    ORDERS.write_ipc(root / "orders.arrow")
    ORDERS.write_ndjson(root / "orders.ndjson")
    ORDERS.write_json(root / "orders.json")
    ORDERS.write_excel(root / "orders.xlsx", worksheet="orders")
    REGIONS.write_csv(root / "regions.csv")
    REGIONS.write_parquet(root / "regions.parquet")
    BASKETS.write_parquet(root / "baskets.parquet")
    return root


@pytest.fixture
def namespace() -> dict[str, Any]:
    """A stand-in for a notebook's namespace, with frames of each kind."""
    return {
        "orders_df": ORDERS,
        "orders_lf": ORDERS.lazy(),
        "orders_pd": ORDERS.to_pandas(),
        "regions_df": REGIONS,
    }

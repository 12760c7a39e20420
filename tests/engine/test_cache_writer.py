"""Writing a result into the cache batch by batch."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from flowfile_jupyter.engine.cache import Cache

K1 = f"{1:064x}"


def test_categorical_batches_with_their_own_dictionaries_are_one_result(tmp_path: Path) -> None:
    """Each batch of a Categorical column comes with its own dictionary; an IPC file holds one."""
    words = pl.DataFrame(
        {
            "word": ["x", "y", None, "z", "x", "w", "y", "v"],
            "kind": ["a", "b", "a", "b", "a", "b", "a", "b"],
            "n": list(range(8)),
        },
        schema_overrides={"word": pl.Categorical, "kind": pl.Enum(["a", "b"])},
    )
    cache = Cache(tmp_path / "cache")
    with cache.writer(K1) as writer:
        for batch in (words[:2], words[2:3], words[3:6], words[6:]):
            writer.write(batch)
        writer.finish(words.clear())
    scanned = cache.scan(K1)
    assert scanned is not None
    back = scanned.collect()
    assert back.schema == words.schema
    assert back.equals(words)
    assert back.filter(pl.col("word") == "z")["n"].to_list() == [3]

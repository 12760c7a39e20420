"""Writing one result into the cache: Arrow IPC, batch by batch, under a temporary name.

The writer runs on the thread that computes the result (a flow's worker) and is handed Polars
batches it owns; it converts them to Arrow and writes them at once, except Categorical batches,
which are held (up to HOLD_BYTES) so they share one dictionary, as an IPC file needs.
"""

from __future__ import annotations

import contextlib
from types import TracebackType
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc

from .. import atomic
from .sizes import human

if TYPE_CHECKING:
    from .cache import Cache

DATA = ".arrow"
HOLD_BYTES = 64 * 2**20  # Categorical batches are held up to this much to share a dictionary


class NotCacheable(Exception):
    """A result the cache cannot hold; it is previewed from its rows, not cached."""


class TooLarge(NotCacheable):
    """A result outgrew the cache's cap while it was being written."""


class Writer:
    """Writes one result as Arrow IPC, batch by batch, under a temporary name.

    ``write`` raises NotCacheable (TooLarge when the file outgrows the cache's cap, or
    Categorical batches that cannot share a dictionary); leaving the ``with``
    block with an error deletes what was written, so a partial result never appears.
    """

    def __init__(self, cache: Cache, key: str) -> None:
        self._cache = cache
        self._key = key
        self._tmp = atomic.temporary_path(cache.directory / f"{key}{DATA}")
        self._sink: Any = None
        self._writer: Any = None
        self._held: list[pa.Table] = []
        self._held_bytes = 0
        self._dictionaries: dict[str, pa.Array] = {}
        self.rows = 0

    def __enter__(self) -> Writer:
        self._sink = pa.OSFile(str(self._tmp), "wb")
        return self

    def write(self, batch: pl.DataFrame) -> None:
        table = batch.to_arrow(compat_level=pl.CompatLevel.newest())
        self.rows += batch.height
        if not any(pa.types.is_dictionary(f.type) for f in table.schema):
            self._emit(table)
            return
        self._held.append(table)
        self._held_bytes += table.nbytes
        if self._held_bytes > HOLD_BYTES:
            self._flush()

    def _flush(self) -> None:
        """Write the held batches with one dictionary per column. An IPC file holds one for
        the whole file (Polars reads no deltas), and each batch of a Categorical brings its
        own: batches are held so that results up to HOLD_BYTES always share one."""
        if not self._held:
            return
        table = pa.concat_tables(self._held).unify_dictionaries()
        self._held, self._held_bytes = [], 0
        for i, field in enumerate(table.schema):
            if not pa.types.is_dictionary(field.type) or table.column(i).num_chunks == 0:
                continue
            dictionary = table.column(i).chunk(0).dictionary
            known = self._dictionaries.setdefault(field.name, dictionary)
            if not known.equals(dictionary):
                raise NotCacheable(
                    f"the categories of its column {field.name!r} change from batch to batch "
                    f"past the first {human(HOLD_BYTES)}, which one Arrow IPC file cannot hold"
                )
        self._emit(table)

    def _emit(self, table: pa.Table) -> None:
        if self._writer is None:
            self._writer = ipc.new_file(self._sink, table.schema)
        self._writer.write_table(table)
        if self._sink.tell() > self._cache.max_bytes:
            raise TooLarge(
                f"its result is larger than the cache's cap ({human(self._cache.max_bytes)})"
            )

    def finish(self, empty: pl.DataFrame) -> None:
        """Close the file (``empty`` gives the schema when no batch came) and publish it."""
        self._flush()
        if self._writer is None:
            self._writer = ipc.new_file(
                self._sink, empty.to_arrow(compat_level=pl.CompatLevel.newest()).schema
            )
        self._writer.close()
        self._sink.close()
        self._cache._commit(self._key, self._tmp, self.rows)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._sink is not None and not self._sink.closed:
            with contextlib.suppress(Exception):
                if self._writer is not None:
                    self._writer.close()
            self._sink.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()

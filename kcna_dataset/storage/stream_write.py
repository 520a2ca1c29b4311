"""The tables of a full build, written while their batches are still being made.

A full build's `articles` and `sources` (the bodies and the raw texts: most of what is compressed) used
to be written after the last batch, two tables at a time on two cores, while nothing else ran: ~4 s at
the end of every full build. Here delta-rs writes their Parquet files as each batch comes out of
extract-parse-validate-enrich, on cores the batches leave idle, and commits only once publish has
checked that every record is accounted for (`release`). Until then nothing is visible: a failed batch,
a failed check (`abort`) or a kill leaves Parquet files that no Delta version references, as a kill in
the middle of any table write does. The rows are those `publish.write_table` writes: each key once, first occurrence
first, in batch order, with the first_version a row had in the table being replaced.

Refreshes do not stream: they append a few rows, compare them with the table's keys and may first
delete a changed file's rows, all of which publish does in order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pyarrow as pa
from deltalake import DeltaTable

from kcna_dataset.orchestration import faults
from kcna_dataset.storage import store
from kcna_dataset.storage.delta import read_staged, versioned_batches, write_batches
from kcna_dataset.schemas.keys import RECORD_KEYS

TABLES = ("articles", "sources")
"""The bodies and the raw texts, most of the cost of writing a full build's tables. Not more tables: each
waiting stream holds one of delta-rs's few threads (layouts tried: docs/benchmarks.md)."""


class Aborted(Exception):
    """The build stopped before publish's check: the stream ends without a commit."""


class StreamedTable:
    """One table's full write, fed by staged batch files in batch order, committed after `release()`."""

    def __init__(self, out: Path, table: str, version: int, batch_paths: Iterable[Path], pool: ThreadPoolExecutor):
        self.table, self.out, self.version = table, out, version
        self._decided = threading.Event()
        self._commit = False
        self._rows = {"rows": 0}
        self._future: Future = pool.submit(self._write, iter(batch_paths))

    def release(self) -> None:
        """publish's check passed: let the write end and commit."""
        self._commit = True
        self._decided.set()

    def result(self) -> tuple[int, int, float]:
        """Wait for the commit; (rows written, Delta version, seconds waited for it here)."""
        started = time.perf_counter()
        version = self._future.result()
        faults.reach(f"committed:{self.table}")
        return self._rows["rows"], version, time.perf_counter() - started

    def stop(self) -> None:
        """Let the write end: without a commit unless released."""
        self._decided.set()

    def abort(self) -> None:
        """End the write without a commit unless released, and wait for it (a no-op once committed)."""
        self.stop()
        try:
            self._future.result()
        except Exception:  # noqa: BLE001 - the stream's own failure (Aborted, a failed batch) is the build's to report
            pass

    def _write(self, batch_paths: Iterator[Path]) -> int:
        delta = DeltaTable(str(store.table_path(self.out, self.table)))
        keys = RECORD_KEYS[self.table]
        # A full build replaces every row but keeps the first_version each had: all the table's keys.
        prior = pl.scan_delta(delta).select(*keys, "first_version").collect()
        write_batches(delta, self.table, self._batches(batch_paths, prior), replace=True)
        return delta.version()

    def _batches(self, batch_paths: Iterator[Path], prior: pl.DataFrame) -> Iterator[pa.RecordBatch]:
        keys = RECORD_KEYS[self.table]
        seen = None  # keys of earlier batches: a key is written where it first occurs
        for path in batch_paths:
            frame = read_staged(path, self.table).unique(subset=keys, keep="first", maintain_order=True)
            if seen is not None:
                frame = frame.join(seen, on=keys, how="anti", nulls_equal=True, maintain_order="left")
            seen = frame.select(keys) if seen is None else seen.vstack(frame.select(keys))
            yield from versioned_batches(frame, self.table, prior, self.version, True, self._rows)
        self._decided.wait()
        if not self._commit:
            raise Aborted(f"{self.table}: the build stopped before its check; nothing committed")


class StreamedTables:
    """The streamed tables of one full build: `with StreamedTables(...) as streams:`; on leaving, any
    stream not committed is aborted and waited for, so no writer outlives the build."""

    def __init__(self, out: Path, version: int, staged: Callable[[str], Iterable[Path]]):
        """`staged(table)` gives the batches' staged files of a table, in batch order, each once it exists."""
        self._pool = ThreadPoolExecutor(max_workers=len(TABLES), thread_name_prefix="stream-write")
        self.tables = {table: StreamedTable(out, table, version, staged(table), self._pool) for table in TABLES}

    def __enter__(self) -> StreamedTables:
        return self

    def __exit__(self, *exc) -> None:
        for stream in self.tables.values():  # every stream told first: each may hold a thread another needs
            stream.stop()
        for stream in self.tables.values():
            stream.abort()
        self._pool.shutdown(wait=True)

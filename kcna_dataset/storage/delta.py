"""Low-level Delta writes shared by publish and stream_write: writer settings per table, staged rows to
versioned Arrow batches, one streamed commit per table, and compaction of small files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
from deltalake import ColumnProperties, DeltaTable, WriterProperties, write_deltalake

from kcna_dataset.orchestration import faults
from kcna_dataset.schemas.arrow import arrow_schema, conform
from kcna_dataset.schemas.keys import RECORD_KEYS

# zstd on every write (delta-rs otherwise writes snappy); row groups of 16k rows (a writer holds a whole
# group in memory); statistics cut to 64 bytes (whole bodies in the Delta log slow every opening). Why
# these values: docs/benchmarks.md, "Parquet writer settings".
WRITER_PROPERTIES = WriterProperties(
    compression="ZSTD", compression_level=3, max_row_group_size=16_384, statistics_truncate_length=64
)
# MinHash values are random bytes: neither compression nor a dictionary pays for them.
UNCOMPRESSED_TABLES = {"minhash_signatures": WriterProperties(
    compression="UNCOMPRESSED", max_row_group_size=16_384, statistics_truncate_length=64,
    column_properties={"minhash": ColumnProperties(dictionary_enabled=False, statistics_enabled="NONE")},
)}
SMALL_FILE_BYTES = 16 * 2**20
COMPACT_AT_SMALL_FILES = 16
"""A nightly refresh appends a small file to every table it adds rows to; once a table holds this many
files under SMALL_FILE_BYTES they are merged into one (see compact_small_files)."""


def writer_properties(table: str) -> WriterProperties:
    """How a table's Parquet files are written: zstd, except for the tables of random bytes."""
    return UNCOMPRESSED_TABLES.get(table, WRITER_PROPERTIES)


def read_staged(path: Path, table: str) -> pl.DataFrame:
    """A table's columns of a staged batch file. A batch's staged rows feed both articles and sources:
    each reads only its own columns (the bodies or the raw texts, not both)."""
    staged = pl.read_parquet_schema(path)
    return pl.read_parquet(path, columns=[name for name in arrow_schema(table).names if name in staged])


def versioned_batches(
    frame: pl.DataFrame, table: str, prior: pl.DataFrame, version: int, replace: bool, counter: dict
) -> Iterator[pa.RecordBatch]:
    """New rows with their first_version, as Arrow batches of the table's schema.

    A whole-file reject has a null record_index, which must match itself in these joins.
    """
    keys = RECORD_KEYS[table]
    if replace:
        frame = frame.drop("first_version", strict=False)
        frame = frame.join(prior, on=keys, how="left", nulls_equal=True, maintain_order="left")
        frame = frame.with_columns(pl.col("first_version").fill_null(version))
    else:
        frame = frame.join(prior, on=keys, how="anti", nulls_equal=True, maintain_order="left")
        frame = frame.with_columns(first_version=pl.lit(version, pl.Int64))
    if frame.height == 0:
        return
    counter["rows"] += frame.height
    yield from conform(frame, table).to_arrow().cast(arrow_schema(table)).to_batches()


def write_batches(delta: DeltaTable, table: str, batches: Iterable[pa.RecordBatch], replace: bool) -> None:
    """Arrow batches into one Delta commit as they come (memory: about a batch), appended or replacing
    the table; the crash point `write:<table>` comes once the first batch is handed to the writer."""

    def handed_over() -> Iterator[pa.RecordBatch]:
        for index, batch in enumerate(batches):
            yield batch
            if index == 0:
                faults.reach(f"write:{table}")

    reader = pa.RecordBatchReader.from_batches(arrow_schema(table), handed_over())
    # A rebuild may follow a change of the declared columns (planning forces one then): take the new schema.
    write_deltalake(
        delta,
        reader,
        mode="overwrite" if replace else "append",
        schema_mode="overwrite" if replace else None,
        writer_properties=writer_properties(table),
    )


def compact_small_files(delta: DeltaTable, table: str, small_bytes: int = SMALL_FILE_BYTES) -> bool:
    """Merge a table's small files into one once there are COMPACT_AT_SMALL_FILES of them; True if it did.

    Every reader opens every file of a version, and a refresh reads the key column of each: a year of
    nightly appends would leave ~365 tiny files per table, and each refresh slower than the one before.
    Compaction is a Delta commit that changes no row (dataChange=false), made before the manifest row,
    so the dataset version names the compacted table; older versions keep their files for time travel.
    Large files (a full build's) are left as they are; `small_bytes` says what is small, for tables whose
    full-build files are small on purpose (kcna_dataset/storage/stories_write.py).
    """
    sizes = delta.get_add_actions(flatten=True).column("size_bytes").to_pylist()
    if sum(size < small_bytes for size in sizes) < COMPACT_AT_SMALL_FILES:
        return False
    delta.optimize.compact(target_size=small_bytes, writer_properties=writer_properties(table))
    return True

"""Publish: staged batch files in, one new dataset version of the Delta tables out.

Rows already in a table are not written again (articles by article_id, sources and rejects by their
record key), so publishing is append-only: a dataset version adds rows, and every older version stays
readable by time travel. Batches stream through the writer, so memory does not grow with the corpus.
The manifest row is written last: it is the commit point of the whole dataset version.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl
import pyarrow as pa
from deltalake import DeltaTable, WriterProperties, write_deltalake

from flows import faults, store
from flows.planning import BuildPlan
from schemas.arrow import arrow_schema, conform, polars_schema
from schemas.tables import RECORD_KEYS

# zstd must be given on every write: delta-rs otherwise writes snappy (../shared/FACTS.md).
WRITER_PROPERTIES = WriterProperties(compression="ZSTD", compression_level=3)



def _prior_rows(out: Path, table: str) -> pl.DataFrame:
    """Keys and first_version of the rows the table already holds."""
    path = store.table_path(out, table)
    return pl.scan_delta(str(path)).select(*RECORD_KEYS[table], "first_version").collect()


def _rows_to_write(
    batch_paths: Sequence[Path], table: str, prior: pl.DataFrame, version: int, replace: bool, counter: dict
) -> Iterator[pa.RecordBatch]:
    """Staged rows as Arrow batches: each key once, first occurrence first.

    Appending, rows already in the table are skipped. Replacing (a full rebuild), every row is
    written but keeps the first_version it had, so a rebuild does not make old rows look new.
    """
    keys = RECORD_KEYS[table]
    schema = arrow_schema(table)
    seen = prior.select(keys).clear()
    for path in batch_paths:
        frame = pl.read_parquet(path).unique(subset=keys, keep="first", maintain_order=True)
        # A whole-file reject has a null record_index, which must match itself in these joins.
        frame = frame.join(seen, on=keys, how="anti", nulls_equal=True, maintain_order="left")
        if replace:
            frame = frame.drop("first_version", strict=False).join(
                prior, on=keys, how="left", nulls_equal=True, maintain_order="left"
            )
            frame = frame.with_columns(pl.col("first_version").fill_null(version))
        else:
            frame = frame.join(prior, on=keys, how="anti", nulls_equal=True, maintain_order="left")
            frame = frame.with_columns(first_version=pl.lit(version, pl.Int64))
        if frame.height == 0:
            continue
        seen = pl.concat([seen, frame.select(keys)])
        counter["rows"] += frame.height
        yield from conform(frame, table).to_arrow().cast(schema).to_batches()


def write_table(out: Path, table: str, batch_paths: Sequence[Path], version: int, replace: bool) -> tuple[int, int]:
    """Write a table's rows for a new dataset version; (rows added or written, Delta version after).

    Batches stream into one Delta commit, so memory stays at about one batch.
    """
    path = store.table_path(out, table)
    counter = {"rows": 0}
    batches = _rows_to_write(batch_paths, table, _prior_rows(out, table), version, replace, counter)
    first = next(batches, None)
    if first is None and not replace:
        return 0, DeltaTable(str(path)).version()

    def all_batches() -> Iterator[pa.RecordBatch]:
        if first is not None:
            yield first
            faults.reach(f"write:{table}")
            yield from batches

    reader = pa.RecordBatchReader.from_batches(arrow_schema(table), all_batches())
    write_deltalake(str(path), reader, mode="overwrite" if replace else "append", writer_properties=WRITER_PROPERTIES)
    return counter["rows"], DeltaTable(str(path)).version()


def count_rows(paths: Sequence[Path]) -> int:
    """Rows in staged Parquet files, read from their metadata."""
    return sum(pl.scan_parquet(path).select(pl.len()).collect().item() for path in paths)


def count_rejects(reject_paths: Sequence[Path]) -> dict[str, int]:
    """'stage/check' -> rows, over this run's reject files."""
    if not reject_paths:
        return {}
    counts = (
        pl.concat([pl.scan_parquet(path).select("stage", "check") for path in reject_paths])
        .group_by("stage", "check")
        .len()
        .sort("stage", "check")
        .collect()
    )
    return {f"{stage}/{check}": n for stage, check, n in counts.iter_rows()}


class AccountingError(Exception):
    """Records were lost between stages: the run stops before it commits anything."""


class EmptyOutput(Exception):
    """Input was read but no record became an article: the version is committed (its rejects are data)
    and the run is reported as failed."""


def publish_version(
    plan: BuildPlan,
    table_paths: dict[str, Sequence[Path]],
    records_read: int,
    code_version: str,
    rules_version: dict[str, str],
) -> dict:
    """Check that every record is accounted for, write the tables, commit the manifest row.

    table_paths maps each data table to its staged batch files; `sources` rows are one per record kept,
    `rejects` rows one per record rejected, so together they must count every record read.
    """
    started = time.perf_counter()
    valid = count_rows(table_paths["sources"])
    reject_paths = table_paths["rejects"]
    rejected = count_rows(reject_paths)
    if records_read != valid + rejected:
        raise AccountingError(
            f"records read ({records_read}) != records kept ({valid}) + rejected ({rejected}): nothing committed"
        )
    added, delta_versions = {}, {}
    for table, paths in table_paths.items():
        added[table], delta_versions[table] = write_table(plan.out, table, paths, plan.dataset_version, plan.full)
        faults.reach(f"committed:{table}")
    by_reason = count_rejects(reject_paths)
    row = manifest_row(
        plan.dataset_version,
        trigger=plan.trigger,
        input_fingerprint=plan.input_fingerprint,
        counts={"raw_files_seen": len(plan.files), "raw_records_read": records_read},
        rejects_by_reason=by_reason,
        added=added,
        delta_versions=delta_versions,
        code_version=code_version,
        rules_version=rules_version,
        duration_seconds=plan.elapsed() + (time.perf_counter() - started),
    )
    commit_version(plan.out, row)
    faults.reach(f"committed:{store.MANIFEST}")
    summary = {
        "dataset_version": plan.dataset_version,
        "raw_files_seen": len(plan.files),
        "raw_records_read": records_read,
        "records_kept": valid,
        **{f"{table}_added": count for table, count in added.items()},
        "rejects_by_reason": by_reason,
        "recovered": list(plan.recovered),
    }
    if records_read and not valid:
        raise EmptyOutput(
            f"dataset version {plan.dataset_version}: none of {records_read} records became an article "
            f"(rejects: {by_reason}); see the rejects table"
        )
    return summary


def commit_version(out: Path, row: dict) -> None:
    """Append the manifest row: from here on the dataset version exists for every reader."""
    frame = conform(pl.DataFrame([row], schema=polars_schema(store.MANIFEST)), store.MANIFEST)
    write_deltalake(
        str(store.table_path(out, store.MANIFEST)),
        frame.to_arrow().cast(arrow_schema(store.MANIFEST)),
        mode="append",
        writer_properties=WRITER_PROPERTIES,
    )


def manifest_row(
    dataset_version: int,
    *,
    trigger: str,
    input_fingerprint: str,
    counts: dict[str, int],
    rejects_by_reason: dict[str, int],
    added: dict[str, int],
    delta_versions: dict[str, int],
    code_version: str,
    rules_version: dict[str, str],
    duration_seconds: float,
) -> dict:
    """The manifest row of a dataset version, with the columns of schemas.tables.Version."""
    return {
        "dataset_version": dataset_version,
        "created_at": dt.datetime.now(dt.UTC),
        "trigger": trigger,
        "input_fingerprint": input_fingerprint,
        "raw_files_seen": counts["raw_files_seen"],
        "raw_records_read": counts["raw_records_read"],
        "articles_added": added["articles"],
        "sources_added": added["sources"],
        "rejects_added": added["rejects"],
        "rejects_by_reason": json.dumps(rejects_by_reason, sort_keys=True),
        "delta_versions": json.dumps(delta_versions, sort_keys=True),
        "code_version": code_version,
        "rules_version": json.dumps(rules_version, sort_keys=True),
        "duration_seconds": duration_seconds,
    }

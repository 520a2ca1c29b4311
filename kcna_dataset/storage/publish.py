"""Publish: staged batch files in, one new dataset version of the Delta tables out.

Rows already in a table are not written again (articles by article_id, sources and rejects by their
record key), so publishing appends: a dataset version adds rows, and every older version stays
readable by time travel. To find what is already there, only the rows sharing a key with the staged
rows are read (a filter pushed down into the Delta scan), never a whole table; batches stream through
the writer, so memory follows the size of what is new, not of the corpus. A raw file that changed has
its earlier rows deleted first (docs/incremental.md). The ledger of processed files is written next,
and the manifest row last: it is the commit point of the whole dataset version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import polars as pl
import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

from kcna_dataset.orchestration import faults
from kcna_dataset.stages import sightings
from kcna_dataset.storage import store, stories_write
from kcna_dataset.storage.delta import (
    compact_small_files, read_staged, versioned_batches, write_batches, writer_properties,
)
from kcna_dataset.storage.planning import BuildPlan, ledger_frame
from kcna_dataset.schemas.arrow import arrow_schema, conform, polars_schema
from kcna_dataset.schemas.keys import LEDGER_TABLE, RECORD_KEYS, STORY_TABLES

if TYPE_CHECKING:
    from kcna_dataset.storage.stream_write import StreamedTable

WRITE_THREADS = 2
"""Tables written at once (the near-duplicate pairs are found beside them)."""
T = TypeVar("T")


def _staged_values(batch_paths: Sequence[Path], column: str) -> pl.Series:
    """Distinct values of one column over staged batch files, read from that column only."""
    if not batch_paths:
        return pl.Series(column, [], pl.String)
    return pl.concat([pl.scan_parquet(path).select(column) for path in batch_paths]).unique().collect()[column]


def _prior_rows(delta: DeltaTable, table: str, batch_paths: Sequence[Path]) -> pl.DataFrame:
    """Keys and first_version of the rows the table holds that share their first key column with the
    staged rows (an article_id, a source_path): a refresh reads what it may collide with, not the table."""
    keys = RECORD_KEYS[table]
    wanted = _staged_values(batch_paths, keys[0])
    if wanted.is_empty():  # nothing staged (a night without quotes, say): the table's keys stay unread
        return pl.DataFrame(schema={name: polars_schema(table)[name] for name in [*keys, "first_version"]})
    return (
        pl.scan_delta(delta)
        .select(*keys, "first_version")
        .filter(pl.col(keys[0]).is_in(wanted.implode()))
        .collect()
    )


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def remove_replaced(out: Path, changed_paths: Sequence[str], article_batches: Sequence[Path]) -> dict[str, int]:
    """Delete the sources and rejects rows of raw files that changed, and the articles only they referenced.

    An article that another file still has, or that the file's new content still has, stays as it is.
    Only the Parquet files holding those rows are rewritten (copy-on-write); a refresh of new files never gets here.
    """
    if not changed_paths:
        return {}
    sources = str(store.table_path(out, "sources"))
    changed = pl.Series(list(changed_paths), dtype=pl.String).implode()
    old_ids = (
        pl.scan_delta(sources).filter(pl.col("source_path").is_in(changed)).select("article_id").unique().collect()
    )["article_id"]
    still_referenced = (
        pl.scan_delta(sources)
        .filter(pl.col("article_id").is_in(old_ids.implode()) & ~pl.col("source_path").is_in(changed))
        .select("article_id")
        .collect()
    )["article_id"]
    orphans = set(old_ids) - set(still_referenced) - set(_staged_values(article_batches, "article_id"))
    predicate = f"source_path IN ({_sql_list(changed_paths)})"
    removed = {table: _delete(out, table, predicate) for table in ("sources", "rejects")}
    if orphans:
        # The article and every row derived from it (mentions, quotes, signatures, near-duplicate pairs).
        ids = _sql_list(sorted(orphans))
        for table in store.DATA_TABLES:
            columns = [c for c in ("article_id", "near_duplicate_id") if c in polars_schema(table)]
            # Stories and revisions are recomputed for the stories this version touches (stories_write).
            if table not in ("sources", "rejects", *STORY_TABLES) and columns:
                removed[table] = _delete(out, table, " OR ".join(f"{c} IN ({ids})" for c in columns))
    return removed


def _delete(out: Path, table: str, predicate: str) -> int:
    delta = DeltaTable(str(store.table_path(out, table)))
    metrics = delta.delete(predicate, writer_properties=writer_properties(table))
    return metrics["num_deleted_rows"]


def write_ledger(out: Path, ledger: pl.DataFrame, replace: bool, only_new: bool = False) -> int:
    """Write the ledger rows of processed raw files (all of them when replacing); its Delta version after.
    `only_new`: no row's path is in the ledger yet (a night of new files), so they are appended, not merged."""
    table = DeltaTable(str(store.table_path(out, LEDGER_TABLE)))
    if ledger.height == 0:
        return table.version()
    rows = conform(ledger, LEDGER_TABLE).to_arrow().cast(arrow_schema(LEDGER_TABLE))
    if replace:
        write_deltalake(table, rows, mode="overwrite", schema_mode="overwrite",
                        writer_properties=writer_properties(LEDGER_TABLE))
        return table.version()
    if only_new:
        write_deltalake(table, rows, mode="append", writer_properties=writer_properties(LEDGER_TABLE))
    else:
        (
            table
            .merge(rows, predicate="t.source_path = s.source_path", source_alias="s", target_alias="t",
                   writer_properties=writer_properties(LEDGER_TABLE))
            .when_matched_update_all()
            .when_not_matched_insert_all()
            .execute()
        )
    # Each refresh adds a file of the new raw files' rows, and a refresh reads them all.
    compact_small_files(table, LEDGER_TABLE)
    return table.version()


def _rows_to_write(
    batch_paths: Sequence[Path], table: str, prior: pl.DataFrame, version: int, replace: bool, counter: dict
) -> Iterator[pa.RecordBatch]:
    """Staged rows as Arrow batches: each key once, first occurrence first.

    Appending, rows already in the table are skipped. Replacing (a full rebuild), every row is
    written but keeps the first_version it had, so a rebuild does not make old rows look new.
    """
    keys = RECORD_KEYS[table]
    owners = _first_batch_of_each_key(batch_paths, keys)
    for index, path in enumerate(batch_paths):
        mine = owners.get(index)
        if mine is None:
            continue  # every key of this batch came first in an earlier one: the file is not read
        frame = read_staged(path, table)
        frame = frame.unique(subset=keys, keep="first", maintain_order=True)
        frame = frame.join(mine, on=keys, how="semi", nulls_equal=True, maintain_order="left")
        yield from versioned_batches(frame, table, prior, version, replace, counter)


def _first_batch_of_each_key(batch_paths: Sequence[Path], keys: list[str]) -> dict[int, pl.DataFrame]:
    """Batch index -> the keys whose first occurrence is in that batch, from one pass over the key columns.

    Checking each batch against every key written before it grew with the square of the batch count.
    """
    if not batch_paths:
        return {}
    first = (
        pl.concat([pl.scan_parquet(path).select(keys).with_columns(_batch=pl.lit(i, pl.UInt32))
                   for i, path in enumerate(batch_paths)])
        .unique(subset=keys, keep="first", maintain_order=True)
        .collect()
    )
    return {index: frame.drop("_batch") for (index,), frame in first.partition_by("_batch", as_dict=True).items()}


def write_table(out: Path, table: str, batch_paths: Sequence[Path], version: int, replace: bool) -> tuple[int, int]:
    """Write a table's rows for a new dataset version; (rows added or written, Delta version after).

    Batches stream into one Delta commit, so memory stays at about one batch.
    """
    # Opened once: the schema check, the read of prior keys and the write share one replay of the Delta log.
    delta = DeltaTable(str(store.table_path(out, table)))
    written = [field.name for field in delta.schema().fields]
    if not replace and written != arrow_schema(table).names:
        raise store.StoreError(
            f"table {table!r} in {out} has the columns of another version of kcna-dataset; "
            f"rebuild it with `kcna build --full --out {out}` (older dataset versions stay readable)"
        )
    counter = {"rows": 0}
    prior = _prior_rows(delta, table, batch_paths)
    batches = _rows_to_write(batch_paths, table, prior, version, replace, counter)
    first = next(batches, None)
    if first is None and not replace:
        return 0, delta.version()
    write_batches(delta, table, itertools.chain([first] if first is not None else [], batches), replace)
    if not replace:
        compact_small_files(delta, table)
    return counter["rows"], delta.version()


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


def write_tables(
    out: Path, table_paths: dict[str, Sequence[Path] | Future], version: int, replace: bool,
    then: Callable[[Callable[[str], object]], T] | None = None, needs: Sequence[str] = (),
) -> tuple[dict[str, tuple[int, int, float]], T | None]:
    """write_table for every table, two at a time: each table is its own Delta commit, so the order is
    free, and compressing articles' bodies while another table is sorted and written halves the wait.
    Nothing is visible as a dataset version until the manifest row that follows.

    A table's staged files may still be in the making (a Future of them): it is written once they are,
    the tables before it meanwhile. `then` runs in this thread once the tables it `needs` are written,
    while the others still are; it is given a function that waits until a table is written. Returns ((rows,
    Delta version, seconds) per table, what `then` returned)."""

    def write(table: str) -> tuple[int, int, float]:
        paths = table_paths[table]
        paths = paths.result() if isinstance(paths, Future) else paths
        started = time.perf_counter()
        written = write_table(out, table, paths, version, replace)
        faults.reach(f"committed:{table}")
        return (*written, time.perf_counter() - started)

    after = None
    with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
        futures = {table: pool.submit(write, table) for table in table_paths}
        if then is not None:
            for table in needs:
                if table in futures:
                    futures[table].result()
            after = then(lambda table: futures[table].result() if table in futures else None)
    return {table: future.result() for table, future in futures.items()}, after


@dataclasses.dataclass(frozen=True)
class StoredReads:
    """A refresh's reads for its stories, begun before its batches (`read_stored_in_background`)."""
    before: dict[str, int]  # Delta versions of sources and stories before this build
    stored: Future  # of stories_write.Stored


def _envelope_paths(plan: BuildPlan) -> list[str]:
    return [f.path for f in plan.files if sightings.is_envelope(f.path)]


def _stored_versions(plan: BuildPlan) -> dict[str, int]:
    """Delta versions of the tables a refresh's stories compare with, before this build writes anything."""
    return {table: plan.table_versions[table] for table in ("sources", "stories")}


def read_stored_in_background(plan: BuildPlan) -> StoredReads | None:
    """A refresh's stories read what they compare with (stories_write.read_stored) in a thread of its own
    while the batches run, at the versions stored now, before this build deletes or writes anything: the
    batch leaves a core free, and the stories step, the last of a refresh, then starts with them read."""
    if plan.full:
        return None
    before = _stored_versions(plan)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stories-read")
    stored = pool.submit(stories_write.read_stored, plan.out, plan.raw, _envelope_paths(plan), plan.ledger.changed,
                         before)
    pool.shutdown(wait=False)  # the read goes on; the pool takes nothing more
    return StoredReads(before, stored)


def compute_stories(plan: BuildPlan, before: dict[str, int] | None, staged: Sequence[Path] | None,
                    stored_reads: StoredReads | None) -> tuple:
    """stories_write.timed_compute for this build: a refresh's from its `staged` sources rows and its stored
    reads, a full build's (`staged` None) from the sources it has written."""
    return stories_write.timed_compute(
        plan.out, plan.raw, _envelope_paths(plan), [f.path for f in plan.to_read], plan.ledger.changed,
        before, staged, stored_reads.stored.result() if stored_reads else None,
    )


class HandOver:
    """What each batch of a refresh hands over before it enriches (run_batch's `hand_over`): per kind, one
    Future per batch of its staged file, for the work begun meanwhile (EarlyWork)."""

    KINDS = ("sources", "minhash_signatures")

    def __init__(self, batches: int) -> None:
        self._files = {kind: [Future() for _ in range(batches)] for kind in self.KINDS}

    def of(self, batch: int) -> Callable[[str, Path], None]:
        """What batch number `batch` calls with a kind and the path of its staged file."""
        return lambda kind, path: self._files[kind][batch].set_result(path)

    def files(self, kind: str) -> list[Path]:
        """Every batch's staged file of `kind`, once all are handed over."""
        return [future.result() for future in self._files[kind]]

    def abandon(self) -> None:
        """End the waits for files if a batch failed before it handed them over."""
        for futures in self._files.values():
            for future in futures:
                if not future.done():
                    future.set_exception(RuntimeError("a batch ended before staging its rows"))


class EarlyWork:
    """A refresh's stories, and its near-duplicate pairs, computed while its batches enrich, each in a thread
    of its own from the files the batches hand over (`hand_over`): the stories from their valid rows and the
    stored reads, the pairs by `pairs(signature paths)`. Publish then finds them computed (`stories`, a
    Future of what compute_stories returns; `pairs`, of what `pairs` returns, or None without `pairs`)."""

    def __init__(self, plan: BuildPlan, stored_reads: StoredReads, batches: int,
                 pairs: Callable[[list[Path]], T] | None = None) -> None:
        self.hand_over = HandOver(batches)
        self.stories = self._start("early-stories", lambda: compute_stories(
            plan, stored_reads.before, self.hand_over.files("sources"), stored_reads))
        self.pairs = self._start("early-pairs", lambda: pairs(self.hand_over.files("minhash_signatures"))) if pairs else None

    @staticmethod
    def _start(name: str, work: Callable[[], T]) -> Future:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        future = pool.submit(work)
        pool.shutdown(wait=False)  # the work goes on; the pool takes nothing more
        return future


def publish_version(
    plan: BuildPlan,
    table_paths: dict[str, Sequence[Path]],
    records_read: int,
    code_version: str,
    rules_version: dict[str, str],
    near_duplicates: Callable[[int], Sequence[Path]] | None = None,
    streamed: Mapping[str, StreamedTable] | None = None,
    stored_reads: StoredReads | None = None,
    stories_computing: Future | None = None,
) -> dict:
    """Check that every record is accounted for, write the tables, commit the manifest row.

    table_paths maps each data table to its staged batch files; `sources` rows are one per record kept,
    `rejects` rows one per record rejected, so together they must count every record read.

    `near_duplicates(stored_version)` stages the pairs of the `near_duplicates` table, given the Delta
    version of the stored signatures to compare with: those left once a changed file's articles are
    removed, before this version adds its own. It runs in a thread beside the writes of the other tables
    (it needs none of them), and its table is written last.

    `streamed` tables (a full build's articles and sources, kcna_dataset/storage/stream_write.py) have been written
    while the batches were made: they are released to commit once the check passes, and waited for
    before the manifest row. `stored_reads`, a refresh's reads for its stories, begun while its batches ran
    (read here if not given); `stories_computing`, a refresh's stories computed while its batches ran
    (EarlyWork; computed here, beside the writes, if not given).
    """
    started = time.perf_counter()
    valid = count_rows(table_paths["sources"])
    reject_paths = table_paths["rejects"]
    rejected = count_rows(reject_paths)
    if records_read != valid + rejected:
        raise AccountingError(
            f"records read ({records_read}) != records kept ({valid}) + rejected ({rejected}): nothing committed"
        )
    stories_before = None if plan.full else (stored_reads.before if stored_reads else _stored_versions(plan))
    removed = {} if plan.full else remove_replaced(plan.out, plan.ledger.changed, table_paths["articles"])
    streamed = streamed or {}
    for stream in streamed.values():
        stream.release()
    table_paths = {table: paths for table, paths in table_paths.items() if table not in streamed}
    added, delta_versions, write_seconds = {}, {}, {}

    def stories(computing: Future | None, written: Callable[[str], object]) -> tuple[stories_write.StoryWrite, float]:
        """Stories are written beside the other tables, and the flags they set in articles once articles are.
        A refresh's stories were computed meanwhile (`computing`) from the staged and stored sources, and are
        written at once; a full build's are computed now, from the sources written while the batches ran
        (write_tables waits for sources and articles before this)."""
        for stream in streamed.values():
            stream.result()
        computed = computing.result() if computing is not None else compute_stories(plan, None, None, None)
        writing = time.perf_counter()
        story_write = stories_write.publish(plan.out, computed, lambda: written("articles"))
        return story_write, computed[1] + time.perf_counter() - writing  # compute, then write and flags

    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="beside-writes") as beside:
        # A refresh's stories are computed from the stored and staged rows while the tables are written.
        computing = stories_computing
        if computing is None and not plan.full:
            computing = beside.submit(compute_stories, plan, stories_before, table_paths["sources"], stored_reads)
        ledger = beside.submit(write_ledger, plan.out, ledger_frame(plan.ledger), plan.full, plan.ledger.only_new)
        if near_duplicates is not None:
            # As planned, unless a changed file's signatures were just deleted (remove_replaced).
            stored_version = (store.current_version(plan.out, "minhash_signatures") if removed
                              else plan.table_versions["minhash_signatures"])
            table_paths = {**table_paths, "near_duplicates": beside.submit(near_duplicates, stored_version)}
        written, (story_write, stories_seconds) = write_tables(
            plan.out, table_paths, plan.dataset_version, plan.full,
            then=lambda written: stories(computing, written), needs=("sources", "articles") if plan.full else (),
        )
    written = {**{table: stream.result() for table, stream in streamed.items()}, **written}
    for table, (rows, delta_version, seconds) in written.items():
        added[table], delta_versions[table], write_seconds[table] = rows, delta_version, round(seconds, 2)
    delta_versions.update(story_write.delta_versions)
    write_seconds["stories"] = round(stories_seconds, 2)
    delta_versions[LEDGER_TABLE] = ledger.result()
    by_reason = count_rejects(reject_paths)
    files = {
        "raw_files_seen": len(plan.files),
        "raw_files_read": len(plan.to_read),
        "raw_files_changed": len(plan.ledger.changed),
        "raw_files_missing": len(plan.ledger.missing),
    }
    row = manifest_row(
        plan.dataset_version,
        trigger=plan.trigger,
        input_fingerprint=plan.input_fingerprint,
        counts={**files, "raw_records_read": records_read},
        is_full_rebuild=plan.full,
        rows_removed=removed,
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
        "full_rebuild": plan.full_reason,
        **files,
        "raw_records_read": records_read,
        "records_kept": valid,
        **{f"{table}_added": count for table, count in added.items()},
        **{f"{table}_removed": count for table, count in removed.items() if count},
        "rejects_by_reason": by_reason,
        "recovered": list(plan.recovered),
        "table_write_seconds": write_seconds,
        "stories_written": story_write.rows.get("stories", 0),
        "latest_revision_flags_changed": story_write.flags_changed,
        "stories_seconds": story_write.seconds,
    }
    if records_read and not valid:
        raise EmptyOutput(
            f"dataset version {plan.dataset_version}: none of {records_read} records became an article "
            f"(rejects: {by_reason}); see the rejects table"
        )
    return summary


def summary_line(summary: dict) -> str:
    """One line a person reads in a run's log: the version, what it added and read, and the rejects."""
    added = ", ".join(f"{key.removesuffix('_added')} +{value:,}" for key, value in summary.items() if key.endswith("_added"))
    rejects = sum(summary.get("rejects_by_reason", {}).values())
    return (
        f"dataset version {summary['dataset_version']} committed: {added}; raw files read "
        f"{summary['raw_files_read']:,} of {summary['raw_files_seen']:,}, records {summary['raw_records_read']:,} "
        f"({rejects:,} rejected)"
    )


def commit_version(out: Path, row: dict) -> None:
    """Append the manifest row: from here on the dataset version exists for every reader."""
    frame = conform(pl.DataFrame([row], schema=polars_schema(store.MANIFEST)), store.MANIFEST)
    manifest = DeltaTable(str(store.table_path(out, store.MANIFEST)))
    write_deltalake(
        manifest,
        frame.to_arrow().cast(arrow_schema(store.MANIFEST)),
        mode="append",
        # A manifest written before a column was declared gains it (older rows read it as null).
        schema_mode="merge",
        writer_properties=writer_properties(store.MANIFEST),
    )
    compact_small_files(manifest, store.MANIFEST)  # one file per dataset version otherwise, all read by every build


def manifest_row(
    dataset_version: int,
    *,
    trigger: str,
    input_fingerprint: str,
    counts: dict[str, int],
    is_full_rebuild: bool,
    rows_removed: dict[str, int],
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
        "rows_removed": json.dumps(rows_removed, sort_keys=True),
        "raw_files_read": counts["raw_files_read"],
        "raw_files_changed": counts["raw_files_changed"],
        "raw_files_missing": counts["raw_files_missing"],
        "is_full_rebuild": is_full_rebuild,
        "rejects_by_reason": json.dumps(rejects_by_reason, sort_keys=True),
        "delta_versions": json.dumps(delta_versions, sort_keys=True),
        "code_version": code_version,
        "rules_version": json.dumps(rules_version, sort_keys=True),
        "duration_seconds": duration_seconds,
    }

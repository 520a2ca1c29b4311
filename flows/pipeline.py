"""The `build-dataset` flow: extract -> parse -> validate -> enrich per batch, then near-duplicates and publish.

Task runs: one `extract-parse-validate-enrich` per batch of raw files, two at a time, then `publish`,
which finds the near-duplicate pairs beside the writes of the other tables. The work is in the stages'
plain functions (kcna_dataset.stages) and the storage layer (kcna_dataset.storage); tasks pass file
paths, never large frames. The dataset version exists only once `publish` writes its manifest row; a run
that stops earlier leaves the previous version as it was.
"""

from __future__ import annotations

import kcna_dataset.flows  # noqa: F401  first: Prefect's and the allocator's settings before either loads

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.utilities.annotations import quote

from kcna_dataset.orchestration import runner, warmup
from kcna_dataset.orchestration.progress import Progress
from kcna_dataset.stages import batch as batch_stage
from kcna_dataset.stages import extract
from kcna_dataset.stages.batch import Staged
from kcna_dataset.stages.provenance import code_version, rules_version
from kcna_dataset.storage import publish as publish_stage
from kcna_dataset.storage import store
from kcna_dataset.storage.locking import output_lock
from kcna_dataset.storage.planning import BuildPlan, plan_build
from kcna_dataset.storage.stream_write import StreamedTable, StreamedTables

task_runner = runner.task_runner  # `kcna build --dask-*` builds its runner here


@task(name="extract-parse-validate-enrich", cache_policy=NO_CACHE)
def process_batch(raw: Path, staging: Path, name: str, files: extract.FileBatch,
                  hand_over: Callable[[str, Path], object] | None = None) -> Staged:
    """One batch of raw files through every stage, staged as Parquet (kcna_dataset.stages.batch).

    The stages share one task run per batch: each task run costs Prefect bookkeeping, and handing records
    from task to task cost a staging write and read. Not retried: an unreadable file or a record that fails
    a check is a reject row, so an exception here is a bug or a full disk, which a retry would not mend.
    """
    return batch_stage.run_batch(raw, staging, name, files, hand_over)


def find_pairs(plan: BuildPlan, signature_paths: list[Path], stored_version: int) -> batch_stage.Pairs:
    """The near-duplicate pairs of the staged signatures; a refresh's with the signatures stored at
    `stored_version` (those left once a changed file's articles are removed, before this version adds its own)."""
    stored = stored_ids = None
    if not plan.full:
        stored = store.read_batches(plan.out, "minhash_signatures", stored_version, ["article_id", "minhash"])
        stored_ids = store.read_column(plan.out, "minhash_signatures", stored_version, "article_id")
    return batch_stage.find_pairs(signature_paths, stored, plan.staging, stored_ids)


@task(name="publish", cache_policy=NO_CACHE)
def publish(plan: BuildPlan, batches: list[Staged], streamed: dict[str, StreamedTable],
            stored_reads: publish_stage.StoredReads | None = None, early: publish_stage.EarlyWork | None = None) -> dict:
    """Account for every record, find the near-duplicate pairs of the new articles, append what is new to
    each table, then commit the manifest row (the pairs are found beside the writes of the other tables,
    or were while the batches enriched: `early`)."""
    started = time.perf_counter()
    table_paths = {table: [batch.path(table) for batch in batches] for table in batch_stage.STAGED_TABLES}
    found: list[batch_stage.Pairs] = []

    def near_duplicates(stored_version: int) -> list[Path]:
        if early is not None and early.pairs is not None:
            found.append(early.pairs.result())
        else:
            found.append(find_pairs(plan, table_paths["minhash_signatures"], stored_version))
        return [found[0].path]

    records_read = sum(batch.records for batch in batches)
    summary = publish_stage.publish_version(
        plan, table_paths, records_read, code_version(), rules_version(), near_duplicates=near_duplicates,
        streamed=streamed, stored_reads=stored_reads, stories_computing=early.stories if early else None,
    )
    seconds = dict.fromkeys(("extract", "parse", "validate", "enrich"), 0.0)
    for batch in batches:
        for stage, spent in batch.seconds.items():
            seconds[stage] += spent
    seconds["near_duplicates"] = found[0].seconds
    summary["stage_seconds"] = {stage: round(spent, 2) for stage, spent in seconds.items()}
    summary["stage_seconds"]["write"] = round(time.perf_counter() - started, 2)
    get_run_logger().info("%s", publish_stage.summary_line(summary))
    return summary


@flow(name="build-dataset", task_runner=runner.task_runner(), log_prints=False)
def build_dataset(
    raw: str = "data/raw", out: str = "data/processed", full: bool = False, trigger: str | None = None
) -> dict:
    """Build a new dataset version from the raw folder; returns a summary (version None when nothing is new)."""
    started = time.perf_counter()
    with output_lock(Path(out)):
        batches_here = runner.batches_run_here()
        preparing = warmup.prepare_stages_in_background() if batches_here else None
        stored_reads = early = None
        try:
            plan = plan_build(Path(raw), Path(out), full=full, trigger=trigger or runner.trigger())
            if not plan.unchanged:  # a refresh's reads for its stories, begun before the set-up ends
                stored_reads = publish_stage.read_stored_in_background(plan)
        finally:
            if preparing is not None:
                preparing.join()
        planned = time.perf_counter() - started
        if plan.unchanged:
            summary = plan.unchanged_summary()
            get_run_logger().info("%s (latest version %s)", summary["message"], summary["latest_version"])
            return summary
        try:
            # Batch tasks get paths and their own files, never the plan (Prefect records and walks every
            # task run's parameters); quote() spares publish that walk. Not used on submitted tasks, which
            # DaskTaskRunner would hand the wrapper (a tuple) instead of the value.
            groups = extract.group_files(plan.to_read, batch_stage.BATCH_BYTES)
            # A refresh whose batches run here computes its stories, and its near-duplicate pairs, while they
            # enrich (EarlyWork). Not the pairs where a changed file's articles (and signatures) go first.
            if stored_reads is not None and batches_here:
                signatures = plan.table_versions["minhash_signatures"]
                pairs = None if plan.ledger.changed else lambda paths: find_pairs(plan, paths, signatures)
                early = publish_stage.EarlyWork(plan, stored_reads, len(groups), pairs)
            futures = [
                process_batch.submit(plan.raw, plan.staging, f"batch-{i:05d}", files,
                                     early.hand_over.of(i) if early else None)
                for i, files in enumerate(groups)
            ]
            # A full build writes articles and sources as the batches come (storage/stream_write.py).
            streaming = (
                StreamedTables(plan.out, plan.dataset_version, lambda table: (f.result().path(table) for f in futures))
                if plan.full else contextlib.nullcontext()
            )
            with streaming as streams:
                batches = _with_progress(futures, len(plan.to_read))
                summary = publish(quote(plan), batches, quote(streams.tables if streams else {}), quote(stored_reads),
                                  quote(early))
        finally:
            if early is not None:
                early.hand_over.abandon()
            store.discard_staging(plan.staging)
    summary["stage_seconds"] = {"plan": round(planned, 2), **summary["stage_seconds"]}
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _with_progress(futures: list, total_files: int) -> list[Staged]:
    """Batch results in batch order, counting files and records on the progress line as batches finish.

    `.result()` raises a failed batch's own error (a full disk, say), not Prefect's "unfinished run".
    """
    progress = Progress("extract", total_files=total_files, logger=get_run_logger())
    for future in as_completed(futures):
        done = future.result()
        progress.add(files=done.files, records=done.records)
    progress.close()
    return [future.result() for future in futures]

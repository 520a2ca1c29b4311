"""The `build-dataset` flow: extract -> parse -> validate -> enrich -> near-duplicates and publish.

Task runs: one `extract-parse-validate-enrich` per batch of raw files, two at a time, then `publish`,
which finds the near-duplicate pairs beside the writes of the other tables. Each task is a thin wrapper
around the stages' plain functions (frames in, frames out) that stages its result as Parquet files.
Tasks pass file paths, never large frames, so that Prefect does not pickle or hash corpora. The dataset
version exists only once `publish` writes its manifest row; a run that stops earlier leaves the previous
version as it was.
"""

from __future__ import annotations

from flows import prefect_env

prefect_env.configure()

import contextlib  # noqa: E402
import dataclasses  # noqa: E402
import functools  # noqa: E402
import io  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import polars as pl  # noqa: E402
from prefect import Flow, get_run_logger, task  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from flows import enrich as enrich_stage  # noqa: E402
from flows import extract as extract_stage  # noqa: E402
from flows import faults  # noqa: E402
from flows import near_duplicates as near_duplicates_stage  # noqa: E402
from flows import parse as parse_stage  # noqa: E402
from flows import publish as publish_stage  # noqa: E402
from flows import store, validate as validate_stage  # noqa: E402
from flows.locking import output_lock  # noqa: E402
from flows.planning import BuildPlan, plan_build  # noqa: E402
from flows.progress import Progress  # noqa: E402
from flows.provenance import code_version, rules_version  # noqa: E402
from flows.stream_write import StreamedTable, StreamedTables  # noqa: E402

BATCH_BYTES = 8_000_000
"""Raw bytes per batch (about 12,000 records of the gzipped day files, 60 MB of text): bounds memory
whatever the corpus size, and gives two threads enough batches to share the work. Batches of 4 MB cost
~1 s more CPU over the corpus (pandera and the task runs have a cost per batch) than they saved in
balance (4 alternated builds each)."""


STAGED_TABLES = ("articles", "sources", "rejects", *enrich_stage.DERIVED_TABLES)
"""The tables whose rows the batches stage (near_duplicates compares the staged signatures, later)."""


@dataclasses.dataclass(frozen=True)
class Staged:
    """A batch's output: the rows passed on and the rows rejected."""

    rows: Path
    rejects: Path
    tables: dict[str, Path] = dataclasses.field(default_factory=dict)
    """Rows of derived tables staged beside the batch (enrich: mentions, quotes, minhash_signatures)."""
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)
    """Time each stage spent on this batch, summed per stage in the build summary (staging writes count
    in the batch's last stage)."""
    files: int = 0
    records: int = 0
    """Raw files read and records found (rows and rejects) by extract: the progress line, and the count
    that publish checks against the rows kept and rejected."""

    def path(self, table: str) -> Path:
        """The staged file that holds this batch's rows of a table."""
        if table in ("articles", "sources"):
            return self.rows
        return self.rejects if table == "rejects" else self.tables[table]


class _Laps:
    """Seconds per stage within one task run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def _write_staged(frame: pl.DataFrame, path: Path) -> None:
    """Write a staging file: uncompressed, without statistics (read once, soon, on the same disk).

    lz4 cost 4x the CPU of the write itself (~1.4 s of a full build) to halve files that live for
    one build. Through Python's own file write: on a full disk polars reports only 'Invalid thrift:
    transport error', while a Python write raises OSError(ENOSPC), which `kcna build` turns into one
    clear line.
    """
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="uncompressed", statistics=False)
    path.write_bytes(buffer.getbuffer())


@task(name="extract-parse-validate-enrich", cache_policy=NO_CACHE)
def process_batch(raw: Path, staging: Path, name: str, files: extract_stage.FileBatch) -> Staged:
    """Read one batch of raw files, then parse, validate and enrich its records: derived columns of its
    articles, its rows of mentions, quotes and MinHash signatures, and the rejects of every stage.

    The stages stay separate plain functions; they share one task run per batch because each task run
    costs Prefect bookkeeping, and handing records from one task to the next cost a staging write and
    read (~1.2 s of CPU over the corpus). Not retried: extract turns an unreadable file into a reject
    row, and a record that fails a check is a reject row, so an exception here is a bug or a full disk,
    which a retry would not mend.
    """
    laps = _Laps()
    records, extract_rejects = extract_stage.extract_files(raw, files)
    laps.lap("extract")
    faults.reach("parse")
    parsed, parse_rejects = parse_stage.parse_records(records)
    laps.lap("parse")
    valid, validate_rejects = validate_stage.validate_articles(parsed)
    laps.lap("validate")
    enriched = enrich_stage.enrich_articles(valid)
    derived = enrich_stage.derived_tables(enriched)
    rejects = pl.concat([extract_rejects, parse_rejects, validate_rejects])
    folder = staging / "batches"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {table: folder / f"{name}.{table}.parquet" for table in derived}
    staged = Staged(folder / f"{name}.parquet", folder / f"{name}.rejects.parquet", paths, laps.seconds,
                    files=len(files), records=records.height + extract_rejects.height)
    _write_staged(enriched, staged.rows)
    _write_staged(rejects, staged.rejects)
    for table, frame in derived.items():
        _write_staged(frame, paths[table])
    laps.lap("enrich")
    return staged


@dataclasses.dataclass(frozen=True)
class Pairs:
    """The near-duplicate pairs staged for publish, and the seconds spent finding them."""

    path: Path
    seconds: float


def find_pairs(plan: BuildPlan, enriched: list[Staged], stored_version: int) -> Pairs:
    """Pairs of near-duplicate articles that involve a new article, old articles compared by their stored
    signatures as of Delta version `stored_version` (read batch by batch, keeping only those that share
    a band key with a new one)."""
    started = time.perf_counter()
    batches = [pl.read_parquet(batch.tables["minhash_signatures"]) for batch in enriched]
    new = pl.concat(batches) if batches else pl.DataFrame(schema=near_duplicates_stage.SIGNATURE_SCHEMA)
    existing = None
    # No new signatures (a refresh that only saw files vanish): nothing to compare, old signatures unread.
    if not plan.full and new.height:
        stored = store.read_batches(plan.out, "minhash_signatures", stored_version, ["article_id", "minhash"])
        existing = near_duplicates_stage.stored_candidates(stored, new)
    pairs = near_duplicates_stage.find_pairs(new, existing)
    plan.staging.mkdir(parents=True, exist_ok=True)
    path = plan.staging / "near_duplicates.parquet"
    _write_staged(pairs, path)
    return Pairs(path, time.perf_counter() - started)


@task(name="publish", cache_policy=NO_CACHE)
def publish(plan: BuildPlan, batches: list[Staged], streamed: dict[str, StreamedTable]) -> dict:
    """Account for every record, find the near-duplicate pairs of the new articles, append what is new to
    each table, then commit the manifest row (the pairs are found beside the writes of the other tables)."""
    started = time.perf_counter()
    table_paths = {table: [batch.path(table) for batch in batches] for table in STAGED_TABLES}
    found: list[Pairs] = []

    def near_duplicates(stored_version: int) -> list[Path]:
        found.append(find_pairs(plan, batches, stored_version))
        return [found[0].path]

    records_read = sum(batch.records for batch in batches)
    summary = publish_stage.publish_version(
        plan, table_paths, records_read, code_version(), rules_version(), near_duplicates=near_duplicates,
        streamed=streamed,
    )
    seconds = {stage: 0.0 for stage in ("extract", "parse", "validate", "enrich")}
    for batch in batches:
        for stage, spent in batch.seconds.items():
            seconds[stage] += spent
    seconds["near_duplicates"] = found[0].seconds
    summary["stage_seconds"] = {stage: round(spent, 2) for stage, spent in seconds.items()}
    summary["stage_seconds"]["write"] = round(time.perf_counter() - started, 2)
    get_run_logger().info("dataset version %s: %s", summary["dataset_version"], summary)
    return summary


def task_runner(dask_address: str | None = None, dask_workers: int | None = None):
    """Where the batches run: two threads (default), a running Dask cluster, or a local one of N processes.

    Dask workers must see the raw and output folders at the same paths (one machine or a shared disk):
    tasks pass file paths, never frames.
    """
    if not dask_address and not dask_workers:
        return ThreadPoolTaskRunner(max_workers=2)
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
    )


_JSON_SCALARS = (str, int, float, bool, type(None))


class _ScalarParametersFlow(Flow):
    """A Prefect flow that records scalar run parameters as they are, without importing FastAPI.

    Prefect records a run's parameters through FastAPI's `jsonable_encoder`, imported on the first run of
    the process: its routing and OpenAPI models cost ~0.2 s of every `kcna build`, whose parameters are
    strings, a bool and None, which the encoder returns unchanged. Any other value (a subclass of str, say)
    goes through Prefect's own path, and so does a copy made by `with_options` (a plain `Flow`).
    """

    def serialize_parameters(self, parameters: dict) -> dict:
        if all(type(value) in _JSON_SCALARS for value in parameters.values()):
            return dict(parameters)
        return super().serialize_parameters(parameters)


@functools.partial(_ScalarParametersFlow, name="build-dataset", task_runner=task_runner(), log_prints=False)
def build_dataset(
    raw: str = "data/raw", out: str = "data/processed", full: bool = False, trigger: str | None = None
) -> dict:
    """Build a new dataset version from the raw folder; returns a summary (version None when nothing is new)."""
    started = time.perf_counter()
    raw_dir, out_dir = Path(raw), Path(out)
    with output_lock(out_dir):
        preparing = prepare_stages_in_background() if _batches_run_here() else None
        try:
            plan = plan_build(raw_dir, out_dir, full=full, trigger=trigger or _trigger())
        finally:
            if preparing is not None:
                preparing.join()
        planned = time.perf_counter() - started
        if plan.unchanged:
            return plan.unchanged_summary()
        try:
            # Batch tasks get paths and their own files, never the plan: Prefect records and walks every
            # task run's parameters, and the plan lists every raw file (and the ledger). quote() spares
            # the tasks that need the plan that walk; it is not used on submitted tasks, which DaskTaskRunner
            # would hand the wrapper (a tuple) instead of the value.
            groups = extract_stage.group_files(plan.to_read, BATCH_BYTES)
            futures = [
                process_batch.submit(plan.raw, plan.staging, f"batch-{i:05d}", files) for i, files in enumerate(groups)
            ]
            # A full build writes articles and sources as the batches come (flows/stream_write.py).
            streaming = (
                StreamedTables(plan.out, plan.dataset_version, lambda table: (f.result().path(table) for f in futures))
                if plan.full else contextlib.nullcontext()
            )
            with streaming as streams:
                batches = _with_progress(futures, len(plan.to_read))
                summary = publish(quote(plan), batches, quote(streams.tables if streams else {}))
        finally:
            store.discard_staging(plan.staging)
    summary["stage_seconds"] = {"plan": round(planned, 2), **summary["stage_seconds"]}
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _prepare_stages() -> None:
    """Run parse, validate and enrich once on no records: what they set up once per process (pandera's
    checks, the gazetteer and lexicon patterns, the language tables) is then ready for the first batch."""
    records = pl.DataFrame(schema=extract_stage.RECORD_SCHEMA)
    valid, _ = validate_stage.validate_articles(parse_stage.parse_records(records)[0])
    enrich_stage.derived_tables(enrich_stage.enrich_articles(valid))


_preparation: threading.Thread | None = None
_preparation_lock = threading.Lock()


def prepare_stages_in_background() -> threading.Thread:
    """_prepare_stages in a thread, started once per process; returns the thread.

    A nightly refresh of one day is a single batch that would otherwise wait ~0.3 s for the set-up.
    `kcna build` starts it before Prefect creates the flow run (requests to the API, mostly waiting);
    the flow starts it for runs begun otherwise (a deployment), beside planning, and waits for it
    before the first batch.
    """
    global _preparation
    with _preparation_lock:
        if _preparation is None:
            # Not a daemon: a build that fails at once (a read-only output) would otherwise exit while the
            # thread is inside polars or numpy, and a daemon thread stopped there at interpreter exit can
            # abort the process (SIGABRT instead of exit 2, seen once in CI). Exit waits for it (< 1 s).
            _preparation = threading.Thread(target=_prepare_stages, name="prepare-stages", daemon=False)
            _preparation.start()
        return _preparation


def _batches_run_here() -> bool:
    """Whether the batch tasks run in this process (the default thread pool), not on Dask workers."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    return context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)


def _with_progress(futures: list, total_files: int) -> list[Staged]:
    """Batch results in batch order, counting files and records on the progress line as batches finish.

    `.result()` raises a failed batch's own error (a full disk, say), not Prefect's "unfinished run".
    """
    progress = Progress("extract", total_files=total_files, logger=get_run_logger())
    for future in as_completed(futures):
        batch = future.result()
        progress.add(files=batch.files, records=batch.records)
    progress.close()
    return [future.result() for future in futures]


def _trigger() -> str:
    """Who started a run that did not say: 'deployment:<name>:schedule' for a run the scheduler created,
    'deployment:<name>:manual' for one started by hand or by another system (`prefect deployment run`,
    the UI, the API), else 'flow-run'; the flow run's name follows in parentheses, to find it in Prefect."""
    from prefect.context import FlowRunContext
    from prefect.runtime import deployment

    run = FlowRunContext.get().flow_run
    if deployment.name:
        how = "schedule" if run.auto_scheduled else "manual"
        return f"deployment:{deployment.name}:{how} ({run.name})"
    return f"flow-run ({run.name})"

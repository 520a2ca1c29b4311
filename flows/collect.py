"""The `collect-raw` flow: one task run per source of sources.toml, each fetching what is new into the raw folder.

A task retries on its own (twice, 1 then 5 minutes later: a host that was down, a rate limit) on top of the
HTTP client's quick retries, when the failure came from the network or the server; a body that is not what
the source promises (an HTML page, a wrong shape) fails at once, since asking again would fetch it again. A source that still fails fails its task, and the flow, with the source's one
line as the message; the other sources' files are kept. Every task appends its fetches to the collect ledger.
"""

from __future__ import annotations

import kcna_dataset.flows  # noqa: F401  first: Prefect's and the allocator's settings before either loads

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed

from kcna_dataset.sources import config, ledger
from kcna_dataset.sources.collect import collect_lock, collect_source
from kcna_dataset.sources.report import SourceFailed

TASK_RETRIES = 2
TASK_RETRY_DELAYS = [60, 300]


def _transient(task, task_run, state) -> bool:
    """Retry only a failure worth asking again for (SourceFailed.transient), and any unexpected error."""
    failure = state.result(raise_on_failure=False)
    return not isinstance(failure, SourceFailed) or failure.transient


@task(name="collect-source", retries=TASK_RETRIES, retry_delay_seconds=TASK_RETRY_DELAYS, cache_policy=NO_CACHE,
      retry_condition_fn=_transient, task_run_name="collect-{name}")
def collect_one(name: str, raw: str, out: str, url: str | None = None, since: str | None = None,
                until: str | None = None, max_requests: int | None = None, sources_file: str | None = None) -> dict:
    """Collect one source; its report as a dict. Raises (so the task fails, and retries) when a fetch failed."""
    logger = get_run_logger()
    declared = config.load_sources(Path(sources_file) if sources_file else config.SOURCES_FILE)
    (source,) = config.select(declared, [name], url)
    raw_dir = Path(raw)
    with collect_lock(raw_dir, wait_seconds=600):
        report = collect_source(source, raw_dir, since=_day(since), until=_day(until), max_requests=max_requests,
                                on_bytes=_logged_progress(logger, name))
        ledger.write_pending(raw_dir, name, report.rows)
    ledger.flush(raw_dir, Path(out))
    logger.info(report.line())
    report.raise_if_failed()
    return {"source": name, "new_files": report.new_files, "requests": report.requests, "bytes": report.bytes}


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _logged_progress(logger, name: str):
    """A download's progress in the run's log, every 10 % (a worker has no terminal)."""
    shown = [-1]

    def on_bytes(received: int, total: int | None) -> None:
        if total:
            tenth = received * 10 // total
            if tenth > shown[0]:
                shown[0] = tenth
                logger.info("%s: downloaded %.1f of %.1f MB", name, received / 1e6, total / 1e6)

    return on_bytes


@flow(name="collect-raw", log_prints=False)
def collect_raw(raw: str = "data/raw", out: str = "data/processed", sources: list[str] | None = None,
                url: str | None = None, since: str | None = None, until: str | None = None,
                max_requests: int | None = None, sources_file: str | None = None):
    """Fetch what is new of each source (all of sources.toml when `sources` is None) into `raw`.

    Returns Completed with the new files, or Failed naming every source that failed (after its retries).
    """
    logger = get_run_logger()
    declared = config.load_sources(Path(sources_file) if sources_file else config.SOURCES_FILE)
    names = [source.name for source in config.select(declared, sources, url)]
    # One source after another: they share the raw folder's collect lock, and each has its own host.
    states = {name: collect_one(name, raw, out, url, since, until, max_requests, sources_file, return_state=True)
              for name in names}
    failed = {name: state for name, state in states.items() if not state.is_completed()}
    new_files = [path for state in states.values() if state.is_completed() for path in state.result()["new_files"]]
    if not new_files:
        logger.info("nothing new from the sources: no new raw file")
    if failed:
        reasons = "; ".join(str(state.message or state.type.value) for state in failed.values())
        return Failed(message=f"collect failed for {', '.join(failed)}: {reasons}", data={"new_files": new_files})
    return Completed(message=f"{len(new_files)} new raw files", data={"new_files": new_files})

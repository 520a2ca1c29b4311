"""One collect run of one source: its kept HTTP client, its collector, its report.

One collect at a time per raw folder: an OS file lock `<raw>/.kcna-collect.lock` (hidden, so never
read as raw input; released by the kernel if the process dies). A build may read the raw folder
meanwhile: every raw file appears whole, under its final name, or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from kcna_dataset.sources import archive, events, feed, kcna_kp, wayback
from kcna_dataset.sources.config import Source
from kcna_dataset.sources.http import Client
from kcna_dataset.sources.report import Report

LOCK_NAME = ".kcna-collect.lock"


class CollectLocked(Exception):
    """Another collect is writing to the raw folder."""


@contextlib.contextmanager
def collect_lock(raw: Path, wait_seconds: float = 0) -> Iterator[None]:
    raw.mkdir(parents=True, exist_ok=True)
    lock = FileLock(raw / LOCK_NAME)
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise CollectLocked(f"another `kcna collect` is writing to {raw} (lock {raw / LOCK_NAME} is held)") from None
    try:
        yield
    finally:
        lock.release()


def collect_source(source: Source, raw: Path, *, since: dt.date | None = None, until: dt.date | None = None,
                   max_requests: int | None = None,
                   on_bytes: Callable[[int, int | None], None] | None = None) -> Report:
    """Fetch what is new of one source into raw/<source>/; never raises for what the network or the source
    does (those are the report's failures), only for a bug or a full disk."""
    with Client(source.politeness, max_requests=max_requests) as client:
        if source.kind == "feed_snapshots":
            return feed.collect(source, raw, client, since=since, until=until)
        if source.kind == "archive_backfill":
            return archive.collect(source, raw, client, on_bytes=on_bytes, today=until)
        if source.kind == "events_table":
            return events.collect(source, raw, client)
        if source.kind == "kcna_kp_site":
            return kcna_kp.collect(source, raw, client)
        if source.kind == "wayback_cdx":
            return wayback.collect(source, raw, client, since=since, until=until)
    raise ValueError(f"no collector for kind {source.kind!r}")

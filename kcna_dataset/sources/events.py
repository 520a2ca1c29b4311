"""north-korea-provocations: the CC0 events table, fetched conditionally like the feed.

Each changed table is kept whole (gzip, verbatim bytes inside) as
`<raw>/north-korea-provocations/<name>.fetched-<date>.csv.gz`: at ~225 kB it is small, and it is not
cumulative text to deduplicate. A 304, or a body equal to the newest file held, writes nothing. The build
does not read it (the folder holds the hidden marker `.not-raw-texts`); the events join of the research
layer does.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import posixpath
from pathlib import Path

from kcna_dataset.sources import state as source_state
from kcna_dataset.sources.config import Source
from kcna_dataset.sources.http import Client, FetchFailed, write_new_file
from kcna_dataset.sources.report import Report

HEADER = ("date", "type", "event", "description", "resources")
"""The table's first columns (../shared/events/north-korea-provocations: the processed file adds more)."""


class Rejected(Exception):
    pass


def check_table(body: bytes) -> int:
    """Number of event rows of a CSV body, or Rejected naming what is wrong with it."""
    head = body.lstrip()[:64].lower()
    if head.startswith(b"<"):
        raise Rejected("an HTML page, not the events CSV (an error page served with status 200?)")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise Rejected(f"not UTF-8 text: {failure}") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0][: len(HEADER)]) != HEADER:
        raise Rejected(f"CSV of the wrong shape: header {rows[0][:5] if rows else []}, expected {list(HEADER)} first")
    width = len(rows[0])
    short = [number for number, row in enumerate(rows[1:], start=2) if row and len(row) != width]
    if short:
        raise Rejected(f"CSV of the wrong shape (truncated?): line {short[0]} has a different number of fields")
    if len(rows) < 2:
        raise Rejected("CSV holds a header and no events")
    return len(rows) - 1


def mark_not_raw_texts(folder: Path) -> None:
    """Mark the table's folder as not raw texts: the build skips it (reference data, no article)."""
    source_state.mark_not_raw_texts(folder, "The events table of north-korea-provocations: reference data for the "
                                            "events join")


def newest_sha256(folder: Path) -> str | None:
    files = sorted(folder.glob("*.csv.gz"), key=lambda path: (path.name.split(".fetched-")[-1], path.name))
    if not files:
        return None
    return hashlib.sha256(gzip.decompress(files[-1].read_bytes())).hexdigest()


def collect(source: Source, raw: Path, client: Client) -> Report:
    report = Report(source.name)
    folder = raw / source.name
    state = source_state.load(folder)
    url = source.origin.url("table_path")
    etag, last_modified = source_state.validators(state, url)
    before = client.budget.requests_made, client.budget.bytes_read
    try:
        try:
            fetched = client.get(url, etag=etag, last_modified=last_modified)
        except FetchFailed as failure:
            report.offline = failure.offline
            report.record(url=url, outcome="failed", status=failure.status, reason=failure.reason)
            return report
        common = dict(url=url, fetched_at=fetched.fetched_at, status=fetched.status, etag=fetched.etag,
                      last_modified=fetched.last_modified)
        if fetched.not_modified:
            report.record(outcome="not_modified", **common)
            return report
        common.update(size=len(fetched.body), sha256=fetched.sha256)
        try:
            events = check_table(fetched.body)
        except Rejected as failure:
            report.record(outcome="rejected", reason=str(failure), **common)
            return report
        source_state.remember(state, url, fetched.etag, fetched.last_modified)
        source_state.save(folder, state)
        if fetched.sha256 == newest_sha256(folder):
            report.record(outcome="unchanged", reason="same bytes as the newest table held", **common)
            return report
        mark_not_raw_texts(folder)
        stem = posixpath.basename(source.origin.paths["table_path"]).removesuffix(".csv")
        data = gzip.compress(fetched.body, mtime=0)
        written = write_new_file(folder / f"{stem}.fetched-{fetched.fetched_at.date().isoformat()}.csv.gz", data)
        relative = written.relative_to(raw).as_posix()
        report.record(outcome="stored", file_written=relative, reason=f"{events:,} events", **common)
        report.new_files.append(relative)
        report.stored_bytes += len(data)
        return report
    finally:
        report.requests = client.budget.requests_made - before[0]
        report.bytes = client.budget.bytes_read - before[1]

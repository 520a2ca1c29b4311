"""north-korea-news: a cumulative daily feed, stored as snapshot envelopes (what is new, plus the listing).

Each of the feed's files holds every record seen so far, so keeping nightly copies would grow with the
feed's size times the days. A fetched snapshot is stored instead as one gzip JSON envelope
(the contract with the stories work, docs/collect.md):

    <raw>/north-korea-news/snapshots/<snapshot_date>.fetched-<fetch_date>.json.gz
    {"format": "kcna-feed-snapshot/1", "source", "url", "snapshot_date", "fetched_at", "etag",
     "last_modified", "sha256", "bytes", "record_count",
     "listing": [key of every record, in the snapshot's order, duplicates kept],
     "records": {key: record verbatim, only for keys in no earlier envelope}}

key = first 16 hex digits of sha256 over the record's JSON with sorted keys. Any day's snapshot is
`[records_so_far[k] for k in listing]` (`rebuild_snapshot`). A snapshot whose body equals the last one
stored stores nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from kcna_dataset.sources import state as source_state
from kcna_dataset.sources.config import Source
from kcna_dataset.sources.http import BudgetExhausted, Client, FetchFailed, Fetched, write_new_file
from kcna_dataset.sources.report import Report

FORMAT = "kcna-feed-snapshot/1"
SNAPSHOTS = "snapshots"
ENVELOPE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.fetched-(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.json\.gz$")
RECORD_FIELDS = frozenset({"topic", "headline", "link", "date", "story_text", "date_str"})
"""The feed's fields (../shared/feeds/README.md): a record must have link and story_text, and no other keys
than these may hold the whole list (a check that the body is the feed, not another JSON list)."""


class Rejected(Exception):
    """A body that is not what the source promises; the reason goes to the ledger."""


def record_key(record: dict) -> str:
    """The contract's key: first 16 hex digits of sha256 over orjson.dumps(record, OPT_SORT_KEYS)."""
    return hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def check_snapshot(body: bytes) -> list[dict]:
    """The feed's records from a response body, or Rejected naming what is wrong with it."""
    head = body.lstrip()[:64].lower()
    if not head:
        raise Rejected("empty body")
    if head.startswith(b"<"):
        raise Rejected("an HTML page, not the feed's JSON (an error or login page served with status 200?)")
    try:
        records = orjson.loads(body)
    except orjson.JSONDecodeError as failure:
        raise Rejected(f"invalid JSON (truncated?): {failure}") from None
    if not isinstance(records, list):
        raise Rejected(f"JSON of the wrong shape: a {type(records).__name__}, expected a list of records")
    if not records:
        raise Rejected("JSON of the wrong shape: an empty list (the feed is cumulative and never empty)")
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise Rejected(f"JSON of the wrong shape: entry {index} is a {type(record).__name__}, expected an object")
        if "link" not in record or "story_text" not in record:
            raise Rejected(f"JSON of the wrong shape: entry {index} lacks 'link' or 'story_text' (keys: {sorted(record)[:6]})")
    return records


@dataclasses.dataclass(frozen=True)
class Held:
    """What the raw folder already holds of the feed: record keys, dated snapshots, the last envelope."""

    keys: frozenset[str]
    dates: frozenset[str]
    """Snapshot dates held from dated files (their envelopes, or the state's list of dates identical to the
    last envelope)."""
    last_sha256: str | None


def envelopes(folder: Path) -> list[Path]:
    """The envelopes of a source folder, oldest first (by snapshot date, then fetch date and suffix)."""
    found = [path for path in (folder / SNAPSHOTS).glob("*.json.gz") if ENVELOPE_NAME.match(path.name)]

    def order(path: Path):
        snapshot, fetched, suffix = ENVELOPE_NAME.match(path.name).groups()
        return fetched, snapshot, int(suffix or 1)

    return sorted(found, key=order)


def read_envelope(path: Path) -> dict:
    return orjson.loads(gzip.decompress(path.read_bytes()))


def held(folder: Path, state: dict) -> Held:
    keys: set[str] = set()
    dates: set[str] = set(state.get("dates_done", []))
    last = None
    for path in envelopes(folder):
        envelope = read_envelope(path)
        keys.update(envelope["records"])
        if "/headlines_" in envelope["url"]:
            dates.add(envelope["snapshot_date"])
        last = envelope
    return Held(frozenset(keys), frozenset(dates), last["sha256"] if last else None)


def make_envelope(records: list[dict], known: frozenset[str] | set[str], *, source: str, fetched: Fetched,
                  snapshot_date: dt.date) -> dict:
    """The envelope of one snapshot: listing of every record's key, and the records whose key is not `known`."""
    listing = [record_key(record) for record in records]
    new: dict[str, dict] = {}
    for key, record in zip(listing, records):
        if key not in known and key not in new:
            new[key] = record
    return {
        "format": FORMAT,
        "source": source,
        "url": fetched.url,
        "snapshot_date": snapshot_date.isoformat(),
        "fetched_at": fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "sha256": fetched.sha256,
        "bytes": len(fetched.body),
        "record_count": len(records),
        "listing": listing,
        "records": new,
    }


def envelope_bytes(envelope: dict) -> bytes:
    """gzip of the envelope's JSON, without a timestamp in the gzip header (same envelope, same bytes)."""
    return gzip.compress(orjson.dumps(envelope), compresslevel=6, mtime=0)


def rebuild_snapshot(paths: list[Path], which: Path) -> list[dict]:
    """The snapshot that envelope `which` describes, from the records of the source's envelopes `paths`.

    Keys are content hashes, so every key of a listing is a record of some envelope of the source: written
    earlier in the usual order, or in any order by a later backfill with --since.
    """
    records: dict[str, dict] = {}
    for path in paths:
        records.update(read_envelope(path)["records"])
    return [records[key] for key in read_envelope(which)["listing"]]


def snapshot_date_of(fetched: Fetched, dated: dt.date | None) -> dt.date:
    """The day a fetched file describes: its dated name, else its Last-Modified (UTC), else the fetch day."""
    if dated is not None:
        return dated
    if fetched.last_modified:
        import email.utils

        try:
            return email.utils.parsedate_to_datetime(fetched.last_modified).astimezone(dt.UTC).date()
        except (TypeError, ValueError):
            pass
    return fetched.fetched_at.date()


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def collect(source: Source, raw: Path, client: Client, *, since: dt.date | None = None, until: dt.date | None = None,
            on_file: Callable[[str], None] | None = None) -> Report:
    """Fetch each dated snapshot not yet held from `since` (default: the source's start_date) to `until`
    (default: today, UTC), then the current file; store each new snapshot as an envelope."""
    report = Report(source.name)
    folder = raw / source.name
    state = source_state.load(folder)
    have = held(folder, state)
    known, last_sha256 = set(have.keys), have.last_sha256
    until = until or dt.datetime.now(dt.UTC).date()
    start = since or source.start_date
    missing = set(state.get("dates_missing", []))
    wanted = [(source.origin.url("dated_path", date=day.isoformat()), day) for day in _days(start, until)
              if day.isoformat() not in have.dates and day.isoformat() not in missing]
    wanted.append((source.origin.url("current_path"), None))
    dates_done = set(state.get("dates_done", []))
    newest_dated = max(have.dates, default=None)
    missing_now: list[str] = []
    requests_before = client.budget.requests_made
    bytes_before = client.budget.bytes_read
    try:
        for url, day in wanted:
            etag, last_modified = source_state.validators(state, url) if day is None else (None, None)
            try:
                fetched = client.get(url, etag=etag, last_modified=last_modified)
            except FetchFailed as failure:
                if failure.status == 404 and day is not None:
                    report.record(url=url, outcome="missing", status=404, reason="no dated file for this day (404)")
                    missing_now.append(day.isoformat())
                    continue
                report.record(url=url, outcome="failed", status=failure.status, reason=failure.reason)
                report.offline = failure.offline
                if failure.offline or isinstance(failure, BudgetExhausted):
                    break
                continue
            common = dict(url=url, fetched_at=fetched.fetched_at, status=fetched.status, etag=fetched.etag,
                          last_modified=fetched.last_modified)
            if fetched.not_modified:
                report.record(outcome="not_modified", **common)
                continue
            common.update(size=len(fetched.body), sha256=fetched.sha256)
            try:
                records = check_snapshot(fetched.body)
            except Rejected as failure:
                report.record(outcome="rejected", reason=str(failure), **common)
                continue
            if day is None:
                source_state.remember(state, url, fetched.etag, fetched.last_modified)
            else:
                dates_done.add(day.isoformat())
                newest_dated = max(newest_dated or day.isoformat(), day.isoformat())
            if fetched.sha256 == last_sha256:
                report.record(outcome="unchanged", reason="same bytes as the last snapshot stored", **common)
                continue
            envelope = make_envelope(records, known, source=source.name, fetched=fetched,
                                     snapshot_date=snapshot_date_of(fetched, day))
            name = f"{envelope['snapshot_date']}.fetched-{fetched.fetched_at.date().isoformat()}.json.gz"
            data = envelope_bytes(envelope)
            written = write_new_file(folder / SNAPSHOTS / name, data)
            relative = written.relative_to(raw).as_posix()
            report.record(outcome="stored", file_written=relative,
                          reason=f"{len(envelope['records']):,} new of {len(records):,} records", **common)
            report.new_files.append(relative)
            report.stored_bytes += len(data)
            known.update(envelope["records"])
            last_sha256 = fetched.sha256
            if on_file is not None:
                on_file(relative)
    finally:
        # A dated file missing before the newest one held will not appear later (the feed commits each day's
        # file that day): not asked again. Later ones may still come (today's, before the feed's run).
        missing |= {day for day in missing_now if newest_dated is not None and day < newest_dated}
        state["dates_missing"] = sorted(missing)
        state["dates_done"] = sorted(dates_done)
        source_state.save(folder, state)
        report.requests = client.budget.requests_made - requests_before
        report.bytes = client.budget.bytes_read - bytes_before
    return report

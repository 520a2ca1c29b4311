"""wayback-kcna-kp: a backfill of kcna.kp articles from the Internet Archive's captures.

The Archive's CDX listing names the captures of `kcna.kp/<language>/article/…` (both layouts:
`/en/article/q/<hash>.kcmsf` until mid-2026, `/en/article/detail/<id>` since) between two days. One capture
per address is taken (the listing is collapsed by address, and addresses are deduped again here) and its
original bytes are fetched: the `id_` form of the capture's address, without the Archive's toolbar. The
captures are pages of the old or new layout, read by the same parsers as the site's (stages/html.py).

Same politeness, ledger and raw-file rules as kcna-kp (kcna_dataset.sources.pages). The sidecar's
`served_at` is the capture's time, from which a new-layout article's dateline gets its year. The CDX
answers are kept in `<raw>/wayback-kcna-kp/.cdx/` (hidden: a listing, not raw input).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import orjson

from kcna_dataset.sources.config import Source
from kcna_dataset.sources.http import Client, write_new_file
from kcna_dataset.sources.pages import ARTICLES, Robots, Stop, check, fetch, fetch_listing, held_ids, store, utc_today
from kcna_dataset.sources.report import Report
from kcna_dataset.stages import html

CDX_PAGE_ROWS = 5000
"""Rows per CDX answer; the listing's resume key asks for the next ones."""
CDX_FIELDS = "urlkey,timestamp,original,statuscode,mimetype"


def collect(source: Source, raw: Path, client: Client, *, since: dt.date | None = None,
            until: dt.date | None = None) -> Report:
    report = Report(source.name)
    language = source.language or "en"
    folder = raw / source.name / language
    since = since or source.start_date
    until = until or utc_today()
    held = held_ids(folder / ARTICLES)
    before = client.budget.requests_made, client.budget.bytes_read
    try:
        robots = Robots(client, report, source.origin.url("robots_path"))
        captures = _captures(source, client, report, robots, raw, language, since, until)
        fresh = [capture for capture in captures if capture[2] not in held]
        report.notes.append(f"{len(captures):,} captured articles {since} .. {until}, {len(fresh):,} not held yet")
        for timestamp, original, article_id in fresh:
            url = source.origin.url("capture_path", timestamp=timestamp, url=original)
            if not robots.allows(url):
                report.record(url=url, outcome="disallowed", reason="robots.txt disallows the capture")
                continue
            fetched = fetch(client, report, url, listing=False)
            if fetched is None or check(report, fetched, ("new_article", "old_article"), "an article capture") is None:
                continue
            served = dt.datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
            meta = {"page": "article", "article_id": article_id, "language": language,
                    "original_url": _canonical(original), "capture_timestamp": timestamp,
                    "served_at": served.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
            store(raw, folder / ARTICLES, article_id, fetched, report, meta, f"capture of {timestamp}")
            held.add(article_id)
    except Stop:
        pass
    finally:
        report.requests = client.budget.requests_made - before[0]
        report.bytes = client.budget.bytes_read - before[1]
    return report


def _captures(source, client, report, robots, raw, language, since, until) -> list[tuple[str, str, str]]:
    """(timestamp, original address, article id) of one capture per article address, oldest capture first."""
    prefix = source.origin.paths["site_prefix"].format(language=language)
    query = {"url": prefix, "matchType": "prefix", "from": f"{since:%Y%m%d}", "to": f"{until:%Y%m%d}",
             "output": "json", "fl": CDX_FIELDS, "filter": "statuscode:200", "collapse": "urlkey",
             "limit": str(CDX_PAGE_ROWS), "showResumeKey": "true"}
    found: dict[str, tuple[str, str, str]] = {}
    resume = None
    while True:
        url = source.origin.url("cdx_path") + "?" + urlencode({**query, **({"resumeKey": resume} if resume else {})})
        fetched = fetch_listing(client, report, robots, url, "the CDX listing")
        try:
            rows, resume = _cdx_rows(fetched.body)
        except ValueError as failure:
            report.record(url=url, outcome="rejected", fetched_at=fetched.fetched_at, status=fetched.status,
                          size=len(fetched.body), sha256=fetched.sha256, reason=f"CDX listing: {failure}")
            raise Stop() from None
        name = f"{since:%Y%m%d}-{until:%Y%m%d}.fetched-{fetched.fetched_at:%Y-%m-%d}.json"
        kept = write_new_file(raw / source.name / ".cdx" / name, fetched.body)
        report.record(url=url, outcome="stored", fetched_at=fetched.fetched_at, status=fetched.status,
                      size=len(fetched.body), sha256=fetched.sha256, file_written=kept.relative_to(raw).as_posix(),
                      reason=f"CDX listing: {len(rows):,} captures (kept hidden: not raw input)")
        for row in rows:
            original, timestamp = row.get("original", ""), row.get("timestamp", "")
            path = urlsplit(original if "://" in original else "http://" + original).path
            article_id = html.article_id(original if "://" in original else "http://" + original)
            if article_id is None or not path.startswith(f"/{language}/") or len(timestamp) != 14:
                continue
            key = _canonical(original)
            if key not in found or timestamp < found[key][0]:
                found[key] = (timestamp, original, article_id)
        if not resume:
            break
    by_id: dict[str, tuple[str, str, str]] = {}
    for capture in sorted(found.values()):
        by_id.setdefault(capture[2], capture)
    return list(by_id.values())


def _cdx_rows(body: bytes) -> tuple[list[dict], str | None]:
    """The rows of a CDX JSON answer (a header row, rows, then an empty row and the resume key if more)."""
    if body.lstrip()[:1] != b"[":
        raise ValueError("not the JSON of a CDX listing (an error page?)")
    table = orjson.loads(body)
    if not table:
        return [], None
    if not isinstance(table, list) or not all(isinstance(row, list) for row in table):
        raise ValueError("JSON of the wrong shape: expected a list of rows")
    header, rows, resume = table[0], table[1:], None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        rows, resume = rows[:-2], str(rows[-1][0])
    missing = {"timestamp", "original"} - set(header)
    if missing:
        raise ValueError(f"header without {', '.join(sorted(missing))}: {header}")
    return [dict(zip(header, row)) for row in rows if row], resume


def _canonical(original: str) -> str:
    """The article's address as kcna.kp gives it: http://www.kcna.kp/<path> (captures differ in scheme,
    www. and port)."""
    parts = urlsplit(original if "://" in original else "http://" + original)
    return "http://www.kcna.kp" + parts.path

"""What the two kcna.kp collectors share (kcna_kp: the site; wayback: the Internet Archive's captures):
robots.txt, the ledger of article ids already fetched, and saved pages with their sidecars.

A page is kept verbatim, gzip, as `<stem>.html.gz`; beside it `.<stem>.page.json` (html.PAGE_META_FORMAT,
hidden: the build reads it with its page, never as a file of its own) says where and when it was fetched,
and what the page itself lacks: the date its list gave, its category. List and menu pages hold no article:
their folder `<lang>/lists/` carries the marker that keeps it out of the build (extract.NOT_RAW_MARKER).
A sidecar rather than an envelope: the page stays the site's bytes, openable in a browser after gunzip
and parsed again as it is when a parser is corrected, and the sidecar is a file anyone can read. The
sidecar is written first, so that a build never sees a page without it.

The ledger of article ids is the raw folder itself: `<lang>/articles/<id>.fetched-<date>.html.gz`. It can
never disagree with what is stored; a page rejected (an error page served with status 200) is not stored,
so it is asked again next run.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import urllib.robotparser
from pathlib import Path

import orjson

from kcna_dataset.sources import state as source_state
from kcna_dataset.sources.http import USER_AGENT, BudgetExhausted, Client, FetchFailed, Fetched, write_new_file
from kcna_dataset.sources.report import Report
from kcna_dataset.stages import html

ARTICLES = "articles"
LISTS = "lists"
PAGE_NAME = re.compile(r"^(?P<id>[0-9a-f]{32})\.fetched-\d{4}-\d{2}-\d{2}(?:-\d+)?\.html\.gz$")
STOP_STATUSES = frozenset({401, 403})
"""Anywhere: the site refuses us (a ban, a login wall). The source stops at once."""
STOP_LIST_STATUSES = frozenset({401, 403, 404, 410})
"""On a list, menu or listing page: the site changed or refuses us. The source stops at once."""


class Stop(Exception):
    """The source stops for this run (the failure is already in the report)."""


def held_ids(folder: Path) -> set[str]:
    """Article ids whose page is stored under `folder` (`<raw>/<source>/<lang>/articles`)."""
    if not folder.is_dir():
        return set()
    return {match["id"] for match in map(PAGE_NAME.match, (path.name for path in folder.iterdir())) if match}


def fetch(client: Client, report: Report, url: str, *, listing: bool, form: dict | None = None) -> Fetched | None:
    """GET (or POST `form` to) url. A failure is recorded; Stop for what ends the source (no network, the cap,
    401/403, and 404/410 of a listing page); None for an article that is gone (404/410), or a page that
    failed otherwise (a 5xx or a timeout after the retries: the next run asks again)."""
    try:
        return client.post(url, form) if form is not None else client.get(url)
    except FetchFailed as failure:
        if not listing and failure.status in (404, 410):
            report.record(url=url, outcome="missing", status=failure.status, reason=f"article gone ({failure.reason})")
            return None
        report.record(url=url, outcome="failed", status=failure.status, reason=failure.reason)
        report.offline = report.offline or failure.offline
        stops = STOP_LIST_STATUSES if listing else STOP_STATUSES
        if failure.offline or isinstance(failure, BudgetExhausted) or failure.status in stops:
            if failure.status in stops:
                report.notes.append(f"stopped at once: HTTP {failure.status} for {url}")
            raise Stop() from None
        return None


def fetch_listing(client: Client, report: Report, robots: Robots, url: str, what: str) -> Fetched:
    """A listing the source cannot go on without (the site's menu, the Archive's CDX listing); Stop where
    robots.txt disallows it ("robots.txt disallows <what>" in the ledger) or it cannot be had (recorded by fetch)."""
    if not robots.allows(url):
        report.record(url=url, outcome="disallowed", reason=f"robots.txt disallows {what}")
        raise Stop()
    fetched = fetch(client, report, url, listing=True)
    if fetched is None:
        raise Stop()
    return fetched


class Robots:
    """The source's robots.txt (RFC 9309): 4xx means no rules; a server error or no answer means none of
    the site may be asked, and the source stops."""

    def __init__(self, client: Client, report: Report, url: str):
        self.parser = urllib.robotparser.RobotFileParser(url)
        try:
            fetched = client.get(url)
        except FetchFailed as failure:
            if failure.status is not None and 400 <= failure.status < 500:
                self.parser.parse([])
                report.record(url=url, outcome="missing", status=failure.status, reason="no robots.txt: no rules")
                return
            report.record(url=url, outcome="failed", status=failure.status,
                          reason=f"robots.txt unreachable ({failure.reason}): nothing asked")
            report.offline = report.offline or failure.offline
            raise Stop() from None
        self.parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        report.record(url=url, outcome="read", fetched_at=fetched.fetched_at, status=fetched.status,
                      size=len(fetched.body), sha256=fetched.sha256, reason="robots.txt (read, not stored)")

    def allows(self, url: str) -> bool:
        return self.parser.can_fetch(USER_AGENT, url)


def check(report: Report, fetched: Fetched, kinds: tuple[str, ...], what: str):
    """The parsed page when it is one of `kinds` (html.kind_of), else None with a `rejected` row: a bad
    download (an error page with status 200, a truncated page) never enters the raw folder."""
    body = fetched.body or b""
    reason = None
    if not html.is_html(body):
        reason = f"not an HTML page ({len(body):,} bytes): expected {what}"
    else:
        try:
            root = html.page_document(body)
            kind = html.kind_of(root)
        except html.NotAPage as failure:
            kind, reason = None, str(failure)
        if reason is None and kind not in kinds:
            reason = f"expected {what}, got {kind or 'a page of no known kcna.kp layout (an error page?)'}"
    if reason is not None:
        report.record(url=fetched.url, outcome="rejected", fetched_at=fetched.fetched_at, status=fetched.status,
                      size=len(body), sha256=fetched.sha256, reason=reason)
        return None
    return root


def store(raw: Path, folder: Path, stem: str, fetched: Fetched, report: Report, meta: dict, reason: str) -> str:
    """Write the page (gzip, verbatim) and its sidecar under a name free for both; the page's path, relative
    to `raw`. The sidecar goes first: a build never sees the page without it."""
    day = fetched.fetched_at.date().isoformat()
    number = 1
    while True:
        name = f"{stem}.fetched-{day}" + (f"-{number}" if number > 1 else "")
        page, sidecar = folder / f"{name}.html.gz", folder / html.sidecar_name(f"{name}.html.gz")
        if not page.exists() and not sidecar.exists():
            break
        number += 1
    meta = {
        "format": html.PAGE_META_FORMAT,
        "source": report.source,
        "url": fetched.url,
        "fetched_at": fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "status": fetched.status,
        "sha256": fetched.sha256,
        "bytes": len(fetched.body),
        **meta,
    }
    if meta.get("page") != "article":
        source_state.mark_not_raw_texts(folder, "kcna.kp list and menu pages, kept verbatim as fetched: no article")
    written_sidecar = write_new_file(sidecar, orjson.dumps(meta, option=orjson.OPT_INDENT_2) + b"\n")
    data = gzip.compress(fetched.body, compresslevel=6, mtime=0)
    written = write_new_file(page, data)
    if written.name != page.name or written_sidecar.name != sidecar.name:
        raise RuntimeError(f"{page} and its sidecar were written under different names: another collect at work?")
    relative = written.relative_to(raw).as_posix()
    report.record(url=fetched.url, outcome="stored", fetched_at=fetched.fetched_at, status=fetched.status,
                  size=len(fetched.body), sha256=fetched.sha256, file_written=relative, reason=reason)
    report.new_files.append(relative)
    report.stored_bytes += len(data) + written_sidecar.stat().st_size
    return relative


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()

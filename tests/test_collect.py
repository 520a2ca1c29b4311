"""Collect: sources.toml, the HTTP client's behaviour on each failure, the three collectors.

Everything runs against a real HTTP server on 127.0.0.1 (tests/collect_server.py): the real feed
snapshots of ../shared/feeds (decompressed, at the feed's own paths), a tar.gz built here from real day
files of ../shared/corpora/kcna-co-jp, the real events table, and the small fixtures of
tests/fixtures/collect/ for each failure (unsafe_members.tar.gz was made with tarfile, see its README).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import orjson
import pytest

from kcna_dataset.sources import archive, events, feed
from kcna_dataset.sources.config import Politeness, SelectionError, SourcesError, load_sources, parse_sources, select
from kcna_dataset.sources.http import Client, FetchFailed, write_new_file
from tests.collect_server import EVENTS, FEED, Answer, FeedState, Server, http_date, snapshot_body, snapshot_days
from tests.conftest import CORPORA

FIXTURES = Path(__file__).parent / "fixtures" / "collect"
FAST = dict(retries=2, backoff_seconds=0.5, max_backoff_seconds=5, connect_timeout_seconds=2, read_timeout_seconds=2)


def feed_or_skip() -> None:
    if not (FEED / "data" / "archive").is_dir():
        pytest.skip(f"real feed snapshots not found at {FEED} (they live beside the project, not in it)")


def source(name: str, base: str, **politeness):
    """A declared source pointed at the test server, with short timeouts and backoffs."""
    chosen = select(load_sources(), [name], base)[0]
    return dataclasses.replace(chosen, politeness=dataclasses.replace(chosen.politeness, **{**FAST, **politeness}))


class Sleeps(list):
    """Client's sleep, recorded instead of slept: retries are checked, not waited for."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def server():
    with Server() as running:
        yield running


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


# -- sources.toml --------------------------------------------------------------------------------------------


def test_the_shipped_sources_file_declares_the_three_sources():
    sources = load_sources()
    assert list(sources) == ["north-korea-news", "kcna-co-jp-archive", "north-korea-provocations", "kcna-kp",
                             "wayback-kcna-kp"]
    # The kcna.kp sources (issue 21) are collected when named only: a bare `kcna collect` takes the three.
    assert [source.name for source in select(sources, None)] == list(sources)[:3]
    news = sources["north-korea-news"]
    assert (news.kind, news.licence, news.origin.name) == ("feed_snapshots", "CC0-1.0", "repository")
    assert news.origin.url("dated_path", date="2024-08-04") == (
        "https://raw.githubusercontent.com/stiles/north-korea-news/main/data/archive/headlines_2024-08-04.json")
    assert news.origins["http-copy"].url("current_path") == "https://stilesdata.com/north-korea-news/headlines.json"
    assert sources["kcna-co-jp-archive"].members == "cache/juche/*_juche.json"
    assert sources["north-korea-provocations"].licence == "CC0-1.0"
    # --url keeps the repository's own paths under the mirror's base.
    mirrored = select(sources, ["north-korea-news"], "http://127.0.0.1:9/mirror")[0]
    assert mirrored.origin.url("current_path") == "http://127.0.0.1:9/mirror/data/headlines.json"


def test_every_mistake_in_sources_toml_is_reported_on_its_own_line():
    document = {
        "source": [
            {"name": "Bad Name", "kind": "feed_snapshots", "licence": "CC0-1.0", "holds": "x", "origin": "repo",
             "start_date": "2024-13-01", "origins": {"repository": {"base_url": "ftp://example.org/",
                                                                     "current_path": "h.json", "dated_path": "a.json"}},
             "politeness": {"retries": -1, "max_requests_per_run": 2.5, "speed": 3}},
            {"name": "events", "kind": "events_table", "licence": "CC0-1.0", "holds": "x", "origin": "repository",
             "origins": {"repository": {"base_url": "https://example.org"}}, "colour": "blue"},
            {"name": "events", "kind": "magic", "licence": "", "holds": "x", "origin": "a", "origins": {"a": {"base_url": "https://e.org/"}}},
        ]
    }
    with pytest.raises(SourcesError) as raised:
        parse_sources(document, Path("sources.toml"))
    assert raised.value.problems == [
        "source 1 (Bad Name): name: 'Bad Name' is not a folder name (lower-case letters, digits and hyphens)",
        "source 1 (Bad Name): origins.repository.base_url: must be an http(s) URL, got 'ftp://example.org/'",
        "source 1 (Bad Name): origins.repository.dated_path: must hold '{date}' (replaced by YYYY-MM-DD), got 'a.json'",
        "source 1 (Bad Name): origin: 'repo' is not one of the declared origins (repository)",
        "source 1 (Bad Name): politeness.retries: must be 0 or more, got -1",
        "source 1 (Bad Name): politeness.max_requests_per_run: must be a whole number, got 2.5",
        "source 1 (Bad Name): politeness: unknown key 'speed' (known: " + ", ".join(f.name for f in dataclasses.fields(Politeness)) + ")",
        "source 1 (Bad Name): start_date: '2024-13-01' is not a date (YYYY-MM-DD)",
        "source 2 (events): unknown key 'colour' (known: by_default, holds, homepage, kind, language, licence, members, name, origin, origins, "
        "politeness, start_date)",
        "source 2 (events): origins.repository.base_url: must end with '/' (paths are joined to it), got 'https://example.org'",
        "source 2 (events): origins.repository: missing key 'table_path' (a events_table source needs table_path)",
        "source 3 (events): licence: must be a non-empty string, got ''",
        "source 3 (events): kind: 'magic' is not one of feed_snapshots, archive_backfill, events_table, kcna_kp_site, "
        "wayback_cdx",
    ]
    assert str(raised.value).startswith("sources.toml: 13 mistake(s):\n  source 1 (Bad Name): name:")


def test_a_sources_file_that_is_not_toml_says_so(tmp_path: Path):
    path = tmp_path / "sources.toml"
    path.write_text("[[source]\nname = 'x'\n")
    with pytest.raises(SourcesError, match=r"sources.toml: 1 mistake\(s\):\n  not valid TOML: "):
        load_sources(path)


def test_unknown_source_names_and_url_for_several_sources_are_refused():
    sources = load_sources()
    with pytest.raises(SelectionError, match="unknown source 'kcna-jp' .declared: north-korea-news, kcna-co-jp-archive"):
        select(sources, ["kcna-jp"])
    with pytest.raises(SelectionError, match="name exactly one source"):
        select(sources, None, "http://127.0.0.1:1/")


# -- the HTTP client, one failure at a time -----------------------------------------------------------------


def test_304_by_etag_then_by_last_modified(server: Server):
    body = (FIXTURES / "tiny_snapshot.json").read_bytes()
    server.files["with-etag.json"] = (body, http_date(dt.date(2024, 8, 3)))
    with Client(Politeness(**FAST)) as client:
        first = client.get(server.base + "with-etag.json")
        again = client.get(server.base + "with-etag.json", etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.body, again.status, again.body) == (200, body, 304, None)
    sent = server.requests_for("with-etag.json")[1].headers
    assert sent["If-None-Match"] == first.etag and sent["If-Modified-Since"] == "Sat, 03 Aug 2024 01:00:00 GMT"
    # A server that gives only Last-Modified: the second request carries If-Modified-Since alone.
    modified = "Sun, 04 Aug 2024 01:00:00 GMT"
    server.script("only-date.json", Answer(200, body, {"Last-Modified": modified}), Answer(304, b"", {"Last-Modified": modified}))
    with Client(Politeness(**FAST)) as client:
        first = client.get(server.base + "only-date.json")
        again = client.get(server.base + "only-date.json", etag=first.etag, last_modified=first.last_modified)
    assert (first.etag, first.last_modified, again.not_modified) == (None, modified, True)
    sent = server.requests_for("only-date.json")[1].headers
    assert sent["If-Modified-Since"] == modified and "If-None-Match" not in sent
    assert sent["User-Agent"].startswith("kcna-dataset/")


def test_500_is_retried_with_backoff_then_200(server: Server):
    server.script("flaky.json", Answer(500, b"oops"), Answer(503, b"busy"), Answer(200, b"[1]"))
    sleeps = Sleeps()
    with Client(Politeness(**FAST), sleep=sleeps) as client:
        fetched = client.get(server.base + "flaky.json")
    assert fetched.body == b"[1]" and len(server.requests_for("flaky.json")) == 3
    # Full jitter: each wait is within the doubled backoff (0.5 s, then 1 s).
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0


def test_429_waits_as_long_as_retry_after_says(server: Server):
    server.script("busy.json", Answer(429, b"slow down", {"Retry-After": "3"}), Answer(200, b"[2]"))
    sleeps = Sleeps()
    with Client(Politeness(**FAST), sleep=sleeps) as client:
        assert client.get(server.base + "busy.json").body == b"[2]"
    assert sleeps == [3.0]
    # Longer than the source allows: a clear failure, not a silent shorter wait.
    server.script("busier.json", Answer(429, b"", {"Retry-After": "3600"}))
    with Client(Politeness(**FAST), sleep=sleeps) as client, pytest.raises(FetchFailed) as raised:
        client.get(server.base + "busier.json")
    assert raised.value.reason == ("HTTP 429 Too Many Requests; the server asks to wait 3600 s (Retry-After), "
                                   "more than the 5 s allowed: try later")


def test_other_4xx_are_not_retried(server: Server):
    sleeps = Sleeps()
    with Client(Politeness(**FAST), sleep=sleeps) as client, pytest.raises(FetchFailed) as raised:
        client.get(server.base + "absent.json")
    assert (raised.value.status, raised.value.reason, sleeps) == (404, "HTTP 404 Not Found", [])
    assert len(server.requests_for("absent.json")) == 1


def test_a_truncated_body_is_retried_and_then_fails(server: Server):
    body = (FIXTURES / "tiny_snapshot.json").read_bytes()
    server.script("cut.json", Answer(200, body, truncate_to=100), Answer(200, body))
    with Client(Politeness(**FAST), sleep=Sleeps()) as client:
        assert client.get(server.base + "cut.json").body == body
    server.script("always-cut.json", *[Answer(200, body, truncate_to=100)] * 3)
    with Client(Politeness(**FAST), sleep=Sleeps()) as client, pytest.raises(FetchFailed) as raised:
        client.get(server.base + "always-cut.json")
    assert raised.value.reason.startswith("truncated body") and raised.value.reason.endswith("(after 3 attempts)")


def test_a_response_slower_than_the_read_timeout_fails(server: Server):
    server.script("slow.json", *[Answer(200, b"[]", delay=1.5)] * 2)
    politeness = Politeness(**{**FAST, "read_timeout_seconds": 0.3, "retries": 1})
    with Client(politeness, sleep=Sleeps()) as client, pytest.raises(FetchFailed) as raised:
        client.get(server.base + "slow.json")
    assert raised.value.reason == "read timed out after 0.3 s (after 2 attempts)"


def test_caps_on_requests_and_on_response_size(server: Server):
    server.files["big.json"] = (b"[" + b"0," * 5000 + b"0]", http_date(dt.date(2024, 1, 1)))
    with Client(Politeness(**{**FAST, "max_response_bytes": 1000}), sleep=Sleeps()) as client, pytest.raises(FetchFailed) as raised:
        client.get(server.base + "big.json")
    assert raised.value.reason == "response of 10,003 bytes is over the 1,000-byte cap for one response"
    with Client(Politeness(**FAST), max_requests=1, sleep=Sleeps()) as client:
        client.get(server.base + "big.json")
        with pytest.raises(FetchFailed, match=r"request cap reached \(1 requests this run; raise it with --max-requests\)"):
            client.get(server.base + "big.json")


def test_a_new_file_never_replaces_an_earlier_one(tmp_path: Path):
    target = tmp_path / "snapshots" / "2024-08-04.fetched-2026-12-04.json.gz"
    assert write_new_file(target, b"first") == target
    second = write_new_file(target, b"second")
    assert second.name == "2024-08-04.fetched-2026-12-04-2.json.gz"
    assert (target.read_bytes(), second.read_bytes()) == (b"first", b"second")
    assert sorted(p.name for p in target.parent.iterdir()) == [second.name, target.name]  # no temporary left


# -- north-korea-news ----------------------------------------------------------------------------------------


def test_feed_snapshots_are_stored_as_envelopes_that_rebuild_every_day(server: Server, tmp_path: Path):
    feed_or_skip()
    days = snapshot_days()
    state = FeedState(server)
    state.advance_to(days[2])
    news = source("north-korea-news", server.base)
    raw = tmp_path / "raw"
    with Client(news.politeness, sleep=Sleeps()) as client:
        report = feed.collect(news, raw, client, since=days[0], until=days[2])
    # Three dated files, then headlines.json (the same bytes as the last dated one: nothing stored).
    assert report.requests == 4 and report.failures == []
    assert report.new_files == [f"north-korea-news/snapshots/{day}.fetched-{dt.datetime.now(dt.UTC).date()}.json.gz" for day in days[:3]]
    assert [row["outcome"] for row in report.rows] == ["stored", "stored", "stored", "unchanged"]
    paths = feed.envelopes(raw / "north-korea-news")
    seen: set[str] = set()
    for day, path in zip(days, paths):
        original = snapshot_body(day)
        envelope = feed.read_envelope(path)
        assert envelope["format"] == "kcna-feed-snapshot/1" and envelope["snapshot_date"] == day.isoformat()
        assert envelope["url"] == f"{server.base}data/archive/headlines_{day}.json"
        assert envelope["sha256"] == hashlib.sha256(original).hexdigest() and envelope["bytes"] == len(original)
        # The day's snapshot, rebuilt from the envelopes, is the original JSON, record for record.
        assert feed.rebuild_snapshot(paths, path) == orjson.loads(original)
        assert envelope["record_count"] == len(orjson.loads(original)) == len(envelope["listing"])
        assert set(envelope["records"]).isdisjoint(seen)
        seen |= set(envelope["records"])
    assert len(feed.read_envelope(paths[0])["records"]) == 264 - _duplicates(days[0])

    # Again, with nothing new: headlines.json is asked conditionally (304), no dated file is asked again.
    with Client(news.politeness, sleep=Sleeps()) as client:
        again = feed.collect(news, raw, client, since=days[0], until=days[2])
    assert (again.requests, again.not_modified, again.new_files, again.failures) == (1, 1, [], [])
    assert server.requests_for("data/headlines.json")[-1].headers["If-None-Match"].startswith('"')
    assert again.line() == "north-korea-news: 1 requests, 1 not modified, 0 new files, 0 B, 0 failures (nothing new)"

    # The next day: only its new records are stored.
    state.advance_to(days[3])
    with Client(news.politeness, sleep=Sleeps()) as client:
        next_day = feed.collect(news, raw, client, since=days[0], until=days[3])
    assert len(next_day.new_files) == 1
    stored = feed.read_envelope(raw / next_day.new_files[0])
    records = orjson.loads(snapshot_body(days[3]))
    expected = {feed.record_key(r) for r in records} - seen
    assert set(stored["records"]) == expected and 0 < len(expected) < len(records) / 4
    assert feed.rebuild_snapshot(feed.envelopes(raw / "north-korea-news"), raw / next_day.new_files[0]) == records


def _duplicates(day: dt.date) -> int:
    records = orjson.loads(snapshot_body(day))
    return len(records) - len({feed.record_key(r) for r in records})


def test_a_dated_file_missing_inside_the_range_is_recorded_and_not_asked_again(server: Server, tmp_path: Path):
    feed_or_skip()
    days = snapshot_days()
    FeedState(server).advance_to(days[2])
    del server.files[f"data/archive/headlines_{days[1]}.json"]
    news = source("north-korea-news", server.base)
    raw = tmp_path / "raw"
    with Client(news.politeness, sleep=Sleeps()) as client:
        report = feed.collect(news, raw, client, since=days[0], until=days[2])
    assert [row["outcome"] for row in report.rows] == ["stored", "missing", "stored", "unchanged"]
    assert report.rows[1]["http_status"] == 404 and report.failures == []
    assert len(server.requests_for(f"data/archive/headlines_{days[1]}.json")) == 1  # a 404 is not retried
    with Client(news.politeness, sleep=Sleeps()) as client:
        feed.collect(news, raw, client, since=days[0], until=days[2])
    assert len(server.requests_for(f"data/archive/headlines_{days[1]}.json")) == 1  # before a held day: final


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("html_error_page_status_200.html", "an HTML page, not the feed's JSON (an error or login page served with status 200?)"),
        ("truncated_snapshot.json", "invalid JSON (truncated?): "),
        ("wrong_shape_snapshot.json", "JSON of the wrong shape: a dict, expected a list of records"),
    ],
)
def test_a_bad_body_never_enters_the_raw_folder(server: Server, tmp_path: Path, fixture: str, reason: str):
    body = (FIXTURES / fixture).read_bytes()
    server.script("data/headlines.json", Answer(200, body, {"Content-Type": "text/html"}))
    news = source("north-korea-news", server.base)
    raw = tmp_path / "raw"
    today = dt.date(2024, 8, 4)
    with Client(news.politeness, sleep=Sleeps()) as client:
        report = feed.collect(news, raw, client, since=today, until=today)
    assert files_under(raw) == []
    (missing, rejected) = report.rows
    assert missing["outcome"] == "missing" and rejected["outcome"] == "rejected"
    assert rejected["reason"].startswith(reason) and rejected["sha256"] == hashlib.sha256(body).hexdigest()
    assert rejected["size_bytes"] == len(body) and rejected["http_status"] == 200
    assert report.line().startswith("north-korea-news: 2 requests, 0 not modified, 0 new files, ")
    assert report.line().endswith(f"1 failures (first: {server.base}data/headlines.json: {rejected['reason']})")


def test_a_good_tiny_snapshot_is_stored_with_its_records(server: Server, tmp_path: Path):
    body = (FIXTURES / "tiny_snapshot.json").read_bytes()
    server.files["data/headlines.json"] = (body, "Sat, 03 Aug 2024 01:00:00 GMT")
    news = source("north-korea-news", server.base)
    raw = tmp_path / "raw"
    with Client(news.politeness, sleep=Sleeps()) as client:
        report = feed.collect(news, raw, client, since=dt.date(2024, 8, 4), until=dt.date(2024, 8, 4))
    (name,) = report.new_files
    assert name.startswith("north-korea-news/snapshots/2024-08-03.fetched-")  # the day of its Last-Modified
    envelope = feed.read_envelope(raw / name)
    assert list(envelope["records"].values()) == json.loads(body)


# -- kcna-co-jp-archive --------------------------------------------------------------------------------------


def real_day_files(count: int = 3) -> list[Path]:
    if not (CORPORA / "kcna-co-jp").is_dir():
        pytest.skip(f"real corpora not found at {CORPORA} (they live beside the project, not in it)")
    return sorted((CORPORA / "kcna-co-jp" / "1997").glob("*.json.gz"))[:count]


def real_archive(files: list[Path]) -> bytes:
    """A tar.gz laid out like the repository's GitHub archive: <repo>-master/cache/juche/<day>_juche.json."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in files:
            data = gzip.decompress(path.read_bytes())
            info = tarfile.TarInfo(f"kcna_scraper-master/cache/juche/{path.name.removesuffix('.gz')}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo("kcna_scraper-master/scraper.py")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"pass\n"))
    return buffer.getvalue()


def test_the_archive_is_streamed_resumed_unpacked_once_and_its_checksum_recorded(server: Server, tmp_path: Path):
    files = real_day_files()
    body = real_archive(files)
    server.files["archive/HEAD.tar.gz"] = (body, http_date(dt.date(2018, 4, 27)))
    # The first answer is cut off midway: the download resumes with a Range request.
    server.script("archive/HEAD.tar.gz", Answer(200, body, truncate_to=len(body) // 2))
    backfill = source("kcna-co-jp-archive", server.base)
    raw = tmp_path / "raw"
    progress = []
    with Client(backfill.politeness, sleep=Sleeps()) as client:
        report = archive.collect(backfill, raw, client, on_bytes=lambda got, total: progress.append((got, total)),
                                 today=dt.date(2026, 12, 4))
    assert report.failures == []
    ranges = [r.headers.get("Range") for r in server.requests_for("archive/HEAD.tar.gz")]
    assert ranges == [None, f"bytes={len(body) // 2}-"]
    assert progress[-1] == (len(body), len(body))
    assert report.new_files == [f"kcna-co-jp-archive/1997/{p.name.removesuffix('.json.gz')}.fetched-2026-12-04.json.gz" for p in files]
    for path, name in zip(files, report.new_files):
        assert gzip.decompress((raw / name).read_bytes()) == gzip.decompress(path.read_bytes())  # verbatim
    (whole,) = [row for row in report.rows if row["file_written"] is None]
    assert whole["sha256"] == hashlib.sha256(body).hexdigest() and whole["size_bytes"] == len(body)
    assert whole["reason"] == "archive: 3 unpacked, 1 skipped"  # scraper.py
    assert not (raw / "kcna-co-jp-archive" / archive.DOWNLOADS / "archive.tar.gz.partial").exists()
    with Client(backfill.politeness, sleep=Sleeps()) as client:
        again = archive.collect(backfill, raw, client)
    assert again.requests == 0 and again.new_files == [] and len(server.requests_for("archive/HEAD.tar.gz")) == 2
    assert again.notes[0].startswith("backfill done on 2026-12-04 (archive sha256 " + whole["sha256"][:12])
    assert again.line() == ("kcna-co-jp-archive: 0 requests, 0 not modified, 0 new files, 0 B, 0 failures (nothing new); "
                            + again.notes[0])


def test_unsafe_archive_members_are_refused_and_counted(server: Server, tmp_path: Path):
    body = (FIXTURES / "unsafe_members.tar.gz").read_bytes()
    server.files["archive/HEAD.tar.gz"] = (body, http_date(dt.date(2018, 4, 27)))
    backfill = source("kcna-co-jp-archive", server.base, max_member_bytes=4000)
    raw = tmp_path / "sandbox" / "raw"
    with Client(backfill.politeness, sleep=Sleeps()) as client:
        report = archive.collect(backfill, raw, client, today=dt.date(2026, 12, 4))
    assert files_under(tmp_path) == ["sandbox/raw/kcna-co-jp-archive/1997/1997-01-02_juche.fetched-2026-12-04.json.gz"]
    (whole,) = [row for row in report.rows if row["file_written"] is None]
    assert whole["reason"] == ("archive: 1 unpacked, 2 skipped, 1 outside_target, 1 absolute_path, 2 link, 1 device, "
                               "1 oversized")
    assert report.notes == ["refused 1 outside target, 1 absolute path, 2 link, 1 device, 1 oversized member(s)"]


def test_an_html_page_instead_of_the_archive_is_rejected(server: Server, tmp_path: Path):
    server.files["archive/HEAD.tar.gz"] = ((FIXTURES / "html_error_page_status_200.html").read_bytes(), http_date(dt.date(2024, 1, 1)))
    backfill = source("kcna-co-jp-archive", server.base)
    raw = tmp_path / "raw"
    with Client(backfill.politeness, sleep=Sleeps()) as client:
        report = archive.collect(backfill, raw, client)
    assert files_under(raw) == []
    assert report.failures == [f"{server.base}archive/HEAD.tar.gz: not a tar.gz archive (an HTML page or a truncated download?)"]


# -- north-korea-provocations --------------------------------------------------------------------------------


def test_the_events_table_is_fetched_conditionally(server: Server, tmp_path: Path):
    table = EVENTS / "data" / "processed" / "north_korea_provocations_1958_present.csv"
    if not table.is_file():
        pytest.skip(f"real events table not found at {table}")
    body = table.read_bytes()
    server.files["data/processed/north_korea_provocations_1958_present.csv"] = (body, http_date(dt.date(2026, 8, 21)))
    provocations = source("north-korea-provocations", server.base)
    raw = tmp_path / "raw"
    with Client(provocations.politeness, sleep=Sleeps()) as client:
        first = events.collect(provocations, raw, client)
        second = events.collect(provocations, raw, client)
    (name,) = first.new_files
    assert name.startswith("north-korea-provocations/north_korea_provocations_1958_present.fetched-")
    assert gzip.decompress((raw / name).read_bytes()) == body
    assert first.rows[0]["reason"] == "493 events"
    assert (second.requests, second.not_modified, second.new_files) == (1, 1, [])
    server.script("data/processed/north_korea_provocations_1958_present.csv",
                  Answer(200, (FIXTURES / "wrong_header_events.csv").read_bytes()))
    with Client(provocations.politeness, sleep=Sleeps()) as client:
        bad = events.collect(provocations, raw, client)
    assert bad.rows[0]["outcome"] == "rejected" and bad.rows[0]["reason"].startswith("CSV of the wrong shape: header ['when', 'what']")
    assert files_under(raw) == [name]


def test_the_download_progress_line_says_bytes_of_the_total_and_the_rate():
    from kcna_dataset.cli.collect import DownloadProgress

    ticks = iter([0.0, 2.0, 4.0])
    progress = DownloadProgress("kcna-co-jp-archive: download", stream=io.StringIO(), clock=lambda: next(ticks))
    progress.update(3_000_000, 12_000_000)
    assert progress.line() == "kcna-co-jp-archive: download: 3.0 of 12.0 MB, 4.0 s (0.8 MB/s)"


def test_kcna_collect_names_an_unknown_source_in_one_line(tmp_path: Path):
    import os
    import subprocess
    import sys

    kcna = str(Path(sys.executable).with_name("kcna"))
    done = subprocess.run([kcna, "collect", "kcna-jp", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")],
                          env={**os.environ, "PREFECT_HOME": str(tmp_path)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("kcna collect: unknown source 'kcna-jp' (declared: north-korea-news, kcna-co-jp-archive, "
                           "north-korea-provocations, kcna-kp, wayback-kcna-kp)\n")
    assert not (tmp_path / "raw").exists()

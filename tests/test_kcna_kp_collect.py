"""kcna-kp and wayback-kcna-kp against a real HTTP server on 127.0.0.1 (tests/kcna_kp_server.py): robots.txt,
the menu, session-and-CSRF paging, a stale session, 429 then 200, slow answers, a vanished category, a 403
that stops the source, only new ids fetched, pages kept verbatim with their sidecars; the archive's CDX
listing with captures of both layouts. End to end: collect from both, build, and the articles are in a new
dataset version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
from pathlib import Path

import orjson
import polars as pl
import pytest

from kcna_dataset.sources import ledger
from kcna_dataset.sources.collect import collect_source
from kcna_dataset.sources.config import Politeness, load_sources, select
from kcna_dataset.stages import extract
from tests.kcna_kp_server import Answer, Article, Category, Site, hex_id, leader, new_article_page, old_article_page

FAST = Politeness(delay_seconds=0.02, connect_timeout_seconds=2, read_timeout_seconds=2, retries=2,
                  backoff_seconds=0.01, max_backoff_seconds=1, max_requests_per_run=200)
BLOCKED = "d" * 32
"""The article robots.txt disallows (tests/kcna_kp_server.Site.robots)."""


def article(number: int, day: int, *, gallery: bool = False, month: int = 9) -> Article:
    if gallery:
        return Article(hex_id(number), f"Autumn Scenery {number}", [], (2026, month, day), gallery=True)
    return Article(
        hex_id(number),
        f"Respected Comrade{leader()}Inspects Site No. {number}",
        [f"Pyongyang, September {day} (KCNA) -- The respected Comrade{leader()}met builders of site {number} "
         "and praised their devotion.", f"Site {number} is to be finished this year.", "-0-"],
        (2026, month, day),
    )


def site_with_articles(language: str = "en") -> tuple[Site, dict[str, Category]]:
    site = Site(page_size=3, language=language)
    top = Category("1" * 32, "Top News")
    leader_news = Category("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "Kim Jong Un's Revolutionary Activities")
    photo = Category("2" * 32, "Photo", kind="gallery")
    site.add(top, *(article(n, 10 - n) for n in range(1, 8)))            # 7 articles: pages of 3, 3 and 1
    blocked = dataclasses.replace(article(99, 9), id=BLOCKED)
    site.add(leader_news, site.articles[hex_id(2)], blocked)              # one id in two categories
    site.add(photo, article(50, 9, gallery=True))
    return site, {"top": top, "leader": leader_news, "photo": photo}


def kcna_kp(site: Site, name: str = "kcna-kp", **politeness):
    source = select(load_sources(), [name], site.base)[0]
    return dataclasses.replace(source, politeness=dataclasses.replace(FAST, **politeness))


def detail_ids(site: Site) -> list[str]:
    return [r.path.rsplit("/", 1)[1] for r in site.log if "/detail/" in r.path]


def test_first_run_lists_every_category_pages_with_session_and_csrf_and_keeps_pages(tmp_path: Path):
    raw = tmp_path / "raw"
    site, categories = site_with_articles()
    with site:
        report = collect_source(kcna_kp(site, delay_seconds=0.05), raw)
    assert report.failures == [], report.failures
    # robots.txt first; the menu next; each category's page 1 once (the menu's repeated links deduped).
    assert [r.path for r in site.log[:2]] == ["/robots.txt", "/en"]
    assert [r.path for r in site.requests("GET", "/en/") if "/list/" in r.path] == [
        f"/en/article/list/{'1' * 32}", "/en/article/list/0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        f"/en/gallery/list/{'2' * 32}"]
    # Pages 2 and 3 of Top News are POSTed with the session cookie and the _csrf page 1 gave.
    posts = site.requests("POST")
    assert [(p.form["page_num"], p.form["cnt_per_page"], p.form["keyword"]) for p in posts] == [
        ("2", "3", ""), ("3", "3", "")]
    session = site.log[2].cookie or next(r.cookie for r in site.log[3:] if r.cookie)
    assert all(p.cookie == session and p.form["_csrf"] == site.sessions[session] for p in posts)
    # Every article once (one id in two categories is fetched once), the one robots.txt disallows never.
    wanted = [hex_id(n) for n in range(1, 8)] + [hex_id(50)]
    assert sorted(detail_ids(site)) == sorted(wanted)
    assert BLOCKED not in detail_ids(site)
    rows = pl.DataFrame(report.rows)
    disallowed = rows.filter(pl.col("outcome") == "disallowed")["url"].to_list()
    assert disallowed == [f"{site.base}en/article/detail/{BLOCKED}"]
    # Pages kept verbatim (gzip) with their sidecars: the address, the fetch time, the list's date and category.
    folder = raw / "kcna-kp" / "en" / "articles"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    page = folder / f"{hex_id(3)}.fetched-{today}.html.gz"
    assert gzip.decompress(page.read_bytes()) == new_article_page(site.articles[hex_id(3)]).encode()
    meta = orjson.loads((folder / f".{hex_id(3)}.fetched-{today}.page.json").read_bytes())
    assert (meta["url"], meta["original_url"], meta["list_date"], meta["topic"], meta["page"]) == (
        f"{site.base}en/article/detail/{hex_id(3)}", f"http://www.kcna.kp/en/article/detail/{hex_id(3)}",
        "2026-09-07", "Top News", "article")
    assert dt.datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00")).date().isoformat() == today
    # The build lists the articles only: list pages are kept in a folder it skips, sidecars are hidden.
    listed = [f.path for f in extract.discover(raw)]
    assert listed == sorted(f"kcna-kp/en/articles/{i}.fetched-{today}.html.gz" for i in wanted)
    assert (raw / "kcna-kp" / "en" / "lists" / extract.NOT_RAW_MARKER).is_file()
    lists = sorted(path.name for path in (raw / "kcna-kp" / "en" / "lists").glob("*.html.gz"))
    assert lists == sorted([f"menu.fetched-{today}.html.gz", f"{'1' * 32}.p1.fetched-{today}.html.gz",
                            f"{'1' * 32}.p2.fetched-{today}.html.gz", f"{'1' * 32}.p3.fetched-{today}.html.gz",
                            f"0a1b2c3d4e5f60718293a4b5c6d7e8f9.p1.fetched-{today}.html.gz",
                            f"{'2' * 32}.p1.fetched-{today}.html.gz"])
    # One request at a time, the configured pause apart (measured where they arrive: thread scheduling may
    # delay one arrival and not the next, so the bound on a single gap is loose, the one on their sum is not).
    assert site.most_in_flight == 1
    times = [r.at for r in site.log]
    assert times[-1] - times[0] >= 0.05 * (len(times) - 1) * 0.95
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.05 * 0.3


def test_second_run_fetches_only_new_ids_and_a_vanished_category_fails_loudly(tmp_path: Path):
    raw = tmp_path / "raw"
    site, categories = site_with_articles()
    with site:
        assert collect_source(kcna_kp(site), raw).failures == []
        site.log.clear()
        site.add(categories["top"], article(8, 10), front=True)
        categories["leader"].ids = []                                   # the category lists nothing now
        report = collect_source(kcna_kp(site), raw)
    assert detail_ids(site) == [hex_id(8)]
    # Page 1 of Top News held a new id, so page 2 was read; it held none, so page 3 was not.
    assert [p.form["page_num"] for p in site.requests("POST")] == ["2"]
    assert len(report.failures) == 1
    assert "category \"Kim Jong Un's Revolutionary Activities\" listed 2 links on" in report.failures[0]
    assert "lists none now: the site changed, or refuses us" in report.failures[0]
    assert f"en/articles/{hex_id(8)}.fetched-" in " ".join(report.new_files)


def test_stale_session_is_renewed_once(tmp_path: Path):
    site, _ = site_with_articles()
    site.expire_before_posts = {1}
    with site:
        report = collect_source(kcna_kp(site), tmp_path / "raw")
    assert report.failures == []
    top = f"/en/article/list/{'1' * 32}"
    sequence = [(r.method, r.form.get("page_num")) for r in site.log if r.path == top]
    assert sequence == [("GET", None), ("POST", "2"), ("GET", None), ("POST", "2"), ("POST", "3")]
    posts = site.requests("POST")
    assert posts[0].form["_csrf"] != posts[1].form["_csrf"]           # the renewed session's token
    rows = pl.DataFrame(report.rows)
    assert rows.filter(pl.col("outcome") == "read")["reason"].to_list() == [
        "robots.txt (read, not stored)", "list page 2: 200 and no links, a stale session; renewing it"]
    assert hex_id(4) in detail_ids(site) and hex_id(7) in detail_ids(site)


def test_stale_session_twice_is_a_failure(tmp_path: Path):
    site, _ = site_with_articles()
    site.expire_before_posts = {1, 2}
    with site:
        report = collect_source(kcna_kp(site), tmp_path / "raw")
    assert len(report.failures) == 1
    assert "list page 2 of 'Top News' has no links, even after renewing" in report.failures[0]
    assert hex_id(4) not in detail_ids(site) and hex_id(1) in detail_ids(site)   # page 1's articles are kept


def test_429_then_success_and_slow_answers(tmp_path: Path):
    site, _ = site_with_articles()
    first, second = f"/en/article/detail/{hex_id(1)}", f"/en/article/detail/{hex_id(2)}"
    site.script(first, Answer(429, b"<html>busy</html>", {"Retry-After": "0"}))
    site.script(second, Answer(delay=1.2), )                             # slower than the 0.5 s read timeout
    site.script(f"/en/article/detail/{hex_id(3)}", Answer(200, new_article_page(site.articles[hex_id(3)]).encode(),
                                                          delay=0.3))  # slow, within the timeout
    with site:
        report = collect_source(kcna_kp(site, read_timeout_seconds=0.5), tmp_path / "raw")
    assert report.failures == []
    assert detail_ids(site).count(hex_id(1)) == 2 and detail_ids(site).count(hex_id(2)) == 2
    assert detail_ids(site).count(hex_id(3)) == 1
    assert sum(1 for name in report.new_files if "/articles/" in name) == 8


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_refused_or_missing_list_stops_the_source_at_once(tmp_path: Path, status: int):
    site, _ = site_with_articles()
    site.script(f"/en/article/list/{'1' * 32}", Answer(status, b"<html>No</html>"))
    with site:
        report = collect_source(kcna_kp(site), tmp_path / "raw")
    assert [r.path for r in site.log][-1] == f"/en/article/list/{'1' * 32}"    # nothing asked after it
    assert len(report.failures) == 1 and f"HTTP {status}" in report.failures[0]
    assert any(f"stopped at once: HTTP {status}" in note for note in report.notes)


def test_robots_txt_missing_means_no_rules_and_unreachable_means_nothing_asked(tmp_path: Path):
    site, _ = site_with_articles()
    site.script("/robots.txt", Answer(404, b"<html>Not Found</html>"))
    with site:
        report = collect_source(kcna_kp(site), tmp_path / "a")
        assert report.failures == [] and BLOCKED in detail_ids(site)          # no rules: nothing disallowed
        site.log.clear()
        site.script("/robots.txt", *[Answer(503, b"<html>busy</html>")] * 3)  # every attempt (retries=2) fails
        report = collect_source(kcna_kp(site), tmp_path / "b")
    assert [r.path for r in site.log] == ["/robots.txt"] * 3
    assert len(report.failures) == 1 and "robots.txt unreachable (HTTP 503" in report.failures[0]


def test_a_gone_article_is_missing_and_the_run_goes_on(tmp_path: Path):
    site, _ = site_with_articles()
    site.script(f"/en/article/detail/{hex_id(1)}", Answer(404, b"<html>Not Found</html>"))
    with site:
        report = collect_source(kcna_kp(site), tmp_path / "raw")
    assert report.failures == []
    rows = pl.DataFrame(report.rows)
    assert rows.filter(pl.col("outcome") == "missing")["url"].to_list() == [f"{site.base}en/article/detail/{hex_id(1)}"]
    assert sum(1 for name in report.new_files if "/articles/" in name) == 7


def test_request_cap_leaves_the_rest_for_the_next_run(tmp_path: Path):
    raw = tmp_path / "raw"
    site, _ = site_with_articles()
    with site:
        report = collect_source(kcna_kp(site, max_requests_per_run=9), raw)
        assert len(site.log) == 9 and "request cap reached" in report.failures[0]
        assert any("not fetched yet" in note for note in report.notes)
        site.log.clear()
        report = collect_source(kcna_kp(site), raw)
    assert report.failures == []
    held = {path.name[:32] for path in (raw / "kcna-kp" / "en" / "articles").glob("*.html.gz")}
    assert held == {hex_id(n) for n in (*range(1, 8), 50)}


def test_the_language_is_a_parameter(tmp_path: Path):
    """The same site in Russian: its menu's /ru categories are read (its /en one is not), its articles kept
    under ru/."""
    raw = tmp_path / "raw"
    site, _ = site_with_articles("ru")
    with site:
        source = dataclasses.replace(kcna_kp(site), language="ru")
        report = collect_source(source, raw)
    assert report.failures == []
    assert [r.path for r in site.log[:2]] == ["/robots.txt", "/ru"]
    assert not [r for r in site.log if r.path.startswith("/en")]
    held = sorted(path.name[:32] for path in (raw / "kcna-kp" / "ru" / "articles").glob("*.html.gz"))
    assert held == sorted(hex_id(n) for n in (*range(1, 8), 50))
    meta = orjson.loads(next((raw / "kcna-kp" / "ru" / "articles").glob(f".{hex_id(1)}.*.page.json")).read_bytes())
    assert (meta["language"], meta["original_url"]) == ("ru", f"http://www.kcna.kp/ru/article/detail/{hex_id(1)}")


# -- the Internet Archive ------------------------------------------------------------------------------------


def archive(site: Site) -> dict[str, str]:
    """Captures of both layouts: old (Juche date, Gregorian date), new; a second capture of one address,
    a list page, a Korean page, and one outside the date range."""
    old_juche = Article("c" * 32, "DPRK Delegation Leaves for Moscow",
                        ["Pyongyang, March 9 (KCNA) -- A delegation of the DPRK left here for Moscow.", "-0-"],
                        (2024, 3, 9))
    old_greg = Article("e" * 32, f"Comrade{leader()}Sends Greetings",
                       [f"Pyongyang, December 14 (KCNA) -- Comrade{leader()}sent greetings to Kazakhstan.", "-0-"],
                       (2025, 12, 14))
    new = Article("f" * 32, "Greetings to Lao President",
                  ["Pyongyang, December 30 (KCNA) -- Greetings were sent to the President of Laos.", "-0-"],
                  (2025, 12, 30))
    addresses = {
        "old_juche": f"http://www.kcna.kp/en/article/q/{'c' * 32}.kcmsf",
        "old_greg": f"http://kcna.kp:80/en/article/q/{'e' * 32}.kcmsf",
        "new": f"http://www.kcna.kp/en/article/detail/{'f' * 32}",
    }
    site.capture_pages[addresses["old_juche"]] = old_article_page(old_juche, juche=True).encode()
    site.capture_pages[addresses["old_greg"]] = old_article_page(old_greg, juche=False).encode()
    site.capture_pages[addresses["new"]] = new_article_page(new).encode()
    site.captures += [
        ("20240310120000", addresses["old_juche"]),
        ("20240601000000", addresses["old_juche"]),                       # the same address again: one capture
        ("20251215080000", addresses["old_greg"]),
        ("20260103000000", addresses["new"]),                              # the dateline's December is 2025's
        ("20250101000000", f"http://www.kcna.kp/en/category/articles/q/{'1' * 32}.kcmsf"),   # a list, not an article
        ("20250101000000", f"http://www.kcna.kp/kp/article/detail/{'a' * 32}"),              # Korean
        ("20170101000000", f"http://www.kcna.kp/en/article/detail/{'b' * 32}"),              # before the range
    ]
    return addresses


def test_wayback_one_capture_per_address_both_layouts(tmp_path: Path, monkeypatch):
    from kcna_dataset.sources import wayback

    monkeypatch.setattr(wayback, "CDX_PAGE_ROWS", 2)                      # the listing comes in pages of 2 rows
    raw = tmp_path / "raw"
    site = Site()
    addresses = archive(site)
    with site:
        source = kcna_kp(site, "wayback-kcna-kp")
        report = collect_source(source, raw, since=dt.date(2018, 1, 1), until=dt.date(2026, 12, 1))
        assert report.failures == []
        fetched = [r.path for r in site.log if r.path.startswith("/web/")]
        assert fetched == [f"/web/20240310120000id_/{addresses['old_juche']}",
                           f"/web/20251215080000id_/{addresses['old_greg']}",
                           f"/web/20260103000000id_/{addresses['new']}"]
        assert len(site.requests("GET", "/cdx/")) == 2                    # 4 article captures in the range: 2 + 2
        site.log.clear()
        again = collect_source(source, raw, since=dt.date(2018, 1, 1), until=dt.date(2026, 12, 1))
    assert [r.path for r in site.log if r.path.startswith("/web/")] == [] and again.failures == []
    files = extract.discover(raw)
    pages = [f.path.rsplit("/", 1)[1][:32] for f in files if f.path.endswith(".html.gz")]
    assert pages == ["c" * 32, "e" * 32, "f" * 32]
    assert all(f.path.startswith("wayback-kcna-kp/en/articles/") for f in files)  # the CDX answers are hidden
    records, rejects = extract.extract_files(raw, files)
    assert rejects.height == 0
    rows = {row["source_url"]: row for row in records.iter_rows(named=True)}
    assert {url: (row["source_date"], row["source_title"]) for url, row in rows.items()} == {
        addresses["old_juche"]: (dt.date(2024, 3, 9), "DPRK Delegation Leaves for Moscow"),
        f"http://www.kcna.kp/en/article/q/{'e' * 32}.kcmsf": (dt.date(2025, 12, 14),
                                                             "Comrade Kim Jong Un Sends Greetings"),
        addresses["new"]: (dt.date(2025, 12, 30), "Greetings to Lao President"),
    }
    assert rows[addresses["new"]]["fetched_url"] == f"{site.base}web/20260103000000id_/{addresses['new']}"
    assert "Comrade Kim Jong Un sent" in rows[f"http://www.kcna.kp/en/article/q/{'e' * 32}.kcmsf"]["raw_text"]


# -- end to end --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_collect_site_and_archive_then_build(tmp_path: Path, prefect_server):
    from kcna_dataset.flows.pipeline import build_dataset
    from kcna_dataset.storage import store

    raw, out = tmp_path / "raw", tmp_path / "out"
    site, categories = site_with_articles()
    archive(site)
    with site:
        for source, kwargs in ((kcna_kp(site), {}), (kcna_kp(site, "wayback-kcna-kp"),
                                                     {"since": dt.date(2018, 1, 1), "until": dt.date(2026, 12, 1)})):
            report = collect_source(source, raw, **kwargs)
            assert report.failures == []
            ledger.write_pending(raw, source.name, report.rows)
        ledger.flush(raw, out)
        first = build_dataset(raw=str(raw), out=str(out), trigger="test")
        site.add(categories["top"], article(8, 10), front=True)
        report = collect_source(kcna_kp(site), raw)
        ledger.write_pending(raw, "kcna-kp", report.rows)
        ledger.flush(raw, out)
        second = build_dataset(raw=str(raw), out=str(out), trigger="test")
    assert first["dataset_version"] == 1 and second["dataset_version"] == 2
    articles = store.load("articles", out=out)
    sources = store.load("sources", out=out)
    titles = set(articles["title"])
    assert {f"Respected Comrade Kim Jong Un Inspects Site No. {n}" for n in range(1, 9)} <= titles
    assert {"DPRK Delegation Leaves for Moscow", "Comrade Kim Jong Un Sends Greetings",
            "Greetings to Lao President"} <= titles
    assert not articles.filter(pl.col("body").str.contains("ComradeKim|Unmet")).height
    html_rows = sources.filter(pl.col("source_kind") == "kcna_kp_html")
    # 8 + 1 site articles and 3 captures; the gallery item without text is a reject.
    assert html_rows.height == 11 and html_rows["fetched_url"].null_count() == 0
    newest = articles.filter(pl.col("title") == "Respected Comrade Kim Jong Un Inspects Site No. 8")
    assert newest["published_date"].to_list() == [dt.date(2026, 9, 10)]
    assert store.load("rejects", out=out).filter(pl.col("check") == "empty_text").height == 1   # the gallery item
    assert store.manifest(out).filter(pl.col("dataset_version") == 2)["articles_added"].to_list() == [1]
    fetches = ledger.read(out)
    assert set(fetches["source"]) == {"kcna-kp", "wayback-kcna-kp"}
    assert fetches.filter(pl.col("outcome") == "disallowed").height == 2   # the blocked article, both kcna-kp runs


def test_the_sites_article_and_the_feeds_record_of_it_join_by_article_id(tmp_path: Path, prefect_server):
    """One article fetched from the site (new layout) and listed by the public feed (an old-layout address, as
    the feed's scraper stored it): two stories, one per address, whose latest revision is the same article."""
    from kcna_dataset.flows.pipeline import build_dataset
    from kcna_dataset.storage import store

    raw, out = tmp_path / "raw", tmp_path / "out"
    site, _ = site_with_articles()
    title = "Respected Comrade Kim Jong Un Inspects Site No. 3"
    feed_link = "http://www.kcna.kp/en/article/q/5f2c0c3a8b1d4e6f.kcmsf"
    record = {  # the feed's record of site article 3 (2026-09-07): its text as the feed stores texts
        "topic": "Top News", "headline": title, "link": feed_link, "date": "1788739200000", "date_str": "2026-09-07",
        "story_text": "Pyongyang, September 7 (KCNA) -- The respected Comrade Kim Jong Un met builders of site 3 "
                      "and praised their devotion.\nSite 3 is to be finished this year. -0-",
    }
    (raw / "feed").mkdir(parents=True)
    (raw / "feed" / "headlines.json").write_bytes(orjson.dumps([record]))
    with site:
        report = collect_source(kcna_kp(site), raw)
        assert report.failures == []
        ledger.write_pending(raw, "kcna-kp", report.rows)
        ledger.flush(raw, out)
        build_dataset(raw=str(raw), out=str(out), trigger="test")
    articles = store.load("articles", out=out).filter(pl.col("title") == title)
    assert articles.height == 1  # one text, whichever route brought it
    (article_id,) = articles["article_id"].to_list()
    sources = store.load("sources", out=out).filter(pl.col("article_id") == article_id)
    assert sorted(sources["source_kind"]) == ["kcna_kp_html", "kcna_kp_records"]
    stories = store.load("stories", out=out).filter(pl.col("latest_article_id") == article_id)
    assert sorted(stories["canonical_url"]) == [
        f"https://kcna.kp/en/article/detail/{hex_id(3)}", "https://kcna.kp/en/article/q/5f2c0c3a8b1d4e6f.kcmsf"
    ], stories
    assert set(stories["status"]) == {"live"}


def test_kcna_collect_command_with_url_and_since(tmp_path: Path):
    """`kcna collect kcna-kp --url …` and `kcna collect wayback-kcna-kp --since …` as a user runs them, with a
    sources file whose pauses are short."""
    import os
    import re

    from tests.conftest import run_kcna

    text = (Path(__file__).resolve().parent.parent / "sources.toml").read_text()
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(re.sub(r"delay_seconds = 2\.5", "delay_seconds = 0.01",
                                   re.sub(r"backoff_seconds = 5\b", "backoff_seconds = 0.01", text)))
    raw, out = tmp_path / "raw", tmp_path / "out"
    site, _ = site_with_articles()
    archive(site)
    with site:
        common = ["--raw", str(raw), "--out", str(out), "--sources-file", str(sources_file), "--url", site.base]
        done = run_kcna(dict(os.environ), "collect", "kcna-kp", *common)
        assert done.returncode == 0, done.stderr
        line = r"kcna-kp: \d+ requests, 0 not modified, 14 new files, [\d.]+ kB, 0 failures\n"
        assert re.fullmatch(line, done.stdout), done.stdout
        done = run_kcna(dict(os.environ), "collect", "wayback-kcna-kp", "--since", "2025-01-01",
                        "--until", "2026-12-01", *common)
        assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wayback-kcna-kp: 4 requests, 0 not modified, 2 new files, ")
    assert "2 captured articles 2025-01-01 .. 2026-12-01, 2 not held yet" in done.stdout
    assert set(ledger.read(out)["source"]) == {"kcna-kp", "wayback-kcna-kp"}

"""`events`: the events table matched to the KCNA articles that report each event (products/events.py)."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.products import events
from kcna_dataset.stages import extract, parse
from tests.conftest import PROJECT_ROOT, corpora_or_skip

SHARED_EVENTS = PROJECT_ROOT.parent / "shared" / "events" / "north-korea-provocations"
HEADER = "date,type,event,description,resources\n"
NUCLEAR_TESTS = ["2006-10-09", "2009-05-25", "2013-02-12", "2016-01-06", "2016-09-09", "2017-09-03"]


def _articles(*rows: tuple[str, str, str, str]) -> pl.DataFrame:
    """(article_id, published_date, title, body) rows."""
    return pl.DataFrame(rows, schema=["article_id", "published_date", "title", "body"], orient="row").with_columns(
        pl.col("published_date").str.to_date())


def _events(tmp_path: Path, text: str) -> pl.DataFrame:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return events.read_events(path)


def test_lag_silence_coverage_and_report_ids(tmp_path: Path):
    table = events.coverage(
        _articles(
            ("b" * 20, "2016-01-07", "People Hail H-bomb Test", "..."),
            ("a" * 20, "2016-01-06", "DPRK Proves Successful in H-bomb Test", "..."),
            ("c" * 20, "2016-01-06", "Farmers Harvest Beans", "No weapon here."),
            ("d" * 20, "2016-01-20", "New-type Tactical Guided Weapon Test-fired", "The KPA test-fired it."),
            ("f" * 20, "2016-01-19", "Japan's Missile Hysteria", "The DPRK test-fired a missile, Japan cried."),  # lead only
            ("e" * 20, "2016-01-10", "Late Report", "An underground nuclear test, said a paper."),  # in the window too
        ),
        _events(tmp_path, "2016-01-06,Nuclear Provocation,Nuclear Test,The fourth test.,x\n"
                          "2016-01-12,Missile Provocation,Short-range Ballistic Missile Launch,Launch.,x\n"
                          "2016-01-18,Missile Provocation,Short-range Ballistic Missile Launch,Another.,x\n"
                          "2030-05-01,Other Provocation,Artillery Fire,Outside the corpus.,x\n"),
    )
    assert table.columns[:8] == ["event_date", "event_type", "event", "description", "event_class", "window_days",
                                 "covered", "first_report_date"]
    rows = table.select("event_date", "event_class", "covered", "first_report_date", "report_lag_days", "silent",
                        "report_article_ids").rows()
    assert rows == [
        (dt.date(2016, 1, 6), "nuclear_test", True, dt.date(2016, 1, 6), 0, False, ["a" * 20, "b" * 20, "e" * 20]),
        # 16-01-12..19 holds only a commentary naming a test in its lead (missile launches match on titles): silent
        (dt.date(2016, 1, 12), "missile_launch", True, None, None, True, []),
        (dt.date(2016, 1, 18), "missile_launch", True, dt.date(2016, 1, 20), 2, False, ["d" * 20]),
        (dt.date(2030, 5, 1), "fire", False, None, None, None, []),
    ]
    assert table["report_count"].to_list() == [3, 0, 1, 0]


def test_silent_where_the_window_has_articles_but_none_reports(tmp_path: Path):
    table = events.coverage(
        _articles(("a" * 20, "2017-05-14", "Farmers Harvest Beans", "Nothing of the kind."),),
        _events(tmp_path, "2017-05-14,Missile Provocation,Intermediate-range Ballistic Missile Launch,Hwasong-12.,x\n"),
    )
    assert table.select("covered", "silent", "report_lag_days").row(0) == (True, True, None)


def test_bad_events_files_are_named_errors(tmp_path: Path):
    with pytest.raises(events.EventsError, match=r"events.csv: 1 event\(s\) without a readable date.*line 3 \('May 2017'\)"):
        _events(tmp_path, "2017-05-14,Missile Provocation,Launch,ok,x\nMay 2017,Other Provocation,Fire,bad,x\n")
    (tmp_path / "no_event.csv").write_text("date,type,description\n2017-05-14,x,y\n")
    with pytest.raises(events.EventsError, match="missing column.*event"):
        events.read_events(tmp_path / "no_event.csv")
    with pytest.raises(events.EventsError, match="no events table in"):
        events.events_file(tmp_path / "empty") if (tmp_path / "empty").mkdir() is None else None


def test_the_collectors_newest_file_is_read(tmp_path: Path):
    folder = tmp_path / "north-korea-provocations"
    folder.mkdir()
    for day, event in (("2026-08-20", "Old"), ("2026-08-21", "New")):
        body = (HEADER + f"2026-08-20,Missile Provocation,{event},d,x\n").encode()
        (folder / f"north_korea_provocations_1958_present.fetched-{day}.csv.gz").write_bytes(gzip.compress(body))
    path = events.events_file(folder)
    assert path.name.endswith("fetched-2026-08-21.csv.gz")
    assert events.read_events(path)["event"].to_list() == ["New"]


def test_each_nuclear_test_is_reported_on_its_day_or_the_next():
    if not (SHARED_EVENTS / events.PROCESSED_CSV).is_file():
        pytest.skip(f"events table not found at {SHARED_EVENTS} (it lives beside the project, not in it)")
    corpora = corpora_or_skip()
    table = events.read_events(events.events_file(SHARED_EVENTS))
    tests = table.filter(pl.col("event").str.contains("Nuclear Test"))
    assert [d.isoformat() for d in tests.sort("event_date")["event_date"]] == NUCLEAR_TESTS
    days = {(dt.date.fromisoformat(d) + dt.timedelta(days=k)).isoformat() for d in NUCLEAR_TESTS for k in range(8)}
    files = [f for f in extract.discover(corpora) if f.path.startswith("kcna-co-jp/") and f.path[16:26] in days]
    articles, _ = parse.parse_records(extract.extract_files(corpora, files)[0])
    covered = events.coverage(articles.unique("article_id"), tests).sort("event_date")
    assert covered["report_lag_days"].to_list() == [1, 0, 0, 0, 0, 0]
    assert covered["silent"].to_list() == [False] * 6
    titles = dict(zip(articles["article_id"], articles["title"]))
    assert titles[covered["report_article_ids"][0][0]] == "DPRK Successfully Conducts Underground Nuclear Test"
    # Every test has a report whose title names it on its first day (some first reports name it in the lead only).
    named = re.compile(r"Nuclear Test|H-bomb Test|Nuclear Warhead Explosion Test|prueba de bomba H")
    for day, ids in zip(covered["first_report_date"], covered["report_article_ids"]):
        assert any(named.search(titles[i]) for i in ids if articles.filter(pl.col("article_id") == i)["published_date"][0] == day)


def test_the_events_columns_are_in_the_data_dictionary_with_their_rule():
    from kcna_dataset.products import dictionary

    built = dictionary.build()
    [product] = [p for p in built["products"] if p["name"] == "events"]
    columns = {c["name"]: c for c in product["columns"]}
    assert list(columns) == list(events.EVENT_COLUMNS)
    assert columns["report_lag_days"]["rule"] == "event_terms v1" and columns["silent"]["nullable"]
    assert "## `events` (computed on demand)" in dictionary.to_markdown(built)

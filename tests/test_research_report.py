"""The report's research sections: appearances, events coverage, naming of south Korea, weapons terms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.products import research_charts
from kcna_dataset.products.report import write_report

pytestmark = pytest.mark.slow

TITLES = ("Leaders' public appearances per month, by kind", "Events and the lag of their coverage",
          "How south Korea is named, by month", "Weapons terms by month")


def test_report_has_the_research_sections(two_versions: Path, tmp_path: Path):
    events = tmp_path / "events.csv"
    events.write_text("date,type,event,description,resources\n"
                      "2021-11-21,Missile Provocation,Short-range Ballistic Missile Launch,A launch.,x\n")
    page = write_report(two_versions, tmp_path / "report.html", events=events).read_text()
    for title in TITLES:
        assert f"<h2>{title.replace(chr(39), '&#x27;')}</h2>" in page
    assert "No events table was given" not in page
    without = write_report(two_versions, tmp_path / "plain.html", events=tmp_path / "absent").read_text()
    assert "No events table was given" in without


def test_sections_say_what_they_lack_and_count_what_they_show():
    articles = pl.DataFrame({"article_id": ["a" * 20, "b" * 20], "published_date": [dt.date(2024, 1, 5)] * 2,
                             "naming_south_korea_count": [2, 0], "naming_puppet_count": [0, 1], "naming_rok_count": [3, 5],
                             "naming_enemy_count": [0, 1], "naming_seoul_count": [0, 0]})
    sections = research_charts.sections({"articles": articles}, None)
    assert [s.note is not None for s in sections] == [True, True, False, True]
    data = pl.DataFrame(sections[2].chart.data if isinstance(sections[2].chart.data, list) else sections[2].chart.data)
    per_form = dict(zip(data["form"], data["per_100"]))
    assert per_form == {"south_korea": 100.0, "puppet": 50.0, "rok": 400.0, "enemy": 50.0, "seoul": 0.0}


def test_kcna_events_writes_the_table_of_a_version(two_versions: Path, tmp_path: Path, capsys):
    from kcna_dataset.cli.main import main as kcna

    folder = tmp_path / "north-korea-provocations"
    folder.mkdir()
    (folder / "north_korea_provocations_1958_present.fetched-2026-08-21.csv").write_text(
        "date,type,event,description,resources\n"
        "2021-11-21,Other Provocation,Statement on human rights,x,y\n"
        "1990-01-01,Missile Provocation,Short-range Missile Launch,before the dataset,y\n")
    to = tmp_path / "events.parquet"
    assert kcna(["events", "--out", str(two_versions), "--events", str(folder), "--to", str(to)]) == 0
    table = pl.read_parquet(to)
    assert table["event_date"].to_list() == [dt.date(1990, 1, 1), dt.date(2021, 11, 21)]
    assert table["covered"].to_list() == [False, True]
    assert table["silent"].to_list()[0] is None
    assert "2 events from north_korea_provocations_1958_present.fetched-2026-08-21.csv" in capsys.readouterr().out
    (folder / "bad.fetched-2026-08-22.csv").write_text("date,type,event,description\nsoon,x,y,z\n")
    assert kcna(["events", "--out", str(two_versions), "--events", str(folder), "--to", str(to)]) == 2
    assert "without a readable date" in capsys.readouterr().err

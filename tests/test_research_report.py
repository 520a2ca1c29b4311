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

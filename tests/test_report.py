"""`kcna report`: one self-contained HTML file whose charts render in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.fields import scoring
from kcna_dataset.products import report
from kcna_dataset.cli.main import main as kcna

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--enable-logging=stderr", "--log-level=0",
]


def chromium() -> str:
    """Debian's chromium (installed by .ci/run), or a skip that says how to get it."""
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    pytest.skip("chromium not installed (apt-get install -y chromium; .ci/run does it)")


@pytest.fixture(scope="module")
def report_file(two_versions: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    assert kcna(["report", "--out", str(two_versions), "--to", str(target)]) == 0
    return target


@pytest.mark.slow
def test_report_is_one_file_that_fetches_nothing(report_file: Path):
    page = report_file.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the report must not load anything"
    assert "<script" not in page and "@import" not in page and "url(" not in page
    titles = re.findall(r"<h2>(.*?)</h2>", page)
    assert titles[:2] == ["Articles per month, by source", "Language mix"]
    # Every section draws on a dataset that has the derived fields (types, mentions, rhetoric index, naming, weapons
    # terms, derived fields against reader labels); the fixtures hold no report of a leader's appearance and no
    # events table is given: two notes; their stories were never edited: two more.
    assert page.count('<div class="chart"><svg') == len(titles) - 4 == 12
    notes = re.findall(r'<p class="note">(.*?)</p>', page)
    assert len(notes) == 4 and "no appearances table, or it is empty" in page
    assert {"No story was edited or removed in this version.", "No story has more than one revision."} <= set(notes)
    assert titles.index("Stories that changed most") == titles.index("Revisions and removals per month") + 1
    assert titles[-1] == "Rows and stories since the previous version (kcna diff)"
    assert "Version 1 -&gt; 2. Stories: added 1 (text without an address)." in page
    assert "Version 2 added 1 articles and 1 new rejects: extract/empty_file 1." in page


@pytest.mark.slow
def test_report_charts_render_in_headless_chromium(report_file: Path, tmp_path: Path):
    from PIL import Image

    shot = tmp_path / "report.png"
    run = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,8000",
         f"--screenshot={shot}", report_file.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert shot.is_file(), run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console

    # Sections are white cards on a grey page; a card with a chart holds coloured marks, one with a note none.
    image = Image.open(shot).convert("RGB")
    width, height = image.size
    pixels = image.load()
    edge = 60  # inside every card's left padding, outside its text
    cards, start = [], None
    for y in range(height):
        white = pixels[edge, y] == (255, 255, 255)
        if white and start is None:
            start = y
        elif not white and start is not None:
            cards.append((start, y))
            start = None
    coloured = []
    for top, bottom in cards:
        count = sum(
            1
            for y in range(top, bottom, 2)
            for x in range(0, width, 2)
            if max(pixels[x, y]) - min(pixels[x, y]) > 80
        )
        coloured.append(count)
    # Fixture-sized data draws thin lines (a few hundred coloured samples); the fixtures never name south Korea
    # nor a weapon, so those two charts draw flat lines at zero (their legends and a line: a few dozen samples).
    # The header cards and the four notes (two of them the story sections: nothing was edited) draw none.
    found = f"cards and their coloured pixels: {list(zip(cards, coloured))}"
    assert sum(count > 0 for count in coloured) == 12 and sum(count > 150 for count in coloured) == 10, found
    assert sum(count == 0 for count in coloured) == 6, found


def test_optional_sections_draw_when_their_columns_exist():
    articles = pl.DataFrame({
        "article_id": ["a", "b", "c"],
        "published_date": pl.Series([None, "2024-01-02", "2024-02-03"]).str.to_date(),
        "source_kind": ["kcna_kp_records"] * 3,
        "article_type": ["report", "report", "commentary"],
        "rhetoric_rate_per_1000_words": [1.5, 2.0, 4.0],
    })
    mentions = pl.DataFrame({"article_id": ["b", "c", "c"], "entity": ["Kim Jong Un", "Kim Jong Un", "USA"]})
    types, rhetoric = report.article_types(articles), report.rhetoric_index(articles)
    entities = report.top_entities({"articles": articles, "mentions": mentions})
    assert all(section.chart is not None for section in (types, rhetoric, entities))
    assert "<svg" in report.svg(rhetoric.chart) and "Kim Jong Un" in report.svg(entities.chart)
    assert report.article_types(articles.drop("article_type")).chart is None



def test_type_confusion_section_draws_the_committed_matrix():
    """Issue 19 asks for the confusion matrix in the quality report: every test article is one cell's count."""
    figures = scoring.read_figures()
    section = report.type_confusion()
    drawn = report.svg(section.chart)
    assert "<svg" in drawn and "the reader's label" in drawn
    cells = sum(v for row in figures["confusion"] for k, v in row.items() if k != "article_type")
    assert cells == figures["fields"]["articles"] == 1332
    assert f"{figures['fields']['articles']} test-half articles" in section.caption


def test_field_quality_section_shows_the_committed_test_half_figures():
    """The derived fields' figures on reader labels (issue 19): per-type F1 of the pipeline, the model alone and
    the rules alone."""
    section = report.field_quality()
    figures = scoring.read_figures()
    assert figures["half"] == "test" and figures["fields"]["articles"] == 1332
    assert f"Type accuracy {figures['fields']['type_accuracy']:.1%}" in section.caption
    low, high = figures["intervals"]["type_accuracy"]
    assert low < figures["fields"]["type_accuracy"] < high
    assert f"[95 %: {low:.1%}-{high:.1%}]" in section.caption  # how far 1,332 labels can be from the corpus's rate
    drawn = report.svg(section.chart)
    assert "<svg" in drawn and "model alone" in drawn and "rules alone" in drawn and "statement" in drawn

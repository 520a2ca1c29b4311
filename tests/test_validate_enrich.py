"""Validate (pandera model of `articles`) and enrich (language, counts) as plain functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from kcna_dataset.stages import enrich
from kcna_dataset.stages import extract
from kcna_dataset.fields import language
from kcna_dataset.stages import parse
from kcna_dataset.stages import validate


def _parsed(raw_dir: Path) -> pl.DataFrame:
    records, _ = extract.extract_files(raw_dir, extract.discover(raw_dir))
    return parse.parse_records(records)[0]


def test_valid_rows_pass_untouched(raw_dir: Path):
    parsed = _parsed(raw_dir)
    valid, rejects = validate.validate_articles(parsed)
    assert rejects.height == 0
    assert valid.equals(parsed)


def test_failing_rows_become_rejects_with_column_and_check(raw_dir: Path):
    parsed = _parsed(raw_dir).with_row_index("i")
    broken = parsed.with_columns(
        agency=pl.when(pl.col("i") == 0).then(pl.lit("XINHUA")).otherwise("agency"),
        title=pl.when(pl.col("i") == 1).then(pl.lit("x" * 1001)).otherwise("title"),
    ).drop("i")
    valid, rejects = validate.validate_articles(broken)
    assert valid.height == parsed.height - 2
    assert sorted(rejects["check"].to_list()) == ["agency:isin", "title:str_length"]
    assert rejects.filter(pl.col("check") == "agency:isin")["reason"][0].endswith("(value: XINHUA)")
    assert rejects["raw_text"].null_count() == 0
    assert set(rejects["stage"]) == {"validate"}


def test_latest_publication_date_follows_the_day_of_validation_not_of_import(raw_dir: Path):
    """A long-lived process (a Dask worker, a notebook) must not reject tomorrow's articles as 'future'."""
    parsed = _parsed(raw_dir).head(1)
    day = dt.date(2031, 5, 20)  # later than any import of this module
    dated = parsed.with_columns(published_date=pl.lit(day + dt.timedelta(days=2)))
    valid, rejects = validate.validate_articles(dated, today=day)
    assert (valid.height, rejects.height) == (1, 0)
    valid, rejects = validate.validate_articles(dated, today=day - dt.timedelta(days=30))
    assert (valid.height, rejects["check"].to_list()) == (0, ["published_date:in_range"])
    assert "2031-05-22" in rejects["reason"][0]


def test_language_identification_english_spanish_korean():
    texts = pl.Series(
        [
            "A spokesperson for the Ministry of Foreign Affairs issued the following press statement.",
            "Una delegacion de la Asociacion de Amistad partio hoy de Pyongyang para visitar Cuba.",
            "조선민주주의인민공화국 외무성 대변인은 다음과 같은 담화를 발표하였다.",
        ]
    )
    assert language.identify(texts).to_list() == ["en", "es", "ko"]


def test_counts_follow_the_clean_body():
    frame = pl.DataFrame({"body": ["One two three.\n\nFour five.", "Single"]})
    counted = enrich.add_counts(frame)
    assert counted["paragraph_count"].to_list() == [2, 1]
    assert counted["word_count"].to_list() == [5, 1]
    assert counted["char_count"].to_list() == [26, 6]


def test_enrich_adds_every_derived_column(raw_dir: Path):
    enriched = enrich.enrich_articles(_parsed(raw_dir))
    languages = dict(enriched.select("source_path", "language").unique().iter_rows())
    assert languages["text/korean_article.txt"] == "ko"
    assert languages["text/seed_press_statement.txt"] == "en"
    spanish = enriched.filter(pl.col("agency") == "ATCC")["language"].to_list()
    assert spanish == ["es"]

"""Parse: each variation of the real texts (../shared/corpora/README.md) on a small hand-written case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.stages import extract
from kcna_dataset.stages import parse


def _parse_text(text: str, **meta) -> tuple[pl.DataFrame, pl.DataFrame]:
    row = {name: None for name in extract.RECORD_SCHEMA}
    row.update(source_path="x.txt", record_index=0, source_kind="text_file", raw_text=text, raw_sha256="0" * 64)
    row.update(meta)
    return parse.parse_records(pl.DataFrame([row], schema=extract.RECORD_SCHEMA))


def _one(text: str, **meta) -> dict:
    parsed, rejects = _parse_text(text, **meta)
    assert rejects.height == 0, rejects.to_dicts()
    return parsed.row(0, named=True)


@pytest.fixture
def parsed(raw_dir: Path) -> dict[tuple[str, int], dict]:
    records, _ = extract.extract_files(raw_dir, extract.discover(raw_dir))
    frame, _ = parse.parse_records(records)
    return {(row["source_path"], row["record_index"]): row for row in frame.iter_rows(named=True)}


def test_seed_article(parsed):
    row = parsed[("text/seed_press_statement.txt", 0)]
    assert row["title"] == "Spokesperson for Ministry of Foreign Affairs of DPRK Releases Press Statement"
    assert row["published_date"] == dt.date(2021, 11, 22)
    assert row["date_source"] == "date_line"
    assert (row["juche_year"], row["juche_year_consistent"]) == (110, True)
    assert (row["dateline_city"], row["dateline_date"], row["agency"]) == ("Pyongyang", dt.date(2021, 11, 21), "KCNA")
    assert row["has_end_marker"] is True
    assert row["body"].startswith("A spokesperson for the Ministry of Foreign Affairs")
    assert row["body"].endswith("moves of the hostile forces against us.")
    assert row["body"].count("\n\n") == 9  # ten paragraphs


def test_juche_year_that_disagrees_is_flagged_not_fixed():
    row = _one("3 May, Juche100(2012)\n\nTitle\n\nPyongyang, May 2 (KCNA) -- Some body text here.\n")
    assert (row["juche_year"], row["juche_year_consistent"]) == (100, False)
    assert row["published_date"] == dt.date(2012, 5, 3)


def test_impossible_date_line_is_rejected():
    parsed, rejects = _parse_text("31 February, Juche110(2021)\n\nTitle\n\nPyongyang, May 2 (KCNA) -- Body words here.\n")
    assert parsed.height == 0
    assert rejects["check"].to_list() == ["impossible_date"]


def test_entities_nbsp_and_crlf(parsed):
    row = parsed[("kcna-co-jp/2005-06-10_juche.json", 0)]
    assert row["title"] == "Anniversary of Joint Declaration Observed"
    assert row["dateline_date"] == dt.date(2005, 6, 9)
    assert row["body"] == (
        "A meeting was held in Karachi on the occasion of the anniversary.\n\n"
        "On display were photos showing the successes of the Korean people.\n\n"
        'The speakers praised the "June 15" declaration.'
    )
    assert row["date_source"] == "source_metadata" and row["published_date"] == dt.date(2005, 6, 10)
    assert row["juche_year"] == 94 and row["juche_year_consistent"] is None


def test_hard_wrapped_1997_lines_rejoin_and_december_dateline_is_last_year(parsed):
    row = parsed[("kcna-co-jp/1997-01-01_juche.json.gz", 0)]
    assert row["dateline_date"] == dt.date(1996, 12, 31)
    assert "the workers and other people of the country will make a long-term effort" in row["body"]
    assert row["body"].endswith("The editorial calls for unity.")


def test_agency_typo_is_normalised_and_title_mismatch_flagged(parsed):
    row = parsed[("kcna-co-jp/2005-06-10_juche.json", 4)]
    assert row["agency"] == "KCNA"
    assert row["title"] == "Delegation Leaves for Moscow"
    assert row["title_mismatch"] is True
    assert parsed[("kcna-co-jp/2005-06-10_juche.json", 0)]["title_mismatch"] is False


def test_spanish_dateline(parsed):
    row = parsed[("kcna-co-jp/2005-06-10_juche.json", 5)]
    assert (row["agency"], row["dateline_date"]) == ("ATCC", dt.date(2005, 6, 10))


def test_article_without_dateline_keeps_its_title_and_body(parsed):
    row = parsed[("kcna-co-jp/2005-06-10_juche.json", 3)]
    assert row["title"] == "Joint venture enterprises do fair business"
    assert row["agency"] is None and row["dateline_city"] is None
    assert row["body"].startswith("A great number of joint venture")


def test_kcna_kp_headline_juche_date_and_end_marker(parsed):
    row = parsed[("kcna-kp/headlines_2024.json", 0)]
    assert row["title"] == "Noble Ideal of Respected Comrade Kim Jong Un"
    assert row["published_date"] == dt.date(2024, 1, 17)
    assert row["date_source"] == "headline_juche_date"
    assert (row["juche_year"], row["juche_year_consistent"]) == (113, True)
    assert row["has_end_marker"] is True
    assert "\u00a0" not in row["body"] and row["body"].endswith("is the noble ideal.")
    # Listed under two topics: one article id.
    assert parsed[("kcna-kp/headlines_2024.json", 1)]["article_id"] == row["article_id"]


def test_kcna_kp_story_without_dateline_takes_the_headline(parsed):
    row = parsed[("kcna-kp/headlines_2024.json", 3)]
    assert row["title"] == "Mass Protest Held in City"
    assert row["body"].startswith("Tens of thousands")
    assert row["agency"] is None


def test_rejects_name_the_rule(raw_dir: Path):
    records, _ = extract.extract_files(raw_dir, extract.discover(raw_dir))
    _, rejects = parse.parse_records(records)
    got = {(row["source_path"], row["record_index"]): row["check"] for row in rejects.iter_rows(named=True)}
    assert got == {
        ("kcna-co-jp/2005-06-10_juche.json", 2): "empty_text",
        ("kcna-co-jp/2005-06-10_juche.json", 6): "stub_text",
        ("kcna-kp/headlines_2024.json", 2): "empty_text",
    }


def test_text_without_any_kcna_structure_is_rejected():
    _, rejects = _parse_text("# Notes\n\nThese are my notes about the corpus.\n")
    assert rejects["check"].to_list() == ["not_an_article"]


def test_dateline_variants():
    cases = {
        "Pyongyang , March 20 (KCNA ) -- Text of the body.": ("Pyongyang", 3, 20, "KCNA"),
        "Pyongyang, March 20 (KCNA -- Text of the body.": ("Pyongyang", 3, 20, "KCNA"),
        "Tokyo May 13 (Korea News Service) -- Text of the body.": ("Tokyo", 5, 13, "KNS"),
        "Pyongyang, primero de julio (ACNC) -- Texto del cuerpo.": ("Pyongyang", 7, 1, "ACNC"),
        "Pyongyang, June 10 (KCNA) -General Secretary did things.": ("Pyongyang", 6, 10, "KCNA"),
        "Beijing, Nov. 3 (KNS-KCNA) -- Text of the body.": ("Beijing", 11, 3, "KNS-KCNA"),
        "Pyongyang, April 30 (KCNA correspondent) -- Text of the body.": ("Pyongyang", 4, 30, "KCNA"),
        "Pyongyang, April 30 (KCNA-Correspondent) -- Text of the body.": ("Pyongyang", 4, 30, "KCNA"),
        "Pyongyang, April 30 (KCNA - Correspondent) -- Text of the body.": ("Pyongyang", 4, 30, "KCNA"),
        "Tokyo, May 2 (KNS-KNA) -- Text of the body.": ("Tokyo", 5, 2, "KNS-KCNA"),
        "Beijing, May 2 (NCNA) -- Text of the body.": ("Beijing", 5, 2, "NCNA"),  # Xinhua: kept as written, rejected
    }
    for line, (city, month, day, agency) in cases.items():
        row = _one(f"Title\n{line}\n", source_kind="kcna_co_jp_day", source_date=dt.date(2010, 6, 15))
        assert (row["dateline_city"], row["dateline_date"], row["agency"]) == (city, dt.date(2010, month, day), agency), line
        assert not row["body"].startswith(city), line


def test_title_with_a_number_and_hyphen_is_not_read_as_a_dateline():
    """'Support for 12-year schooling' reads like city 'Support', month 'for', day 12 and a dash; a text opening
    with a dateline has its agency tag, so this stays the title and the body starts at the real dateline."""
    for title in ("Support for 12-year schooling grows", "Team Draws 0-0 with Visiting Club"):
        row = _one(f"{title}\nPyongyang, May 3 (KCNA) -- Words of the body go on here.\n",
                   source_kind="kcna_co_jp_day", source_date=dt.date(2010, 5, 3))
        assert row["title"] == title
        assert row["body"] == "Words of the body go on here."
        assert (row["dateline_city"], row["dateline_date"], row["agency"]) == ("Pyongyang", dt.date(2010, 5, 3), "KCNA")
    # A day file's text that opens with its dateline still has no title line.
    row = _one("Pyongyang, May 3 (KCNA) -- Words of the body go on here.\n", source_kind="kcna_co_jp_day",
               source_date=dt.date(2010, 5, 3), source_title="Headline from the index")
    assert row["title"] == "Headline from the index" and row["body"] == "Words of the body go on here."


def test_january_dateline_on_a_december_article_is_next_year():
    row = _one("Title\nPyongyang, January 1 (KCNA) -- Words of the body.\n", source_kind="kcna_co_jp_day",
               source_date=dt.date(2010, 12, 31))
    assert row["dateline_date"] == dt.date(2011, 1, 1)


def test_article_id_depends_on_content_and_date_not_on_position():
    text = "Title\nPyongyang, May 1 (KCNA) -- Words of the body.\n"
    day = dt.date(2010, 5, 1)
    a = _one(text, source_path="a.txt", record_index=5, source_date=day)
    b = _one(text.replace("\n", "\r\n"), source_path="b.txt", record_index=9, source_date=day)
    c = _one(text.replace("Words", "Other words"), source_date=day)
    rerun = _one(text, source_date=dt.date(2010, 5, 8))
    assert a["article_id"] == b["article_id"]
    assert len({a["article_id"], c["article_id"], rerun["article_id"]}) == 3
    assert len(a["article_id"]) == 20

"""The `appearances` table from crafted reports: who, when, what kind, where, with whom; what is no appearance."""

from __future__ import annotations

import datetime as dt

import polars as pl

from kcna_dataset.fields.appearances import extract_appearances
from kcna_dataset.stages import enrich


def _articles(*rows: tuple[str, str, str, str | None]) -> pl.DataFrame:
    """(title, body, published_date, dateline_date) rows."""
    return pl.DataFrame(
        {"article_id": [f"{i:020x}" for i in range(len(rows))], "title": [r[0] for r in rows], "body": [r[1] for r in rows],
         "published_date": [dt.date.fromisoformat(r[2]) for r in rows],
         "dateline_date": [dt.date.fromisoformat(r[3]) if r[3] else None for r in rows]})


def test_a_report_gives_every_field():
    found = extract_appearances(_articles((
        "Kim Jong Il Inspects KPA Unit",
        "General Secretary Kim Jong Il inspected KPA unit no. 851 in the eastern sector of the front on Monday.\n\n"
        "He was accompanied by vice marshal Jo Myong Rok, director of the General Political Department of the KPA, "
        "KPA generals Hyon Chol Hae and Pak Jae Gyong, and Kim Il Sung Military University officials.",
        "2002-10-16", "2002-10-15")))
    assert found.drop("article_id").row(0, named=True) == {
        "leader": "Kim Jong Il", "activity_date": dt.date(2002, 10, 14), "report_date": dt.date(2002, 10, 16),
        "lag_days": 2, "activity_kind": "military", "place": "KPA unit no. 851 in the eastern sector of the front",
        "companions": "Jo Myong Rok; Hyon Chol Hae; Pak Jae Gyong",
        "companion_entity_ids": "person:jo_myong_rok; person:hyon_chol_hae; person:pak_jae_gyong",
    }


def test_dates_explicit_weekday_today_recently_and_across_new_year():
    lead = "Kim Jong Un gave field guidance to the Ryongsong Machine Complex {}."
    found = extract_appearances(_articles(
        ("Kim Jong Un Inspects Complex", lead.format("on December 30"), "2024-01-02", "2024-01-01"),
        ("Kim Jong Un Inspects Complex", lead.format("on Sunday"), "2024-09-10", "2024-09-10"),  # a Tuesday
        ("Kim Jong Un Inspects Complex", lead.format("today"), "2024-09-11", "2024-09-10"),
        ("Kim Jong Un Inspects Complex", lead.format("recently"), "2024-09-11", "2024-09-10"),
        ("Kim Jong Un Inspects Complex", lead.format("").replace(" .", "."), "2024-09-11", None),
    ))
    assert found["activity_date"].to_list() == [dt.date(2023, 12, 30), dt.date(2024, 9, 8), dt.date(2024, 9, 10), None,
                                                dt.date(2024, 9, 11)]
    assert found["lag_days"].to_list() == [3, 2, 1, None, 0]
    assert set(found["place"]) == {"Ryongsong Machine Complex"}


def test_kinds_and_what_is_no_appearance():
    titles = {
        "Kim Jong Un Enjoys Performance Given by State Merited Chorus": "performance_sports",
        "Kim Jong Il Receives Chinese Military Delegation": "meeting",
        "Respected Comrade Kim Jong Un Visits Kumsusan Palace of Sun": "ceremony",
        "Kim Jong Un Oversees Live Artillery Firing Drill": "military",
        "Kim Jong Un Has Photo Session with Participants in Conference": "party_state_meeting",
        "Kim Jong Il Leaves for Russia": "visit_abroad",
        "Kim Jong Il Gives Field Guidance to Pig Farm": "economic_guidance",
        "Kim Jong Il Sends Wreath to Bier of Ri Hwal": None,  # no verb of acting in person
        "Kim Jong Un Receives Floral Basket from Palestinian President": None,
        "Kim Jong Il's Visit to Russia Reported by Russian Media": None,
        "Kim Jong Il's Work Published in Peru": None,
    }
    articles = _articles(*[(t, "Kim Jong Un did it.", "2011-01-01", None) for t in titles])
    found = dict(zip(*extract_appearances(articles).join(articles, on="article_id").select("title", "activity_kind")))
    assert found == {t: k for t, k in titles.items() if k}


def test_no_appearance_after_death():
    # Features retell the past under present-tense titles: 'Kim Il Sung Enjoys Birthdays among People' (2013).
    articles = _articles(("Kim Il Sung Enjoys Birthdays among People", "Kim Il Sung ...", "2013-04-13", None),
                         ("Kim Jong Il Inspects KPA Unit", "He inspected KPA Unit 100.", "2012-01-20", None),
                         ("Kim Jong Il Inspects KPA Unit", "He inspected KPA Unit 100.", "2011-12-15", None))
    assert extract_appearances(articles)["report_date"].to_list() == [dt.date(2011, 12, 15)]


def test_companions_in_order_without_the_leader_or_things_named_after_leaders():
    found = extract_appearances(_articles((
        "Kim Jong Un Visits Factory",
        "Kim Jong Un, together with Ri Sol Ju, visited the factory.\n\n"
        "Accompanying him were Choe Ryong Hae, Kim Jong Un's aide O Su Yong, and Jon Yong Nam, chairman of the "
        "Kim Il Sung Socialist Youth League, and Choe Ryong Hae again.",
        "2017-10-19", "2017-10-19")))
    assert found["companions"].to_list() == ["Ri Sol Ju; Choe Ryong Hae; O Su Yong; Jon Yong Nam"]


def test_appearances_is_a_derived_table_of_enrich():
    assert "appearances" in enrich.DERIVED_TABLES
    assert enrich.ENRICHMENT_VERSIONS["appearances"] == "appearance_rules_v1"

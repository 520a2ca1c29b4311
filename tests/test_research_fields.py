"""The research fields on each article: naming of south Korea, weapons terms, days to the nearest anniversary."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from kcna_dataset.fields import rules
from kcna_dataset.fields.anniversaries import add_anniversaries
from kcna_dataset.fields.naming import add_naming
from kcna_dataset.fields.weapons import add_weapons_terms
from kcna_dataset.schemas import tables
from kcna_dataset.stages import enrich


def _articles(*rows: tuple[str, str], dates: list[dt.date | None] | None = None) -> pl.DataFrame:
    frame = pl.DataFrame({"article_id": [f"{i:020x}" for i in range(len(rows))],
                          "title": [t for t, _ in rows], "body": [b for _, b in rows]})
    return frame.with_columns(published_date=pl.Series(dates or [None] * len(rows), dtype=pl.Date))


def _naming(title: str, body: str) -> dict:
    row = add_naming(_articles((title, body))).row(0, named=True)
    return {k.removeprefix("naming_").removesuffix("_count"): v for k, v in row.items()
            if k.startswith("naming_") or k == "south_korea_dominant_name"}


def test_the_dprk_full_name_is_not_the_republic_of_korea():
    found = _naming("Delegation of Democratic People's Republic of Korea Leaves",
                    "The Democratic People’s Republic of Korea and the Democratic People's  Republic of Korea envoy met.")
    assert found == {"rok": 0, "enemy": 0, "puppet": 0, "south_korea": 0, "seoul": 0, "south_korea_dominant_name": None}


def test_each_form_counts_and_the_most_frequent_dominates():
    body = ("The ROK military and the Republic of Korea navy staged drills. The ROK is the principal enemy, "
            "the most hostile state. The puppets of south Korea and Seoul said nothing. The ROK-U.S. drills go on.")
    found = _naming("ROK Warmongers Censured", body)
    assert found == {"rok": 5, "enemy": 2, "puppet": 1, "south_korea": 1, "seoul": 1, "south_korea_dominant_name": "rok"}


def test_case_and_whole_words():
    # 'rok' in lower case, 'BROKE', 'puppetry' and 'Seoulite' are no naming; ALL-CAPS 'SOUTH KOREAN PUPPETS' is.
    found = _naming("SOUTH KOREAN PUPPETS BROKE THEIR WORD", "rok puppetry, Seoulite, S. Korean authorities")
    assert found == {"rok": 0, "enemy": 0, "puppet": 1, "south_korea": 2, "seoul": 0, "south_korea_dominant_name": "south_korea"}


def test_a_tie_goes_to_the_form_listed_first():
    found = _naming("Puppets", "south Korea")
    assert (found["puppet"], found["south_korea"], found["south_korea_dominant_name"]) == (1, 1, "puppet")
    assert _naming("t", "Seoul and the Republic of Korea")["south_korea_dominant_name"] == "rok"


def test_spanish_forms():
    # the Spanish DPRK name, República Popular Democrática de Corea, holds no 'República de Corea'; a four-way tie goes to rok
    found = _naming("Declaración", "Los títeres de Corea del Sur y Seúl; la República de Corea; la República Popular Democrática de Corea.")
    assert found == {"rok": 1, "enemy": 0, "puppet": 1, "south_korea": 1, "seoul": 1, "south_korea_dominant_name": "rok"}


@settings(derandomize=True, max_examples=60)
@given(st.lists(st.sampled_from(["Democratic People's Republic of Korea", "DPRK", "Korean", "the Republic", "ROK"]),
                max_size=12))
def test_rok_count_is_the_number_of_standalone_rok(words):
    found = _naming("t", " and ".join(words))
    assert found["rok"] == words.count("ROK")
    assert found["south_korea_dominant_name"] == ("rok" if "ROK" in words else None)


def test_weapons_terms_by_category():
    body = ("The DPRK test-fired a new-type ICBM Hwasong-18 and launched a reconnaissance satellite Malligyong-1 "
            "with the Chollima-1 rocket. The nuclear force and thermonuclear weapons; a launching pad. "
            "Hwasong County farmers and Hwasong Street; missiles, the nuclear-armed state.")
    row = add_weapons_terms(_articles(("Test-fire of ICBM", body))).row(0, named=True)
    assert {k: v for k, v in row.items() if k.startswith("weapons_")} == {
        "weapons_nuclear_count": 3,  # nuclear force, thermonuclear, nuclear-armed
        "weapons_missile_count": 5,  # ICBM (title), ICBM, Hwasong-18, rocket, missiles; not Hwasong County/Street
        "weapons_launch_count": 4,  # Test-fire (title), test-fired, launched, launching
        "weapons_satellite_count": 3,  # satellite, Malligyong-1, Chollima-1
        "weapons_term_count": 15,
    }


def test_anniversaries_nearest_signed_and_across_years():
    dates = [dt.date(2017, 4, 15), dt.date(2017, 4, 13), dt.date(2017, 4, 17), dt.date(2016, 12, 30),
             dt.date(2016, 1, 3), dt.date(2024, 2, 12), dt.date(2024, 4, 20), None]
    found = add_anniversaries(_articles(*[("t", "b")] * len(dates), dates=dates))
    assert found.select("days_to_anniversary", "anniversary_name").rows() == [
        (0, "day_of_the_sun"),
        (2, "day_of_the_sun"),
        (-2, "day_of_the_sun"),  # 17 April: 15 April is 2 days back, 25 April 8 ahead
        (-3, "constitution_day"),  # 30 December: 27 December is 3 days back
        (5, "kim_jong_un_birthday"),  # 3 January -> 8 January
        (4, "day_of_the_shining_star"),  # 12 February: 8 February is 4 back, 16 February 4 ahead -> the one ahead
        (5, "kpra_founding"),  # 20 April: 15 April 5 back, 25 April 5 ahead -> the one ahead
        (None, None),
    ]


@settings(derandomize=True, max_examples=100)
@given(st.dates(min_value=dt.date(1946, 12, 5), max_value=dt.date(2030, 12, 31)))
def test_no_anniversary_is_nearer_than_the_one_given(day):
    row = add_anniversaries(_articles(("t", "b"), dates=[day])).row(0, named=True)
    table = rules.load("anniversaries")
    distances = {
        name: min(abs((dt.date(day.year + shift, int(m), int(d)) - day).days) for shift in (-1, 0, 1))
        for m, d, name in zip(table["month"], table["day"], table["name"])
    }
    assert abs(row["days_to_anniversary"]) == min(distances.values())
    assert distances[row["anniversary_name"]] == abs(row["days_to_anniversary"])
    target = day + dt.timedelta(days=row["days_to_anniversary"])
    assert (target.month, target.day) in {(int(m), int(d)) for m, d, n in zip(table["month"], table["day"], table["name"])
                                          if n == row["anniversary_name"]}


def test_every_new_column_is_declared_and_its_rule_versioned():
    columns = tables.Article.to_schema().columns
    new = [c for c in columns if c.startswith(("naming_", "weapons_")) or c in
           ("south_korea_dominant_name", "days_to_anniversary", "anniversary_name")]
    assert len(new) == 13
    for name in new:
        assert columns[name].metadata["rule"] in rules.RULES, name
        assert columns[name].description
    for rule in ("south_korea_names", "weapons_terms", "anniversaries"):
        assert enrich.ENRICHMENT_VERSIONS[{"south_korea_names": "naming"}.get(rule, rule)] == f"{rule}_v1"

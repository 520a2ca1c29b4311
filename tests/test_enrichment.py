"""Derived fields as plain functions: article type, issuer, mentions, quotes, rhetoric, dateline lag,
near-duplicates; one fixture per KCNA quirk they meet."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcna_dataset.fields import article_type, genre_model, issuer, issuer_country, responds_to, speaker_search
from kcna_dataset.stages import enrich
from kcna_dataset.stages import extract
from kcna_dataset.fields import near_duplicates
from kcna_dataset.stages import parse
from kcna_dataset.fields.mentions import extract_mentions
from kcna_dataset.fields.quotes import extract_quotes
from kcna_dataset.fields.rhetoric import add_rhetoric
from kcna_dataset.fields.text_regex import (
    ROW_BY_ROW_MAX, alternation, phrase, python_pattern, rust_pattern, trie_alternation,
)
from kcna_dataset.schemas import vocabularies as vocab
from tests.conftest import FIXTURE_RAW, corpora_or_skip


def _articles(*rows: tuple[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": [f"{i:020x}" for i in range(len(rows))], "title": [t for t, _ in rows], "body": [b for _, b in rows]}
    )


def _model_answers(monkeypatch, answer: str, probability: float = 0.99) -> None:
    """The learned model answers `answer` for every article with `probability` (0.99: sure) and spreads the rest over
    the other classes, so that a test states what the rules keep from a model that would override them."""
    classes = genre_model.load()["classes"]
    row = np.full(len(classes), (1 - probability) / (len(classes) - 1))
    row[classes.index(answer)] = probability
    monkeypatch.setattr(genre_model, "class_probabilities", lambda articles: np.tile(row, (articles.height, 1)))


def _enriched(*rows: tuple[str, str]) -> pl.DataFrame:
    """Written articles (title, body) through the enrichment, without dates."""
    return enrich.enrich_articles(
        _articles(*rows).with_columns(published_date=pl.lit(None, pl.Date), dateline_date=pl.lit(None, pl.Date)))


def _country_of(name: str, context: str = "") -> str:
    """issuer_country.country_of of a speaker found in the lead (no title), with issuer.canonical for known bodies."""
    return issuer_country.country_of(name, context, "", issuer.canonical)


def _entities(title: str, body: str) -> dict[str, int]:
    mentions = extract_mentions(_articles((title, body)))
    return dict(zip(mentions["entity_id"], mentions["mention_count"]))


def _seed() -> pl.DataFrame:
    raw = FIXTURE_RAW / "text"
    records, _ = extract.extract_files(raw, [f for f in extract.discover(raw) if "seed" in f.path])
    return enrich.enrich_articles(parse.parse_records(records)[0])


def test_seed_is_a_press_statement_of_the_foreign_ministry_spokesperson():
    seed = _seed().row(0, named=True)
    assert seed["article_type"] == "press_statement"
    assert seed["issuer"] == "Ministry of Foreign Affairs (spokesperson)"
    assert seed["dateline_lag_days"] == 1  # 'Pyongyang, November 21 (KCNA)' published on 22 November
    assert seed["rhetoric_hit_count"] >= 4  # 'hostile forces' (x3), 'hostile policy'


def test_seed_mentions_and_scare_quotes():
    seed = _seed()
    mentions = dict(zip(*extract_mentions(seed).select("entity_id", "country_code")))
    assert {"country:US", "country:KP", "org:un_third_committee", "org:un_general_assembly"} <= set(mentions)
    assert mentions["country:US"] == "US"
    quotes = extract_quotes(seed)["quote"].to_list()
    assert quotes[0] == "human rights resolution"
    assert "civilized states in the field of human rights" in quotes


def test_taxonomy_and_vocabulary_agree():
    assert set(article_type.types()) == set(vocab.ARTICLE_TYPES)


OUNGUM = ("Oungum becomes a popular instrument among Koreans.\n\nThe oungum, a string instrument with a long neck, was "
          "first made by folk craftsmen in the 1920s and improved in 1962 and 1975. Its soft and clear tones resemble "
          "the human voice, and it is loved by young and old alike.\n\nIt is said that in the old days people played "
          "it at family gatherings and on holidays, singing folk songs to its tunes.\n\nToday it is taught at art "
          "schools and played by amateur art groups at factories and farms across the country.\n\n-0-")
"""A feature written for the tests, as long as a real one: the combiner reads an article's length, and in the tuning
half 112 of the 114 articles under 200 characters are news."""


def _issued(kinds: list[str], *rows: tuple[str, str]) -> pl.DataFrame:
    """Written articles (title, body) typed `kinds`, as a reader types them, through the issuer step alone: an issuer
    test states whom a genre's lead names, whatever the combiner makes of a one-sentence body (genre_combiner_v1)."""
    return issuer.add_issuer(_articles(*rows).with_columns(article_type=pl.Series(kinds, dtype=pl.String)))


def test_genres_from_title_and_lead():
    frame = _enriched(
        ("Spokesman for DPRK FM Answers Question Raised by KCNA", "A spokesman for the DPRK Foreign Ministry gave the following answer."),
        ("KCNA Commentary Slams U.S. Moves", "The U.S. is now running amok."),
        ("Rodong Sinmun Calls for Unity", "Rodong Sinmun Saturday editorially calls upon all people."),
        ("Greetings to Senegalese President", "Kim Yong Nam, president of the Presidium of the SPA, sent a message of greeting."),
        ("Kim Jong Un Inspects Factory", "Kim Jong Un inspected the factory on Monday."),
        ("Loving Care", "One day in September Juche 102 (2013), he went to a plant."),
        ("Oungum, Popular Musical Instrument", OUNGUM),
        ("Memorandum of DPRK Foreign Ministry", "The Foreign Ministry made public a memorandum."),
    )
    # Genre taxonomy v2 (issue 19) makes an article no genre rule names a report, not `other` as v1 did: of such
    # articles the tuning half of tests/labels/enrichment_eval_v2.csv has 134 reports and 5 others. The combiner
    # (genre_combiner_v1) types what reaches the catch-all; it reads the feature on an instrument, several paragraphs
    # long as features are, as `other`, as the guide's `other` (features, essays) has it.
    assert frame["article_type"].to_list() == [
        "answer", "commentary", "editorial", "message", "report", "other", "other", "memorandum",
    ]
    assert frame["issuer"].to_list() == [
        "Ministry of Foreign Affairs (spokesperson)", "KCNA", "Rodong Sinmun", "Kim Yong Nam", None, None, None,
        "Ministry of Foreign Affairs",
    ]


def test_leader_named_as_topic_is_no_issuer_but_as_sender_is():
    frame = _enriched(
        ("Anniversary of Kim Jong Il's Work Observed", "Rodong Sinmun today carries a signed article."),
        ("Respected Comrade Kim Jong Un Sends Message of Greeting to Xi Jinping", "Kim Jong Un, general secretary of the WPK, Sunday sent a message."),
        ("Respected Comrade Kim Jong Un Receives Greetings from King of Sweden", "Kim Jong Un received a message of greeting from Carl XVI Gustaf, King of Sweden."),
    )
    # Issuer v2: a message's issuer is its sender, foreign ones too (v1 left them null).
    assert frame["issuer"].to_list() == ["Rodong Sinmun", "Kim Jong Un", "Carl XVI Gustaf"]
    assert frame["issuer_country"].to_list() == ["KP", "KP", "SE"]


def test_failure_classes_of_issue_19():
    """Each failure class the unseen articles showed, in texts written for the test (not the corpus's)."""
    frame = _enriched(
        ("CPRK Spokesman Denounces Puppets' Moves", "A spokesman for the CPRK issued a statement on Monday denouncing the moves."),
        ("Spokesman of NDFSK on Fascist Crackdown", "A spokesman for the National Democratic Front of South Korea answered a question raised by KCNA."),
        ("Moves to Stifle DPRK under Fire", "Rodong Sinmun today says in a signed article that the moves are doomed."),
        ("Bulgarian Organization Supports Statement of NDC of DPRK", "The Bulgarian Group for the Study of Kimilsungism-Kimjongilism issued a statement on March 21 in support of the statement of the National Defence Commission of the DPRK."),
        ("DPRK Government Memorandum Supported in Nepal", "The Nepal Workers and Peasants Party released a statement supporting the memorandum of the DPRK government."),
        ("Speech at Pyongyang Mass Rally", "Kim Yong Chun, chief of the General Staff of the Korean People's Army, made a speech at the rally."),
        ("White Paper on Human Rights Abuses in U.S. Published", "The Institute of International Studies released a white paper on Tuesday. According to it, crimes rose."),
        ("Press Statement of Spokesman for Ministry of National Defence", "A spokesman for the Ministry of National Defence of the DPRK released the following press statement on July 13:"),
    )
    assert frame["article_type"].to_list() == [
        "statement", "answer", "commentary", "statement", "statement", "speech", "report", "press_statement",
    ]
    assert frame["issuer"].to_list() == [
        "CPRK", "National Democratic Front of South Korea", "Rodong Sinmun",
        "Bulgarian Group for the Study of Kimilsungism-Kimjongilism", "Nepal Workers and Peasants Party", "Kim Yong Chun",
        None, "Ministry of National Defence",
    ]
    assert frame["issuer_country"].to_list() == ["KP", "KR", "KP", "BG", "NP", "KP", None, "KP"]
    assert frame["responds_to"].to_list() == [None, None, None, "statement", "memorandum", None, None, None]


def test_anniversary_of_a_north_south_document_responds_to_it():
    """Guide v2: the North-South joint documents are DPRK statements, and marking the anniversary of one responds to
    it; a body named for implementing one does not (texts written for the test)."""
    frame = _enriched(
        ("Anniversary of October 4 Declaration Marked in Peru",
         "A seminar took place in Lima on October 2 to mark the 9th anniversary of the publication of the historic"
         " October 4 declaration."),
        ("Finnish Party Backs June 15 Joint Declaration",
         "The Finnish party issued a statement backing the June 15 North-South Joint Declaration."),
        ("Delegation Leaves Pyongyang",
         "A delegation of the Committee for Implementing the June 15 Joint Declaration left Pyongyang today."),
        ("Acto en Lima", "Tuvo lugar el dia 2 en Lima un acto por el 9o aniversario de la publicacion de la Declaracion"
         " Conjunta del 15 de Junio."),
    )
    assert frame["responds_to"].to_list() == ["statement", "statement", None, "statement"]


def test_anniversary_of_a_leader_s_work_responds_to_it():
    """Guide v2: marking the anniversary of a named document responds to it; a leader's work is `other`. The anniversary
    of a leader's start of work at the Central Committee names no work (texts written for the test)."""
    frame = _enriched(
        ("Anniversary of Kim Jong Il's Work Marked",
         "A meeting took place in Hamhung on Monday to mark the 25th anniversary of the publication of leader Kim Jong"
         " Il's work \"On Improving Fisheries\"."),
        ("Symposium Held in Lima", "A symposium on the famous work of President Kim Il Sung on rural theses was held."),
        ("Anniversary Marked in Lima",
         "A meeting was held in Lima to mark the 50th anniversary of Kim Jong Il's start of work at the Central"
         " Committee of the Workers' Party of Korea."),
    )
    assert frame["responds_to"].to_list() == ["other", "other", None]


def test_press_conference_given_by_one_body():
    """Guide v2: a press conference whose words are given is an interview, its issuer the one body that gave it;
    null when several gave it (texts written for the test)."""
    frame = _enriched(
        ("Crackdown on Farmers Denounced in S. Korea",
         "The Farmers League of south Korea called a press conference in Seoul on May 4. Speakers at the press"
         " conference said the crackdown must stop."),
        ("Wage Cuts Protested in S. Korea",
         "The People's Action for Fair Wages in south Korea held a press conference in Seoul on May 5. Speakers at"
         " the press conference said the cuts must stop."),
        ("Closure of Factory Protested in S. Korea",
         "The Metal Workers Union, the Solidarity for Peace and other organizations held a press conference in"
         " Pusan on May 6. Speakers at the press conference said the closure was unjust."),
    )
    assert frame["article_type"].to_list() == ["interview", "interview", "interview"]
    assert frame["issuer"].to_list() == ["Farmers League", "People's Action for Fair Wages", None]
    assert frame["issuer_country"].to_list() == ["KR", "KR", None]


def test_aliases_as_kcna_writes_them():
    found = _entities(
        "U.S. Imperialists and Puppets Slammed",
        "The U.S. imperialists, the United States and the south Korean puppets, the Japanese reactionaries and "
        "the ROK. The Republic will never allow it, the Third Committee said.",
    )
    assert found["country:US"] == 3  # 'U.S.' (title), 'U.S. imperialists', 'the United States'
    assert found["country:KR"] == 4  # 'Puppets', 'south Korean', 'puppets', 'ROK'
    assert found["country:JP"] == 1 and found["country:KP"] == 1 and found["org:un_third_committee"] == 1


def test_the_republic_of_korea_is_south_korea_not_the_dprk():
    assert _entities("Talks", "Talks with the Republic of Korea.") == {"country:KR": 1}


def test_leader_names_glued_to_the_next_word_on_kcna_kp():
    found = _entities("Respected Comrade Kim Jong Un Visits", "The respected ComradeKim Jong Unmet officials and MarshalKim Jong Ungave guidance.")
    assert found == {"person:kim_jong_un": 3}


def test_all_caps_1997_texts_match_names_but_not_the_word_us():
    found = _entities("KIM JONG IL RECEIVES GIFT", "GENERAL SECRETARY KIM JONG IL RECEIVED A GIFT. LET US REMEMBER THE U.S. IMPERIALISTS.")
    assert found == {"person:kim_jong_il": 2, "country:US": 1}


def test_places_named_after_leaders_and_latin_america_are_no_mentions():
    found = _entities("Match at Kim Il Sung Stadium", "Latin American teams played at Kim Il Sung Stadium with President Kim Il Sung's portrait.")
    assert found == {"person:kim_il_sung": 1}


def test_spanish_aliases_with_and_without_accents():
    found = _entities("Kim Yong Nam felicita", "La Republica Popular Democratica de Corea y Japón; los títeres surcoreanos y EE.UU.")
    assert {"country:KP", "country:JP", "country:KR", "country:US", "person:kim_yong_nam"} == set(found)


def test_quotes_straight_curly_and_never_across_paragraphs():
    frame = _articles(("T", 'They called it "provocation" and “threat”.\n\nAn unpaired " mark here.\n\nAnd "a last one".'))
    quotes = extract_quotes(frame)
    assert quotes["quote"].to_list() == ["provocation", "threat", "a last one"]
    assert quotes["position"].to_list() == [1, 2, 3]


def test_rhetoric_hits_and_rate():
    frame = enrich.add_counts(_articles(("T", "The hostile forces and the human scum are reckless puppets of imperialists.")))
    row = add_rhetoric(frame).row(0, named=True)
    assert row["rhetoric_hit_count"] == 5  # hostile forces, human scum (once), reckless, puppets, imperialists
    assert row["rhetoric_rate_per_1000_words"] == round(5 * 1000 / 12, 3)


def test_rhetoric_counts_whole_words_beside_any_punctuation_only():
    text = "“Puppets” crushing—crush! «IMPERIALISTAS» puppeteers la agresión, agresiones y agresores¿ "
    text += "imperialist’s"
    row = add_rhetoric(enrich.add_counts(_articles(("T", text)))).row(0, named=True)
    # Puppets, crush, IMPERIALISTAS, agresión, agresores, imperialist: not crushing, puppeteers or agresiones.
    assert row["rhetoric_hit_count"] == 6


def test_dateline_lag():
    frame = pl.DataFrame(
        {"published_date": [dt.date(2021, 1, 1), None], "dateline_date": [dt.date(2020, 12, 31), dt.date(2021, 1, 1)]}
    )
    assert enrich.add_dateline_lag(frame)["dateline_lag_days"].to_list() == [1, None]


def _story(rng: random.Random, words: int = 300) -> str:
    vocabulary = [f"word{i}" for i in range(2000)]
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def test_near_duplicates_found_in_two_versions_equal_those_found_at_once():
    rng = random.Random(7)
    stories = [_story(rng) for _ in range(6)]
    rerun = stories[0].replace(stories[0].split()[100], "edited", 1)  # the same story with a one-word edit
    bodies = [*stories, rerun, stories[3]]  # and an exact re-run of story 3 on another day
    frame = pl.DataFrame({"article_id": [f"{i:020x}" for i in range(len(bodies))], "body": bodies})
    signatures = near_duplicates.signatures(frame)
    at_once = near_duplicates.find_pairs(signatures)
    first, later = signatures.head(4), signatures.tail(4)
    in_two = pl.concat([near_duplicates.find_pairs(first), near_duplicates.find_pairs(later, first)])
    assert at_once.sort("article_id", "near_duplicate_id").equals(in_two.sort("article_id", "near_duplicate_id"))
    pairs = {tuple(sorted(p)) for p in at_once.select("article_id", "near_duplicate_id").iter_rows()}
    assert pairs == {(f"{0:020x}", f"{6:020x}"), (f"{3:020x}", f"{7:020x}")}
    assert at_once.filter(pl.col("article_id") == f"{3:020x}")["similarity"].to_list() == [1.0]
    clusters = near_duplicates.clusters(at_once)
    assert dict(clusters.iter_rows())[f"{6:020x}"] == f"{0:020x}"


def test_short_bodies_get_no_signature():
    frame = pl.DataFrame({"article_id": ["a" * 20], "body": ["A delegation left here for home on Friday."]})
    assert near_duplicates.signatures(frame).height == 0


_LETTERS = "aAbBéÉs. -'’"


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(
    literals=st.lists(st.text(_LETTERS, min_size=1, max_size=6).filter(str.split), min_size=1, max_size=12),
    texts=st.lists(st.text(_LETTERS + "\n", max_size=40), min_size=1, max_size=8),
    wrap=st.sampled_from(["{}", r"(?-u:\b)(?:{})(?-u:\b)", r"(?-u:\b)(?:{})", r"(?i)\b(?:{})\b", "(?i)(?:{})"]),
)
def test_prefix_tree_alternation_matches_what_the_flat_one_does(literals: list[str], texts: list[str], wrap: str):
    """The prefix tree only rewrites the longest-first alternation: the same matches, in the same places."""
    ignore_case = wrap.startswith("(?i)")
    try:
        tree = trie_alternation(literals, ignore_case=ignore_case)
    except ValueError:  # overlapping alternatives ("a'b" and "a’b"): refused, not rewritten
        return
    flat = alternation([phrase(literal) for literal in literals])
    series = pl.Series(texts)
    assert series.str.extract_all(wrap.format(tree)).equals(series.str.extract_all(wrap.format(flat)))


def test_failure_classes_of_issue_19_second_round():
    """Genre taxonomy v3 and speaker patterns v2, in texts written for the test (not the corpus's)."""
    frame = _enriched(
        ("U.S. Arms Supply Assailed", "The U.S. should stop its arms supply at once, stated a spokesman for the DPRK Foreign Ministry today answering a question put by KCNA."),
        ("China Rejects U.S. Strategy", "A spokesperson for the Chinese Foreign Ministry at a press conference on Monday rejected the new defense strategy of the United States."),
        ("Venezuelan President Calls for Unity", "Venezuelan President Hugo Chavez Frias in a speech at a Cabinet meeting on March 20 called for unity of the region."),
        ("U.S. Moves Denounced by Russian Paper", 'The Russian newspaper Pravda carried an article titled "New aggression is prepared" on July 27.'),
        ("U.S. Double Standard Flailed", "A spokesman for the DPRK Foreign Ministry released a statement today. The U.S. violated the memorandum of understanding on missiles."),
        ("Kim Yong Nam expresa condolencias al presidente de Ghana", "El presidente del Presidium de la Asamblea Popular Suprema de la RPDC, Kim Yong Nam, envio el dia 6 un mensaje de condolencias al presidente de Ghana."),
        ("S. Korean Defector Interviewed", "South Korean Jong Min (46) met Korean and foreign reporters here today at which he said the north is his homeland."),
        ("Memorandum of Understanding Signed", "A memorandum of understanding on cooperation was signed between the governments of the DPRK and Kenya in Nairobi."),
    )
    # v2 typed the first as a statement, the second, third, fourth and sixth as reports, the fifth as a report
    # (a memorandum of understanding named in passing). Genre taxonomy v13: the second, a spokesperson's words at a
    # press conference, is an interview (docs/labelling.md v2, press conferences; v3 to v12 typed it a statement).
    assert frame["article_type"].to_list() == [
        "answer", "interview", "speech", "commentary", "statement", "message", "interview", "report",
    ]
    assert frame["issuer"].to_list() == [
        "Ministry of Foreign Affairs (spokesperson)", "Chinese Foreign Ministry", "Hugo Chavez Frias", "Pravda",
        "Ministry of Foreign Affairs (spokesperson)", "Kim Yong Nam", "Jong Min", None,
    ]
    assert frame["issuer_country"].to_list() == ["KP", "CN", "VE", "RU", "KP", "KP", "KR", None]



def test_failure_classes_of_issue_19_eighth_round():
    """Genre taxonomy v9, in texts written for the test (not the corpus's): round-ups and rallies backing a document
    are news, a foreign ministry's spokesman who said and one body's appeal or notice are statements, 'said this in
    his speech' is a speech, features opening on a thing in a place or counting the years since an old event are
    `other`, a Spanish article published with its title is a commentary, a body's press release a statement."""
    rows = (
        ("Statement of DPRK FM Backed Abroad", "Bodies in Peru and Nepal and a regional forum expressed full support "
         "for the statement of the DPRK Foreign Ministry. The Peruvian group issued a statement on May 2."),
        ("Korean Cause Backed in Chile", "A solidarity meeting was held in Santiago on Feb. 3 in support of the "
         "statement of the DPRK Government. Speakers said ..."),
        ("Japan Urged to Stop Fishing Dispute", "Japan should stop provoking the fishing dispute, a Chinese Foreign "
         "Ministry spokesman said on Tuesday."),
        ("Farmers Called on to Rise Up", "The Peasants League of south Korea sent an appeal to all farmers on June 2 "
         "calling on them to turn out against the market opening."),
        ("WPK Policy Praised in Chile", "Xavier Ruiz, chairman of a Chilean study group, praised the policy of the "
         "WPK. He said this in a speech made at a seminar held in Santiago."),
        ("Orchard on Slope", "There is a big apple orchard on the slope of Mt. Taesong in Pyongyang."),
        ("Road of Victory", "It has been 63 years since the Korean people defeated the aggressors in the war."),
        ("Bronze Mirror of Koryo", "A bronze mirror of Koryo (918-1392) is kept in the museum."),
        ("Investigador critica sancion", "El investigador Pak Chol publico el dia 3 un articulo intitulado "
         "\"La sancion fracasara\". El autor dijo que ..."),
        ("Coast Guard Warns Intruders", "The Coast Command of the KPA on Friday issued the following press release: "
         "Enemy boats intruded again."),
        ("DPRK Stand Backed in Nepal", "Nepalese organizations fully supported the statement of the DPRK Foreign "
         "Ministry. The Nepal study group said ..."),
    )
    # v8 typed the first two and the last as statements, the others as reports (seven by its catch-all).
    assert article_type.rules_type(_articles(*rows)).to_list() == [
        "report", "report", "statement", "statement", "speech", "other", "other", "other", "commentary", "statement",
        "report",
    ]
    frame = _enriched(*(rows[:4] + rows[5:]))  # the combiner decides a rule's speech
    # genre_tfidf_v7 to v10, sure of a statement (probability > 0.9), overrode the rules on the first round-up, titled
    # "Statement ... Backed"; the combiner (genre_combiner_v1) weighs that against the rules' news and keeps it news.
    assert frame["article_type"].to_list() == [
        "report", "report", "statement", "statement", "other", "other", "other", "commentary", "statement", "report",
    ]


def test_failure_classes_of_issue_19_ninth_round_genres():
    """Genre taxonomy v10, in texts written for the test (not the corpus's): the DPRK's papers carrying articles or
    commentaries are a press review (`other`; since genre taxonomy v16 a `commentary`, as guide v2's readers type
    them); a lead opening on a date's anniversary or on the Korean people greeting
    one is a historical note (`other`) unless the title names an event held, and so is one opening in a past period
    with its span of years; one paper's article, foreign papers' round-ups and several papers' editorials keep
    their types; a title whose statement or declaration is signed is news of the signing."""
    rows = (
        ("Papers Mark Forestry Day", "Papers here today dedicate signed articles to the Forestry Day. The papers say "
         "that trees must be planted on every hill."),
        ("Warmongers Blasted", "Leading newspapers Monday in commentaries denounce the warmongers for a drill held "
         "near the border."),
        ("Periodicos condenan maniobras", "Los periodicos capitalinos publicaron este lunes los comentarios "
         "individuales condenando las maniobras."),
        ("Tax Law", "April 1 is the 60th anniversary of the abolition of the tax in Korea. The law freed the people."),
        ("Day of Miners", "Today marks the Day of Miners. The miners recall the feats of their predecessors."),
        ("Meeting Held on Anniversary of Tax Abolition", "April 1 is the 60th anniversary of the abolition of the "
         "tax. A meeting was held in Pyongyang today."),
        ("Rodong Sinmun on Forests", "Rodong Sinmun today in a signed article says that forests are wealth."),
        ("Leader Praised by Foreign Papers", "Papers of various countries carried articles praising the leader."),
        ("Papers Editorially Greet Day", "Papers here today dedicate editorials to the Day of the Republic."),
        ("Bridge Built in Wartime", "During the war (June 25, 1950-July 27, 1953), soldiers built a bridge in a "
         "night."),
        ("Glory of Miners", "The Korean people are greeting the 50th anniversary of the miners' union. The union "
         "was formed in a small village."),
        ("Care for Weavers", "Today (June 3) marks the 40th anniversary of the weavers' day. The weavers recall it."),
        ("Joint Statement Signed between Two Governments", "A joint statement on trade between the governments of "
         "the DPRK and a friendly country was signed here today."),
        ("Workers' Party Signs Declaration", "A workers' party in Europe signed a declaration of socialist parties."),
    )
    # v9 typed the first and third commentaries, the second, the fourth to sixth, the tenth to twelfth and the last
    # reports, the last but one a statement (the others as v10); v16 types the first three commentaries again.
    assert article_type.rules_type(_articles(*rows)).to_list() == [
        "commentary", "commentary", "commentary", "other", "other", "report", "commentary", "report", "editorial",
        "other", "other",
        "other", "report", "report",
    ]


def test_failure_classes_of_issue_19_eighth_round_issuers():
    """Speaker patterns v9, issuers v8, issuer_code_v9, in texts written for the test (not the corpus's)."""
    frame = _enriched(
        ("Japan Urged to Stop Whaling: FM Spokesman", "Australian Foreign Ministry spokesman John Smith said on Monday that Japan should stop its whaling in the Southern Ocean at once, answering a question of reporters."),
        ("Fair Trade Called for by DPRK Delegate", "Fair trade is a key to the development of all countries, stated the DPRK delegate, addressing a meeting of the Second Committee of the UN General Assembly on Oct. 3."),
        ("Delegado coreano pide comercio justo", "En su discurso pronunciado en la reunion del Comite de Comercio de la ONU, el jefe de la delegacion de la RPDC dijo que el comercio justo es clave para el desarrollo."),
        ("Letter to Kim Jong Un from Participants in International Seminar", "Kim Jong Un received a letter from the participants in the international event for celebrating the anniversary of Korea's liberation on Aug. 16."),
        ("U.S. War Drills Denounced by International Body Official", "Jean Martin, secretary general of the International Committee for Peace in Korea, issued a statement on Jan. 5 denouncing the U.S. war drills."),
        ("Kim Chol Su Interviewed", "Kim Chol Su, vice-chairman of the South Headquarters of the Pan-national Alliance for Korea's Reunification, was interviewed by KCNA on Monday before his return."),
        ("Statement of KBF Chairman", "Chairman Pak Chol Min of the Central Committee of the Korean Buddhists Federation released a statement on Monday in support of the appeal."),
        ("Greetings to Kim Jong Un from President of Maldives", "Kim Jong Un received a message of greetings from President of the Republic of Maldives Ahmed Rasheed on the occasion of the DPRK's founding anniversary."),
        ("U.S. Sanctions Denounced by Indian Party Leader", "A. K. Sharma, general secretary of the Indian Workers Party, issued a statement on Monday denouncing the U.S. sanctions."),
        ("Ri Song Chol, coreano residente en Canada, se entrevista con la prensa", "Ri Song Chol, coreano residente en Canada, concedio el dia 5 en esta capital una rueda de prensa."),
        ("Sanctions Denounced by Korean Students in Japan", "Choe Yong Nam, chairman of the Central Standing Committee of the Korean Students League in Japan, released a statement on May 2 denouncing the sanctions."),
        ("Statement by Linguist", "Un Chol Ho, director of the Pyongyang Institute of Linguistics, issued a statement on Monday denouncing the distortion of the Korean language."),
    )
    # issuer_code_v8 gave the DPRK's spokesperson (the title's 'FM Spokesman'), the first sentence as the delegate, no
    # Spanish delegate, KP for the international participants, the officer of an international body about Korea, the south
    # side's officer, the Korean in Canada and in Japan, 'Pak Chol Min of the Central Committee of ...', 'Republic of Maldives
    # Ahmed Rasheed', 'K. Sharma' (the initial read as the article 'a') and XX for a person named Un ('UN').
    assert frame["article_type"].to_list() == [
        "statement", "speech", "speech", "message", "statement", "interview", "statement", "message", "statement",
        "interview", "statement", "statement",
    ]
    # Guide v2 changed the fourth: the participants in an event are people the article does not name, no issuer
    # (issuer_code_v16; issuer_code_v9 to v15 gave them, XX, as the v1 labels did).
    assert frame["issuer"].to_list() == [
        "Australian Foreign Ministry", "delegate of the DPRK", "delegate of the DPRK", None, "Jean Martin",
        "Kim Chol Su", "Pak Chol Min", "Ahmed Rasheed", "A. K. Sharma", "Ri Song Chol", "Choe Yong Nam", "Un Chol Ho",
    ]
    assert frame["issuer_country"].to_list() == ["AU", "KP", "KP", None, "XX", "KR", "KP", "MV", "IN", "CA", "JP", "KP"]


def test_joint_statement_of_the_dprk_and_another_state_is_the_dprk_governments():
    """Speaker patterns v9 / issuers v8: docs/labelling.md gives joint statements of governments to the DPRK Government; a
    party's joint statement is not one (texts written for the test)."""
    frame = _enriched(
        ("Joint statement on establishment of diplomatic relations between DPRK and Republic of Palau", "A joint statement on the establishment of diplomatic relations between the DPRK and the Republic of Palau was released today.  The joint statement reads: The two governments decided to establish diplomatic relations at ambassadorial level."),
        ("RPDC y Fiyi publican declaracion conjunta", "Las delegaciones de la RPDC y Fiyi hicieron publica el dia 3 la siguiente declaracion conjunta:  Las dos partes acordaron desarrollar las relaciones de amistad."),
        ("Joint statement of WPK and Nepali party", "A joint statement of the Workers' Party of Korea and the Communist Party of Nepal was made public today.  The statement says: The two parties will develop their friendly relations."),
    )
    # speaker_patterns_v8 found no speaker in the first two.
    assert frame["article_type"].to_list() == ["statement", "statement", "statement"]
    assert frame["issuer"].to_list() == ["DPRK Government", "DPRK Government", None]
    assert frame["issuer_country"].to_list() == ["KP", "KP", None]


def test_spanish_sender_named_after_the_verb_not_the_office_named_last():
    """Speaker patterns v9: 'que le remitiera el dia 8 A. Lukashenko, Presidente de ...' is A. Lukashenko's message; v8 took
    the office named last ('Presidente de la Republica de Belarus') and found no person (texts written for the test)."""
    frame = _enriched(
        ("Kim Jong Un recibe mensaje de felicitacion del presidente bielorruso", "Kim Jong Un, Presidente del Comite de Asuntos Estatales de la Republica Popular Democratica de Corea, recibio un mensaje de felicitacion que le remitiera el dia 8 A. Lukashenko, Presidente de la Republica de Belarus."),
        ("Kim Jong Un recibe mensaje del presidente egipcio", "Kim Jong Un, Presidente del Comite de Asuntos Estatales de la Republica Popular Democratica de Corea, recibio un mensaje de respuesta que le remitiera el dia 3 Ahmed al-Masri, Presidente de la Republica Arabe de Egipto."),
    )
    assert frame["article_type"].to_list() == ["message", "message"]
    assert frame["issuer"].to_list() == ["A. Lukashenko", "Ahmed al-Masri"]
    assert frame["issuer_country"].to_list() == ["BY", "EG"]


def test_spanish_interviewee_with_an_unclosed_role_or_named_last():
    """Speaker patterns v9: v8 took a capitalised run inside the role ('Salud Publica') or the office ('Republica Popular
    Democratica') for the interviewee (texts written for the test)."""
    frame = _enriched(
        ("Funcionario del Ministerio de Salud se entrevista con la ACNC", "Pak Yong Il, subdirector del Departamento de Prevencion del Ministerio de Salud Publica de la RPDC se entrevisto el dia 4 con un reportero de la ACNC."),
        ("Kim Song concede rueda de prensa en Nueva York", "El representante permanente de la Republica Popular Democratica de Corea ante la ONU, Kim Song, concedio el dia 2 en Nueva York una entrevista de prensa."),
    )
    assert frame["article_type"].to_list() == ["interview", "interview"]
    assert frame["issuer"].to_list() == ["Pak Yong Il", "Kim Song"]
    assert frame["issuer_country"].to_list() == ["KP", "KP"]


def test_a_named_group_of_a_known_body_speaks_as_itself():
    """issuer_code_v9: the spokesman of a body's named group is the group, not the body (text written for the test)."""
    frame = _enriched(
        ("Investigation Group Spokesman Refutes S. Korean Claim", "A spokesman for the Investigation Group of the National Defence Commission of the DPRK issued a statement on Monday refuting the claim of the south Korean military."),
    )
    # issuer_code_v8 gave the National Defence Commission.
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["Investigation Group of the National Defence Commission"]
    assert frame["issuer_country"].to_list() == ["KP"]


def test_title_of_support_for_a_spokesmans_statement_gives_the_supporter():
    """Speaker patterns v9: 'Statement of Spokesman for X Supported by Y' is Y's statement, named in the lead; v8 took 'X
    Supported by Y' for the spokesman's body and kept 'Y' in the title's words (text written for the test)."""
    frame = _enriched(
        ("Statement of Spokesman for DPRK Foreign Ministry Supported by Irish Organizations", "The Irish Association for the Study of the Juche Idea issued a statement on March 3 in support of the statement of a spokesman for the DPRK Foreign Ministry."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["Irish Association for the Study of the Juche Idea"]
    assert frame["issuer_country"].to_list() == ["IE"]


def test_a_body_named_on_measures_for_the_victims_of_an_army_keeps_its_name_and_country():
    """Speaker patterns v9 / issuer_code_v9: 'on' before a capitalised word is part of a body's name ('Committee on Measures
    for ...'), not the date after it (v8 cut the name to 'Korean Committee'), and the army the victims were enslaved for is
    not the body's country (v8: JP) (text written for the test)."""
    frame = _enriched(
        ("Japan Urged to Apologize for Sexual Slavery", "A spokesman for the Korean Committee on Measures for the Victims of Sexual Slavery for Japanese Army issued a statement on Monday demanding an apology."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["Korean Committee on Measures for the Victims of Sexual Slavery for Japanese Army"]
    assert frame["issuer_country"].to_list() == ["KP"]


def test_a_lead_broken_inside_its_sentences_is_read_as_one_text():
    """issuer_code_v10: hard line breaks inside a sentence (old kcna-co-jp leads) are spaces, not sentence starts (v9 read
    the state's name after the break as the sender, and its 'Korea' as KR) (texts written for the test)."""
    frame = _enriched(
        ("Greetings to Prime Minister of Ruritania", "Pak Chol Min, acting\n\nPremier of the Administration Council of the Democratic\n\nPeople's Republic of Korea, sent a message of greetings to\n\nJohn Smith on his appointment as Prime Minister of Ruritania."),
        ("Tokyo urged to stop its moves", "The spokesman for the\n\nCentral Committee of the Red Cross Society of the Democratic\n\nPeople's Republic of Korea released a statement today denouncing the Japanese authorities."),
    )
    assert frame["article_type"].to_list() == ["message", "statement"]
    assert frame["issuer"].to_list() == ["Pak Chol Min", "Central Committee of the Red Cross Society of the DPRK"]
    assert frame["issuer_country"].to_list() == ["KP", "KP"]


def test_a_country_ending_the_body_before_a_persons_name_is_the_persons_country():
    """issuer_code_v10: the country that ends the body named before a person ('... of Korean Nationals in Canada Pak Chol
    Su'), which clean() drops from the name, is the person's country (v9: KP) (texts written for the test)."""
    frame = _enriched(
        ("Unification Moves Backed", "Chairman of the Toronto Association of Korean Nationals in Canada Pak Chol Su issued a statement on May 3 in support of the reunification moves."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["Pak Chol Su"]
    assert frame["issuer_country"].to_list() == ["CA"]


def test_a_body_that_says_its_words_after_an_abbreviated_date_is_the_issuer():
    """issuer_code_v10: the last resort reads 'X on Nov. 16 said' (v9 stopped at the abbreviated month's full stop), 'X in a
    commentary on Nov. 8 said' (two phrases between name and verb), and 'said the ...' after a date names no speaker after
    the verb; a south Korean place after the name ('... Unions (XYZ) in South Korea') gives the country clean() drops from
    it (texts written for the test)."""
    frame = _issued(
        ["commentary", "commentary", "statement"],
        ("U.S. Paper on Scandal in S. Korea", "The Chicago Daily Record on Nov. 16 said the scandal shows the chronic corruption in south Korea."),
        ("S. Korean Body Slams Authorities", "The People's Solidarity for Peace in a commentary on Nov. 8 said that the authorities should step down at once."),
        ("S. Korean Union Warns of Strike", "The \"Federation of Korea Metal Unions\" (FKMU) in South Korea in a statement on Jan. 31 declared that it will go on a general strike."),
    )
    assert frame["issuer"].to_list() == ["Chicago Daily Record", "People's Solidarity for Peace", '"Federation of Korea Metal Unions"']
    assert frame["issuer_country"].to_list() == ["US", "KR", "KR"]


def test_an_interviewee_named_after_an_office_to_a_state_is_the_person():
    """Speaker patterns v10: 'Ruritanian Ambassador to the DPRK Jan Novak had an interview' is Jan Novak's interview (v9
    stopped at 'to the' and gave 'Ambassador') (text written for the test)."""
    frame = _enriched(
        ("Ruritanian Ambassador Has Interview with Reporters", "Ruritanian Ambassador to the DPRK Jan Novak Thursday had an interview with reporters at the Taedonggang Club on the occasion of the national day."),
    )
    assert frame["article_type"].to_list() == ["interview"]
    assert frame["issuer"].to_list() == ["Jan Novak"]


def test_a_mountain_abbreviated_mt_ends_no_sentence():
    """issuer_code_v10: 'Mt.' in a body's name is no sentence's end (v9 gave 'Paektu' as the issuer), and the name keeps its
    dot (text written for the test)."""
    frame = _enriched(
        ("Exploits Praised by Ruritanian Bodies", "The Ruritanian committee for the Meeting Praising Great Persons of Mt. Paektu, the Ruritania-Korea Committee and the Ruritanian Group for the Study of the Juche Idea on Dec. 15 made public a joint statement."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["Ruritanian committee for the Meeting Praising Great Persons of Mt. Paektu"]


def test_an_asian_pacific_body_or_event_is_international():
    """issuer_code_v10: 'Asian-Pacific regional ...' and participants of an event of the Asia-Pacific region are XX, as
    'Asia-Pacific' ones were (v9: KP or the host's country) (texts written for the test)."""
    frame = _enriched(
        ("Regional Body's Appeal", "The Asian-Pacific regional committee for the study of the Songun idea on April 25 issued an appeal to the organizations for friendship with the Korean people."),
        ("Letter to Kim Jong Un from Participants in Seminar", "Kim Jong Un received a letter from the participants in an internet seminar of the Asian-Pacific region on Dec. 17."),
    )
    assert frame["article_type"].to_list() == ["statement", "message"]
    # Guide v2 changed the second: the participants in an event are nobody named, no issuer (issuer_code_v16).
    assert frame["issuer_country"].to_list() == ["XX", None]


def test_the_country_that_caused_the_damage_a_body_investigates_is_not_its_country():
    """issuer_code_v10: a DPRK committee investigating damage 'caused by the Japanese' is KP (v9: JP), also in Spanish
    (texts written for the test)."""
    frame = _enriched(
        ("Japan Urged to Pay for Past", "A spokesman for the Committee for Inquiry into the Losses Caused by the Japanese Army's Occupation of Korea answered a question put by KCNA today."),
        ("Publicada declaracion sobre crimenes", "El portavoz del comite de estudio de perdidas causadas por la ocupacion de Corea por los imperialistas japoneses hizo publica el dia 28 una declaracion."),
    )
    assert frame["article_type"].to_list() == ["answer", "statement"]
    assert frame["issuer_country"].to_list() == ["KP", "KP"]


def test_an_abbreviation_spelled_out_in_the_lead_is_the_issuer_by_its_name():
    """issuer_code_v10: a speaker named by an abbreviation the lead spelled out before ('The Korean Democratic Jurists Society
    (KDJS) ... The KDJS in a statement') is the spelled-out body, and a known issuer where that is one (v9 kept the letters and
    took their country from the rest of the lead) (texts written for the test)."""
    frame = _enriched(
        ("U.S. Double Standards Hit", "The Korean Democratic Jurists Society (KDJS) held that the terrorists should be punished.\n\nThe KDJS in a statement on May 27 denounced the United States for its double standards."),
        ("Statement Supported", "The Committee for the Peaceful Reunification of the Country (CPRC) of the DPRK was backed.\n\nA spokesman for the CPRC issued a statement on Monday."),
    )
    assert frame["article_type"].to_list() == ["statement", "statement"]
    assert frame["issuer"].to_list() == ["Korean Democratic Jurists Society", "CPRK"]
    assert frame["issuer_country"].to_list() == ["KP", "KP"]


def test_dr_in_capitals_is_a_democratic_republic_not_a_title():
    """issuer_code_v10: 'DR Congo-...' keeps 'DR' and its whole name (v9 read 'DR' as the title Dr, the rest as a person cut at
    'and', and gave the other Congo, CG) (text written for the test)."""
    frame = _enriched(
        ("Day Marked by DR Congo Body", "The DR Congo-Korea Committee for Friendship and Culture issued a statement on June 27 on the occasion of the anniversary."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["DR Congo-Korea Committee for Friendship and Culture"]
    assert frame["issuer_country"].to_list() == ["CD"]


def test_a_spanish_message_received_by_several_is_its_senders():
    """Speaker patterns v10: 'X y Y recibieron un mensaje ... que les enviara el dia 3 Z' is Z's message, as with 'recibio' (v9
    fell back to a body named in the recipients' titles) (text written for the test)."""
    frame = _enriched(
        ("Kim Jong Il y Kim Yong Nam reciben mensaje de Juan Perez Gomez", "El Dirigente Kim Jong Il, Presidente del Comite de Defensa Nacional de la RPDC, y Kim Yong Nam recibieron un mensaje de felicitacion que les enviara el dia 3 Juan Perez Gomez, presidente de Ruritania."),
    )
    assert frame["article_type"].to_list() == ["message"]
    assert frame["issuer"].to_list() == ["Juan Perez Gomez"]


def test_a_person_after_an_office_of_a_body_or_state_is_the_person():
    """issuer_code_v10: 'Vice-minister of Foreign Affairs X Y Z' and 'Prime Minister of Malawi X Y' are the persons (v9 kept
    the office, the name being more than four words after it), not a body named after a state (texts written for the test)."""
    frame = _enriched(
        ("Non-Alignment Called for", "Vice-minister of Foreign Affairs Ri Chol Min, head of the DPRK delegation, said this, addressing the annual meeting of the Non-Aligned Movement on Monday."),
        ("Message from PM of Malawi", "Kim Jong Un received a message of greetings from Prime Minister of Malawi Jan Novak on Monday."),
    )
    assert frame["article_type"].to_list() == ["speech", "message"]
    assert frame["issuer"].to_list() == ["Ri Chol Min", "Jan Novak"]


def test_a_subject_that_reports_accuses_or_urges_is_the_last_resort_issuer_but_no_clause():
    """issuer_code_v10: 'The Chicago Daily Record on Dec. 11 reported that ...', 'X, a weekly of Koreans in Canada, in an
    article on May 13 censured ...', 'X warned ... at a press interview' name the speaker (v9: none); 'The United States has ...
    accused' and 'Some days ago, ...' name none (texts written for the test)."""
    frame = _issued(
        ["commentary", "commentary", "commentary", "interview"],
        ("U.S. Paper on Press Freedom in S. Korea", "The Chicago Daily Record on Dec. 11 reported that the freedom of speech is being encroached upon in south Korea."),
        ("Media Censured", "Hanmaum Weekly, a weekly of Koreans in Canada, in an article on May 13 censured the conservative media for misinformation."),
        ("U.S. Sanctions under Fire", "The United States has again accused the DPRK of its missile launches, said the paper."),
        ("Ruritanian President Warns the West", "Ruritanian President Jan Novak warned the West over the missile shield at a press interview on May 18."),
    )
    assert frame["issuer"].to_list() == ["Chicago Daily Record", "Hanmaum Weekly", None, "Jan Novak"]


def test_a_dateline_left_at_the_leads_start_is_no_speaker():
    """issuer_code_v10: 'Moscow, 22 (KCNA) -- X, director of ..., accused' is X's (v9: 'Moscow') (text written for the test)."""
    frame = _issued(
        ["commentary"],
        ("Russian Paper Chides U.S. Moves", "Moscow, 22 (KCNA) -- Ivan Petrov, editor of the Russian paper Novaya Zarya, in an article on Friday accused the U.S. of its moves to build a missile shield."),
    )
    assert frame["issuer"].to_list() == ["Ivan Petrov"]


def test_a_body_named_after_a_dprk_leader_is_a_dprk_body():
    """issuer_code_v10: a body named after a DPRK leader, with no country in its name, is KP, not the country of those it
    writes to (v9: KR from 'the South Korean students') (text written for the test)."""
    frame = _enriched(
        ("S. Korean Students Called on to Unite", "The central committee of the Kim Jong Il Youth Federation sent an appeal to the South Korean students on July 18 as regards the unemployment in South Korea."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer_country"].to_list() == ["KP"]


def test_a_bodys_spokesman_in_the_last_resort_is_the_body():
    """issuer_code_v10: 'A spokesman for the X Party of south Korea released a commentary' is the party's (v9 kept 'spokesman
    for the X Party': the capitalised article hid the spokesman) (text written for the test)."""
    frame = _enriched(
        ("S. Korean Party Denounces Authorities", "A spokesman for the Progressive Farmers Party of south Korea released a commentary denouncing the authorities' treachery on March 9."),
    )
    assert frame["article_type"].to_list() == ["commentary"]
    assert frame["issuer"].to_list() == ["Progressive Farmers Party"]
    assert frame["issuer_country"].to_list() == ["KR"]


def test_a_leading_organ_of_an_international_body_is_international():
    """issuer_code_v9: the central committee or secretariat of an international body is XX, as the body is (v8: KP) (text
    written for the test)."""
    frame = _enriched(
        ("International Front Releases Statement", "The central committee of the International Anti-Imperialist Front released a statement on June 9 denouncing the U.S. war moves."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["central committee of the International Anti-Imperialist Front"]
    assert frame["issuer_country"].to_list() == ["XX"]


def test_speaker_patterns_translated_for_polars():
    """A look-ahead at the end is consumed outside the match; a look-behind at a sentence start becomes an
    alternative that consumes its character, tried after the starts at the same position."""
    form, variants = speaker_search.rust_form(r"(?i)(?:^|(?<=[.!?:])\s+|\n+)(?P<who>[^.\n]{3,40}?) said(?=,|\s+that\b)")
    assert variants == [("0a", False), ("0n", False), ("0b", True)]
    assert "(?<" not in form and "(?=" not in form
    assert speaker_search.rust_form(r"(?P<who>[A-Z]\w+)(?:,\s(?:[^.]|(?<=Mt)\.){0,9}?,)? was interviewed") is None
    texts = pl.Series(["Rain fell. The CPRK said that it will act.", "The KPA said, and the CPRK said that", "none"])
    pattern = re.compile(r"(?i)(?:^|(?<=[.!?:])\s+|\n+)(?P<who>[^.\n]{3,40}?) said(?=,|\s+that\b)")
    found = speaker_search.first_matches(texts, pattern)
    assert found.rows() == [("The CPRK", None, " The CPRK said", 10), ("The KPA", None, "The KPA said", 0),
                            (None, None, None, None)]
    # Python's `$` also holds before a final newline: in a look-ahead it is consumed as such; elsewhere the
    # pattern stays with Python.
    title = re.compile(r"(?i)speech (?:of|by) (?P<who>[^,.;:]+?)(?=,|\s+at\b|$)")
    titles = pl.Series(["Speech of Kim Il Sung\n", "Speech by Pak Pong Ju at Rally", "Speech of X, Y"])
    assert speaker_search.first_matches(titles, title)["who"].to_list() == ["Kim Il Sung", "Pak Pong Ju", "X"]
    assert speaker_search.rust_form(r"(?P<who>\w+)$") is None


_SPEAKER_FRAGMENTS = [
    "A spokesman for the ", "The spokesman of ", "Foreign Ministry", "CPRK", " (DPRK)", " said", " today", ", ",
    ". ", "\n", ": ", " issued a statement", " denounced", " received a message from ", "Kim Yong Nam",
    "El portavoz del ", "Comité Central", " condenó", " envió el día 6 un mensaje", "Mt. Paektu", " Mr. ",
    ", chairman of the Syrian Committee,", " was interviewed", " made a speech", " in his speech", "The Russian paper ",
    "Pravda", " carried an article", " speech of ", "Hugo Chavez", "'s Speech", " at the rally", "é", "“", " the ",
    " recibió un mensaje", " que le envió ", "KCNA had an interview with ", "Following is the speech of ",
]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SPEAKER_FRAGMENTS), max_size=14).map("".join), min_size=1, max_size=6))
def test_speaker_patterns_in_polars_find_what_python_finds(texts: list[str]):
    """Every speaker pattern polars runs gives Python's first match: the same speaker, match and start."""
    series = pl.Series(texts, dtype=pl.String)
    for row in speaker_search.table():
        if speaker_search.rust_form(row.compiled.pattern) is not None:
            assert speaker_search.first_matches(series, row.compiled).rows() == \
                speaker_search._python_matches(series, row.compiled).rows(), row.compiled.pattern


@pytest.mark.corpus
def test_issuer_columns_equal_the_row_by_row_search_on_real_articles():
    """add_issuer (polars over whole columns) and find_speaker (Python, article by article) agree on every
    article of the speaking genres in four years of kcna.co.jp (English and Spanish) and the kcna.kp feed."""
    corpora = corpora_or_skip()
    wanted = ("kcna-co-jp/1999/", "kcna-co-jp/2009/", "kcna-co-jp/2016/", "kcna-kp/")
    files = [f for f in extract.discover(corpora) if f.path.startswith(wanted)]
    records, _ = extract.extract_files(corpora, files)
    articles = issuer.add_issuer(article_type.add_article_type(parse.parse_records(records)[0]))
    speaking = articles.filter(pl.col("article_type").is_in(issuer.SPEAKING_TYPES))
    assert speaking.height > 5000 and speaking["issuer"].null_count() < speaking.height / 2
    expected = []
    for kind, title, body in speaking.select("article_type", "title", "body").iter_rows():
        lead = body[: issuer.LEAD_CHARS]
        known = issuer.fallback(title, lead, outlets_only=kind in ("commentary", "editorial"))[0]
        expected.append(issuer.find_speaker(kind, title, lead, known))
    assert list(speaking.select("issuer", "issuer_country").iter_rows()) == expected


_RULE_FRAGMENTS = [
    "Memorandum", "memorándum", " editorial", "editorially", " says in an editorial", "Press Statement", "statement",
    "declaración", " spokesman", "Spokesman for ", "Answers Question", " press conference", "One day in ", "un día",
    "Juche 54 (1965)", " years have passed since ", " is popular among ", "Supports", "respalda", " white paper",
    " the paper says:", "señala", "éditorial", "ñ", "é", "_", "’", "\n", ". ", ", ", " ", "KCNA", "Rodong Sinmun",
    " speech", "discurso", " message", "mensaje", " in support of ", " New Year Address", "rally",
]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_RULE_FRAGMENTS), max_size=14).map("".join), min_size=1, max_size=6))
def test_rule_patterns_match_alike_in_python_and_polars(texts: list[str]):
    """The type and responds_to rules, compiled for Python's re (the path of a refresh's few articles), match
    where polars' patterns do: case folding and ASCII word boundaries beside non-ASCII letters included."""
    series = pl.Series(texts, dtype=pl.String)
    patterns = article_type.taxonomy()["pattern"].to_list() + [pattern for _, pattern in responds_to.responses()]
    for pattern in patterns:
        in_polars = series.str.contains(rust_pattern(pattern)).to_list()
        assert in_polars == [bool(python_pattern(pattern).search(text)) for text in texts], pattern


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_RULE_FRAGMENTS + [" joint New Year editorial", " indictment", "acusación",
                                                            " studied", " editorial board", "Papers here today carry",
                                                            " articles", "Los periodicos centrales", " comentarios",
                                                            "Today marks the ", "May 5 is the ", " anniversary",
                                                            "Meeting Held", "The Korean people are greeting",
                                                            "Today (May 5) marks the ",
                                                            " Signed", " signs ", " Flailed", " under Fire",
                                                            "\nCivic organizations held a rally",
                                                            " press conference", " at a press conference",
                                                            "Some days ago", " blustered", " white paper",
                                                            " released a white paper", "According to it", " Papers",
                                                            " editorials", " editoriales", " memorando",
                                                            " posted an article", " who posted", " sentenced",
                                                            "With the approach of the", " people are recalling",
                                                            " reportedly sponsored a press conference", " was held",
                                                            " concedio el dia 27 en la capital",
                                                            " una conferencia de prensa",
                                                            " hizo publico el dia 3 un memorando"]),
                         max_size=14).map("".join), min_size=1, max_size=6))
def test_type_rule_requirements_hold_wherever_the_pattern_matches(texts: list[str]):
    """A genre rule's `requires` only spares its pattern the texts it could not match: every text the pattern
    matches contains one of the literals (so the pre-filter changes no type)."""
    series = pl.Series(texts, dtype=pl.String)
    for pattern, requires in article_type.taxonomy().select("pattern", "requires").rows():
        if requires:
            matched = series.str.contains(rust_pattern(pattern))
            required = series.str.contains(rust_pattern(article_type.requirement(requires)))
            assert not (matched & ~required).any(), pattern


@pytest.mark.corpus
def test_few_articles_row_by_row_get_what_whole_columns_get():
    """A refresh's few articles (ROW_BY_ROW_MAX or fewer) are typed and given issuers with Python's re, row by
    row; on three years of kcna.co.jp (English and Spanish) and the kcna.kp feed, fed in batches of that size,
    every article gets the type, issuer, issuer_country and responds_to of the search over whole columns."""
    corpora = corpora_or_skip()
    wanted = ("kcna-co-jp/2003/", "kcna-co-jp/2012/", "kcna-co-jp/2017/", "kcna-kp/")
    files = [f for f in extract.discover(corpora) if f.path.startswith(wanted)]
    parsed = parse.parse_records(extract.extract_files(corpora, files)[0])[0]
    columns = issuer.add_issuer(article_type.add_article_type(parsed))
    size = ROW_BY_ROW_MAX
    rows = pl.concat([issuer.add_issuer(article_type.add_article_type(parsed.slice(start, size)))
                      for start in range(0, parsed.height, size)])
    assert parsed.height > 15_000 and rows["issuer"].null_count() < rows.height
    fields = ["article_id", "article_type", "issuer", "issuer_country", "responds_to"]
    assert rows.select(fields).equals(columns.select(fields))


def test_failure_classes_of_issue_19_tenth_round_genres():
    """Genre taxonomy v11, in texts written for the test (not the corpus's): a press conference held or called by
    south Korean bodies in the lead's first sentence is an interview, as any press conference of several people
    (docs/labelling.md, 'Several speakers'; v7 to v10 typed it a report), also a news conference and one opening
    the lead; one mentioned later in other news stays news. Someone interviewed by KCNA anywhere in the lead is an
    interview, also under a spokesman's title; a title naming a statement over a lead opening on an event held is
    news of the event; a declaration issued, or a joint or recent statement, in the lead's first sentence is a
    statement, as is a Spanish joint declaration made public by several bodies."""
    rows = (
        ("Labour Law Denounced in S. Korea", "The Confederation of Farmers and other bodies of south Korea held a "
         "press conference in Seoul on May 3 to denounce the new labour law. Speakers said the law must go."),
        ("Students Urge Pullout of Troops", "A students' council of south Korea reportedly called a press conference "
         "outside a ministry on June 2 demanding the pullout of the troops."),
        ("Rally Held in Seoul", "Thousands of citizens rallied in Seoul on Saturday against the new tax. Earlier, the "
         "organizers held a press conference."),
        ("Wage Cut Protested in S. Korea", "A teachers' union of south Korea called a news conference in Pusan on "
         "March 4 to protest against a wage cut."),
        ("Crackdown Condemned", "A joint press conference in Seoul on Monday by civic bodies condemned the crackdown "
         "on a union."),
        ("Spokesman for Ministry on Talks", "The spokesman for a ministry of the DPRK hailed the talks. In an "
         "interview with KCNA today he said that the talks were useful."),
        ("Mitin en apoyo a la declaracion del gobierno", "Tuvo lugar el dia 3 en la plaza el mitin de los obreros "
         "en apoyo a la declaracion del gobierno."),
        ("Spokesman on Drill", "The spokesman for a ministry of the DPRK said today that the drill was a threat."),
        ("Professors Denounce Tax", "Some 300 professors of south Korea on May 2 released a declaration on the "
         "situation denouncing the new tax."),
        ("Forum Ends", "A forum on peace closed in Geneva on Monday. It adopted a declaration."),
        ("Drills Denounced", "The friendship association of a European country in a recent statement on May 4 "
         "denounced the drills."),
        ("Entidades apoyan postura", "Dos asociaciones de amistad de un pais europeo hicieron publica el dia 3 una "
         "declaracion conjunta en apoyo a la postura de la RPDC."),
    )
    assert article_type.rules_type(_articles(*rows)).to_list() == ["interview", "interview", "report", "interview",
                                                                   "interview", "interview", "report", "statement", "statement",
                                                                   "report", "statement", "statement"]


def test_failure_classes_of_issue_19_eleventh_round_genres():
    """Genre taxonomy v12, in texts written for the test (not the corpus's): a 'News Analyst' instalment named in the
    title is a commentary; a polemical title ('... Flailed', '... under Fire') over a lead in the agency's own voice
    is a commentary naming no paper; over a lead retelling others' reactions (a rally, a statement, 'said') the rule
    leaves the article to the model, as the catch-all does; a polemical word inside the title decides nothing."""
    frame = _articles(
        ("Why Ruritania Arms Itself (2): News Analyst", "Ruritania is spending more on arms than ever before."),
        ("Ruritania's Plan for Naval Drills Flailed", "The Ruritanian warmongers are going mad over their plan for "
         "naval drills off the coast.\n\nThis is a reckless act that can never be tolerated."),
        ("Ruritanian Minister's Remarks under Fire", "Some days ago, the defence minister of Ruritania talked "
         "nonsense about a threat from his neighbours."),
        ("Ruritania's Naval Drills under Fire", "Civic organizations of Ruritania held a rally in the capital on "
         "Monday to denounce the naval drills."),
        ("Ruritanian Minister's Remarks Slammed", "A friendship association of a European country said the minister's "
         "remarks are a provocation."),
        ("Drills Flailed by Neighbours Resume", "Naval drills resumed off the coast of Ruritania on Monday."),
    )
    first = article_type.rule_index(frame)
    assert article_type.rule_types(first).to_list() == ["commentary", "commentary", "commentary", "report", "report",
                                                        "report"]
    assert article_type.reached_catch_all(first).to_list() == [False, False, False, True, True, True]


def test_failure_classes_of_issue_19_twelfth_round_genres():
    """Genre taxonomy v13 follows docs/labelling.md v2, in texts written for the test (not the corpus's): a memorandum
    or an indictment retold in indirect speech has the document's type ('The memorandum said that ...'; v7 to v12:
    news), one retold 'according to' it stays news; a white paper a body released or issued is a memorandum, one retold
    'according to' it news; a press conference whose words are given is an interview whoever gave it, also under a
    spokesman's title, but a press conference retold in the agency's own verdicts ('blustered') is left to the model;
    several papers' editorials are an editorial."""
    frame = _articles(
        ("Ministry Memorandum on War Crimes", "The Ministry of Culture of the DPRK issued a memorandum on Monday on "
         "the crimes of the invaders.\n\nThe memorandum said that the crimes must be paid for."),
        ("Memorandum on War Crimes Published", "The Ministry of Culture of the DPRK published a memorandum on Monday. "
         "According to the memorandum, the crimes were many."),
        ("Institute Issues White Paper", "The Institute for Peace released a white paper Tuesday exposing the crimes "
         "of the Ruritanian army."),
        ("White Paper Published", "The Institute for Peace released a white paper on Tuesday. According to it, the "
         "crimes rose."),
        ("Talks Useful: Spokesman for Ruritanian Foreign Ministry", "Ab Cd, spokesman for the Foreign Ministry of "
         "Ruritania, in a press conference on March 2 said that the talks were useful."),
        ("Wage Cut Rejected", "A teachers' union of Ruritania called a press conference on May 3 demanding the "
         "withdrawal of the wage cut."),
        ("Minister's Remarks under Fire", "Some days ago, the defence minister of Ruritania at a press conference "
         "blustered that his army would strike first."),
        ("Papers Editorially Mark Day of Sun", "Papers here today dedicate editorials to the birth anniversary of the "
         "President."),
    )
    first = article_type.rule_index(frame)
    assert article_type.rule_types(first).to_list() == ["memorandum", "report", "memorandum", "report", "interview",
                                                        "interview", "report", "editorial"]
    assert article_type.reached_catch_all(first).to_list() == [False] * 6 + [True, False]


def test_a_rule_that_decides_keeps_its_answer_where_the_model_is_sure(monkeypatch):
    """Genre taxonomy v13: a rule whose `decides` is 'rules' (press conferences, several papers' editorials,
    memoranda, white papers and indictments a body issued) keeps its answer where the model is sure of another type;
    any other rule's answer the sure model replaces (texts written for the test)."""
    frame = _articles(
        ("Wage Cut Rejected", "A teachers' union of Ruritania called a press conference on May 3 demanding the "
         "withdrawal of the wage cut."),
        ("Papers Editorially Mark Day of Sun", "Papers here today dedicate editorials to the birth anniversary of the "
         "President."),
        ("Kim Jong Un Sends Message to Ruritanian President", "Kim Jong Un sent a message of greeting on Monday."),
        ("Institute Indicts Ruritania", "The Institute for Peace issued a lengthy indictment on Monday laying bare the "
         "crimes of Ruritania."),
        ("Instituto acusa a Ruritania", "El Instituto por la Paz hizo publica el dia 3 un acta de acusacion para "
         "revelar los crimenes de Ruritania."),
    )
    _model_answers(monkeypatch, "report")
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["interview", "editorial", "report",
                                                                             "indictment", "indictment"]


def test_a_spanish_white_paper_or_a_report_of_findings_a_body_made_public_is_a_memorandum(monkeypatch):
    """Genre taxonomy v18, in texts written for the test (not the corpus's): a Spanish white paper a body made public in
    the lead's first sentence ('hizo publica ... una carta blanca', past a date of four words) is a memorandum, as the
    English one; so is a report of findings a body released or published to disclose, reveal or expose something. No
    sure model replaces either. A white paper retold 'segun' it, and a report released with no such purpose, are left
    to the rules below and the model, as before; a memorandum made public and retold from the next sentence
    'according to it' / 'segun el documento' is news that no sure model replaces."""
    frame = _articles(
        ("Instituto publica carta blanca", "El Instituto por la Paz hizo publica el 30 de noviembre la carta blanca "
         "para revelar los crimenes de Ruritania.\n\nEl documento senala que los crimenes son muchos."),
        ("Sociedad revela crimenes", "La Sociedad por los Rios publico el dia 19 una informacion con el fin de delatar "
         "los crimenes de Ruritania."),
        ("2016 Report on Dam Failures Released", "The Committee for Rivers released the 2016 report on dam failures in "
         "Ruritania Friday to disclose the worst ten of its crimes."),
        ("Carta blanca publicada", "El Instituto por la Paz publico el dia 3 un estudio. Segun el libro blanco, los "
         "crimenes aumentaron."),
        ("Report on Rivers Released", "The Committee for Rivers released a report on the rivers of Ruritania on Friday."),
        ("Comite publica memorando", "El Comite por los Rios hizo publico el dia 3 un memorando para revelar los "
         "crimenes de Ruritania.  Segun el documento, los crimenes son muchos."),
        ("Crimes Disclosed", "The Committee for Rivers on Monday issued a memorandum disclosing the crimes of "
         "Ruritania.  According to it, the crimes began in 1950."),
    )
    first = article_type.rule_index(frame)
    assert article_type.rule_types(first).to_list()[:3] == ["memorandum"] * 3
    assert article_type.rule_types(first).to_list()[5:] == ["report"] * 2
    assert article_type.kept_from_the_model(first).to_list() == [True, True, True, False, False, True, True]
    _model_answers(monkeypatch, "memorandum")
    assert article_type.add_article_type(frame)["article_type"].to_list()[5:] == ["report"] * 2
    _model_answers(monkeypatch, "report")
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["memorandum"] * 3 + ["report"] * 4


def test_failure_classes_of_issue_19_thirteenth_round_genres(monkeypatch):
    """Genre taxonomy v14, in texts written for the test (not the corpus's): one article a body or writer posted or
    carried is a commentary past an abbreviated month, with a qualifier, with its title in quotes or in the passive,
    and no sure model replaces it; several bodies' articles stay news. A title naming a commentary decides before the
    document its lead names; 'issued on Saturday the following statement' and a Spanish notice sent past a place are
    statements. A weather report measured in millimetres is `other` that the model does not replace; weather whose
    damage the lead tells is left to the model. A body's report released as a document is a memorandum. A round-up
    opening on the world public's reaction stays news, kept from the model."""
    frame = _articles(
        ("Ruritanian Body Praises Rivers", "The Ruritanian Society for Friendship posted on its website on Dec. 2 an "
         "article titled \"Clean rivers\" illustrated with a photo.\n\nThe article said:\n\nThe rivers are clean."),
        ("Ruritanian Group on Forests", "The Ruritanian Study Group posted on its homepage a photo-accompanied article "
         "\"Green hills\" on May 3.\n\nThe article said: the hills are green."),
        ("Writer on Harvest", "An article titled \"Rich harvest\" was posted by Ab Cd, a writer of Ruritania, on its "
         "website on March 30.\n\nThe article said: the harvest is rich."),
        ("Bodies Praise Rivers", "Ruritanian organizations posted articles on their websites on May 3 praising the "
         "rivers."),
    )
    assert article_type.rules_type(frame).to_list() == ["commentary", "commentary", "commentary", "report"]
    named = _articles(
        ("Who Threatens Whom? = KCNA Commentary =", "The Ruritanian minister, addressing a meeting on May 3, made a "
         "speech full of lies.\n\nIn this connection the committee recently issued an open questionnaire."),
        ("Ruritania Told to Behave", "A spokesman for the Committee for Rivers issued on Saturday the following "
         "statement:\n\nThe rivers are ours."),
        ("Comite envia aviso", "El Comite por los Rios envio el dia 9 por via de la frontera un aviso al Ministerio de "
         "Ruritania."),
    )
    assert article_type.rules_type(named).to_list() == ["commentary", "statement", "statement"]
    reports = _articles(
        ("KCNA Report on Dam Failure", "The Korean Central News Agency made public the following report on May 27 as "
         "regards the failure of a dam:\n\nThe dam failed."),
        ("Institute on Border Crimes", "The Institute for Peace released a detailed report on Tuesday laying bare the "
         "crimes at the border."),
        ("Paper's False Story Dismissed", "A Ruritanian paper released a false report on July 5 about the harvest."),
    )
    assert article_type.rules_type(reports).to_list() == ["memorandum", "memorandum", "report"]
    roundups = _articles(
        ("Ruritania's Dams Denounced", "The world public is vehemently denouncing the dams of Ruritania.\n\nThe "
         "Committee for Rivers of Utopia in a statement said that the dams must go."),
        ("Dams Denounced", "The Committee for Rivers of Utopia in a statement said that the dams must go."),
    )
    first = article_type.rule_index(roundups)
    assert article_type.rule_types(first).to_list()[0] == "report"
    assert article_type.kept_from_the_model(first).to_list() == [True, False]
    weather = _articles(
        ("Dry Spell Goes On", "A spell of dry weather continues in Ruritania.\n\nIt rained only 12 mm in the capital "
         "from Monday to Saturday."),
        ("Drought Damages Crops", "A long drought is badly affecting the crops of Ruritania.\n\nIt rained 4 mm in "
         "May."),
        ("Rain Gauges Made", "A factory has made new rain gauges for farms."),
    )
    first = article_type.rule_index(weather)
    assert article_type.rule_types(first).to_list() == ["other", "report", "report"]
    assert article_type.kept_from_the_model(first).to_list() == [True, False, False]
    assert article_type.reached_catch_all(first).to_list() == [False, True, True]
    _model_answers(monkeypatch, "report")
    assert article_type.add_article_type(frame.head(3))["article_type"].to_list() == ["commentary"] * 3


def test_one_persons_words_placed_at_a_meeting_are_a_speech_the_model_does_not_replace(monkeypatch):
    """Genre taxonomy v15, in texts written for the test (not the corpus's): a lead giving one person's words and then
    'Speaking at a meeting ..., he said', 'He said this in his speech at ...', 'made the remark in his report at',
    'stressed this at the plenary meeting', 'hizo uso de la palabra' is a speech, kept where the model says report (its speech override too); a reception
    hosted, at which someone spoke, stays news."""
    frame = _articles(
        ("Minister Calls for More Dams", "The Ruritanian minister of water called for building more dams.\n\nSpeaking "
         "at a national meeting held in the capital recently, he said dams are the key to harvests."),
        ("Premier on Rivers", "Rivers must be kept clean. The Ruritanian premier said this in his speech at a session "
         "of the Assembly on May 3."),
        ("Secretary on Unity", "Unity is the key to victory, the secretary declared.\n\nHe made the remark in his "
         "report at a meeting held in the capital on Monday."),
        ("Delegado interviene", "El delegado de Ruritania hizo uso de la palabra el dia 5 en la reunion del comite."),
        ("Delegate on Rivers", "Rivers belong to all.\n\nThe Ruritanian delegate stressed this at the plenary meeting "
         "of the Rivers Conference on May 3."),
        ("Ambassador Hosts Reception", "The Ruritanian ambassador hosted a reception on May 3.\n\nAddressing the "
         "reception, he said the friendship is strong."),
    )
    first = article_type.rule_index(frame)
    assert article_type.rule_types(first).to_list() == ["speech"] * 5 + ["report"]
    assert article_type.kept_from_the_model(first).to_list() == [True] * 5 + [False]
    _model_answers(monkeypatch, "report")
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["speech"] * 5 + ["report"]


def test_a_round_up_of_several_organizations_going_on_with_one_statement_stays_news(monkeypatch):
    """Genre taxonomy v15, in texts written for the test (not the corpus's): a lead opening on several organizations'
    protest and going on with one of them 'in a statement' is a report the sure model does not replace; one going on
    with two bodies' joint statement is not this rule's, and the combiner follows the sure model on it, as long as
    real statements are (guide v2: joint documents)."""
    frame = _articles(
        ("Dams Denounced in Ruritania", "Ruritanian organizations are strongly protesting against the dams.\n\nThe "
         "Federation of Farmers in a statement on May 3 said the dams must go."),
        ("Two Bodies Urge Talks", "Two Utopian organizations urged talks.\n\nThe Utopian Peace Committee and the "
         "Utopian Friendship Society in a joint statement on May 3 said talks are needed.\n\nThe statement said that the "
         "two sides should sit at the table without preconditions and settle their differences by dialogue.\n\nIt "
         "called on the governments concerned to stop their military drills, which only escalate the tension.\n\nThe "
         "statement expressed the belief that peace would surely prevail on the peninsula.\n\n-0-"),
    )
    first = article_type.rule_index(frame)
    assert article_type.rule_types(first).to_list()[0] == "report"
    assert article_type.kept_from_the_model(first).to_list() == [True, False]
    _model_answers(monkeypatch, "statement")
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["report", "statement"]


def test_several_papers_words_are_a_commentary():
    """Genre taxonomy v15, in texts written for the test (not the corpus's): a lead opening on several papers' words
    ('Papers here today urge ...', 'Newspapers of the DPRK Thursday denounce ...') is a commentary; papers that carry
    an editorial keep the editorial, and a report of papers published stays news."""
    frame = _articles(
        ("Dams Must Go: Papers", "Papers Thursday urge the Ruritanian authorities to pull down the dams.\n\nThe dams "
         "flood the fields."),
        ("Dams Denounced", "Newspapers of the DPRK on Monday denounce the dams of Ruritania as a crime."),
        ("Rivers Called For", "Papers here today say rivers must be clean.\n\nRodong Sinmun in an editorial says the "
         "rivers belong to the people."),
        ("Papers Printed", "Newspapers printed in the new plant reached the provinces on Monday."),
    )
    assert article_type.rules_type(frame).to_list() == ["commentary", "commentary", "editorial", "report"]


def test_several_papers_carrying_articles_are_a_commentary_the_sure_model_keeps(monkeypatch):
    """Genre taxonomy v16, in texts written for the test (not the corpus's): the DPRK's papers carrying articles or
    commentaries at the lead's start carry the papers' words, a `commentary` (guide v2's readers; v10 to v15 called
    it a press review) that a model sure of `other` does not replace; a press review's title stays `other`."""
    frame = _articles(
        ("Day of Rivers Observed", "Papers here today dedicate signed articles to the Day of Rivers.\n\nRodong "
         "Sinmun says that clean rivers are the wealth of the nation."),
        ("Periodicos denuncian presas", "Los periodicos capitalinos insertaron este lunes sendos articulos "
         "individuales contra las presas de Ruritania."),
        ("Press review", "Papers here today carry articles on the Day of Rivers."),
    )
    _model_answers(monkeypatch, "other")
    assert article_type.rules_type(frame).to_list() == ["commentary", "commentary", "other"]
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["commentary", "commentary", "other"]


def test_one_article_named_by_what_it_says_is_a_commentary_the_sure_model_keeps(monkeypatch):
    """Genre taxonomy v16, in texts written for the test (not the corpus's): one article a body or paper posted or
    carried in the lead's first sentence, named by what it says rather than by its title, is a `commentary` that a
    model sure of `report` does not replace; several articles stay news, and an article named as the cause of a
    sentence is left to the model."""
    frame = _articles(
        ("Dams Denounced by Ruritanian Society", "The Ruritania-Korea Society posted on its website on Aug. 3 an "
         "article denouncing the dams on the border.\n\nThe article said the dams flood the fields."),
        ("Ruritanian Paper Lauds Weavers", "The Ruritanian paper Morning Star carried a photo of the weavers and an "
         "article lauding their work."),
        ("Weavers Praised by Societies", "Ruritanian societies posted articles on their websites praising weavers."),
        ("Blogger Sentenced", "A Ruritanian court sentenced a citizen who posted an article praising the weavers."),
    )
    _model_answers(monkeypatch, "report")
    assert article_type.rules_type(frame).to_list() == ["commentary", "commentary", "report", "report"]
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["commentary", "commentary", "report",
                                                                             "report"]


def test_the_people_recalling_feats_on_an_anniversary_is_a_feature():
    """Genre taxonomy v16, in texts written for the test (not the corpus's): a lead whose first sentence has the people
    recalling or looking back on someone's feats on an anniversary is an anniversary feature (`other`), also past an
    abbreviated month, and a scenic spot past 'Mt.' is a feature; a meeting for remembering someone stays news."""
    frame = _articles(
        ("Feats for Weavers", "With the approach of the birth anniversary of the founder, the Korean people are "
         "recalling with deep emotion the feats he performed for the weavers.\n\nHe visited the mills."),
        ("Founder's Care", "On the anniversary of the mill, the people in the DPRK look back on the founder's care."),
        ("Weavers' Day", "With the approach of the anniversary (Dec. 17) of the mill, the people recall its founder."),
        ("Mt. Rivers", "Mt. Rivers is one of the eight scenic spots of Ruritania.\n\nIt has six peaks."),
        ("Meeting for Remembering Founder Held", "A meeting for remembering the founder was held on the 10th "
         "anniversary of his demise."),
    )
    assert article_type.rules_type(frame).to_list() == ["other", "other", "other", "other", "report"]


def test_a_press_conference_sponsored_or_reportedly_held_is_an_interview_the_sure_model_keeps(monkeypatch):
    """Genre taxonomy v16, in texts written for the test (not the corpus's): a press conference sponsored, one
    'reportedly held' to denounce something, or a Spanish one granted past its date and place, in the lead's first
    sentence, is an `interview` (guide v2: a press conference whose words the article gives) that a model sure of
    `report` does not replace; a press conference named only later stays news."""
    frame = _articles(
        ("Dams Denounced in Ruritania", "The Rivers Alliance of Ruritania reportedly sponsored a press conference in "
         "the capital on May 3 to denounce the dams."),
        ("Dams Denounced", "A press conference was reportedly held in front of the ministry on June 5 denouncing the "
         "dams."),
        ("Denuncian presas", "El comite de rios concedio el dia 27 en la capital una conferencia de prensa para "
         "denunciar las presas."),
        ("Dam Opened", "A dam was opened in Ruritania on May 3. A press conference was held later."),
    )
    _model_answers(monkeypatch, "report")
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["interview", "interview", "interview",
                                                                             "report"]


def test_a_statement_issued_and_retold_is_a_statement_the_sure_model_keeps(monkeypatch):
    """Genre taxonomy v17, in texts written for the test (not the corpus's): one body's statement issued or given 'in a
    statement' in the lead's first sentence and retold by the next paragraph ('The statement said ...') is a
    `statement` (guide v2, retold documents) that a model sure of `report` does not replace; several bodies'
    statements and a press conference about a statement stay news."""
    frame = _articles(
        ("Dams Denounced", "The Ruritania Rivers Society issued a statement on Feb. 3 denouncing the dams.\n\nThe "
         "statement noted that the dams flood the fields."),
        ("Weavers Supported", "The Weavers' Union of Ruritania in a statement released on May 1 backed the weavers."
         "\n\nThe statement recalled their long strike."),
        ("Apoyan a tejedores", "El Partido Ruritano publico el dia 5 una declaracion en apoyo a los tejedores.\n\nLa "
         "declaracion senala que su lucha es justa."),
        ("Dams Denounced by Societies", "Ruritanian societies released statements on Feb. 3 denouncing the dams.\n\n"
         "The statements said the dams flood the fields."),
        ("Press Conference on Statement", "A press conference was held in the capital on the just released statement "
         "of the government.\n\nThe statement said the dams were built."),
    )
    _model_answers(monkeypatch, "report")
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["statement", "statement", "statement",
                                                                             "report", "report"]


def test_a_press_conference_is_read_past_initials_and_abbreviations(monkeypatch):
    """Genre taxonomy v17, in texts written for the test (not the corpus's): the press conference rows read the lead's
    first sentence past 'U.S.', an initial, 'Rev.' or an abbreviated month, where the full stop of the abbreviation
    ended it and the article fell to the model's `report`; a press conference named after a real full stop stays
    news."""
    frame = _articles(
        ("Base Opposed", "The Committee against the U.S. Base in Ruritania reportedly called a news conference on "
         "March 10 to demand a halt to the base.\n\nSpeakers said the base must go."),
        ("Dams Opposed", "Rev. Rivers and J. K. Weaver of the Ruritanian Society held a press conference on Feb. 3 "
         "denouncing the dams."),
        ("Dam Opened", "A dam was opened by the U.S. company in Ruritania on May 3. A press conference was held later."),
    )
    _model_answers(monkeypatch, "report", 0.6)
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["interview", "interview", "report"]


def test_a_statement_notice_or_declaration_is_read_past_initials_and_abbreviations():
    """Genre taxonomy v17, in texts written for the test (not the corpus's): the statement, notice, declaration,
    memorandum and indictment rows read the lead's first sentence past an initial, 'U.S.' or 'C.C.' as the press
    conference rows do; a document named after a real full stop stays news."""
    frame = _articles(
        ("Weavers Supported", "Ruritanian weavers in the U.S. released a declaration on May 2 backing the strike."),
        ("Dams Studied", "The Rivers Department of the C.C. of the Ruritanian Party recently issued a notice calling "
         "for the study of dams."),
        ("Dam Opened", "A dam was opened by the U.S. company in Ruritania on May 3. A notice was issued later."),
    )
    assert article_type.rules_type(frame).to_list() == ["statement", "statement", "report"]


def test_a_title_passing_the_agencys_verdict_is_a_commentary():
    """Genre taxonomy v17, in texts written for the test (not the corpus's): a title passing a verdict on someone
    ('... Slammed for ...', '... Termed ...') over a lead that reports no one passing it is an opinion piece in the
    agency's own voice, a `commentary` (guide v2); a verdict passed in a place or by a body, or a lead whose first
    sentence has someone hold a rally or say so, is left to the model as at the catch-all."""
    frame = _articles(
        ("Ruritanian Regime Slammed for Building Dams", "The Ruritanian regime is kicking up a racket to build dams "
         "across the rivers of the region."),
        ("Dam Project Termed Charade", "Shortly ago the Ruritanian rulers cooked up a plan to dam the rivers."),
        ("Ruritanian Regime Denounced for Dams in Ruritania", "The Ruritanian regime is building dams."),
        ("Ruritanian Regime Accused of Building Dams", "The Rivers Society of Ruritania held a rally on May 3 against "
         "the dams."),
    )
    assert article_type.rules_type(frame).to_list() == ["commentary", "commentary", "report", "report"]


def test_one_papers_write_up_is_a_commentary_the_sure_model_keeps(monkeypatch):
    """Genre taxonomy v17, in texts written for the test (not the corpus's): one paper's or magazine's write-up
    carried in the lead's first sentence is the paper's article, a `commentary` that a model sure of `report` does
    not replace; several papers' write-ups stay news."""
    frame = _articles(
        ("Weavers Praised by Ruritanian Paper", "The Ruritanian paper Morning Star on May 3 carried a special write-up "
         "on the weavers.\n\nIt said the weavers work hard."),
        ("Weavers Praised by Foreign Papers", "Foreign papers carried special write-ups on the weavers."),
    )
    _model_answers(monkeypatch, "report")
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["commentary", "report"]


def test_a_press_statement_a_body_issued_and_a_press_review_keep_their_type_where_the_model_is_sure(monkeypatch):
    """Genre taxonomy v14, in texts written for the test (not the corpus's): one body's press statement it made public
    or issued stays a press statement where the model is sure of a statement, and a press review stays `other`;
    several bodies' press statements in a round-up are left to the combiner."""
    frame = _articles(
        ("Ruritanian Committee on Wages", "The Ruritanian Committee for Peace made public a press statement on May 18 "
         "demanding higher wages.\n\nThe statement said: wages must rise."),
        ("Spokesman on Talks", "The talks are at a standstill.\n\nIn this connection a spokesman for the Ministry of "
         "Rivers on Oct. 24 issued the following press statement:"),
        ("Peace Backed Abroad", "Political parties of different countries issued press statements backing peace."),
        ("Press review", "Papers here today carry a message the President received from the Ruritanian Premier."),
    )
    assert article_type.kept_from_the_model(article_type.rule_index(frame)).to_list() == [True, True, False, True]
    _model_answers(monkeypatch, "statement")
    typed = article_type.add_article_type(frame)["article_type"].to_list()
    assert [typed[0], typed[1], typed[3]] == ["press_statement", "press_statement", "other"]


def test_an_adverb_of_report_or_time_ends_the_speaker_and_an_opening_time_is_no_speaker():
    """issuer_code_v11: 'X reportedly said', 'X recently in an article accused', 'X jointly made public' end the speaker at
    the adverb (v10 kept it: 'council ... reportedly said'); 'Recently the X adopted' names X, not 'Recently the X'; and a
    commentary opening 'Recientemente, un politico ... dijo' has no last-resort speaker (v10: 'Recientemente') (texts written
    for the test)."""
    frame = _issued(
        ["statement", "commentary", "commentary"],
        ("Release of Prisoners Urged in S. Korea", "The Federation of Farmers Unions of South Korea reportedly said in a statement on May 3 that all prisoners of conscience must be released."),
        ("Ruritanian Paper Slams Japan", "The Morning Herald of Ghana recently in an article accused Japan of distorting history."),
        ("Revela peligro de militarizacion de Japon", "Recientemente, un diputado de alto rango de Japon dijo en una reunion que debe revisarse la Constitucion pacifista."),
    )
    assert frame["issuer"].to_list() == ["Federation of Farmers Unions", "Morning Herald of Ghana", None]
    assert frame["issuer_country"].to_list() == ["KR", "GH", None]
    assert issuer.clean("Recently the Ruritanian Parliament") == "Ruritanian Parliament"


def test_an_before_a_korean_name_is_the_surname():
    """issuer_code_v11: 'An Chol Su, a former teacher, was interviewed' is An Chol Su (v10 read 'An' as the article: 'Chol
    Su'); 'An Iranian delegation' still drops its article (texts written for the test)."""
    frame = _enriched(
        ("Former Teacher Interviewed", "An Chol Su, a former teacher who had been detained in Japan, was interviewed by KCNA on Thursday."),
    )
    assert frame["article_type"].to_list() == ["interview"]
    assert frame["issuer"].to_list() == ["An Chol Su"]
    assert issuer.clean("An Iranian delegation") == "Iranian delegation"


def test_participants_of_an_international_bodys_meeting_are_international():
    """issuer_code_v11: the participants in a meeting of an organ of an international body ('... the Bureau of the World
    Federation of Scientific Workers') are XX, the word 'World' being more than four words in (v10: KP); a country in those
    words keeps its country ('... of the Chinese regional preparatory committee') (texts written for the test)."""
    frame = _enriched(
        ("Letter to Kim Jong Un", "Kim Jong Un received a letter on May 3 from the participants in the meeting of the Bureau of the World Federation of Scientific Workers."),
    )
    assert frame["article_type"].to_list() == ["message"]
    # Guide v2 changed it: the participants in an event are nobody named, no issuer (issuer_code_v16); their country,
    # where a caller asks for it, is still read as before.
    assert frame["issuer_country"].to_list() == [None]
    name = "participants in the meeting of the Bureau of the World Federation of Scientific Workers"
    assert _country_of(name) == "XX"
    assert _country_of("participants in a cycling tour for reunification of the Chinese regional preparatory committee") == "CN"


def test_a_body_of_southerners_living_in_the_north_is_the_dprks():
    """issuer_code_v11: a body of people from the South who live in the North ('... of Former South Korean Teachers in the
    North') is KP, where they live, as 'Koreans in China' are CN (v10: KR, from 'South Korean') (text written for the test)."""
    frame = _enriched(
        ("Teachers Denounce Puppets", "The Association of Former South Korean Teachers in the North for Reunification issued a statement on June 3 denouncing the puppet authorities."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer_country"].to_list() == ["KP"]
    assert _country_of("Kim Ho", "Kim Ho, a Syrian merchant in the north of Syria") == "SY"


def test_dominican_names_the_dominican_republic():
    """Gazetteer v3: the demonym 'Dominican' / 'dominicano' is DO, in the mentions and in a speaker's country (v2 knew only
    'Dominican Republic': a Dominican party's committee was KP); 'Dominica' stays DM (texts written for the test)."""
    frame = _enriched(
        ("Reunification Supported", "The Dominican Committee for Peace in Korea issued a statement on June 25 supporting the Korean people."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer_country"].to_list() == ["DO"]
    assert issuer_country.countries_in("partidos dominicanos") == ("DO",)
    assert issuer_country.countries_in("Workers' Party of Dominica") == ("DM",)
    assert _entities("Dominican Party Leader Arrives", "A delegation arrived here.").get("country:DO") == 1


def test_a_country_owning_a_speaker_by_possessive_is_its_country():
    """issuer_code_v11: 'Ghana's Lower House', 'a committee of Ghana's State Council' are GH (v10 read "ghana's" as no country:
    KP or the title's country); a body 'for Korea's Reunification' and a title's 'Japan's moves' are not owned by the country
    they name (texts written for the test)."""
    frame = _enriched(
        ("Ghana's Parliament Backs Palestinians", "Ghana's Lower House on Tuesday issued a statement supporting the Palestinian people."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer_country"].to_list() == ["GH"]
    assert _country_of("committee of Ghana's State Council") == "GH"
    assert issuer_country.countries_in("Ghana's Lower House") == ()
    assert issuer_country.countries_in("Ghana's Lower House", possessive=True) == ("GH",)
    assert issuer_country.countries_in("Swiss Committee for Supporting Korea's Reunification", possessive=True) == ("CH",)


def test_an_official_who_answered_or_replied_is_the_last_resort_issuer():
    """issuer_code_v11: 'X, director of ..., answered a question put by KCNA' and 'Minister X of the DPRK replied written queries'
    name the answer's speaker (v10: none); a body that called a press conference is still no speaker, as the guide's several
    speakers of a press conference have no issuer (texts written for the test)."""
    frame = _enriched(
        ("On Fishing Season", "Ri Chol Nam, director of the Institute of Coastal Studies, answered a question put by KCNA on May 2 as regards the fishing season. He said:"),
        ("Minister Ri Chol Nam Interviewed", "Fisheries Minister Ri Chol Nam of the DPRK replied written queries put by foreign reporters as regards the fishing season. He said:"),
    )
    assert frame["article_type"].to_list() == ["answer", "interview"]
    assert frame["issuer"].to_list() == ["Ri Chol Nam", "Ri Chol Nam"]
    assert frame["issuer_country"].to_list() == ["KP", "KP"]


def test_a_paper_is_its_name_without_what_describes_it():
    """issuer_code_v11: 'The south Korean online paper Minjung Sori in a statement said' is Minjung Sori, KR (v10: 'south Korean
    online paper Minjung Sori'); a name that itself names a country keeps its description, whose country is the paper's
    (texts written for the test)."""
    frame = _enriched(
        ("S. Korean Paper Slams Police", "The south Korean online paper Minjung Sori in a statement on May 3 said that the police must stop their crackdown."),
    )
    assert frame["article_type"].to_list() == ["statement"]
    assert frame["issuer"].to_list() == ["Minjung Sori"]
    assert frame["issuer_country"].to_list() == ["KR"]
    assert issuer.clean("Ghanaian newspaper Daily Graphic") == "Daily Graphic"
    assert issuer.clean("Hong Kong newspaper South China Herald") == "Hong Kong newspaper South China Herald"


def test_a_spanish_bodys_name_does_not_take_the_army_its_victims_were_enslaved_for():
    """issuer_code_v11: 'Comite Coreano ... sobre el Problema de ex Esclavas Sexuales para el Ejercito Japones' is KP, as its
    English name is (v10: JP) (name written for the test)."""
    assert _country_of("Comite Coreano de Estudios sobre ex Esclavas Sexuales para el Ejercito Japones") == "KP"
    assert _country_of("Asociacion de Amistad con Japon") == "JP"


def test_a_body_does_not_take_the_country_it_studies():
    """issuer_code_v12: 'Institute for Canadian Studies of the Foreign Ministry', 'Department of U.S. Affairs',
    Spanish 'Instituto de Estudio de los Asuntos Canadienses' are KP, not the country studied (v11: CA, US) (names
    written for the test)."""
    assert _country_of("Institute for Canadian Studies", ", Ministry of Foreign Affairs of the DPRK,") == "KP"
    assert _country_of("Department of U.S. Affairs") == "KP"
    assert _country_of("Instituto de Estudio de los Asuntos Canadienses") == "KP"
    assert _country_of("Canadian Institute for Asian Studies") == "CA"
    assert _country_of("Society for Korean Studies in Canada") == "CA"


def test_a_body_after_south_in_parentheses_is_south_korean():
    """issuer_code_v12: 'The (south) Korean Federation of Farmers issued a statement' is KR: clean() drops the parentheses
    and the bare 'Korean' gave KP (texts written for the test)."""
    lead = "The (south) Korean Federation of Farmers issued a statement on May 2 denouncing the authorities."
    assert issuer.find_speaker("statement", "Farmers' body speaks", lead) == ("Korean Federation of Farmers", "KR")
    lead = "The (South) Korean Federation of Farmers and the Korean Teachers Union of the DPRK issued a joint statement."
    assert issuer.find_speaker("statement", "Joint statement", lead)[1] == "KR"
    lead = "The Korean Federation of Farmers issued a statement on May 2 denouncing the (south) Korean authorities."
    assert issuer.find_speaker("statement", "Farmers' body speaks", lead) == ("Korean Federation of Farmers", "KP")


def test_the_solidarity_for_implementing_the_joint_declaration_is_south_korean():
    """issuers_v9: the south Korean Solidarity for Implementing the South-North Joint Declaration is KR, not the country it
    denounces (v8: US, or KP from 'Korea') (texts written for the test)."""
    lead = "The Solidarity for Implementing the South-North Joint Declaration in a statement on May 3 denounced the U.S. troops."
    assert issuer.find_speaker("statement", "Troops denounced", lead) == (
        "Solidarity for Implementing the South-North Joint Declaration", "KR")
    lead = "The Special Committee of the Solidarity for Implementing the South-North Joint Declaration issued a statement."
    assert issuer.find_speaker("statement", "Statement", lead)[0] != "Solidarity for Implementing the South-North Joint Declaration"


def test_an_office_at_an_international_body_is_not_the_body():
    """issuer_code_v12: 'The DPRK permanent representative at the United Nations sent a letter' is the representative, KP,
    not the United Nations, XX (texts written for the test)."""
    lead = "The DPRK permanent representative at the United Nations sent a letter to the UN secretary-general on May 4."
    assert issuer.find_speaker("message", "Letter to UN", lead) == ("permanent representative at the United Nations", "KP")
    lead = "The DPRK ambassador to the United Nations sent a letter to the president of the Security Council on May 4."
    assert issuer.find_speaker("message", "Letter to UNSC", lead)[1] == "KP"
    assert issuer.clean("Premier of the DPRK Cabinet Pak Ho Nam") == "Pak Ho Nam"


def test_a_body_for_supporting_another_is_not_the_other():
    """issuer_code_v12: 'The Kenyan Committee for Supporting the Struggle of the National Democratic Front of South Korea
    issued a statement' is the Kenyan committee, KE, not the NDFSK, KR (texts written for the test)."""
    lead = ("The Kenyan Committee for Supporting the Struggle of the National Democratic Front of South Korea issued a "
            "statement on May 5.")
    name, country = issuer.find_speaker("statement", "Statement", lead)
    assert name.startswith("Kenyan Committee for Supporting") and country == "KE"
    lead = "The National Democratic Front of South Korea issued a statement on May 5 supporting the workers."
    assert issuer.find_speaker("statement", "Statement", lead) == ("National Democratic Front of South Korea", "KR")


def test_the_ministry_of_the_peoples_armed_forces_is_the_ministry_of_national_defence():
    """issuers_v9: 'the Ministry of the People's Armed Forces' (with the article) and Spanish 'Ministerio de las Fuerzas
    Armadas Populares' are the Ministry of National Defence (docs/labelling.md), not the NDC it is under (texts written
    for the test)."""
    lead = ("A spokesman for the Ministry of the People's Armed Forces of the DPRK National Defence Commission issued a "
            "statement on Monday.")
    assert issuer.find_speaker("statement", "Statement", lead) == ("Ministry of National Defence", "KP")
    lead = "El portavoz del Ministerio de las Fuerzas Armadas Populares de la RPDC hizo publica el dia 3 una declaracion."
    assert issuer.find_speaker("statement", "Declaracion", lead) == ("Ministry of National Defence", "KP")


def test_a_speaker_after_what_it_said_is_what_follows_the_verb():
    """issuer_code_v12: 'The harvest was rich, said the Malawi Society for Friendship with Korea in a statement' is the
    society, MW, not the clause before 'said' (v11 kept it in the name and took its country from the clause) (texts
    written for the test)."""
    lead = ("The harvest in the United States was poor this year, said the Malawi Society for Friendship with Korea in a "
            "statement on May 6.")
    assert issuer.find_speaker("statement", "Statement", lead) == ("Malawi Society for Friendship with Korea", "MW")


def test_a_country_inside_a_south_korean_body_s_name_is_what_it_is_about():
    """issuer_code_v13: 'The Citizens' Council against Troop Dispatch to Iraq in south Korea issued a statement' is KR
    (the place after the name), not IQ; a name that opens with its country keeps it (texts written for the test)."""
    lead = "The Citizens' Council against Troop Dispatch to Iraq in south Korea issued a statement on May 3."
    assert issuer.find_speaker("statement", "Dispatch opposed", lead) == (
        "Citizens' Council against Troop Dispatch to Iraq", "KR")
    lead = "The Japanese Residents' Association in south Korea issued a statement on May 3."
    assert issuer.find_speaker("statement", "Residents speak", lead)[1] == "JP"


def test_a_body_in_a_recent_or_special_statement_is_the_speaker():
    """speaker_patterns_v12: 'X in a recent / special statement denounced ...' names X as 'X in a statement' does (v11
    took only 'joint' or 'written' there and fell back to a known issuer or none) (texts written for the test)."""
    lead = "The Zambian Youth League in a special statement on May 4 denounced the sanctions against the DPRK."
    assert issuer.find_speaker("statement", "Sanctions denounced", lead) == ("Zambian Youth League", "ZM")
    lead = "The Kenyan government in a recent statement rejected the travel warnings of western countries."
    assert issuer.find_speaker("statement", "Warnings rejected", lead) == ("Kenyan government", "KE")


def test_a_document_issued_by_a_body_in_the_passive_is_the_bodys():
    """speaker_patterns_v12: 'A statement was issued by the Secretariat of X on June 2' is X's, a joint one the first
    body's (docs/labelling.md, joint documents) (texts written for the test)."""
    lead = ("A statement was issued by the Secretariat of the Peace Movement of Malawi on June 2 on the occasion of "
            "the anniversary of the joint declaration.")
    assert issuer.find_speaker("statement", "Declaration backed", lead) == (
        "Secretariat of the Peace Movement of Malawi", "MW")
    lead = ("A joint statement was released by the Green Party of Peru, the Workers' Front of Peru and the Peruvian "
            "Committee for Solidarity with Korea on May 8.")
    assert issuer.find_speaker("statement", "Joint statement", lead) == ("Green Party of Peru", "PE")


def test_a_spanish_sender_named_with_its_article_after_the_verb():
    """speaker_patterns_v12: 'recibio un cesto de flores y carta que le dedicara el Cuerpo Diplomatico acreditado en
    Corea' is the corps (XX: a Spanish corps of foreign diplomats is international, issuer_code_v14), as is a body named
    after 'que con motivo de ..., le enviara el dia 3 la ...' (texts written for the test)."""
    lead = ("El Maximo Dirigente Kim Jong Un recibio un cesto de flores y carta de felicitacion que le dedicara el "
            "Cuerpo Diplomatico acreditado en Corea con motivo del Ano Nuevo.")
    assert issuer.find_speaker("message", "Kim Jong Un recibe carta", lead) == ("Cuerpo Diplomatico", "XX")
    lead = ("El Maximo Dirigente Kim Jong Un recibio una carta que con motivo del Ano Nuevo, le enviara el dia 3 la "
            "Asociacion de Coreanos Residentes en Brasil.")
    assert issuer.find_speaker("message", "Kim Jong Un recibe carta", lead) == (
        "Asociacion de Coreanos Residentes en Brasil", "BR")
    lead = ("El Maximo Dirigente Kim Jong Un recibio un mensaje que le enviara el dia 9 el Presidente de la Republica "
            "de Cuba, Miguel Perez, con motivo del Ano Nuevo.")
    assert issuer.find_speaker("message", "Kim Jong Un recibe mensaje", lead)[0] != "Republica de Cuba"


def test_many_people_or_bodies_named_by_none_have_no_issuer():
    """issuer_code_v14 (docs/labelling.md: messages from several senders, joint documents of bodies it does not name):
    'More than 300 lawyers of Peru issued a declaration' has no issuer, nor falls back to the DPRK body named as what
    they backed; a plural that names its body ('Professors of Hanyang University') or a body with a plural in its name
    ('Union of Communist Parties') keeps it (texts written for the test)."""
    lead = "More than 300 lawyers of Peru issued a declaration on May 5 denouncing the U.S. sanctions."
    assert issuer.find_speaker("statement", "Declaration of lawyers", lead) == (None, None)
    lead = ("Some 40 personages of Nepali political parties made public a joint statement in support of the "
            "statement of the DPRK Foreign Ministry.")
    assert issuer.find_speaker("statement", "Statement supported", lead) == (None, None)
    lead = "Kim Jong Un received congratulatory messages from party leaders of different countries on May 3."
    assert issuer.find_speaker("message", "Greetings to Kim Jong Un", lead) == (None, None)
    lead = "Professors of Hanyang University issued a statement on May 3 demanding the repeal of the law."
    assert issuer.find_speaker("statement", "Professors' statement", lead)[0] == "Professors of Hanyang University"
    lead = "The Union of Communist Parties issued a statement on May 3 denouncing the sanctions."
    assert issuer.find_speaker("statement", "Statement", lead)[0] == "Union of Communist Parties"
    lead = "This was mentioned in a special press statement on May 3."
    assert issuer.find_speaker("press_statement", "Press statement", lead)[0] != "This was"


def test_many_unnamed_have_no_issuer_over_whole_columns_too():
    """issuer_code_v14: add_issuer over whole columns (more than ROW_BY_ROW_MAX articles) gives no issuer to a plural
    that names nobody and does not fall back to a known issuer, as find_speaker does (texts written for the test)."""
    leads = [("statement", "Some 40 personages of Nepali political parties made public a joint statement in support of "
                           "the statement of the DPRK Foreign Ministry."),
             ("message", "Kim Jong Un received congratulatory messages from party leaders of different countries."),
             ("statement", "A statement was issued by the Secretariat of the Peace Movement of Malawi on June 2.")]
    frame = pl.DataFrame([(kind, "Statement", lead) for kind, lead in leads] * (ROW_BY_ROW_MAX // 3 + 1),
                         schema=["article_type", "title", "body"], orient="row")
    found = issuer.add_issuer(frame).select("issuer", "issuer_country").rows()[:3]
    assert found == [issuer.find_speaker(kind, "Statement", lead) for kind, lead in leads]
    assert found[:2] == [(None, None), (None, None)]


def test_spanish_bodies_that_made_public_a_joint_document_are_its_first():
    """speaker_patterns_v12: Spanish plural subjects ('publicaron', 'hicieron publica', 'enviaron') issue a document
    as singular ones do; issuer_code_v14: a Spanish list of bodies is its first, plural bodies named by none have no
    issuer, and a sentence opening with what it is about names its subject after it; gazetteer_v4: 'Gran Bretaña' is
    GB (texts written for the test)."""
    lead = ("El Partido Laborista de Bolivia, la Asociacion de Amistad Bolivia-Corea y otros partidos politicos y "
            "entidades bolivianas hicieron publica el dia 13 una declaracion conjunta.")
    assert issuer.find_speaker("statement", "Declaracion conjunta", lead) == ("Partido Laborista de Bolivia", "BO")
    lead = ("Los 12 partidos politicos de los paises de America Latina participantes en el congreso publicaron el "
            "dia 5 una declaracion conjunta.")
    assert issuer.find_speaker("statement", "Declaracion conjunta", lead) == (None, None)
    lead = ("La Asociacion de Estudio de la Politica de Songun y el Grupo de Estudio del Juche, de Gran Bretaña, "
            "publicaron el dia 11 una declaracion conjunta.")
    assert issuer.find_speaker("statement", "Declaracion conjunta", lead) == (
        "Asociacion de Estudio de la Politica de Songun", "GB")
    lead = ("En relacion con que las autoridades surcoreanas incurren en provocaciones, la Comandancia del Frente "
            "Oriental del Ejercito Popular de Corea publico el dia 3 una declaracion.")
    assert issuer.find_speaker("statement", "Declaracion", lead) == (
        "Comandancia del Frente Oriental del Ejercito Popular de Corea", "KP")


def test_bodies_that_said_this_in_their_statement_and_quoted_names():
    """speaker_patterns_v12: 'X and Y noted / said this in their joint statement' is X's, as 'X stressed this in a
    statement' ('said' and 'their' were missing: v11 took what the subject said for its name or found none); a name
    holding a quoted part ('The preparatory committee for the "Grand Festival ..." published a statement') is whole;
    issuer_code_v14: a leader praised in the words said before 'said the X' is not the speaker (texts written for the
    test)."""
    lead = ("The war drills must stop at once.\n\nThe Namibia-Korea Friendship Association and the Namibian Group for the "
            "Study of the Juche Idea said this in their joint statement on May 3.")
    assert issuer.find_speaker("statement", "Drills denounced", lead) == ("Namibia-Korea Friendship Association", "NA")
    lead = ('The preparatory committee for the "Grand Festival for Peace and Reunification" published a statement on '
            'August 19.')
    assert issuer.find_speaker("statement", "Statement", lead) == (
        'preparatory committee for the "Grand Festival for Peace and Reunification', "KP")  # the scoring drops quotes
    lead = ("Kim Jong Un's work is a historic work, said the Bolivian Institute for Friendship with the Korean People "
            "in a statement on June 14.")
    assert issuer.find_speaker("statement", "Work lauded", lead) == (
        "Bolivian Institute for Friendship with the Korean People", "BO")


def test_a_spanish_report_to_a_session_and_a_spokesmans_commentary():
    """speaker_patterns_v12: 'el diputado X, ministro de Finanzas, presento el informe' is X's speech; 'A spokesman for
    the Federation of Koreans in Canada released a commentary' is the federation's (texts written for the test)."""
    lead = ("En el periodo de sesiones de la Asamblea Popular Suprema, efectuado el dia 11, el diputado Ri Chol Man, "
            "ministro de Finanzas, presento el informe sobre el presupuesto del Estado.")
    assert issuer.find_speaker("speech", "Ri Chol Man presenta informe", lead) == ("Ri Chol Man", "KP")
    lead = "A spokesman for the Federation of Koreans in Canada released a commentary on April 19 slamming the move."
    assert issuer.find_speaker("commentary", "Move slammed", lead) == ("Federation of Koreans in Canada", "CA")


def test_a_dprk_body_inside_another_name_is_written_without_dprk():
    """issuer_code_v14: 'The presidium of the DPRK Supreme People's Assembly sent a message' is the 'presidium of the
    Supreme People's Assembly' (docs/labelling.md: DPRK bodies without 'DPRK'); a person after an office 'of the DPRK'
    keeps it (texts written for the test)."""
    lead = "The presidium of the DPRK Supreme People's Assembly yesterday sent a message of thanks to the artistes."
    assert issuer.find_speaker("message", "Message of thanks", lead) == (
        "presidium of the Supreme People's Assembly", "KP")
    assert issuer.INNER_DPRK.sub(r"\1", "Foreign Minister of the DPRK Ri Chol Man") == (
        "Foreign Minister of the DPRK Ri Chol Man")


def test_spanish_country_names_and_demonyms_give_the_country():
    """gazetteer_v5: Spanish names and demonyms of countries v4 lacked ('Kenia', 'Holanda', 'suizo', 'polaca') give a
    foreign sender or body its country, not the KP fallback (texts written for the test)."""
    assert issuer_country.countries_in("el Presidente de la Republica de Kenia") == ("KE",)
    assert issuer_country.countries_in("una delegacion de Holanda") == ("NL",)
    assert issuer_country.countries_in("el comite suizo y la asociacion polaca") == ("CH", "PL")
    lead = ("El Mariscal Kim Jong Un recibio un mensaje de felicitacion que le enviara el dia 4 el Presidente de la "
            "Republica de Kenia, Ruto Kamau Njoroge.")
    assert issuer.find_speaker("message", "Mensaje de felicitacion", lead) == ("Ruto Kamau Njoroge", "KE")
    lead = "La filial sueca de la Asociacion de Amistad con Corea hizo publica el dia 8 una declaracion."
    assert issuer.find_speaker("statement", "Declaracion", lead)[1] == "SE"


def test_an_office_of_a_country_before_a_person_is_dropped():
    """issuer_code_v15: 'President of Bangladesh X Y' is X Y (docs/labelling.md: a person without the title before the
    name), its country from the office; a body after the country is kept (texts written for the test)."""
    lead = "Kim Jong Un received a congratulatory message from President of Ruritania Adam Bell Tarkov on May 3."
    assert issuer.clean("President of Bangladesh Aminul Haque Sarkar") == "Aminul Haque Sarkar"
    assert issuer.clean("President of China Friendship Association") == "China Friendship Association"
    assert issuer.find_speaker("message", "Message from President", lead.replace("Ruritania", "Kenya")) == (
        "Adam Bell Tarkov", "KE")


def test_an_interviewee_who_told_kcna():
    """speaker_patterns_v13: 'X, <role>, told KCNA' names the interviewee where the lead names no interview nor
    reporters (texts written for the test)."""
    lead = ("A campaign against influenza is under way in the DPRK.  Ro Chang Min, vice-director of the State Hygiene "
            "Board under the Ministry of Public Health, told KCNA:  The work is going well.")
    assert issuer.find_speaker("interview", "Work against Flu Goes On", lead) == ("Ro Chang Min", "KP")
    frame = pl.DataFrame({"article_type": ["interview"] * 2, "title": ["Flu Work", "Flu Work"],
                          "body": [lead, "A campaign is under way.  Officials told KCNA that it goes well."]})
    assert issuer.add_issuer(frame)["issuer"].to_list() == ["Ro Chang Min", None]


def test_members_of_a_group_and_what_it_did_after_the_name():
    """issuer_code_v15: the members of one group or body speak as it ('members of the X group' is the X group); what a
    group or person did after the name ('which visited ...', 'active at ...', 'who is heading ...') is no part of it; a
    preparatory committee 'for celebrating ...' keeps its whole name (texts written for the test)."""
    assert issuer.clean("members of the Ruritanian engineers group active at the cement plant") == (
        "Ruritanian engineers group")
    name = "members of the delegation of the Federation of Koreans in Ruritania which visited Pyongyang"
    assert issuer.clean(name) == "delegation of the Federation of Koreans in Ruritania"
    assert issuer.clean("Foreign Minister Ryo Chang Dok who is heading its delegation") == "Ryo Chang Dok"
    assert issuer.clean("members of congratulatory groups") == "members of congratulatory groups"
    assert issuer.clean("Swiss Preparatory Committee for Celebrating the Day of the Sun") == (
        "Swiss Preparatory Committee for Celebrating the Day of the Sun")


def test_a_papers_editorial_board_is_the_paper():
    """issuer_code_v15: 'The editorial board of the Czech newspaper X made public a statement' is X (texts written for
    the test)."""
    lead = "The editorial board of the Czech newspaper Novy Hlas made public a statement on May 2 in support of peace."
    assert issuer.find_speaker("statement", "Statement of Czech Paper", lead) == ("Novy Hlas", "CZ")


def test_spanish_name_of_the_aindf():
    """issuers_v10: the AINDF's Spanish name ('Frente Democratico Nacional Antiimperialista', FDNA) is the canonical
    'Anti-Imperialist National Democratic Front', KR (docs/labelling.md; texts written for the test)."""
    lead = ("El Comite Central del Frente Democratico Nacional Antiimperialista hizo publico el dia 3 un llamamiento "
            "a toda la nacion.")
    assert issuer.find_speaker("statement", "Llamamiento del FDNA", lead) == (
        "Anti-Imperialist National Democratic Front", "KR")


def test_spanish_names_of_dprk_bodies_in_english():
    """issuer_code_v16, spanish_names_v1: a DPRK body found under its Spanish name is written with the English name
    KCNA gives it, its central committee too ('Comité Central de la X', 'CC de la X'); the whole name must be the
    glossary's, and a foreign body's name is left alone (docs/labelling.md, v2; texts written for the test)."""
    lead = ("El Comite Olimpico de la RPDC hizo publica el dia 4 una declaracion en relacion con los juegos "
            "regionales.")
    assert issuer.find_speaker("statement", "Declaracion del Comite Olimpico", lead) == ("DPRK Olympic Committee", "KP")
    frame = pl.DataFrame({"article_type": ["statement"] * 2, "title": ["Declaracion", "Declaracion"], "body": [
        lead, "El CC de la Union de Periodistas de Corea emitio el dia 9 una declaracion sobre la prensa."]})
    assert issuer.add_issuer(frame)["issuer"].to_list() == [
        "DPRK Olympic Committee", "Central Committee of the Journalists Union of Korea"]
    assert issuer.english_name("Comité Central de la Unión de Mujeres Democráticas de Corea", "KP") == (
        "Central Committee of the Korean Democratic Women's Union")
    assert issuer.english_name("Comite Olimpico de Ruritania", "KP") == "Comite Olimpico de Ruritania"
    assert issuer.english_name("Ministerio de Educacion", "CU") == "Ministerio de Educacion"


def test_a_body_named_by_its_noun_that_held_a_press_conference():
    """speaker_patterns_v14: a body whose name opens with its noun and goes on with of / for ... gave the press
    conference (guide v2: its one giver is the interview's issuer), also with a plural inside the name; several bodies
    still give none; members of one give it as the body (speaker_patterns_v19: the v2 tuning labels name the body in
    both such articles; v14 to v18 gave none) (texts written for the test)."""
    lead = ("The Federation of Railway Workers in the Southern Provinces of south Korea held a press conference in "
            "Seoul on May 4 demanding the authorities stop the sell-off.")
    assert issuer.find_speaker("interview", "Sell-off Denounced", lead) == (
        "Federation of Railway Workers in the Southern Provinces", "KR")
    several = ("The Council of Teachers Unions and the Federation of Farmers of south Korea held a press conference "
               "in Seoul on May 4.")
    members = "Members of the Federation of Farmers of south Korea held a press conference in Seoul on May 4."
    frame = pl.DataFrame({"article_type": ["interview"] * 3, "title": ["Sell-off Denounced"] * 3,
                          "body": [lead, several, members]})
    assert issuer.add_issuer(frame)["issuer"].to_list() == [
        "Federation of Railway Workers in the Southern Provinces", None, "Federation of Farmers"]


def test_participants_in_an_event_are_nobody_named():
    """issuer_code_v16: the participants in an event, however the event is named, are people the article does not
    name: a letter or appeal of theirs has no issuer (guide v2, as for 'delegates of foreign parties'); a body named
    after them keeps its name (texts written for the test)."""
    lead = ("Kim Jong Un received a letter from the participants in the 5th Ruritanian International Choir Festival "
            "on Monday.")
    assert issuer.find_speaker("message", "Letter to Kim Jong Un", lead) == (None, None)
    lead = "The Participants Council of the Ruritanian Peace Forum issued a statement on May 2 in support of peace."
    assert issuer.find_speaker("statement", "Statement", lead)[0] == (
        "Participants Council of the Ruritanian Peace Forum")


def test_a_person_who_spoke_at_a_press_conference():
    """speaker_patterns_v14: a person named at a sentence start, with an office before the name or a role between
    commas, who 'in / at a (recent) press conference' said what the article gives, gave it (guide v2: its one giver
    is the interview's issuer); an abbreviation ending the sentence before is no part of the name (texts written for
    the test)."""
    lead = "Ruritanian President Adam Bell Tarkov at a recent press conference rejected the sanctions on his country."
    assert issuer.find_speaker("interview", "Sanctions Rejected", lead.replace("Ruritanian", "Belarusian")) == (
        "Adam Bell Tarkov", "BY")
    lead = ("Ko Min Jae, chairman of the Farmers Party of south Korea, in a press conference in Seoul on Monday called "
            "for an end to the rice imports.")
    assert issuer.find_speaker("interview", "Rice Imports Opposed", lead) == ("Ko Min Jae", "KR")
    lead = "The union called a press conference against the FTA. Speakers at the press conference denounced it."
    assert issuer.find_speaker("interview", "FTA Denounced", lead) == (None, None)


def test_the_overseas_side_and_a_regions_body_of_koreans_abroad_are_international():
    """issuer_code_v17: the overseas side of a pan-national body, a delegation of overseas compatriots and a region's
    body of Koreans abroad are of no one country (XX), whatever Koreans in one country the lead names beside them;
    a DPRK body for the compatriots and one country's regional body keep their country (texts written for the test)."""
    lead = ("The overseas headquarters of the National Alliance of Youth for the Country's Reunification issued a "
            "statement on May 3 denouncing the arrests in south Korea.")
    assert issuer.find_speaker("statement", "Arrests Denounced", lead)[1] == "XX"
    lead = ("The European Regional Headquarters of the Pan-national Alliance for Korea's Reunification and the Society "
            "of Koreans in Ruritania and Germany issued a joint statement on May 3 calling for peace.")
    assert issuer.find_speaker("statement", "Peace Called for", lead)[1] == "XX"
    assert _country_of("Commonwealth of Independent States Regional Committee of the Pan-national Alliance") == "XX"
    assert _country_of("delegation of overseas compatriots", "Koreans in Japan") == "XX"
    assert _country_of("Committee for Aiding Overseas Compatriots of Korea") == "KP"
    assert _country_of("Japanese Regional Committee of the Overseas Side Committee for Peace") == "JP"


def test_a_south_korean_place_or_qualifier_the_name_lost_gives_kr():
    """issuer_code_v17: a place right after the match that the pattern left out of the name ('spokesman for X in south
    Korea'), or 'south Korean' right before a name that clean() dropped, makes the body KR, before Koreans abroad named
    beside it; a body of south Koreans in Japan stays JP (texts written for the test)."""
    lead = ("A spokesman for the Preparatory Committee for All-Farmers Rally in south Korea at a press conference in "
            "Seoul on May 2 urged the regime to stop rice imports.")
    assert issuer.find_speaker("interview", "Rice Imports Opposed", lead) == (
        "Preparatory Committee for All-Farmers Rally", "KR")
    lead = ("The south Korean People for Peace on the Peninsula with an organization of Koreans in the United States "
            "on May 2 sent a joint letter to the UN Secretary-General.")
    assert issuer.find_speaker("message", "Letter to UN", lead)[1] == "KR"
    lead = "The south Korean Youth Society in Japan on May 2 sent a letter of protest to the embassy in Tokyo."
    assert issuer.find_speaker("message", "Letter of Protest", lead)[1] == "JP"


def test_a_joint_statement_of_bodies_listed_after_it_is_the_first_listed():
    """issuer_code_v17: a joint document whose first sentence names its bodies only as 'Ruritanian organizations' and
    whose next sentence lists them is the first listed body's (guide v2, joint documents), in both paths (101 rows:
    the polars one); its country from its name, else from those said to make the document public, not from what the
    document is about; a press conference of listed bodies keeps none (texts written for the test)."""
    lead = ("Political parties and organizations of Mexico released a joint statement on May 2 in support of the "
            "statement of the DPRK Foreign Ministry. They included the Labour Party of Renewal, the Peasants Union "
            "and the Youth Front.")
    assert issuer.find_speaker("statement", "Statement Supported", lead) == ("Labour Party of Renewal", "MX")
    frame = pl.DataFrame({"title": ["Statement Supported"] * 101, "article_type": ["statement"] * 101,
                          "body": [lead] + ["The Peace Council of Ruritania issued a statement on May 2."] * 100})
    assert issuer.add_issuer(frame)["issuer"].to_list()[0] == "Labour Party of Renewal"
    lead = ("Nepali organizations made public a joint statement on June 3. They are the Nepal Committee for Peace and "
            "Friendship, the Nepal Journalists Forum.")
    assert issuer.find_speaker("statement", "Joint Statement", lead) == (
        "Nepal Committee for Peace and Friendship", "NP")
    lead = ("Civic organizations held a joint press conference on May 2. They included the Solidarity for Peace, the "
            "Teachers Union.")
    assert issuer.find_speaker("interview", "Press Conference", lead) == (None, None)


def test_koreans_abroad_named_as_nationals_and_damage_done_by_a_country():
    """issuer_code_v17: an officer of an association of 'Korean Nationals in' a country is of that country, as one of
    'Koreans in' it; the country whose imperialists did the damage a body investigates is not its country ('Damage
    Done by', as 'Caused by'); an international body of Koreans beside Koreans in one country stays XX (texts written
    for the test)."""
    lead = ("Pak Un Ha, vice-chairwoman of the Central Association of Korean Nationals in Russia, "
            "issued a statement on May 2 denouncing the war drills.")
    assert issuer.find_speaker("statement", "War Drills Denounced", lead) == ("Pak Un Ha", "RU")
    assert _country_of("Committee for Investigation into the Damage Done by the Japanese Imperialists") == "KP"
    assert _country_of("International Federation of Koreans", "International Federation of Koreans and the "
                       "Union of Koreans in Kazakhstan") == "XX"


def test_what_a_body_groups_after_its_name_is_no_part_of_it():
    """issuer_code_v17: 'X grouping / consisting of / made up of ... organizations', 'X and other civic organizations',
    'X and its affiliated organizations' and a lower-case time after the name are no part of the name: the body is X;
    'Today' in a name and 'other international organizations' in a mission's name stay (texts written for the test)."""
    assert issuer.clean("Solidarity for Peace grouping personages of progressive civic organizations") == (
        "Solidarity for Peace")
    assert issuer.clean("Joint Action for Peace consisting of over 110 civic and public organizations") == (
        "Joint Action for Peace")
    assert issuer.clean("Ruritania-Korea Friendship Association and other progressive organizations of Ruritania") == (
        "Ruritania-Korea Friendship Association")
    assert issuer.clean("Federation of Farmers Unions and its affiliated organizations") == (
        "Federation of Farmers Unions")
    assert issuer.clean("central committee of the Labour Party today") == "central committee of the Labour Party"
    assert issuer.clean("Media Today") == "Media Today"
    assert issuer.clean("Permanent Mission to the UN Office and Other International Organizations in Geneva") == (
        "Permanent Mission to the UN Office and Other International Organizations in Geneva")


def test_support_for_a_proposal_for_or_an_appeal_sent_responds_to_a_statement():
    """responds_to_v4: a support word before a proposal 'for' what it proposes, an appeal 'sent' by its body or a
    communique responds to a statement, in both paths; a meeting or rally near someone's proposal for something does
    not (texts written for the test)."""
    cases = [
        ("Ruritanian Party Backs Proposal", "The Ruritanian Labour Party issued a statement on May 2 in support of the "
         "DPRK's proposal for holding a national conference.", "statement"),
        ("Appeal Supported", "The Peace Council of Ruritania fully supports the appeal sent by the DPRK government to "
         "its counterparts all over the world.", "statement"),
        ("Communique Supported", "A joint statement was issued today expressing support to the special communique "
         "released by the general staff.", "statement"),
        ("Rally Held", "A rally was held in Seoul on May 2 against the regime's proposal for raising the budget.",
         None),
    ]
    frame = pl.DataFrame({"title": [t for t, _, _ in cases] * 26, "body": [b for _, b, _ in cases] * 26,
                          "article_type": ["statement"] * 104})
    assert [responds_to.responds_to_one(t, b) for t, b, _ in cases] == [e for _, _, e in cases]
    assert issuer.add_issuer(frame)["responds_to"].to_list()[:4] == [e for _, _, e in cases]


def test_a_body_with_a_quoted_title_or_an_abbreviation_that_held_a_press_conference():
    """speaker_patterns_v15: the body that called / held a press conference may have a quoted title in its name or an
    abbreviation in parentheses after it (texts written for the test)."""
    lead = ('The People\'s Solidarity for the Repeal of the "Ruritanian Security Law" held a press conference in Seoul '
            'on May 2 demanding the repeal of the law.')
    assert issuer.find_speaker("interview", "Repeal Demanded", lead)[0] == (
        'People\'s Solidarity for the Repeal of the "Ruritanian Security Law')  # as v12's test: scoring drops quotes
    lead = ("The South Headquarters of the Ruritanian Alliance for Peace (Rurpeace) called a press conference in Seoul "
            "on May 2, urging the regime to stop the drills.")
    assert issuer.find_speaker("interview", "Drills Denounced", lead) == (
        "South Headquarters of the Ruritanian Alliance for Peace", "KR")


def test_dprk_after_a_connector_inside_a_bodys_name_is_no_office():
    """issuer_code_v18: 'DPRK' after 'of' / 'for' inside a body's name is the country the name is about, not an office
    before a person ('... of DPRK Textile Workers' gave 'Textile Workers'); 'DPRK Premier X Y' is still X Y (texts
    written for the test)."""
    lead = ("The Joint Council for Protecting Rights of DPRK Textile Workers, composed of several civic bodies, "
            "released a statement on May 2 demanding their return.")
    assert issuer.find_speaker("statement", "Return Demanded", lead)[0] == (
        "Joint Council for Protecting Rights of DPRK Textile Workers")
    assert issuer.clean("DPRK Premier Ri Chol Man") == "Ri Chol Man"
    assert issuer.clean("Ruritanian Ambassador to the DPRK Ri Chol Man") == "Ri Chol Man"


def test_a_body_of_koreans_in_japan_keeps_in_japan():
    """issuer_code_v18: a body of Koreans in Japan is named with its 'in Japan', as the lead writes it (the comparison
    drops only a Korean place); a Japanese body still loses the place (texts written for the test)."""
    lead = "The Korean Chess Society in Japan issued a statement on May 2 denouncing the police raid."
    assert issuer.find_speaker("statement", "Raid Denounced", lead) == ("Korean Chess Society in Japan", "JP")
    assert issuer.clean("the delegation of the Korean Chess Society in Japan") == (
        "delegation of the Korean Chess Society in Japan")
    assert issuer.clean("Midori City Assembly in Japan") == "Midori City Assembly"


def test_a_body_in_lower_case_or_that_sponsored_a_press_conference_gave_it():
    """speaker_patterns_v16: a body written in lower case, its noun within its first three words, that called / held /
    sponsored a press conference (also an emergency one) gave it; a 'Headquarters' is no plural of people; 'The
    participants' and 'The organizations' still name nobody; 'The south Korean X' is X, as without 'The'
    (issuer_code_v18) (texts written for the test)."""
    cases = [
        ("The trade union of the Ruritania Textile Mill of south Korea called a press conference on May 2 in protest "
         "against the dismissals.", "trade union of the Ruritania Textile Mill"),
        ("The south headquarters of the Ruritanian Alliance for Peace called a press conference in Seoul on May 2 to "
         "denounce the arrests.", "south headquarters of the Ruritanian Alliance for Peace"),
        ("The People's Action against Ruritanian Dumping reportedly sponsored a press conference in Seoul on May 2.",
         "People's Action against Ruritanian Dumping"),
        ("The Federation of Ruritanian Peasants called an emergency press conference in Seoul on May 2.",
         "Federation of Ruritanian Peasants"),
        ("The participants held a press conference on May 2.", None),
        ("The organizations held a press conference on May 2.", None),
    ]
    for lead, expected in cases:
        assert issuer.find_speaker("interview", "Press Conference", lead)[0] == expected, lead
    assert issuer.clean("The south Korean Ruritania Daily") == "Ruritania Daily"


def _speakers_in_both_paths(title: str, cases: list[tuple[str, str, str | None]]) -> None:
    """Each (lead, article_type, expected issuer) of `cases` gives the expected issuer row by row (find_speaker) and in
    add_issuer's polars path, which a frame of more than ROW_BY_ROW_MAX rows takes."""
    for lead, kind, expected in cases:
        assert issuer.find_speaker(kind, title, lead)[0] == expected, lead
    copies = ROW_BY_ROW_MAX // len(cases) + 1
    frame = pl.DataFrame({"title": [title] * (len(cases) * copies), "body": [lead for lead, _, _ in cases] * copies,
                          "article_type": [kind for _, kind, _ in cases] * copies})
    assert issuer.add_issuer(frame)["issuer"].to_list()[:len(cases)] == [expected for _, _, expected in cases]


def test_a_named_writer_who_contributed_an_article_or_a_statement():
    """issuer_code_v18: 'X, role, contributed an article / a statement to <paper>' is X's (docs/labelling.md: a named
    writer is the person), in both paths; 'contributed to' something else names no words (texts written for the
    test)."""
    leads = [
        ("Jan Novak, chairman of the Ruritanian Workers' Union, contributed an article titled \"Peace\" to the paper "
         "Ruritania Today on May 2.", "commentary", "Jan Novak"),
        ("Jan Novak, president of the Council for Peace in Ruritania, contributed a statement to Ruritanian newspapers "
         "on the occasion of the anniversary.", "statement", "Jan Novak"),
        ("Jan Novak, a Ruritanian scholar, contributed greatly to the friendship between the two peoples.",
         "commentary", None),
    ]
    _speakers_in_both_paths("Article", leads)


def test_a_senders_initials_after_a_title():
    """speaker_patterns_v16, issuer_code_v18: a sender 'received ... from' with initials after a title is the whole
    person ('Ruritanian President V. V. Novak', not 'Ruritanian President V'), also after 'the Russian Federation'; a
    'C.C.' before a lower-case word still ends the name (texts written for the test)."""
    cases = [
        ("Kim Jong Il received a telegram from Ruritanian President B. Novak on the occasion of the day.", "B. Novak"),
        ("Kim Jong Un received a message of greetings from Ruritanian President V.V. Novak Wednesday.", "V.V. Novak"),
        ("Kim Jong Il received a message from President of the Russian Federation D. Petrov on Jan. 3.", "D. Petrov"),
        ("Kim Jong Il received a message from the first secretary of the C.C. of the Communist Party of Ruritania.",
         None),
    ]
    _speakers_in_both_paths("Message", [(lead, "message", expected) for lead, expected in cases])


def test_an_unnamed_dprk_delegate_who_addressed_a_meeting():
    """speaker_patterns_v16, issuers_v11: an unnamed DPRK delegate who 'addressed' a meeting, in Spanish 'el delegado
    coreano / de la RPDC hizo uso de la palabra / pronuncio un discurso', is the delegate of the DPRK (texts written for
    the test)."""
    leads = [
        "The DPRK delegate addressed the second committee of the UN General Assembly on May 2.",
        "El delegado coreano hizo uso de la palabra el dia 2 en el comite de la ONU.",
        "El dia 2, el jefe de la delegacion de la Republica Popular Democratica de Corea pronuncio un discurso en la "
        "sesion.",
    ]
    for lead in leads:
        assert issuer.find_speaker("speech", "Delegate", lead) == ("delegate of the DPRK", "KP"), lead


def test_a_speech_whose_lead_opens_with_its_speaker_calling_for_something():
    """speaker_patterns_v16: a speech whose lead opens with a named speaker who called for / on, stressed or clarified
    something is the speaker's; one named by none ('A Ruritanian official') is nobody's; issuer_code_v18: 'He' before a
    one- or two-word name is the Chinese surname, not the pronoun (texts written for the test)."""
    cases = [
        ("Ruritanian President Jan Novak, chairman of the Labour Party, called for developing the economy.",
         "Jan Novak"),
        ("He Mingwei, secretary of the Ruritanian Commission for Planning, called on cadres to study hard.",
         "He Mingwei"),
        ("A Ruritanian official called for increasing the capacity for preventing floods.", None),
    ]
    _speakers_in_both_paths("Speech", [(lead, "speech", expected) for lead, expected in cases])


def test_a_spanish_head_of_state_named_after_the_office():
    """speaker_patterns_v16, issuer_code_v18: a Spanish message 'que le enviara (el dia 9) el Presidente <adjective> X
    Y', 'el presidente de la Republica de Z X Y', 'el presidente de la Federacion Z, X. Y' is the person's (texts
    written for the test)."""
    cases = [
        ("Kim Jong Un recibio un mensaje que le enviara el dia 9 el Presidente ruritano Jan Novak con motivo del dia.",
         "Jan Novak"),
        ("Kim Jong Un recibio un mensaje de felicitacion que le remitiera el presidente de la Republica de Benin "
         "Jan Novak.", "Jan Novak"),
        ("Kim Jong Il recibio un mensaje que le enviara el dia 9 el presidente de la Federacion Rusa, J. Novak, con "
         "motivo del dia.", "J. Novak"),
    ]
    _speakers_in_both_paths("Mensaje", [(lead, "message", expected) for lead, expected in cases])
    assert issuer.clean("rey de Espana Jan Novak") == "Jan Novak"


def test_more_plurals_of_people_named_by_none_have_no_issuer():
    """issuer_code_v18: historians, prisoners, parents, enterprises, families, residents ... named by none have no
    issuer (docs/labelling.md: several senders, joint documents of bodies it does not name); a plural before a body's
    noun ('Ruritania workers federation') is a body (texts written for the test)."""
    assert issuer.find_speaker("message", "Letter",
                               "63 former long-term prisoners sent a letter to the UN on May 2.") == (
        None, None)
    assert issuer.find_speaker("statement", "Statement", "Historians from the north and the south of Korea issued a "
                               "joint statement on May 2.") == (None, None)
    assert issuer.find_speaker("statement", "Statement", "The Ruritania workers federation issued a statement on May 2 "
                               "denouncing the dismissals.")[0] == "Ruritania workers federation"


def test_south_korean_opening_a_national_name_that_the_comparison_keeps():
    """issuer_code_v18: 'south Korean' is kept where it opens a national name whose next word is a body's noun the
    comparison does not read ('south Korean Confederation of Ruritanian Unions', as the v2 labels write such a name),
    and dropped as a descriptor elsewhere, also after 'The' (texts written for the test)."""
    assert issuer.clean("The south Korean Confederation of Ruritanian Unions") == (
        "south Korean Confederation of Ruritanian Unions")
    assert issuer.clean("south Korean Buddhist Ruritania Order") == "Buddhist Ruritania Order"
    assert issuer.clean("The south Korean Ruritania Daily News") == "Ruritania Daily News"
    assert issuer.clean("south Korean Committee for Peace") == "Committee for Peace"
    lead = ("The south Korean Confederation of Ruritanian Unions with an organization of Koreans in the U.S. issued a "
            "statement on May 2.")
    assert issuer.find_speaker("statement", "Statement", lead)[1] == "KR"


def test_a_bodys_spokesman_in_a_commentary():
    """speaker_patterns_v16: 'A spokesman for X in a commentary on May 9 said ...' is X's commentary, also with 'U.S.'
    in X; 'a spokesman for X urged ... in a commentary' is not read as a name running to 'urged' (texts written for the
    test)."""
    lead = "A spokesman for the Federation of Ruritanians in the U.S. in a commentary on May 9 deplored the sanctions."
    assert issuer.find_speaker("commentary", "Sanctions Deplored", lead) == (
        "Federation of Ruritanians in the U.S.", "US")
    lead = "A spokesman for the Ruritanian Labor Party urged the regime to resign in a commentary released on May 9."
    assert issuer.find_speaker("commentary", "Regime Urged", lead)[0] != (
        "Ruritanian Labor Party urged the regime to resign")


def test_a_commentarys_subject_who_said_something_is_discussed_not_the_writer():
    """issuer_code_v18: in a commentary the lead's subject who said or told something is who the agency discusses
    (docs/labelling.md: an opinion piece naming no outlet or writer has no issuer), in both paths; one that said it in
    an article or commentary, or an outlet, still writes (texts written for the test)."""
    cases = [
        ("The governor of Ruritania Prefecture said on June 21 that the sanctions should go on.", None),
        ("The Ruritania Times in an article on March 6 said that the freedom of expression is suppressed.",
         "Ruritania Times"),
    ]
    _speakers_in_both_paths("Remarks under Fire", [(lead, "commentary", expected) for lead, expected in cases])


def test_a_spokesman_whose_statement_the_article_supports_is_not_the_speaker():
    """issuer_code_v19, speaker_patterns_v17: 'X made public a statement in support of the statement of a spokesman
    for Y' is X's (docs/labelling.md: a support statement carries the supporter's words), in English and Spanish, in
    both paths; a title '<supporters> Support Statement of Spokesman for Y' names no spokesman's body; a spokesman who
    speaks is still the body's (texts written for the test)."""
    cases = [
        ("Statement of Spokesman for DPRK FM Supported", "The Ruritania-Korea Friendship Society made public a statement "
         "on May 2 in support of the statement issued by a spokesman for the DPRK Foreign Ministry on April 29.",
         "Ruritania-Korea Friendship Society"),
        ("Ruritanian Bodies Support Statement of Spokesman for KPA Navy", "The Ruritanian Group for Peace and other "
         "organizations released a joint statement on May 2, fully supporting the statement of the spokesman for the "
         "Navy Command of the Korean People's Army.", "Ruritanian Group for Peace"),
        ("Entidad ruritana apoya declaracion", "La Sociedad Ruritana de Amistad hizo publica el dia 2 una declaracion en "
         "apoyo a la declaracion del portavoz del Ministerio de Relaciones Exteriores de la RPDC.",
         "Sociedad Ruritana de Amistad"),
        ("Spokesman for Ruritanian Party Backs Strikers", "A spokesman for the Ruritanian Labour Party on May 2 issued "
         "a statement in support of the strikers.", "Ruritanian Labour Party"),
    ]
    for title, lead, expected in cases:
        assert issuer.find_speaker("statement", title, lead)[0] == expected, lead
    copies = ROW_BY_ROW_MAX // len(cases) + 1  # past ROW_BY_ROW_MAX: add_issuer's polars path
    frame = pl.DataFrame({"title": [title for title, _, _ in cases] * copies,
                          "body": [lead for _, lead, _ in cases] * copies, "article_type": ["statement"] * (4 * copies)})
    assert issuer.add_issuer(frame)["issuer"].to_list()[:4] == [expected for _, _, expected in cases]


def test_the_wpk_central_committee_as_kcna_spells_it():
    """issuers_v12: 'Central Committee of the Worker's Party of Korea' and 'Workers' Party of Korea Central Committee'
    are the WPK Central Committee (docs/labelling.md's canonical name), in both paths (texts written for the test)."""
    cases = [
        ("The Central Committee of the Worker's Party of Korea sent a message of greetings to the Ruritanian Labour "
         "Party on May 2 on the occasion of its congress.", "message", "WPK Central Committee"),
        ("The Workers' Party of Korea Central Committee on May 2 sent a congratulatory message to the congress of the "
         "Ruritanian Labour Party.", "message", "WPK Central Committee"),
    ]
    _speakers_in_both_paths("Greetings to Ruritanian Party", cases)


def test_a_former_states_name_before_a_present_state():
    """issuer_code_v20: a body whose name holds a former state's adjective and then a present state ('New Yugoslav ...
    of Serbia') is of the present state, as is a person the lead describes so; a former state alone keeps its code
    (docs/labelling.md: SU, YU, CS, DD) (texts written for the test)."""
    assert _country_of("New Yugoslav Workers' League of Serbia") == "RS"
    assert _country_of("Petar Petrovic", "Petar Petrovic, chairman of the New Yugoslav Workers' League of Serbia, "
                                         "issued a statement") == "RS"
    assert _country_of("Soviet Veterans' League of Russia") == "RU"
    assert _country_of("Yugoslav Workers' League") == "YU"
    cases = [("The New Yugoslav Workers' League of Serbia issued a statement on May 2 in support of the peace "
              "proposal.", "statement", "New Yugoslav Workers' League of Serbia")]
    _speakers_in_both_paths("Serbian Party Backs Proposal", cases)
    frame = issuer.add_issuer(pl.DataFrame({"title": ["Serbian Party Backs Proposal"] * (ROW_BY_ROW_MAX + 1),
                                            "body": [cases[0][0]] * (ROW_BY_ROW_MAX + 1),
                                            "article_type": ["statement"] * (ROW_BY_ROW_MAX + 1)}))
    assert frame["issuer_country"].to_list()[0] == "RS"


def test_messages_from_the_organizations_of_one_body():
    """issuer_code_v20: messages 'from organizations of X' come from several senders the lead does not name one by one:
    no issuer (docs/labelling.md: messages from several senders), not X; a message from X itself is X's, in both paths
    (texts written for the test)."""
    cases = [
        ("Kim Jong Un received messages of greeting from organizations of the General Association of Korean Residents "
         "in Japan (Chongryon) on the occasion of the New Year.", "message", None),
        ("Kim Jong Un received messages from the organizations of the Ruritanian Workers' League and its affiliated "
         "organizations on the New Year.", "message", None),
        ("Kim Jong Un received a message of greeting from the General Association of Korean Residents in Japan "
         "(Chongryon) on the occasion of the New Year.", "message", "Chongryon"),
    ]
    _speakers_in_both_paths("Greetings to Kim Jong Un", cases)


def test_a_body_named_with_us_or_all_people_that_held_a_press_conference():
    """speaker_patterns_v18: 'U.S.' inside the name of a body that held a press conference starts no sentence, and
    'All-People' in it is no plural of people (docs/labelling.md, v2: a press conference's one giver is the
    interview's issuer); several bodies still give none, in both paths (texts written for the test)."""
    cases = [
        ("The All-People Committee for Checking the Expansion of the U.S. Military Base in Ruritania reportedly held a "
         "press conference in Seoul on May 2 at which it demanded a halt to the expansion.", "interview",
         "All-People Committee for Checking the Expansion of the U.S. Military Base in Ruritania"),
        ("The Headquarters of the All-People Movement for Checking the Ruritania-U.S. Trade Agreement held a press "
         "conference in Seoul on May 2.", "interview",
         "Headquarters of the All-People Movement for Checking the Ruritania-U.S. Trade Agreement"),
        ("Civic organizations including the Ruritanian Peace Council held a press conference in front of the U.S. "
         "embassy on May 2.", "interview", None),
    ]
    _speakers_in_both_paths("Expansion of U.S. Base Opposed", cases)


def test_a_country_whose_forces_killed_is_not_the_bodys():
    """issuer_code_v20: a country in a body's name after 'killed / murdered by (a / the)' is what the body accuses, not
    its country ('... for Schoolgirls Killed by a U.S. Armored Car' in south Korea is KR), as 'caused by' was
    (texts written for the test)."""
    name = "All-People Committee for Schoolgirls Killed by a U.S. Armored Car"
    assert _country_of(name, f"The {name} of south Korea held a press conference") == "KR"
    assert _country_of("Committee for Victims Murdered by the U.S. Troops in Ruritania") != "US"


def test_several_papers_give_the_first_paper_named():
    """issuer_code_v20: a commentary of several papers named by none ('Nepali papers carried articles ...') is the
    first paper the next sentence names, with its country (docs/labelling.md, v2: several papers on one occasion, the
    first paper the lead names); papers whose next sentence names no paper keep their answer, in both paths; a paper
    whose name ends in 'Media' is no plural (texts written for the test)."""
    cases = [
        ("Nepali papers carried special write-ups on the anniversary of the DPRK.  Morning Star of Nepal on May "
         "2 carried an article titled \"Peace\".", "commentary", "Morning Star"),
        ("Foreign newspapers carried articles on the anniversary.  The Chilean newspaper Daily Voice on May 2 said in "
         "an article:", "commentary", "Daily Voice"),
        ("Nepali papers carried articles on the anniversary.  A Nepali paper on May 2 carried an article.",
         "commentary", "Nepali papers"),
    ]
    _speakers_in_both_paths("Anniversary Observed by Papers", cases)
    assert issuer.find_speaker("commentary", "Papers", cases[1][0])[1] == "CL"
    assert issuer.first_paper("International Media", "x.  Morning Star of Nepal on May 2 said") is None


def test_a_dprk_leader_named_after_his_office():
    """issuer_code_v20: a DPRK leader named after his office's body or state ('... of the Supreme People's Assembly Kim
    Yong Nam', 'Foreign Minister of the DPRK Kim Yong Nam', Spanish '..., Kim Jong Un') is the person
    (docs/labelling.md: a person without the title before the name); a body named after a leader keeps its name, in
    both paths (texts written for the test)."""
    cases = [
        ("President of the Presidium of the DPRK Supreme People's Assembly Kim Yong Nam sent a message of greetings to "
         "the President of Ruritania on May 2.", "message", "Kim Yong Nam"),
        ("Supreme Commander of the Korean People's Army Kim Jong Un sent a message of thanks to the builders on May "
         "2.", "message", "Kim Jong Un"),
        ("The Ruritanian Committee for Remembering Generalissimo Kim Jong Il sent a message to the Korean people on "
         "May 2.", "message", "Ruritanian Committee for Remembering Generalissimo Kim Jong Il"),
    ]
    _speakers_in_both_paths("Message", cases)


def test_a_speaker_after_according_to_its_source():
    """issuer_code_v20: 'According to <paper>, the X issued a statement' is X's statement, not the paper's; a body for
    the relocation of the U.S. forces is not of the U.S., in both paths (texts written for the test)."""
    cases = [
        ("According to the south Korean online newspaper Minjung Sori, the Federation of Ruritanian Farmers in south "
         "Korea issued a statement on May 2 in denunciation of the authorities.", "statement",
         "Federation of Ruritanian Farmers"),
    ]
    _speakers_in_both_paths("Farmers Accuse Authorities", cases)
    assert _country_of("committee for relocation of the U.S. forces",
                       "the committee for relocation of the U.S. forces in south Korea issued a statement") == "KR"


def test_a_spanish_verb_after_the_speaker_ends_the_name():
    """issuer_code_v20: a Spanish verb after the speaker's name ('pronunciado', 'concedio', 'expreso', 'envio') is no
    part of it, in both paths (texts written for the test)."""
    _speakers_in_both_paths("Discurso de Jan Novak pronunciado en banquete", [
        ("Sigue el texto del discurso pronunciado en el banquete.", "speech", "Jan Novak")])
    _speakers_in_both_paths("Portavoz denuncia", [
        ("En una declaracion publicada el dia 9, el portavoz de la direccion nortena de la Alianza Ruritana para la "
         "Reunificacion (ARR) expreso profundas condolencias por el deceso del pastor Jan Novak, presidente honorario "
         "de la direccion surena.", "statement",
         "direccion nortena de la Alianza Ruritana para la Reunificacion"),
        ("En su declaracion fechada 23, el portavoz del Comite Ruritano de Estudiantes envio apoyo y respaldo a la "
         "justa lucha de los jovenes estudiantes quienes se han levantado en la lucha.", "statement",
         "Comite Ruritano de Estudiantes")])


def test_a_body_named_after_a_list_of_adjectives():
    """issuer_code_v20: 'Bohemian, Moravian, Silesian Workers' Association' is one body's name, not an office before
    the last part; a person after an office and a comma is still the person, in both paths (texts written for the
    test)."""
    cases = [
        ("The Bohemian, Moravian, Silesian Workers' Association issued a statement on May 2 in support of the peace "
         "proposal.", "statement", "Bohemian, Moravian, Silesian Workers' Association"),
    ]
    _speakers_in_both_paths("Proposal Supported", cases)
    assert issuer.clean("primer ministro del Consejo de Ministros de Ruritania, Jan Novak") == "Jan Novak"


def test_a_spanish_title_naming_the_sender_of_a_message():
    """speaker_patterns_v18, issuer_code_v20: a Spanish title 'X recibe mensaje de felicitacion de <Name>' names the
    sender where the lead's patterns find none; the Spanish office before the name in the lead gives its country; a
    body's name with 'de' is not read from the title, in both paths (texts written for the test)."""
    cases = [
        ("El Mariscal Kim Jong Un recibio un mensaje que le remitiera el dia 2 el presidente del Partido Laborista de "
         "Chile, Juan Perez Soto, con motivo del aniversario.", "message", "Juan Perez Soto"),
    ]
    _speakers_in_both_paths("Kim Jong Un recibe mensaje de felicitacion de Juan Perez Soto", cases)
    assert issuer.find_speaker("message", "Kim Jong Un recibe mensaje de felicitacion de Juan Perez Soto",
                               cases[0][0])[1] == "CL"
    assert issuer.find_speaker("message", "Kim Jong Un recibe mensaje del Partido Laborista de Chile",
                               "El Mariscal Kim Jong Un recibio un mensaje el dia 2.")[0] != "Chile"


def test_a_speaker_named_after_where_the_speech_was_given():
    """speaker_patterns_v18: 'Speaking at a meeting ..., Jan Novak(, role,) said' and 'Addressing a forum ..., X
    called for' give the speaker of a speech (docs/labelling.md: a speech's issuer is the speaker), in both paths
    (texts written for the test)."""
    cases = [
        ("A Ruritanian official called for thrift.  Speaking at a meeting held in the capital on Tuesday, Jan Novak, "
         "member of the Ruritanian cabinet, said that thrift is a duty.", "speech", "Jan Novak"),
        ("A Ruritanian minister called for reforms.  Addressing a forum held recently, Petra Kova called for reforms "
         "in the farming sector.", "speech", "Petra Kova"),
    ]
    _speakers_in_both_paths("Ruritanian Official Calls for Thrift", cases)


def test_an_article_posted_by_its_writer():
    """speaker_patterns_v18, issuer_code_v20: 'An article titled "..." was posted by X(, role,) on its website' is X's
    commentary (docs/labelling.md: a named writer or body whose article is carried), its country from the words after
    'by', not from the article's title; 'in <country>' stays in the name, in both paths (texts written for the
    test)."""
    cases = [
        ("An article titled \"Korea's future\" was posted by Jan Novak, chairman of the Workers' League of Chile, on "
         "its website on May 2.  The article said:", "commentary", "Jan Novak"),
        ("An article was posted by the Society for Friendship among Koreans in Germany on its website on May 2.  The "
         "article said:", "commentary", "Society for Friendship among Koreans in Germany"),
    ]
    _speakers_in_both_paths("Article Posted", cases)
    assert issuer.find_speaker("commentary", "Article Posted", cases[0][0])[1] == "CL"


def test_an_article_posted_by_its_writer_with_us_in_its_title():
    """speaker_patterns_v18: the posted article's title may hold 'U.S.', and the lead may open with 'Articles' or 'An
    information bulletin', in both paths (texts written for the test)."""
    cases = [
        ("An article titled \"U.S.-led drills threaten peace\" was posted by the Ruritania-Korea Friendship Society on "
         "its website on May 2.", "commentary", "Ruritania-Korea Friendship Society"),
        ("An information bulletin titled \"Great Life\" was published by the Ruritanian Institute of Culture on May 2.",
         "commentary", "Ruritanian Institute of Culture"),
    ]
    _speakers_in_both_paths("Article Posted", cases)


def test_a_paper_without_its_descriptor_nor_its_issue():
    """issuer_code_v21: a paper named after 'magazine', 'weekly', 'daily' (in lower case) or after an issue of it is its
    name ('The Russian weekly magazine Novosti 21' -> 'Novosti 21', '10th issue of the Russian newspaper Zavtra' ->
    'Zavtra'), without the issue after it ('Novosti of June issue'), its country from the words before; a 'Daily' in
    capitals is the name's own, in both paths (texts written for the test)."""
    cases = [
        ("The Russian weekly magazine Novosti 21 on Jan. 20 carried an article headlined \"Peace\" on the war.",
         "commentary", "Novosti 21"),
        ("The Russian magazine Novosti of June issue carried a writeup on the tragedy.", "commentary", "Novosti"),
        ("The 10th issue of the Russian newspaper Zavtra carried an article titled \"Peace\".", "commentary", "Zavtra"),
        ("The south Korean Ruritania Daily News on May 2 carried an article titled \"Peace\".", "commentary",
         "Ruritania Daily News"),
    ]
    _speakers_in_both_paths("Paper", cases)
    assert issuer.find_speaker("commentary", "Paper", cases[0][0])[1] == "RU"


def test_a_gulf_rulers_honorific_is_a_title():
    """issuer_code_v21: 'Sheikh' before a Gulf ruler's name ('Sheikh Jan Bin Novak al-Rurit') is a title, dropped as
    docs/labelling.md drops 'President'; it stays where no 'bin' or 'al-' name follows, in both paths (texts written for
    the test)."""
    cases = [
        ("Kim Jong Un received a message of greeting from Sheikh Jan Bin Novak al-Rurit, king of Bahrain, on Sept. 8.",
         "message", "Jan Bin Novak al-Rurit"),
        ("Kim Jong Il received a message from Sheikh Petra Kova, prime minister of Bangladesh, on Jan. 3.", "message",
         "Sheikh Petra Kova"),
    ]
    _speakers_in_both_paths("Message", cases)


def test_a_commentary_of_several_papers_that_names_none():
    """issuer_code_v21: a commentary of several papers of no country of which the lead names none ('Papers on Tuesday
    carried ...', 'Foreign media carried ...') has no issuer (docs/labelling.md, v2: an opinion piece that names no
    paper or writer); 'Russian newspapers' keep their name and country; where the next sentence names a paper, it is
    that paper, in both paths (texts written for the test)."""
    cases = [
        ("Papers on Tuesday carried an article titled \"Great Man\" hailing the heroes.", "commentary", None),
        ("Foreign media carried articles praising the heroes on May 2, the anniversary.", "commentary", None),
        ("Russian newspapers carried articles praising the heroes on May 2, the anniversary.", "commentary",
         "Russian newspapers"),
        ("Russian papers carried articles praising the heroes on May 2. Novaya Pravda on May 3 said they are great.",
         "commentary", "Novaya Pravda"),
    ]
    _speakers_in_both_paths("Papers", cases)


def test_a_person_named_after_an_office_and_a_comma():
    """issuer_code_v21: 'The chairman of the Central Committee of the Red Cross Society of the DPRK, Ri Chol Su, sent'
    and 'El presidente del Comite Central de la Asociacion de la Cruz Roja de la RPDC, Ri Chol Su, envio' are the
    person (docs/labelling.md: a message's sender), not the body of the office; a leader stays his canonical name and
    a spokesman his body, in both paths (texts written for the test)."""
    cases = [
        ("The chairman of the Central Committee of the Red Cross Society of the DPRK, Ri Chol Su, sent a message of "
         "sympathy to the Japanese Red Cross Society on Monday.", "message", "Ri Chol Su"),
        ("El presidente del Comite Central de la Asociacion de la Cruz Roja de la RPDC, Ri Chol Su, envio el dia 3 un "
         "mensaje de consuelo al presidente de la Sociedad de la Cruz Roja de Japon.", "message", "Ri Chol Su"),
        ("The president of the Presidium of the Supreme People's Assembly, Kim Yong Nam, sent a message of greetings "
         "to the president of Cuba on Monday.", "message", "Kim Yong Nam"),
        ("A spokesman for the Foreign Ministry of the DPRK, Pak Chol Su, issued a statement on Monday denouncing the "
         "war drills.", "statement", "Ministry of Foreign Affairs (spokesperson)"),
    ]
    _speakers_in_both_paths("Message", cases)


def test_a_body_in_news_from_a_south_korean_source():
    """issuer_code_v21: a body that no word places and no known issuer names, in a lead that says the news came from
    south Korea ('X reportedly issued a statement', 'according to the south Korean online paper Ruritania News'), is KR
    (docs/labelling.md: the country as the article presents it); a known DPRK body stays KP, in both paths (texts
    written for the test)."""
    cases = [
        ("The Solidarity for Peace and Progress reportedly issued a statement on May 2 denouncing the war drills.",
         "Solidarity for Peace and Progress", "KR"),
        ("The Council for Fair Labour released a statement on May 2, according to the south Korean online paper "
         "Ruritania News.", "Council for Fair Labour", "KR"),
        ("The Council for Fair Labour released a statement on May 2 denouncing the war drills.",
         "Council for Fair Labour", "KP"),
        ("The Committee for the Peaceful Reunification of the Fatherland reportedly issued a statement on May 2.",
         "CPRK", "KP"),
    ]
    for lead, name, country in cases:
        assert issuer.find_speaker("statement", "Statement", lead) == (name, country), lead
    copies = ROW_BY_ROW_MAX // len(cases) + 1
    rows = len(cases) * copies
    frame = pl.DataFrame({"title": ["Statement"] * rows, "body": [lead for lead, _, _ in cases] * copies,
                          "article_type": ["statement"] * rows})
    found = issuer.add_issuer(frame)
    assert list(zip(found["issuer"], found["issuer_country"]))[:len(cases)] == [(n, c) for _, n, c in cases]


def test_a_unit_of_the_foreign_ministry_speaks_as_itself():
    """issuer_code_v21: an institute or department of the DPRK Foreign Ministry, its director, head of delegation or
    spokesman, is the unit written with the ministry (docs/labelling.md, v2: a sub-unit of a ministry), not the
    ministry nor its spokesperson; the ministry's own spokesman stays, in both paths (texts written for the test)."""
    cases = [
        ("The director-general of the Institute for Peace Research of the Ministry of Foreign Affairs of the DPRK "
         "issued a statement on Tuesday.", "statement",
         "Institute for Peace Research of the Ministry of Foreign Affairs"),
        ("A spokesman for the Institute for Peace Research (IPR) of the DPRK Foreign Ministry issued a statement on "
         "April 13.", "statement", "Institute for Peace Research of the Foreign Ministry"),
        ("The director of the Department of Treaties of the DPRK Foreign Ministry released a statement on Thursday.",
         "statement", "Department of Treaties of the Foreign Ministry"),
        ("A spokesman for the Foreign Ministry of the DPRK issued a statement on Monday.", "statement",
         "Ministry of Foreign Affairs (spokesperson)"),
    ]
    _speakers_in_both_paths("Statement", cases)


def test_a_press_conference_given_by_one_body_in_the_lead():
    """speaker_patterns_v19: a body named by its noun and of / for ... that 'in / at a press conference' said what the
    article gives is its one giver, as one that called or held it; members or representatives of one body who held a
    press conference give it as the body; members of several organizations give none (docs/labelling.md, v2: a press
    conference's one giver is the interview's issuer, null when several gave it), in both paths (texts written for the
    test)."""
    cases = [
        ("The Ruritanian Confederation of Dock Workers in a press conference on May 2 demanded higher wages.",
         "interview", "Ruritanian Confederation of Dock Workers"),
        ("The Council for Peace and Progress at a news conference in Seoul on Friday denounced the war drills.",
         "interview", "Council for Peace and Progress"),
        ("Members of the Solidarity for Clean Rivers held a press conference in Seoul on May 2 denouncing the dam.",
         "interview", "Solidarity for Clean Rivers"),
        ("Members of civic and public organizations in south Korea held a press conference in Seoul on May 2.",
         "interview", None),
    ]
    _speakers_in_both_paths("Press Conference", cases)


def test_a_commentary_of_a_body_on_its_website_or_opening_the_lead():
    """speaker_patterns_v19, issuer_code_v22: a body that 'noted this in an article posted on its website' or that
    opens the lead 'in a commentary on <day> demanded' is the commentary's issuer, 'U.S.' inside its name; one further
    on in a round-up is none; a radio or a paper of Koreans abroad is its name without what describes it
    (docs/labelling.md: a body whose words are carried), in both paths (texts written for the test)."""
    cases = [
        ("Ruritania stands firm.  The Ruritanian Committee for the Study of Songun noted this in an article posted on "
         "its website on May 2.  The article said:", "commentary", "Ruritanian Committee for the Study of Songun"),
        ("The Headquarters of the Movement for the Withdrawal of the U.S. Forces in a commentary on May 2 demanded the "
         "troops leave.", "commentary", "Headquarters of the Movement for the Withdrawal of the U.S. Forces"),
        ("Several organizations denounced the drills.  The Council for Peace in a commentary demanded a halt.",
         "commentary", None),
        ("South Korean internet radio Voice of Ruritania in a commentary on May 2 called for an end to the drills.",
         "commentary", "Voice of Ruritania"),
    ]
    _speakers_in_both_paths("Commentary", cases)


def test_messages_exchanged_have_no_issuer():
    """issuer_code_v22: messages exchanged ('X and Y exchanged messages of greetings', 'Messages of greetings were
    exchanged between X and Y') have two senders and no issuer (docs/labelling.md: messages from several senders),
    in the title or the lead's first sentence, in both paths; one sender's message keeps its sender (texts written for
    the test)."""
    cases = [
        ("Jan Novak, foreign minister of Ruritania, and Kim Chol Su, foreign minister of the DPRK, exchanged messages "
         "of greetings on May 2.", "message", None),
        ("Messages of greetings were exchanged between Jan Novak, premier of Ruritania, and Kim Chol Su on May 2.",
         "message", None),
        ("Jan Novak, foreign minister of Ruritania, sent a message of greetings to Kim Chol Su on May 2. The two "
         "ministers exchanged messages last year too.", "message", "Jan Novak"),
    ]
    _speakers_in_both_paths("Greetings", cases)
    assert issuer.find_speaker("message", "Greetings Exchanged", cases[2][0]) == (None, None)


def test_a_pronoun_or_a_date_is_no_speaker():
    """issuer_code_v22: 'They sent a letter' and 'They issued a statement supporting <a known body>' give no issuer
    (the speaker was named before; not the known body the article backs), and a date before the verb ('A delegate of the DPRK on
    October 29 made a speech') lets the next pattern find the speaker, in both paths (texts written for the test)."""
    cases = [
        ("Ruritanian students staged a rally on May 2.  They sent a letter to the Ruritanian authorities.",
         "message", None),
        ("Ruritanian believers gathered in the capital on May 2.  They issued a statement supporting the National "
         "Defence Commission.", "statement", None),
        ("A delegate of the DPRK on October 29 made a speech at the UN General Assembly.", "speech",
         "delegate of the DPRK"),
    ]
    _speakers_in_both_paths("Support for DPRK", cases)


def test_the_wilson_interval_of_an_accuracy():
    """scoring.wilson: the 95 % interval of an accuracy measured on n articles is the set of rates p for which the
    measured share lies within 1.96 standard errors of p (Wilson 1927), found here by bisection of that equation,
    not by the closed form the module uses; it narrows as n grows and stays inside [0, 1]; intervals() gives each
    accuracy's on its own count (the articles with an issuer for that accuracy)."""
    from kcna_dataset.fields import scoring

    def bound(share: float, n: int, low: float, high: float) -> float:
        gap = lambda p: (share - p) ** 2 - 1.96 ** 2 * p * (1 - p) / n  # noqa: E731  (zero at each bound)
        for _ in range(100):
            middle = (low + high) / 2
            low, high = (middle, high) if (gap(low) > 0) == (gap(middle) > 0) else (low, middle)
        return (low + high) / 2

    for share, n in ((0.9, 457), (0.9059, 457), (0.5, 30), (0.99, 2000)):
        low, high = scoring.wilson(share, n)
        assert low == pytest.approx(bound(share, n, 1e-9, share)) and high == pytest.approx(bound(share, n, share, 1))
    assert (round(scoring.wilson(0.9, 457)[0], 4), round(scoring.wilson(0.9, 457)[1], 4)) == (0.8691, 0.9243)
    assert scoring.wilson(0.9, 4570)[0] > scoring.wilson(0.9, 457)[0]
    assert scoring.wilson(1.0, 100)[1] == pytest.approx(1.0) and scoring.wilson(1.0, 100)[0] < 1.0
    bounds = scoring.intervals({"articles": 400, "type_accuracy": 0.9, "articles_with_issuer": 100,
                                "issuer_accuracy_with_issuer": 0.9})
    assert bounds["issuer_accuracy_with_issuer"][0] < bounds["type_accuracy"][0]


def test_a_known_body_by_its_full_english_name_is_its_canonical_name_and_country():
    """issuers_v13: the Central Special Zone Development Guidance General Bureau also by the full name KCNA's English
    service gives it, 'General Bureau for Central Guidance to (for) the Development of the Special Zone' (v12 cut the
    speaker to 'Special Zone' and took KR from the lead's south Korean authorities), in both paths."""
    canonical = "Central Special Zone Development Guidance General Bureau"
    cases = [
        ("A spokesman for the General Bureau for Central Guidance to the Development of the Special Zone gave an answer "
         "to a question put by KCNA on Wednesday. He accused the south Korean authorities.", "answer", canonical),
        ("The General Bureau for Central Guidance for the Development of the Special Zone released the following "
         "statement Saturday:", "statement", canonical),
    ]
    _speakers_in_both_paths("Prospect of the Zone", cases)
    frame = pl.DataFrame({"title": ["Prospect of the Zone"], "body": [cases[0][0]], "article_type": ["answer"]})
    assert issuer.add_issuer(frame)["issuer_country"].to_list() == ["KP"]


def test_a_foreign_ministry_spokesman_named_by_its_abbreviation_alone():
    """issuer_code_v23: 'Spokesman of DPRK FM ...' and 'FM Spokesman of DPRK ...' titles over a lead that names no known
    issuer are the FM spokesperson, in both paths ('FM' is a known issuer that is no fallback row, so v22 never looked
    for it there and gave no issuer); a message of 'DPRK FM' is the ministry's (texts written for the test)."""
    lead = "The United States is hyping recent developments in some countries. This is nothing but a folly."
    cases = [("Spokesman of DPRK FM Dismisses Any Change from DPRK as Ridiculous", "statement",
              "Ministry of Foreign Affairs (spokesperson)"),
             ("FM Spokesman of DPRK Assails Entry of U.S. Submarine", "statement",
              "Ministry of Foreign Affairs (spokesperson)"),
             ("DPRK FM Sends Letter to Secretary General of ASEAN", "message", "Ministry of Foreign Affairs")]
    for title, kind, expected in cases:
        assert issuer.find_speaker(kind, title, lead, known_in_head=None)[0] == expected, title
    copies = ROW_BY_ROW_MAX // len(cases) + 1
    frame = _issued([kind for _, kind, _ in cases] * copies, *[(title, lead) for title, _, _ in cases] * copies)
    assert frame["issuer"].to_list()[:len(cases)] == [expected for _, _, expected in cases]
    assert frame["issuer_country"].to_list()[:len(cases)] == ["KP", "KP", "KP"]


def test_a_subject_who_refers_notes_or_stresses_is_the_speaker_of_last_resort():
    """issuer_code_v23: the last resort's subject may also have noted, insisted, affirmed, stressed, emphasized, referred
    to or pointed out ('Russian Prime Minister X referred to ... at a recent interview'; v22 gave interviews and speeches
    so opened no issuer), and a subject that runs on into 'addressing a meeting' ends before it; in a commentary such a
    subject is discussed, not writing (SPOKEN), in both paths (texts written for the test)."""
    cases = [
        ("Bulgarian Foreign Minister Jan Novak referred to the relations with the neighbours at a press conference on "
         "May 2.", "interview", "Jan Novak"),
        ("Jan Novak, chief of a section of the Institute of Oriental Studies of Bulgaria, affirmed at an interview with "
         "a paper that peace is near.", "interview", "Jan Novak"),
        ("The commander of the Air Force of Bulgaria at a press conference on May 2 stressed that the border is safe.",
         "interview", "commander of the Air Force of Bulgaria"),
        ("A delegate of the DPRK addressing a meeting of the UN Disarmament Committee on April 1 referred to the danger "
         "of a nuclear war.", "speech", "delegate of the DPRK"),
        ("The Bulgarian Foreign Minister insisted on May 2 that the talks had failed.", "commentary", None),
    ]
    _speakers_in_both_paths("Peace Discussed", cases)
    countries = [issuer.find_speaker(kind, "Peace Discussed", lead)[1] for lead, kind, _ in cases]
    assert countries == ["BG", "BG", "BG", "KP", None]


def test_spanish_names_without_de_and_the_second_glossary():
    """issuer_code_v23, spanish_names_v2: a Spanish name that holds no 'de' is looked up too ('Comite Olimpico',
    'Comite Nacional por la Reconciliacion': v22 never did), and v2's rows give the English service's names; an English
    name stays as it is (texts written for the test)."""
    assert issuer.english_name("Comite Olimpico", "KP") == "DPRK Olympic Committee"
    assert issuer.english_name("Comite Nacional por la Reconciliacion", "KP") == "National Reconciliation Council"
    assert issuer.english_name("representante permanente de la RPDC ante la ONU", "KP") == (
        "Permanent Representative of the DPRK to the UN")
    assert issuer.english_name("Asociacion de Coreanos Reclutados Forzosamente y Sus Familiares", "KP") == (
        "Association of Koreans Forcibly Drafted and Their Families")
    assert issuer.english_name("Journalists Union of Korea", "KP") == "Journalists Union of Korea"
    lead = "El Comite Nacional por la Reconciliacion hizo publica el dia 4 una declaracion sobre la situacion."
    assert issuer.find_speaker("statement", "Declaracion", lead) == ("National Reconciliation Council", "KP")


def test_issuers_v14_speakers_whose_country_the_context_gave_wrong():
    """issuers_v14: Alejandro Cao de Benos is ES (not KP from 'Friendship with the Korean People'), the Measure Council
    for Human Rights in South Korea is the DPRK's (KP, also under its Spanish name, not KR from the place in it), the
    Arab Lawyers Union is international (XX), in both paths (texts written for the test)."""
    cases = [
        ("Alejandro Cao De Benos, chairman of the Association for Friendship with the Korean People which has its "
         "headquarters in Spain, made public a statement on May 2.", "statement", "Alejandro Cao de Benos"),
        ("La Sociedad de Medidas de DDHH en el Sur de Corea publico el dia 19 una carta blanca.", "memorandum",
         "Measure Council for Human Rights in South Korea"),
        ("The Arab Lawyers Union issued a statement on Dec. 20 demanding the demolition of the wall.", "statement",
         "Arab Lawyers Union"),
    ]
    _speakers_in_both_paths("Statement", cases)
    assert [issuer.find_speaker(kind, "Statement", lead)[1] for lead, kind, _ in cases] == ["ES", "KP", "XX"]


def test_the_sender_side_of_a_title_and_a_spanish_office_without_its_comma():
    """issuer_code_v23: a DPRK official who 'Greets / Congratulates Indian PM' keeps KP (v22 read the recipient's country
    on the title's sender side); a Spanish office before a sender found in the title gives the sender's country also
    capitalised and without a comma before the name ('el Secretario General del Comite Central del Partido Comunista de
    China, Xi Jinping', '... de la Republica Popular China Xi Jinping') (texts written for the test)."""
    lead = ("Premier Kim Chol Su sent a message of greetings to Jan Novak, prime minister of Bulgaria, on the national "
            "day.")
    assert issuer.find_speaker("message", "Kim Chol Su Greets Bulgarian PM", lead) == ("Kim Chol Su", "KP")
    for lead in ("El Mariscal Kim Jong Un recibio un mensaje de felicitacion que le emitiera el dia 9 el Secretario "
                 "General del Comite Central del Partido Comunista de China, Xi Jinping.",
                 "El Mariscal Kim Jong Un recibio una carta que le enviara el Presidente de la Republica Popular China "
                 "Xi Jinping."):
        assert issuer.find_speaker("message", "Kim Jong Un recibe mensaje de Xi Jinping", lead) == ("Xi Jinping", "CN")


def test_issuers_v14_often_quoted_speakers_keep_their_country():
    """issuers_v14: a foreign leader or a south Korean body quoted often keeps its country whatever the words around it
    name ('a statement titled "U.S., stop ..."' is no US body), in its canonical spelling; a body that another name
    extends stays that body ('British Branch of the Korean Friendship Association' is not the KFA) (texts written for
    the test)."""
    cases = [
        ("The People for Achieving Peace and Reunification reportedly issued on June 9 a statement titled \"U.S., stop "
         "crying out for the strategic flexibility of the U.S. forces\".", "statement",
         "People for Achieving Peace and Reunification"),
        ("El Secretario General del Comite Central del Partido y Presidente, Hu Jintao, pronuncio un discurso en el "
         "banquete.", "speech", "Hu Jintao"),
        ("The British Branch of the Korean Friendship Association issued a statement on May 2 in support of the DPRK.",
         "statement", "British Branch of the Korean Friendship Association"),
    ]
    _speakers_in_both_paths("Statement", cases)
    assert [issuer.find_speaker(kind, "Statement", lead)[1] for lead, kind, _ in cases] == ["KR", "CN", "GB"]


def test_a_body_spokesman_named_after_the_body_is_the_body():
    """issuer_code_v23: '<body> spokesperson <Name>' speaks as the body (docs/labelling.md: a body's spokesman is the
    body), in both paths; a person with no spokesman's title keeps the name (texts written for the test)."""
    cases = [
        ("Bulgarian air force spokesperson Jan Novak at a press interview on Tuesday insisted that foreign aircraft had "
         "entered the country's airspace.", "interview", "Bulgarian air force"),
        ("Bulgarian Foreign Minister Jan Novak referred to the relations with the neighbours at a press conference on "
         "May 2.", "interview", "Jan Novak"),
    ]
    _speakers_in_both_paths("Airspace Violated", cases)


def test_a_speaker_ends_at_its_sentence_and_before_what_it_did_or_when():
    """issuer_code_v24 (texts written for the test): 'In this regard' before the subject is no part of it, nor 'made
    the call' after it, in both paths; a name that ran past its sentence's full stop ends there, but not at an
    abbreviation's stop, and a name alone after the stop is the speaker; 'in a press release', 'on Saturday' and 'on
    March 10' after a name end it."""
    leads = [
        ("The dams are a crime. In this regard, the Ruritanian Farmers Union published a statement.", "statement",
         "Ruritanian Farmers Union"),
        ("The dams must go. Jan Novak made the call in a letter to the Ruritanian Farmers Union.", "message",
         "Jan Novak"),
    ]
    _speakers_in_both_paths("Dams Denounced", leads)
    assert [issuer.clean(name) for name in (
        "Jan Novak. The", "Jan Novak. El texto senala", "Friendship Committee of Mt. Paektu", "Sh. D. Novak",
        "A. P. Novak", "the Ruritanian Peace War. Jan Novak", "Navy Command of the Ruritanian Army in a press release",
        "Jan Novak on Saturday during the two-day summit", "Ruritanian Farmers Union on March 10",
        "In January the Ruritanian Farmers Union",
    )] == ["Jan Novak", "Jan Novak", "Friendship Committee of Mt. Paektu", "Sh. D. Novak", "A. P. Novak", "Jan Novak",
           "Navy Command of the Ruritanian Army", "Jan Novak", "Ruritanian Farmers Union", "Ruritanian Farmers Union"]


def test_a_body_that_groups_organizations_and_held_a_press_conference_gives_it():
    """speaker_patterns_v20 and issuer_code_v25 (texts written for the test): a body that groups, is made up of or was
    formed by organizations and called / held a press conference is its one giver (guide v2), in both paths; one
    named inside quotation marks or after 'U.S.' is left to the rows before, and two bodies are still several givers.
    The organizations it groups, when south Korean, make it KR; the country its troops are sent to is no country of its."""
    leads = [
        ("The Council for Clean Rivers grouping more than 40 civic and public organizations in south Korea held a press "
         "conference in Seoul on June 28 demanding a stop to the dams.", "interview", "Council for Clean Rivers"),
        ("The Committee for Holding Events to Mark the 1st Anniversary of the October 4 Declaration formed by the "
         "progressive organizations held a press conference in Seoul.", "interview",
         "Committee for Holding Events to Mark the 1st Anniversary of the October 4 Declaration"),
        ("The Council for Clean Rivers and the Union of Farmers grouping 30 organizations held a press conference in "
         "Seoul.", "interview", None),
    ]
    _speakers_in_both_paths("Dams Protested", leads)
    context = "The Council for Clean Rivers grouping more than 40 civic organizations in south Korea held a press conference"
    assert _country_of("Council for Clean Rivers", context) == "KR"
    assert _country_of("Council for Clean Rivers", "The Council for Clean Rivers held a press conference") == "KP"
    assert _country_of("People's Action against Troop Dispatch to Iraq") != "IQ"
    assert _country_of("Committee for Solidarity with Cuba") == "CU"


def test_a_sentence_taken_for_a_speaker_is_no_name_and_a_passive_agent_is_the_speaker():
    """issuer_code_v25 (texts written for the test): a speaker with a finite verb in it is a sentence the patterns took
    for a name, so no name (the next pattern is tried); 'This was stated / urged by X' is X's; a body's name without a
    verb is kept."""
    assert issuer.resolve("Nothing is more vital for the Ruritanian people than peace at present", True, False) is None
    assert issuer.resolve("Ruritanian farmers will build dams through their concerted efforts", True, False) is None
    assert issuer.resolve("Ruritanian army said it", True, False) is None
    assert issuer.resolve("This was stated by Jan Novak", True, False) == ("Jan Novak", None)
    assert issuer.resolve("This urge was made by the Ruritanian Farmers Union", True, False) == (
        "Ruritanian Farmers Union", None)
    assert issuer.resolve("Central Committee of the Ruritanian Farmers Union", True, False) == (
        "Central Committee of the Ruritanian Farmers Union", None)


def test_a_spanish_opening_before_the_subject_is_no_part_of_it():
    """issuer_code_v25 (texts written for the test): a Spanish sentence that opens with what it is about names its
    subject after the first ', el / la', also after 'Para ...', 'contra ...' or 'y ...' and before a lower-case
    subject; a name with no such opening is kept whole."""
    assert [issuer.clean(who) for who in (
        "contra la Republica de Ruritania, el Comite Ruritano de Ayuda a los Compatriotas",
        "En relacion con el fallecimiento del Presidente, la cancilleria de Ruritania",
        "Para felicitar el Festival de Flores, la Asociacion Ruritana de Jardineros",
        "Comite Ruritano de Ayuda a los Compatriotas",
    )] == ["Comite Ruritano de Ayuda a los Compatriotas", "cancilleria de Ruritania",
           "Asociacion Ruritana de Jardineros", "Comite Ruritano de Ayuda a los Compatriotas"]

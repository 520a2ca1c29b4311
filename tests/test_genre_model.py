"""The learned article_type model beside the rules (issue 19): what it may answer, where it decides, and that
its two scorers (row by row for a refresh's few articles, one polars join for a build) agree."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from kcna_dataset.fields import article_type, genre_combiner, genre_model, rules
from schemas import vocabularies as vocab


def _articles(*rows: tuple[str | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"title": pl.String, "body": pl.String}, orient="row")


def test_model_answers_only_article_types_and_overrides_only_its_classes():
    model = genre_model.load()
    assert set(model["classes"]) <= set(vocab.ARTICLE_TYPES)
    assert set(model["overrides"]) <= set(model["classes"])
    assert model["terms"] in genre_model.FRAME_TERMS and (model["tf"], model["norm"]) == ("raw", None)  # frame_scores reads it


def test_a_model_written_as_json_and_term_table_reads_back_and_scores_alike(tmp_path, monkeypatch):
    """genre_model.write splits a fitted model into its JSON and a Parquet term table (TABLE); load and both scorers
    read it back to the same parameters and scores."""
    model = {"version": "genre_tfidf_test", "terms": "words+pairs+title", "tf": "raw", "norm": None,
             "classes": ["report", "statement"], "intercept": [0.5, -0.5],
             "vocabulary": {"spokesman": 1, "visit": 0, "t:statement": 2},
             "idf": [1.5, 2.0, 2.5], "coef": [[0.7, -1.0, -2.0], [-0.7, 1.0, 2.0]]}
    monkeypatch.setattr(genre_model, "MODEL_DIR", tmp_path)
    for cached in (genre_model._table, genre_model.load, genre_model._vocabulary_frame):
        cached.cache_clear()
    try:
        json_path, table_path = genre_model.write(model, tmp_path)
        assert "vocabulary" not in json_path.read_text() and table_path.exists()
        loaded = genre_model.load("genre_tfidf_test")
        assert loaded["vocabulary"] == {"visit": 0, "spokesman": 1, "t:statement": 2}
        assert loaded["idf"].tolist() == [1.5, 2.0, 2.5] and loaded["weights"].T.tolist() == model["coef"]
        frame = _articles(("Statement", "A spokesman said."), ("Delegation", "A visit."))
        by_row = genre_model.scores(genre_model.documents(frame), "genre_tfidf_test")
        # "spokesman" (idf 2.0) and "t:statement" (2.5) are in the vocabulary, the lead's other words are not
        assert by_row[0].tolist() == [0.5 - 1.0 * 2.0 - 2.0 * 2.5, -0.5 + 2.0 * 1.0 + 2.5 * 2.0]
        assert np.allclose(genre_model.frame_scores(frame, "genre_tfidf_test"), by_row)
    finally:
        for cached in (genre_model._table, genre_model.load, genre_model._vocabulary_frame):
            cached.cache_clear()


def test_the_shipped_model_keeps_its_terms_in_a_small_table():
    """The model in use is a JSON of its settings and a Parquet term table, small enough to load in every refresh."""
    table = genre_model.MODEL_DIR / f"{genre_model.MODEL_VERSION}{genre_model.TABLE}"
    assert table.stat().st_size < 3_000_000
    assert "vocabulary" not in (genre_model.MODEL_DIR / f"{genre_model.MODEL_VERSION}.json").read_text()
    assert len(genre_model.load()["vocabulary"]) == genre_model._vocabulary_frame().height > 10_000


def test_the_taxonomy_ends_in_its_catch_all():
    """add_article_type lets the model decide where only the last rule matched: it must match everything."""
    last = article_type.taxonomy().row(-1, named=True)
    assert (last["article_type"], last["where"], last["pattern"]) == ("report", "head", ".")


FEATURE = ("The ancestral mountain of the Korean nation boasts beautiful scenery and the legends about it handed down "
           "from generation to generation.\n\nIts peaks, first climbed by hunters centuries ago, rise above a crater lake "
           "that was formed by an eruption in 946. Its forests are home to tigers, bears and rare birds.\n\nIt is said "
           "that in the old days poets came to the mountain in summer and wrote songs in praise of its waterfalls.\n\n"
           "Today it is visited by many people from all parts of the country every year.\n\n-0-")
"""A feature written for the test, several paragraphs long as real features are (the combiner reads the length)."""


def _sure(monkeypatch, answer: str | None, probability: float = 0.99) -> None:
    """The learned model gives `answer` `probability` and spreads the rest evenly (None: every class alike)."""
    classes = genre_model.load()["classes"]
    row = np.full(len(classes), 1 / len(classes))
    if answer is not None:
        row = np.full(len(classes), (1 - probability) / (len(classes) - 1))
        row[classes.index(answer)] = probability
    monkeypatch.setattr(genre_model, "class_probabilities", lambda articles: np.tile(row, (articles.height, 1)))


def test_the_combiner_reads_the_shipped_model_and_taxonomy():
    """genre_combiner_v1 was fitted on this model's probabilities and this taxonomy's answers: a new model or taxonomy
    must refit it (bench/labels/train_combiner.py), and its parameters fit the inputs genre_combiner.features makes."""
    combiner = genre_combiner.load()
    assert combiner["model"] == genre_model.MODEL_VERSION
    taxonomy = f"genre_taxonomy_{rules.RULES['genre_taxonomy']}"
    assert combiner["taxonomy"] == genre_combiner.SERVES.get(taxonomy, taxonomy)
    assert set(combiner["classes"]) <= set(vocab.ARTICLE_TYPES)
    frame = _articles(("KCNA Commentary", FEATURE), ("Delegation Leaves", "A delegation left here by air."))
    classes = genre_model.load()["classes"]
    inputs = genre_combiner.features(genre_model.class_probabilities(frame), classes, article_type.rules_type(frame),
                                     pl.Series([False, True]), genre_combiner.shape(frame))
    assert inputs.shape[1] == len(combiner["features"]) == len(combiner["mean"]) == combiner["coef"].shape[1]


def test_a_taxonomy_the_combiner_serves_changes_only_rows_the_model_never_reaches():
    """genre_combiner.SERVES lets a combiner serve a newer taxonomy only where the new one changes nothing the
    combiner reads: every row added or changed keeps its answer from the model, and the rows left to the model stand
    in the same order, so an article the combiner decides matches the same row under both. That a changed row matches
    no less than before (v18 only widens one) is what the corpus showed, not this test: under v18 every article that
    changed type went to a new or widened row (docs/enrichment.md, twenty-second round)."""
    def rows(taxonomy: str) -> pl.DataFrame:
        return rules.load("genre_taxonomy", taxonomy.removeprefix("genre_taxonomy_"))

    assert genre_combiner.SERVES, "nothing to check: drop this test with SERVES"
    for served, fitted in genre_combiner.SERVES.items():
        new, old = rows(served), rows(fitted)
        changed = pl.concat([new.join(old, on=new.columns, how="anti", nulls_equal=True),
                             old.join(new, on=old.columns, how="anti", nulls_equal=True)])
        assert changed.height and (changed["decides"] == "rules").all(), changed
        left_to_the_model = pl.col("decides").is_null() | (pl.col("decides") != "rules")
        assert new.filter(left_to_the_model).equals(old.filter(left_to_the_model))


def test_rules_that_keep_their_type_keep_it_and_the_combiner_types_the_rest(monkeypatch):
    """A rule whose `decides` is 'rules' keeps its answer whatever the model says; every other article gets the
    combiner's answer from the rules' type, the model's probabilities and the article's shape."""
    frame = _articles(
        # a round-up of several bodies' protest going on with one body's statement: news, kept from the model
        ("Dams Denounced in Ruritania", "Ruritanian organizations are strongly protesting against the dams.\n\nThe "
         "Federation of Farmers in a statement on May 3 said the dams must go."),
        # a statement named at the start of the lead: the combiner weighs the rule's answer
        ("Spokesman for Committee Issues Statement", "A spokesman for the Committee issued the following statement "
         "on Monday: The U.S. should stop its provocations."),
        # only the catch-all matches (the feature rule reads 'Mt. Paektu ... is famous for', not this opening)
        ("Famous Mountain", FEATURE),
        ("Speech Made at Meeting", "Choe Ryong Hae made a speech at the meeting on Tuesday."),
        (None, None),
    )
    first = article_type.rule_index(frame)
    ruled, kept = article_type.rule_types(first), article_type.kept_from_the_model(first)
    assert ruled.to_list()[:4] == ["report", "statement", "report", "speech"]
    assert kept.to_list()[:4] == [True, False, False, False]
    final = article_type.add_article_type(frame)["article_type"].to_list()
    inputs = genre_combiner.features(genre_model.class_probabilities(frame), genre_model.load()["classes"], ruled,
                                     article_type.reached_catch_all(first), genre_combiner.shape(frame))
    assert final[1:] == genre_combiner.decide(inputs).to_list()[1:]
    assert final[:4] == ["report", "statement", "other", "speech"]  # the feature on a famous place is `other`
    _sure(monkeypatch, "commentary")
    assert article_type.add_article_type(frame)["article_type"].to_list()[0] == "report"  # kept from a sure model


@pytest.mark.parametrize("answer", ["statement", "commentary", "other", "interview", "speech"])
def test_where_the_rules_fall_back_the_combiner_follows_a_sure_model(monkeypatch, answer):
    """At the catch-all, on an article as long as real ones, a model sure of its answer (0.99) decides. Not for every
    class: a message, editorial, memorandum, indictment or press statement is named in title or lead where the rules
    look, so the combiner learnt to doubt a model that finds one where no rule did."""
    _sure(monkeypatch, answer)
    frame = _articles(("Famous Mountain", FEATURE))
    assert article_type.reached_catch_all(article_type.rule_index(frame)).to_list() == [True]
    assert article_type.add_article_type(frame)["article_type"].to_list() == [answer]


def test_where_the_model_cannot_tell_a_specific_rule_decides_and_a_short_article_is_news(monkeypatch):
    """A model that gives every class alike leaves a specific rule's answer standing (a statement named in the lead,
    a commentary), and an article of one short sentence that no rule names is news: in the tuning half 112 of the
    114 articles under 200 characters are."""
    _sure(monkeypatch, None)
    frame = _articles(
        ("Spokesman for Committee Issues Statement", "A spokesman for the Committee issued the following statement "
         "on Monday: The U.S. should stop its provocations.\n\n" + FEATURE),
        ("KCNA Commentary Slams U.S. Moves", "The U.S. is now running amok, KCNA says in a commentary.\n\n" + FEATURE),
        ("Oungum", "Oungum becomes a popular instrument."),
    )
    assert article_type.rules_type(frame).to_list() == ["statement", "commentary", "report"]
    assert article_type.add_article_type(frame)["article_type"].to_list() == ["statement", "commentary", "report"]


def test_frame_and_row_scorers_agree_on_many_articles():
    """More than ROW_BY_ROW_MAX articles go through the polars scorer, fewer row by row: the same types."""
    titles = ["KCNA Commentary", "Kim Jong Il Sends Message", "Delegation Leaves", "Pyongyang Spring Fair Opens",
              "Rodong Sinmun Calls for Unity", "Speech of Premier", "Interview with Foreign Visitor"]
    bodies = ["The paper says in a signed article that the U.S. is to blame.", "He sent a congratulatory message.",
              "A delegation left here by air.", "The fair opened on Monday with 300 firms of 12 countries.", ""]
    frame = _articles(*[(titles[i % len(titles)], bodies[(i * 3) % len(bodies)] * (1 + i % 4)) for i in range(230)])
    whole = article_type.add_article_type(frame)["article_type"]
    pieces = pl.concat([article_type.add_article_type(frame.slice(start, 50))["article_type"]
                        for start in range(0, frame.height, 50)])
    assert whole.equals(pieces)


_TEXT = st.lists(st.sampled_from([*"aeiou nstrAEÉéñÑçİß'’-.,\n0123_²½Ⅻ\u0301\u0903", "l'", "KCNA ", "Rodong ", "statement "]),
                max_size=60).map("".join)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), _TEXT), st.one_of(st.none(), _TEXT)), min_size=1, max_size=20))
def test_frame_scores_are_the_row_scores(rows: list[tuple[str | None, str | None]]):
    """Seeded (derandomize): the polars words, lower-casing and lead cut are Python's, on generated texts."""
    frame = _articles(*rows)
    documents = [genre_model.document(t, b) for t, b in rows]
    assert np.allclose(genre_model.frame_scores(frame), genre_model.scores(documents), atol=1e-9)

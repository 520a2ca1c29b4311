"""Quality of the derived fields on the test half of labels nobody tuned the rules to (issue 19).

tests/labels/enrichment_eval_v27.csv: 12,138 real articles of ../shared/corpora drawn by bench/labels/sample.py
(seeded, stratified by year, source, language and rough genre) and labelled from title and lead by docs/labelling.md,
without the rules, each read twice (blind) and adjudicated where the readings differ (labels v3,
bench/labels/second_reading.py: the 941 articles of batches 1 and 2, read again under guide v2 by new readers for labels
v12, bench/labels/reread_v2.py; bench/labels/two_readings.py, under guide v1: batches 3 to 10, and under guide v2
batches 11 to 23 (labels v13 to v26), all in the tuning half; labels v16 read again under guide v2 the 1,892 v1 tuning
rows whose text names what v2 decided anew, bench/labels/reread_v2.py --rows conventions; labels v27 add batch 24, 875
articles drawn from the test half, which widen it from the first sample's 457 to 1,332). The file holds labels only,
keyed by article_id, source path and record index; the articles are read from ../shared/corpora, and the test skips
where that folder is absent.
The labels were split once, by a hash of article_id (bench/labels/split.py), into a tuning half (the rules
were changed by reading only it) and a test half (scored here, never read to change a rule).

Every labelled article counts: a missing answer is wrong, an issuer is scored over all articles (null = null
is right) and over those that have one (where answering null is wrong).

The floors of issue 19 are asserted where the rules reach them. Where they do not, the floor stays as the
issue set it, marked xfail(strict=True) with the measured figure: the issue is not resolved for that
measure, and the mark must go (the test then fails as XPASS) once a change reaches it. Beside each unmet
floor, a guard at the level measured keeps the figure from slipping back unnoticed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.fields import genre_model, scoring
from kcna_dataset.fields.mentions import extract_mentions
from kcna_dataset.stages import enrich, extract, parse
from tests.conftest import corpora_or_skip

pytestmark = pytest.mark.corpus

LABELS = Path(__file__).parent / "labels" / "enrichment_eval_v27.csv"
LABELS_V16 = LABELS.with_name("enrichment_eval_v16.csv")
LABELS_V12 = LABELS.with_name("enrichment_eval_v12.csv")
LABELS_V11 = LABELS.with_name("enrichment_eval_v11.csv")
LABELS_V4 = LABELS.with_name("enrichment_eval_v4.csv")
LABELS_V3 = LABELS.with_name("enrichment_eval_v3.csv")
FIRST_READING = LABELS.with_name("enrichment_eval_v2.csv")
SECOND_READING = LABELS.with_name("second_reading_v1.csv")
ADJUDICATION = LABELS.with_name("adjudication_v1.csv")
BATCH3_READINGS = [LABELS.with_name(f"batch3_reading_{reader}_v1.csv") for reader in ("a", "b")]
BATCH3_ADJUDICATION = LABELS.with_name("adjudication_v2.csv")
REREAD_V2 = [LABELS.with_name(f"reread_v2_reading_{reader}_v1.csv") for reader in ("a", "b")]
REREAD_V2_ADJUDICATION = LABELS.with_name("adjudication_v10.csv")
LABELS_V15 = LABELS.with_name("enrichment_eval_v15.csv")
CONVENTIONS_READINGS = [LABELS.with_name(f"reread_conventions_reading_{reader}_v1.csv") for reader in ("a", "b")]
CONVENTIONS_ADJUDICATION = LABELS.with_name("adjudication_v14.csv")
CONVENTIONS_ARTICLES = 1892  # the v1 tuning rows labels v16 read again
BATCH_ARTICLES = {4: 893, 5: 809, 6: 758, 7: 478, 8: 483, 9: 458, 10: 449, 11: 434, 12: 413, 13: 424, 14: 440, 15: 420, 16: 398, 17: 419, 18: 380, 19: 386, 20: 391, 21: 385, 22: 366, 23: 378, 24: 875}
"""Batches 4 to 13, read as batchN_reading_{a,b}_v1.csv: batch -> (the labels version adding it, its adjudication's);
labels v12 read the first sample again and v16 the v1 tuning rows on v2's conventions: they added no batch."""
ADDED_BY = {number: (number + 1, number - 1) for number in range(4, 11)} | {n: (n + 2, n) for n in (11, 12, 13)} | {14: (17, 15), 15: (18, 16), 16: (19, 17), 17: (20, 18), 18: (21, 19), 19: (22, 20), 20: (23, 21), 21: (24, 22), 22: (25, 23), 23: (26, 24), 24: (27, 25)}
TEST_BATCHES = {24}  # drawn from the test half (bench/labels/sample.py TEST_ONLY): it widens the half that is scored
SPLIT_SALT = "kcna-labels-v2-split:"  # bench/labels/split.py

# Issue 19's floors, on the test half.
TYPE_ACCURACY = 0.92
ISSUER_ACCURACY = 0.90
ISSUER_COUNTRY_ACCURACY = 0.95
CLASS_F1 = 0.80
CLASS_MIN_SUPPORT = 10
COUNTRY_PRECISION = COUNTRY_RECALL = 0.97

# Measured on the test half of labels v27 (1,332 articles: the first sample's 457, read again under guide v2 in v12,
# and batch 24's 875, drawn from the test half in the nineteenth round to narrow its intervals) with the pipeline of
# the twenty-second round: genre_taxonomy_v18 + genre_tfidf_v12 + genre_combiner_v1 (a learned combination of the rules'
# type, the model's probabilities and the article's shape, where no rule `decides`; article_type), issuers_v14 +
# spanish_names_v2 + speaker_patterns_v20 + issuer_code_v25, responds_to_v4, gazetteer_v5 (2026-12-08, early morning,
# `python bench/labels/evaluate.py test --write`): the level each guard keeps (the nineteenth round's issuer_country was
# 0.9249). On the first sample's 457 alone
# (`evaluate.py test-first`) the same pipeline scores type 0.908, issuer 0.899 / 0.835 (the eighteenth round: 0.906),
# issuer_country 0.915, `other` F1 0.744 (docs/enrichment.md, nineteenth round).
MEASURED = {
    "type_accuracy": 0.9332,
    "issuer_accuracy": 0.9054,
    "issuer_accuracy_with_issuer": 0.8408,
    "issuer_country_accuracy": 0.9287,
    "responds_to_accuracy": 0.9587,
    "learned_type_accuracy": 0.9092,
    "memorandum_f1": 0.789,
}
# Agreement of the two blind readings on the test half: the ceiling a rule can be expected to reach.
READERS_AGREE = {"article_type": 0.954, "issuer": 0.950, "issuer_country": 0.967, "responds_to": 0.987, "countries": 0.987}
# The same for the reading under guide v2 (labels v12), which the test half's labels now are.
READERS_AGREE_V2 = {"article_type": 0.980, "issuer": 0.982, "issuer_country": 0.991, "responds_to": 0.996,
                    "countries": 0.998}
UNMET = "issue 19 floor not reached on the test half (measured {:.3f}); the issue is not resolved for this measure"


def _labels() -> pl.DataFrame:
    return pl.read_csv(LABELS, comment_prefix="#", schema_overrides={"record_index": pl.Int32})


@pytest.fixture(scope="module")
def judged() -> pl.DataFrame:
    """The test half's labels with the pipeline's answers beside them (`<field>_found`, `countries_found`)."""
    corpora = corpora_or_skip()
    wanted = _labels().filter(pl.col("split") == "test")
    files = [f for f in extract.discover(corpora) if f.path in set(wanted["source_path"])]
    records, _ = extract.extract_files(corpora, files)
    parsed, _ = parse.parse_records(records)
    keys = wanted.select("source_path", "record_index")
    articles = enrich.enrich_articles(parsed.join(keys, on=["source_path", "record_index"]))
    leads = articles.with_columns(pl.col("body").map_elements(scoring.lead, return_dtype=pl.String))
    countries = (extract_mentions(leads).filter(pl.col("country_code").is_not_null())
                 .group_by("article_id").agg(countries_found=pl.col("country_code").unique()))
    answers = articles.select(
        "source_path", "record_index", article_id_found="article_id", article_type_found="article_type",
        issuer_found="issuer", issuer_country_found="issuer_country", responds_to_found="responds_to",
        article_type_model=pl.Series(genre_model.predict(genre_model.documents(articles)), dtype=pl.String),
    )
    return (wanted.join(answers, on=["source_path", "record_index"], how="left")
            .join(countries, left_on="article_id", right_on="article_id", how="left"))


@pytest.fixture(scope="module")
def scores(judged) -> dict:
    return scoring.field_scores(judged)


@pytest.fixture(scope="module")
def classes(judged) -> dict[str, dict]:
    return {row["class"]: row for row in scoring.per_class(judged).iter_rows(named=True)}


def test_labels_are_many_with_provenance_and_one_split():
    labels = _labels()
    assert labels.height >= 600
    assert set(labels["agreement"]) == {"agreed", "adjudicated"}
    assert labels["article_id"].n_unique() == labels.height
    assert sum(labels[c].null_count() for c in ("guide_version", "labelled_on", "labelled_by")) == 0
    assert set(labels["guide_version"]) == {"v1", "v2"}
    first_sample = set(_read(LABELS_V3)["article_id"])
    v2 = labels.filter(pl.col("guide_version") == "v2")
    assert first_sample <= set(v2["article_id"])
    read_under_v2 = v2.filter(~pl.col("article_id").is_in(list(first_sample)))["labelled_by"]
    assert (read_under_v2.str.contains(r"\(batch (?:1[1-9]|2[0-4])\)")  # batches 11 to 24, read under v2 from the start
            | read_under_v2.str.contains("read again", literal=True)).all()  # v1 rows read again (labels v16)
    expected = ["test" if hashlib.sha256((SPLIT_SALT + i).encode()).hexdigest()[0] in "89abcdef" else "tuning"
                for i in labels["article_id"]]
    assert labels["split"].to_list() == expected
    assert set(labels["article_type"]) <= set(scoring.TYPES)
    with_issuer = labels.filter(pl.col("issuer").is_not_null())
    assert with_issuer["issuer_country"].null_count() == 0
    without_issuer = labels.filter(pl.col("issuer").is_null())
    assert without_issuer["issuer_country"].null_count() == without_issuer.height


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, comment_prefix="#", infer_schema_length=0).fill_null("")


def test_labels_are_the_readings_agreed_or_adjudicated():
    """v3 = the first reading where the second, blind one agrees on every field; else the adjudicator's label.
    The readers' agreement on the test half is what the floors are measured against."""
    from bench.labels.second_reading import FIELDS, disputed, normal

    first, second, decided, final = (_read(p).sort("article_id") for p in (FIRST_READING, SECOND_READING, ADJUDICATION, LABELS_V3))
    assert first["article_id"].to_list() == second["article_id"].to_list() == final["article_id"].to_list()
    agree = {field: [normal(field, a) == normal(field, b) for a, b in zip(first[field], second[field])] for field in FIELDS}
    differ = [bool(disputed(a, b)) for a, b in zip(first.iter_rows(named=True), second.iter_rows(named=True))]
    assert final["agreement"].to_list() == ["adjudicated" if d else "agreed" for d in differ]
    assert set(decided["article_id"]) == set(final.filter(pl.col("agreement") == "adjudicated")["article_id"])
    assert set(decided["decision"]) <= {"A", "B", "other"}
    by_id = {row["article_id"]: row for row in decided.iter_rows(named=True)}
    for row_first, row_final, disputed in zip(first.iter_rows(named=True), final.iter_rows(named=True), differ):
        source = by_id[row_final["article_id"]] if disputed else row_first
        assert all(normal(f, row_final[f]) == normal(f, source[f]) for f in FIELDS), row_final["article_id"]
    test = [i for i, split in enumerate(first["split"]) if split == "test"]
    for field, level in READERS_AGREE.items():
        assert sum(agree[field][i] for i in test) / len(test) == pytest.approx(level, abs=5e-4), field


def _read_twice_then_adjudicated(batch: pl.DataFrame, readings: list[Path], adjudication: Path) -> None:
    """Each row of a batch is reader A's label where both blind readings agree on every field, else the
    adjudicator's, and the adjudicator decided exactly the articles whose readings differ."""
    from bench.labels.second_reading import FIELDS, disputed, normal

    batch = batch.sort("article_id")
    a, b = (_read(p).sort("article_id") for p in readings)
    decided = {row["article_id"]: row for row in _read(adjudication).iter_rows(named=True)}
    assert a["article_id"].to_list() == b["article_id"].to_list() == batch["article_id"].to_list()
    for one, two, final in zip(a.iter_rows(named=True), b.iter_rows(named=True), batch.iter_rows(named=True)):
        differ = bool(disputed(one, two))
        assert final["agreement"] == ("adjudicated" if differ else "agreed")
        source = decided[final["article_id"]] if differ else one
        assert all(normal(f, final[f]) == normal(f, source[f]) for f in FIELDS), final["article_id"]
    assert set(decided) == set(batch.filter(pl.col("agreement") == "adjudicated")["article_id"])


def test_labels_v4_are_v3_then_batch_3_read_twice_in_the_tuning_half():
    """v4 keeps every row of v3 and adds batch 3; batch 3 holds tuning articles only, so the test half is v3's."""
    v3, v4 = _read(LABELS_V3), _read(LABELS_V4)
    assert v4.head(v3.height).equals(v3)
    batch3 = v4.slice(v3.height)
    assert batch3.height == 760 and set(batch3["split"]) == {"tuning"} and set(batch3["labelled_on"]) == {"2026-12-06"}
    _read_twice_then_adjudicated(batch3, BATCH3_READINGS, BATCH3_ADJUDICATION)


def test_labels_v12_are_v11_with_the_first_sample_read_again_under_guide_v2():
    """v12 = v11, row for row, except the 941 articles of the first sample (both halves, same split), which new
    readers read again under guide v2, twice and blind, adjudicated where they differ. Their agreement on the test
    half is what the floors are now measured against."""
    from bench.labels.second_reading import FIELDS, normal

    v11, v12 = _read(LABELS_V11), _read(LABELS_V12)
    assert v12.select("article_id", "source_path", "record_index", "split").equals(
        v11.select("article_id", "source_path", "record_index", "split"))
    reread = v12["guide_version"] == "v2"
    assert v12.filter(~reread).equals(v11.filter(~reread))
    sample = v12.filter(reread)
    assert sample.height == 941 and sample["labelled_by"].str.contains("docs/labelling.md v2", literal=True).all()
    _read_twice_then_adjudicated(sample, REREAD_V2, REREAD_V2_ADJUDICATION)
    a, b = (_read(p).join(sample.select("article_id", "split"), on="article_id") for p in REREAD_V2)
    test = a.join(b, on="article_id", suffix="_b").filter(pl.col("split") == "test")
    for field, level in READERS_AGREE_V2.items():
        agree = [normal(field, x) == normal(field, y) for x, y in zip(test[field], test[f"{field}_b"])]
        assert sum(agree) / len(agree) == pytest.approx(level, abs=5e-4), field


def test_labels_v16_are_v15_with_v1_tuning_rows_on_v2s_conventions_read_again():
    """v16 = v15, row for row, except the v1 tuning rows whose title or lead names what guide v2 decided anew
    (bench/labels/reread_v2.py --rows conventions, chosen by their text, never by their labels or the pipeline's
    answers), read again under v2, twice and blind, adjudicated where the readings differ; the test half is v15's."""
    v15, v16 = _read(LABELS_V15), _read(LABELS_V16)
    assert v16.select("article_id", "source_path", "record_index", "split").equals(
        v15.select("article_id", "source_path", "record_index", "split"))
    reread = (v15["guide_version"] == "v1") & (v16["guide_version"] == "v2")
    assert v16.filter(~reread).equals(v15.filter(~reread))
    rows = v16.filter(reread)
    assert rows.height == CONVENTIONS_ARTICLES and set(rows["split"]) == {"tuning"}
    assert rows["labelled_by"].str.contains("read again", literal=True).all()
    _read_twice_then_adjudicated(rows, CONVENTIONS_READINGS, CONVENTIONS_ADJUDICATION)


def test_the_rows_read_again_are_those_the_text_selects():
    """The selection reads the corpus's title and lead only: it gives exactly the rows v16 read again."""
    from bench.labels.reread_v2 import sample

    corpora = corpora_or_skip()
    v15, v16 = _read(LABELS_V15), _read(LABELS_V16)
    reread = set(v16.filter((v15["guide_version"] == "v1") & (v16["guide_version"] == "v2"))["article_id"])
    assert set(sample("conventions", corpora)["article_id"]) == reread


def _batch_added(before: Path, after: Path, number: int, articles: int) -> pl.DataFrame:
    """The rows a labels version adds to the one before, which it keeps unchanged: articles of one half only, so the
    other half stays the one before's (a tuning batch leaves the test half at v3's 457, read again under guide v2 in
    v12; the test batch 24 leaves the tuning half as it was)."""
    earlier, later = _read(before), _read(after)
    assert later.head(earlier.height).equals(earlier)
    batch = later.slice(earlier.height)
    half, other = ("test", "tuning") if number in TEST_BATCHES else ("tuning", "test")
    assert batch.height == articles and set(batch["split"]) == {half}
    assert batch["labelled_by"].str.contains(f"(batch {number})", literal=True).all()
    assert later.filter(pl.col("split") == other).equals(earlier.filter(pl.col("split") == other))
    return batch


@pytest.mark.parametrize("number", sorted(BATCH_ARTICLES))
def test_each_labels_version_adds_one_batch_read_twice(number):
    """Labels v(N+1) keep every row of vN and add batch N (4 to 10, labelled the same day as batch 3; labelled_by
    names it; v13 adds batch 11 to v12, v14 batch 12 to v13, v15 batch 13 to v14, v17 batch 14 to v16, v18 batch 15 to
    v17, v19 batch 16 to v18 ... v26 batch 23 to v25), each drawn and read after the round before's rules and model,
    before the next round's were scored, in the tuning half; v27 adds batch 24 to v26, in the test half."""
    version, adjudication = ADDED_BY[number]
    batch = _batch_added(LABELS.with_name(f"enrichment_eval_v{version - 1}.csv"),
                         LABELS.with_name(f"enrichment_eval_v{version}.csv"), number, BATCH_ARTICLES[number])
    assert set(batch["guide_version"]) == {"v2" if number >= 11 else "v1"}
    readings = [LABELS.with_name(f"batch{number}_reading_{reader}_v1.csv") for reader in ("a", "b")]
    _read_twice_then_adjudicated(batch, readings, LABELS.with_name(f"adjudication_v{adjudication}.csv"))


def test_every_test_article_is_found_under_its_id(judged):
    assert judged.height == 1332
    assert judged["article_id_found"].to_list() == judged["article_id"].to_list()


def test_scoring_counts_missing_answers_as_wrong():
    """The known gaps of the v1 test: a null answer never passes for a label, and null = null counts only
    where the article has no issuer."""
    frame = pl.DataFrame({
        "article_type": ["report", "statement", "report"], "article_type_found": ["report", None, "report"],
        "issuer": [None, "CPRK", None], "issuer_found": [None, None, "KCNA"],
    })
    figures = scoring.field_scores(frame)
    assert figures["type_accuracy"] == pytest.approx(2 / 3)
    assert figures["issuer_accuracy"] == pytest.approx(1 / 3)
    assert figures["issuer_accuracy_with_issuer"] == 0.0
    assert scoring.per_class(frame).filter(pl.col("class") == "statement")["recall"].item() == 0.0


@pytest.mark.parametrize(("a", "b", "same"), [
    ("External Policy Office of the Foreign Ministry", "External Policy Office of the Ministry of Foreign Affairs", True),
    ("Ministry of Education", "Education Ministry", True),
    ("Korean Asia-Pacific Peace Committee", "Korea Asia-Pacific Peace Committee", True),
    ("Teachers Union of south Korea", "the Teachers Union", True),
    ("Red Cross Society of the Democratic People's Republic of Korea", "Red Cross Society of the DPRK", True),
    ("Yun Song Sik", "Korea Yun Song Sik", False),  # a person keeps every word: no body word, no qualifier dropped
    ("Ministry of Foreign Affairs", "Ministry of National Defence", False),
    ("Korean Social Democratic Party", "Social Democratic Party of Japan", False),
    ("Central Committee of the Korean Democratic Women's Union", "Korean Democratic Women's Union", True),  # guide v2
    ("Institute for American Studies of the DPRK Foreign Ministry", "Institute for American Studies", True),
    ("Institute for American Studies at the Ministry of Foreign Affairs", "Institute for American Studies", True),
    ("Ministry of Foreign Affairs", "Foreign Ministry", True),  # the ministry itself keeps its name
    ("Central Committee", "Standing Committee", False),
    # body words in the plural and 'confederation' make a body; a body's name with or without 'the' inside it
    ("Korean Confederation of Trade Unions", "south Korean Confederation of Trade Unions", True),
    ("Institute for Reunification of the Fatherland", "Institute for the Reunification of the Fatherland", True),
    ("Pak Jong Chan", "Pak Jong Chan. The", False),  # a person's name keeps every word, 'The' too
    ("Confederation of Trade Unions", "Federation of Trade Unions", False),
    # a body's secretariat is the body, as its central committee; a joint secretariat of an alliance is not reduced
    ("Secretariat of the CPRK", "CPRK", True),
    ("CPRK Secretariat", "Secretariat of the CPRK", True),
    ("Joint Secretariat of the National Alliance", "National Alliance", False),
    ("Secretariat of the CPRK", "DFRF", False),
])
def test_issuer_names_compare_by_the_guides_comparison(a, b, same):
    """docs/labelling.md, Comparison: the same body written two ways matches; two bodies never do."""
    assert (scoring.normalise_name(a) == scoring.normalise_name(b)) is same


def test_article_type_accuracy_floor(scores):
    assert scores["type_accuracy"] >= TYPE_ACCURACY


def test_issuer_accuracy_floor(scores):
    assert scores["issuer_accuracy"] >= ISSUER_ACCURACY


@pytest.mark.xfail(strict=True, reason=UNMET.format(MEASURED["issuer_accuracy_with_issuer"]))
def test_issuer_accuracy_floor_on_articles_with_an_issuer(scores):
    assert scores["articles_with_issuer"] == 666
    assert scores["issuer_accuracy_with_issuer"] >= ISSUER_ACCURACY


@pytest.mark.xfail(strict=True, reason=UNMET.format(MEASURED["issuer_country_accuracy"]))
def test_issuer_country_floor(scores):
    assert scores["issuer_country_accuracy"] >= ISSUER_COUNTRY_ACCURACY


def test_measured_levels_hold(scores, judged):
    """Guards at the levels measured, for the floors not reached: a change that loses ground fails here."""
    for measure in ("type_accuracy", "issuer_accuracy", "issuer_accuracy_with_issuer", "issuer_country_accuracy",
                    "responds_to_accuracy"):
        assert scores[measure] >= MEASURED[measure] - 1e-4, measure
    learned = judged.select((pl.col("article_type") == pl.col("article_type_model")).fill_null(False).mean()).item()
    assert learned >= MEASURED["learned_type_accuracy"] - 1e-4


FIRST_SAMPLE_MEASURED = {"type_accuracy": 0.9059, "issuer_accuracy": 0.8993, "issuer_country_accuracy": 0.9147}
"""The first sample's 457 test articles alone (`evaluate.py test-first`): the test half every figure before the
nineteenth round was measured on, kept comparable from round to round."""


def test_the_first_samples_test_articles_keep_their_levels(judged):
    first = judged.join(_read(LABELS_V3).select("article_id"), on="article_id", how="semi")
    assert first.height == 457
    scores = scoring.field_scores(first)
    for measure, level in FIRST_SAMPLE_MEASURED.items():
        assert scores[measure] >= level - 1e-4, measure


REACHED = ("answer", "commentary", "editorial", "interview", "message", "other", "press_statement", "report", "speech",
           "statement")
NOT_REACHED = ("memorandum",)  # 17 test labels since batch 24: a class the floor now reaches


def test_classes_with_ten_test_labels_are_the_ones_scored(classes):
    assert {c for c, row in classes.items() if row["support"] >= CLASS_MIN_SUPPORT} == set(REACHED + NOT_REACHED)


@pytest.mark.parametrize("cls", REACHED)
def test_class_f1_floor(classes, cls):
    assert classes[cls]["f1"] >= CLASS_F1, classes[cls]


@pytest.mark.parametrize("cls", NOT_REACHED)
def test_class_f1_floor_not_reached(classes, cls, request):
    request.applymarker(pytest.mark.xfail(strict=True, reason=UNMET.format(MEASURED[f"{cls}_f1"])))
    assert classes[cls]["f1"] >= CLASS_F1, classes[cls]


@pytest.mark.parametrize("cls", NOT_REACHED)
def test_class_f1_measured_level_holds(classes, cls):
    assert classes[cls]["f1"] >= MEASURED[f"{cls}_f1"] - 1e-3, classes[cls]


def test_country_mentions_against_every_country_a_reader_found(judged):
    """Recall counts every country the reader found in title and lead, not only the gazetteer's."""
    counted = scoring.country_scores(judged)
    assert counted["expected"] == 2338
    assert counted["precision"] >= COUNTRY_PRECISION and counted["recall"] >= COUNTRY_RECALL, counted


def test_confusion_matrix_adds_up(judged):
    matrix = scoring.confusion(judged)
    assert matrix.drop("article_type").sum_horizontal().sum() == judged.height
    diagonal = sum(row[row["article_type"]] for row in matrix.iter_rows(named=True)
                   if row["article_type"] in matrix.columns)
    assert diagonal == judged.select((pl.col("article_type") == pl.col("article_type_found")).sum()).item()

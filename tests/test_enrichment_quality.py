"""Quality of article_type, issuer and mentions against hand labels of 215 real articles.

tests/labels/enrichment_eval_v1.csv holds labels only (keyed by source path and record index), never
texts: the articles are read from ../shared/corpora, and the test skips where that folder is absent.
The labels were made by reading each title and lead (first 450 characters of the body), not by running
the rules. Sample: six random day files per kcna.co.jp year (1997-2018) and the kcna.kp file; from them
110 + 40 English kcna.co.jp articles (without / with a genre word in the title), 25 Spanish, 25 + 15
kcna.kp articles. Entities are labelled, and matched, in the title and that lead.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.stages import enrich
from kcna_dataset.stages import extract
from kcna_dataset.stages import parse
from kcna_dataset.fields.mentions import extract_mentions
from tests.conftest import corpora_or_skip

pytestmark = pytest.mark.corpus

LABELS = Path(__file__).parent / "labels" / "enrichment_eval_v1.csv"
LEAD_CHARS = 450
# Committed floors; measured with genre_taxonomy_v1, issuers_v1, gazetteer_v1: 0.949, 0.986, 1.000, 1.000.
MIN_TYPE_ACCURACY = 0.92
MIN_ISSUER_ACCURACY = 0.95
MIN_ENTITY_PRECISION = 0.97
MIN_ENTITY_RECALL = 0.97


@pytest.fixture(scope="module")
def judged() -> pl.DataFrame:
    """The labelled articles with labels and the rules' answers side by side."""
    corpora = corpora_or_skip()
    labels = pl.read_csv(LABELS, schema_overrides={"record_index": pl.Int32})
    files = [f for f in extract.discover(corpora) if f.path in set(labels["source_path"])]
    records, _ = extract.extract_files(corpora, files)
    parsed, _ = parse.parse_records(records)
    articles = enrich.enrich_articles(parsed.join(labels.select("source_path", "record_index"), on=["source_path", "record_index"]))
    leads = articles.with_columns(pl.col("body").str.slice(0, LEAD_CHARS))
    found = extract_mentions(leads).group_by("article_id").agg(found=pl.col("entity_id"))
    return (
        labels.join(articles.select("source_path", "record_index", "article_id", "article_type", "issuer"),
                    on=["source_path", "record_index"], suffix="_found", how="left")
        .join(found, on="article_id", how="left")
        .with_columns(expected=pl.col("entities").fill_null("").str.split(";").list.eval(pl.element().filter(pl.element() != "")),
                      found=pl.col("found").fill_null([]))
    )


def test_every_labelled_article_is_found(judged):
    assert judged.height >= 200
    assert judged["article_id"].null_count() == 0


def test_article_type_accuracy(judged):
    accuracy = (judged["article_type"] == judged["article_type_found"]).mean()
    assert accuracy >= MIN_TYPE_ACCURACY, judged.filter(pl.col("article_type") != pl.col("article_type_found"))


def test_issuer_accuracy(judged):
    same = judged["issuer"].fill_null("") == judged["issuer_found"].fill_null("")
    assert same.mean() >= MIN_ISSUER_ACCURACY, judged.filter(~same)


def test_entity_precision_and_recall(judged):
    counted = judged.select(
        true_positive=pl.col("found").list.set_intersection("expected").list.len().sum(),
        found=pl.col("found").list.len().sum(),
        expected=pl.col("expected").list.len().sum(),
    ).row(0, named=True)
    precision = counted["true_positive"] / counted["found"]
    recall = counted["true_positive"] / counted["expected"]
    assert precision >= MIN_ENTITY_PRECISION and recall >= MIN_ENTITY_RECALL, (precision, recall)

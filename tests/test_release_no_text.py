"""`kcna export --no-text`: a release without bodies, raw texts and quotes that keeps ids, titles, content hashes
and every derived field, valid as a Data Package, whose card says what was left out and why."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.cli.main import main as kcna
from kcna_dataset.products import release
from kcna_dataset.schemas.keys import COLLECT_LEDGER_TABLE, LEDGER_TABLE
from kcna_dataset.schemas.tables import TABLES
from kcna_dataset.storage import store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def text_free(two_versions: Path, tmp_path_factory) -> Path:
    to = tmp_path_factory.mktemp("release") / "kcna-v2-no-text"
    assert kcna(["export", "--out", str(two_versions), "--no-text", "--to", str(to)]) == 0
    return to


def test_texts_are_left_out_and_everything_else_kept(text_free: Path, two_versions: Path):
    released = {table for table in TABLES if table not in (LEDGER_TABLE, COLLECT_LEDGER_TABLE, "quotes")}
    assert sorted(p.name for p in (text_free / "data").iterdir()) == sorted(f"{t}.parquet" for t in released)
    for table in released:
        written = pl.read_parquet(text_free / "data" / f"{table}.parquet")
        live = store.load(table, out=two_versions)
        dropped = {"articles": ["body"], "sources": ["raw_text"], "rejects": ["raw_text"]}.get(table, [])
        assert written.columns == [c for c in live.columns if c not in dropped]
        assert written.sort(pl.all()).equals(live.drop(dropped).sort(pl.all()))
    articles = pl.read_parquet(text_free / "data" / "articles.parquet")
    for kept in ("article_id", "title", "article_type", "south_korea_dominant_name", "weapons_term_count",
                 "days_to_anniversary", "rhetoric_hit_count", "language"):
        assert kept in articles.columns
    # No text hides in what remains: no body or raw text equals any value of any string column written.
    bodies = set(store.load("articles", out=two_versions)["body"]) | set(store.load("sources", out=two_versions)["raw_text"])
    for path in (text_free / "data").iterdir():
        frame = pl.read_parquet(path)
        for column in frame.select(pl.col(pl.String)).columns:
            assert not bodies & set(frame[column].drop_nulls()), (path.name, column)


def test_content_hashes_join_the_texts_back(text_free: Path, two_versions: Path):
    # A researcher's own copy of the raw records: sha256 of each text is sources.raw_sha256.
    own_copy = store.load("sources", out=two_versions).select("raw_text")
    hashed = own_copy.with_columns(raw_sha256=pl.col("raw_text").map_elements(
        lambda text: hashlib.sha256(text.encode()).hexdigest(), return_dtype=pl.String)).unique("raw_sha256")
    sources = pl.read_parquet(text_free / "data" / "sources.parquet")
    joined = sources.join(hashed, on="raw_sha256", how="left")
    assert joined["raw_text"].null_count() == 0 and joined.height == sources.height


def test_card_descriptor_and_dictionary_say_what_was_left_out(text_free: Path):
    import frictionless

    card = (text_free / "README.md").read_text()
    assert "# KCNA research dataset, version 2, without texts" in card
    assert "## What this release leaves out, and why" in card
    assert "- `articles`: `body`" in card and "- `quotes`: the whole table" in card
    assert release.WHY_NO_TEXT in card and "sources.raw_sha256" in card
    assert "config_name: quotes" not in card
    descriptor = json.loads((text_free / "datapackage.json").read_text())
    assert descriptor["kcna"]["text"] is False
    assert descriptor["kcna"]["left_out"] == {"articles": ["body"], "sources": ["raw_text"], "rejects": ["raw_text"],
                                              "quotes": "whole table"}
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}
    assert "body" not in fields["articles"] and "raw_text" not in fields["sources"] and "quotes" not in fields
    report = frictionless.validate(text_free / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "type", "note", "fieldName", "cell"])
    dictionary = (text_free / "data_dictionary.md").read_text()
    assert "| `body` |" not in dictionary and "## `quotes`" not in dictionary and "| `title` |" in dictionary
    assert release.verify_checksums(text_free) == []

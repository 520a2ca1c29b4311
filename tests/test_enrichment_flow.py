"""The derived tables through the real flow: published beside the articles, and near-duplicates found
across dataset versions exactly as in one build."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.storage import store

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_server")]


def _build(raw: Path, out: Path, **options) -> dict:
    from kcna_dataset.flows.pipeline import build_dataset

    return build_dataset(raw=str(raw), out=str(out), trigger="test", **options)


def _rerun_of_the_seed(raw: Path) -> None:
    """The seed press statement re-run a day later with one word edited: another article, a near-duplicate."""
    seed = (raw / "text" / "seed_press_statement.txt").read_text()
    rerun = seed.replace("22 November, Juche110(2021)", "23 November, Juche110(2021)").replace("strongly", "resolutely", 1)
    assert rerun != seed
    (raw / "text" / "seed_rerun.txt").write_text(rerun)


def _pairs(out: Path) -> set[tuple[str, str]]:
    return set(store.load("near_duplicates", out=out).select("article_id", "near_duplicate_id").iter_rows())


def test_derived_tables_are_published_and_near_duplicates_span_versions(raw_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    _build(raw_dir, out)
    articles = store.load("articles", out=out)
    seed = articles.filter(pl.col("title").str.starts_with("Spokesperson for Ministry of Foreign Affairs")).row(0, named=True)
    assert (seed["article_type"], seed["issuer"]) == ("press_statement", "Ministry of Foreign Affairs (spokesperson)")
    mentions = store.load("mentions", out=out).filter(pl.col("article_id") == seed["article_id"])
    assert {"country:US", "org:un_third_committee"} <= set(mentions["entity_id"])
    quotes = store.load("quotes", out=out).filter(pl.col("article_id") == seed["article_id"])
    assert quotes.sort("position")["quote"][0] == "human rights resolution"
    assert store.load("near_duplicates", out=out).height == 0
    signed = store.load("minhash_signatures", out=out).height

    _rerun_of_the_seed(raw_dir)
    summary = _build(raw_dir, out)
    assert summary["dataset_version"] == 2
    rerun_id = store.load("articles", out=out).filter(pl.col("first_version") == 2)["article_id"].item()
    assert _pairs(out) == {(seed["article_id"], rerun_id), (rerun_id, seed["article_id"])}
    assert store.load("near_duplicates", out=out)["first_version"].unique().to_list() == [2]
    assert store.load("minhash_signatures", out=out).height == signed + 1

    at_once = tmp_path / "at_once"
    _build(raw_dir, at_once)
    for table in ("near_duplicates", "mentions", "quotes", "minhash_signatures"):
        columns = [c for c in store.load(table, out=out).columns if c != "first_version"]
        refreshed = store.load(table, out=out).select(columns).sort(columns[:2])
        assert refreshed.equals(store.load(table, out=at_once).select(columns).sort(columns[:2])), table



def test_table_of_an_older_release_asks_for_a_full_rebuild(raw_dir: Path, tmp_path: Path):
    """An articles table without the derived columns (written before they existed) is not appended to."""
    from deltalake import DeltaTable, write_deltalake

    from kcna_dataset.stages import enrich
    from kcna_dataset.stages import extract
    from kcna_dataset.stages import parse, stories
    from kcna_dataset.storage import publish
    from kcna_dataset.storage.store import StoreError
    from kcna_dataset.schemas.arrow import arrow_schema

    records, _ = extract.extract_files(raw_dir, extract.discover(raw_dir))
    staged = tmp_path / "articles.parquet"
    enriched = stories.with_article_story(enrich.enrich_articles(parse.parse_records(records)[0]))
    enriched.with_columns(first_version=pl.lit(1, pl.Int64)).write_parquet(staged)
    out = tmp_path / "out"
    older = arrow_schema("articles")
    older = older.remove(older.get_field_index("issuer")).remove(older.get_field_index("article_type"))
    write_deltalake(str(out / "articles"), older.empty_table(), mode="overwrite")
    with pytest.raises(StoreError, match="kcna build --full"):
        publish.write_table(out, "articles", [staged], version=2, replace=False)
    added, _ = publish.write_table(out, "articles", [staged], version=2, replace=True)
    assert added > 0 and {"article_type", "issuer"} <= set(DeltaTable(str(out / "articles")).schema().to_arrow().names)

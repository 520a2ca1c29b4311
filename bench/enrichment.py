"""Time the whole enrichment on the shared corpora: rows per second, and what it finds.

    .venv/bin/python bench/enrichment.py [CORPORA_DIR]

Extract, parse and validate run first, untimed; then, timed on all valid rows at once: the per-article
columns (enrich_articles), the per-article tables (mentions, quotes, MinHash signatures) and the
near-duplicate pairs. Prints rows/s per step and overall, the share of articles typed `other`, the top
issuers and the near-duplicate count.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kcna_dataset.stages import enrich
from kcna_dataset.stages import extract
from kcna_dataset.fields import near_duplicates
from kcna_dataset.stages import parse
from kcna_dataset.stages import validate  # noqa: E402
from kcna_dataset.fields.article_type import add_article_type  # noqa: E402
from kcna_dataset.fields.issuer import add_issuer  # noqa: E402
from kcna_dataset.fields.mentions import extract_mentions  # noqa: E402
from kcna_dataset.fields.quotes import extract_quotes  # noqa: E402
from kcna_dataset.fields.rhetoric import add_rhetoric  # noqa: E402
from kcna_dataset.fields.naming import add_naming  # noqa: E402
from kcna_dataset.fields.weapons import add_weapons_terms  # noqa: E402
from kcna_dataset.fields.anniversaries import add_anniversaries  # noqa: E402
from kcna_dataset.fields.appearances import extract_appearances  # noqa: E402


def main() -> None:
    pl.Config(tbl_rows=30, fmt_str_lengths=60)
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora"
    records, _ = extract.extract_files(corpora, extract.discover(corpora))
    valid, _ = validate.validate_articles(parse.parse_records(records)[0])
    rows = valid.height
    print(f"{rows:,} valid records ({valid['article_id'].n_unique():,} distinct articles) from {corpora}")

    timings, frame = {}, valid

    def timed(step: str, function, argument):
        started = time.perf_counter()
        result = function(argument)
        timings[step] = time.perf_counter() - started
        return result

    # The same steps as enrich.enrich_articles and enrich.derived_tables, timed one by one.
    frame = timed("counts", enrich.add_counts, frame)
    frame = timed("language (py3langid)", enrich.add_language, frame)
    frame = timed("article_type", add_article_type, frame)
    frame = timed("issuer", add_issuer, frame)
    frame = timed("rhetoric", add_rhetoric, frame)
    frame = timed("dateline lag", enrich.add_dateline_lag, frame)
    frame = timed("naming of south Korea", add_naming, frame)
    frame = timed("weapons terms", add_weapons_terms, frame)
    enriched = timed("anniversaries", add_anniversaries, frame)
    tables = {
        "mentions": timed("mentions", extract_mentions, enriched),
        "quotes": timed("quotes", extract_quotes, enriched),
        "minhash_signatures": timed("minhash signatures", near_duplicates.signatures, enriched),
        "appearances": timed("appearances", extract_appearances, enriched),
    }
    pairs = timed("near-duplicate pairs", near_duplicates.find_pairs, tables["minhash_signatures"])

    for step, seconds in timings.items():
        print(f"{step:32s} {seconds:7.2f} s  {rows / seconds:10,.0f} rows/s")
    total = sum(timings.values())
    print(f"{'whole enrichment':32s} {total:7.2f} s  {rows / total:10,.0f} rows/s")
    research = sum(timings[s] for s in ("naming of south Korea", "weapons terms", "anniversaries", "appearances"))
    print(f"{'research layer (4 steps)':32s} {research:7.2f} s  {research * 100_000 / rows:7.2f} s per 100,000 articles")

    articles = enriched.unique("article_id")
    print(f"\narticle_type (share of {articles.height:,} articles):")
    print(articles["article_type"].value_counts(normalize=True, sort=True).with_columns(pl.col("proportion").round(4)))
    print("top issuers:")
    print(articles["issuer"].drop_nulls().value_counts(sort=True).head(12))
    linked = pairs["article_id"].n_unique()
    print(f"near-duplicates: {pairs.height // 2:,} pairs, {linked:,} articles in "
          f"{near_duplicates.clusters(pairs)['cluster_id'].n_unique():,} clusters")
    print(f"mentions: {tables['mentions'].height:,} rows; quotes: {tables['quotes'].height:,} rows")
    print("south_korea_dominant_name:")
    print(articles["south_korea_dominant_name"].value_counts(sort=True))
    print(f"articles with a weapons term: {(articles['weapons_term_count'] > 0).mean():.3f}; naming south Korea: "
          f"{articles['south_korea_dominant_name'].is_not_null().mean():.3f}; appearances: {tables['appearances'].height:,}")


if __name__ == "__main__":
    main()

"""Enrich: validated articles in, the same rows with derived fields out, plus the derived tables.

Per-article columns are pure functions of the article's own text (so a refresh gives what one build
would): counts, language, article_type, issuer, rhetoric index, dateline lag, naming of south Korea,
weapons terms, days to the nearest anniversary. `derived_tables` gives
the per-article rows of `mentions`, `quotes`, `minhash_signatures` and `appearances`; comparing articles with each
other (near-duplicates) happens later, over all of them, in kcna_dataset/fields/near_duplicates.py.

Counts rely on `parse.clean_paragraphs`: words are separated by exactly one space or one blank
line, so counting the separators is exact and 3x cheaper than a regex over every word.
"""

from __future__ import annotations

import polars as pl

from kcna_dataset.fields import genre_combiner
from kcna_dataset.fields import genre_model
from kcna_dataset.fields import language
from kcna_dataset.fields import near_duplicates
from kcna_dataset.fields import rules
from kcna_dataset.fields.anniversaries import add_anniversaries
from kcna_dataset.fields.appearances import extract_appearances
from kcna_dataset.fields.article_type import add_article_type
from kcna_dataset.fields import issuer as issuer_field
from kcna_dataset.fields.issuer import add_issuer
from kcna_dataset.fields.mentions import extract_mentions
from kcna_dataset.fields.naming import add_naming
from kcna_dataset.fields.quotes import extract_quotes
from kcna_dataset.fields.rhetoric import add_rhetoric
from kcna_dataset.fields.weapons import add_weapons_terms

ENRICHMENT_VERSIONS = {
    "language": language.IDENTIFIER_VERSION,
    "counts": "v1",
    "article_type": (f"genre_taxonomy_{rules.RULES['genre_taxonomy']}+{genre_model.MODEL_VERSION}"
                     f"+{genre_combiner.COMBINER_VERSION}"),
    "issuer": f"issuers_{rules.RULES['issuers']}+speaker_patterns_{rules.RULES['speaker_patterns']}",
    "issuer_country": f"issuers_{rules.RULES['issuers']}+gazetteer_{rules.RULES['gazetteer']}",
    "issuer_code": f"issuer_code_{issuer_field.CODE_VERSION}",  # the rules of issuer.py and issuer_country.py, for both
    "responds_to": f"responds_to_{rules.RULES['responds_to']}",
    "mentions": f"gazetteer_{rules.RULES['gazetteer']}",
    "rhetoric": f"hostile_terms_{rules.RULES['hostile_terms']}",
    "quotes": "quotes_v1",
    "dateline_lag": "dateline_lag_v1",
    "near_duplicates": near_duplicates.METHOD_VERSION,
    "naming": f"south_korea_names_{rules.RULES['south_korea_names']}",
    "weapons_terms": f"weapons_terms_{rules.RULES['weapons_terms']}",
    "anniversaries": f"anniversaries_{rules.RULES['anniversaries']}",
    "appearances": f"appearance_rules_{rules.RULES['appearance_rules']}",
}


def add_counts(articles: pl.DataFrame) -> pl.DataFrame:
    """paragraph_count, word_count and char_count of body."""
    body = pl.col("body")
    # As (one-literal) regexes: polars counts them faster than with literal=True, same counts.
    breaks = body.str.count_matches("\n\n")
    return articles.with_columns(
        paragraph_count=(breaks + 1).cast(pl.Int32),
        word_count=(body.str.count_matches(" ") + breaks + 1).cast(pl.Int32),
        char_count=body.str.len_chars().cast(pl.Int32),
    )


def add_language(articles: pl.DataFrame) -> pl.DataFrame:
    """language of each article, judged on title and the lead of the body."""
    # identify() reads the first PREFIX_CHARS characters: no need to copy whole bodies to get them.
    lead = pl.concat_str(["title", pl.col("body").str.slice(0, language.PREFIX_CHARS)], separator="\n")
    lead = articles.select(lead).to_series()
    return articles.with_columns(language=language.identify(lead))


def add_dateline_lag(articles: pl.DataFrame) -> pl.DataFrame:
    """dateline_lag_days: published_date - dateline_date (kcna.co.jp often posts a day after the dateline)."""
    lag = (pl.col("published_date") - pl.col("dateline_date")).dt.total_days()
    return articles.with_columns(dateline_lag_days=lag.cast(pl.Int32))


def enrich_articles(articles: pl.DataFrame) -> pl.DataFrame:
    """All derived columns of `articles`."""
    steps = (add_counts, add_language, add_article_type, add_issuer, add_rhetoric, add_dateline_lag,
             add_naming, add_weapons_terms, add_anniversaries)
    for step in steps:
        articles = step(articles)
    return articles


DERIVED_TABLES = ("mentions", "quotes", "minhash_signatures", "appearances")


def derived_tables(articles: pl.DataFrame, signatures: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """The per-article rows of the derived tables, by table name (`signatures`: those of `articles`, if
    computed already)."""
    return {
        "mentions": extract_mentions(articles),
        "quotes": extract_quotes(articles),
        "minhash_signatures": near_duplicates.signatures(articles) if signatures is None else signatures,
        "appearances": extract_appearances(articles),
    }

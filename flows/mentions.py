"""Entity mentions: which countries, people and organisations each article names, and how often.

The gazetteer (flows/rules/gazetteer_v1.csv) lists every alias as KCNA writes it: 'U.S. imperialists'
counts for the United States through 'U.S.', 'puppets' for south Korea, 'the Republic' for the DPRK.
All aliases go into one regex alternation, longest first, matched once over title and body; each match
is mapped back to its entity through a normalised key. Blocker rows (entity_id '-') swallow longer
phrases that contain an alias but name no such entity ('Kim Il Sung Stadium', 'Latin American').
"""

from __future__ import annotations

import functools
import re

import polars as pl

from flows import rules
from flows.text_regex import alternation, fold_accents, phrase

BLOCKER = "-"
MENTION_COLUMNS = ["article_id", "entity_id", "entity_name", "entity_type", "country_code", "mention_count"]


def _key(alias: str) -> str:
    return re.sub(r"\s+", " ", fold_accents(alias).replace("’", "'")).strip().lower()


def _key_expression(matched: pl.Expr) -> pl.Expr:
    """The same normalisation as _key, in polars, for matched text."""
    return (
        matched.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all("’", "'", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
    )


def _alias_pattern(alias: str, match: str, case: str) -> str:
    pattern = phrase(alias)
    if match == "word":
        # kcna.kp glues leader names to their neighbours ('ComradeKim Jong Unmet'): those rows are 'glued'.
        pattern = (r"\b" if alias[0].isalnum() else "") + pattern + (r"\b" if alias[-1].isalnum() else "")
    return f"(?i:{pattern})" if case == "i" else pattern


@functools.cache
def gazetteer() -> tuple[str, pl.DataFrame]:
    """(the alternation of every alias, alias key -> entity table)."""
    table = rules.load("gazetteer")
    rows = table.iter_rows(named=True)
    patterns, keys = [], []
    for row in rows:
        forms = dict.fromkeys([row["alias"], fold_accents(row["alias"])])
        for form in forms:
            patterns.append(_alias_pattern(form, row["match"], row["case"]))
            keys.append({"key": _key(form), **{k: row[k] for k in ("entity_id", "entity_name", "entity_type", "country_code")}})
    entities = pl.DataFrame(keys).unique()
    clashes = entities.group_by("key").agg(pl.col("entity_id").n_unique()).filter(pl.col("entity_id") > 1)
    if clashes.height:
        raise ValueError(f"gazetteer aliases that name two entities: {clashes['key'].to_list()}")
    return alternation(patterns), entities.unique("key")


def matching_text(title: pl.Expr, body: pl.Expr) -> pl.Expr:
    """Title and body; ALL-CAPS texts (1997 kcna.co.jp) lower-cased, so that only the case-insensitive
    aliases apply to them: in 'LET US' the 'US' is not the United States."""
    text = pl.concat_str([title, body], separator="\n")
    all_caps = ~body.str.slice(0, 300).str.contains("[a-z]{3}")
    return pl.when(all_caps).then(text.str.to_lowercase()).otherwise(text)


def extract_mentions(articles: pl.DataFrame, title: str = "title", body: str = "body") -> pl.DataFrame:
    """One row per (article, entity) named at least once, with the count (columns MENTION_COLUMNS)."""
    pattern, entities = gazetteer()
    matches = (
        articles.lazy()
        .unique("article_id", keep="first")
        .select("article_id", match=matching_text(pl.col(title), pl.col(body)).str.extract_all(pattern))
        .explode("match")
        .drop_nulls("match")
        .with_columns(key=_key_expression(pl.col("match")))
        .join(entities.lazy(), on="key", how="inner")
        .filter(pl.col("entity_id") != BLOCKER)
    )
    return (
        matches.group_by("article_id", "entity_id", "entity_name", "entity_type", "country_code")
        .agg(mention_count=pl.len().cast(pl.Int32))
        .sort("article_id", "entity_id")
        .select(MENTION_COLUMNS)
        .collect()
    )

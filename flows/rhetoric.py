"""Rhetoric index: hits of the hostile-terms lexicon in each body, and their rate per 1,000 words.

In the spirit of the KCNA Watch Threat Index, but transparent: the lexicon is
flows/rules/hostile_terms_v1.csv, whole words, case-insensitive, one regex pass over each body.
"""

from __future__ import annotations

import functools

import polars as pl

from flows import rules
from flows.text_regex import trie_alternation


@functools.cache
def lexicon_pattern() -> str:
    """One case-insensitive whole-word alternation of every term ('human scum' counts once, not twice)."""
    return r"(?i)\b(?:" + trie_alternation(rules.load("hostile_terms")["term"].to_list(), ignore_case=True) + r")\b"


def add_rhetoric(articles: pl.DataFrame) -> pl.DataFrame:
    """articles (with word_count) + rhetoric_hit_count and rhetoric_rate_per_1000_words."""
    hits = pl.col("body").str.count_matches(lexicon_pattern()).cast(pl.Int32)
    return articles.with_columns(rhetoric_hit_count=hits).with_columns(
        rhetoric_rate_per_1000_words=(pl.col("rhetoric_hit_count") * 1000 / pl.col("word_count")).round(3)
    )

"""Rhetoric index: hits of the hostile-terms lexicon in each body, and their rate per 1,000 words.

In the spirit of the KCNA Watch Threat Index, but transparent: the lexicon is
kcna_dataset/fields/rules/hostile_terms_v1.csv, whole words, case-insensitive, one regex pass over each body.
"""

from __future__ import annotations

import functools

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.fields.text_regex import trie_alternation


@functools.cache
def lexicon_pattern() -> str:
    r"""One case-insensitive whole-word alternation of every term ('human scum' counts once, not twice).

    The word boundaries are ASCII ones, `(?-u:\b)`: a Unicode `\b` stops the regex engine's fast DFA at the
    first non-ASCII character, and nearly every body has one (curly quotes, accents), which doubled the
    time of this pass. Every term begins and ends with an ASCII letter (checked here), so the two differ
    only where a term runs straight into a non-ASCII letter ('crushé'): no body of the corpus.
    """
    terms = rules.load("hostile_terms")["term"].to_list()
    if not all(term[0].isascii() and term[-1].isascii() for term in terms):
        raise ValueError("hostile terms must begin and end with an ASCII character (see lexicon_pattern)")
    return r"(?i)(?-u:\b)(?:" + trie_alternation(terms, ignore_case=True) + r")(?-u:\b)"


def add_rhetoric(articles: pl.DataFrame) -> pl.DataFrame:
    """articles (with word_count) + rhetoric_hit_count and rhetoric_rate_per_1000_words."""
    hits = pl.col("body").str.count_matches(lexicon_pattern()).cast(pl.Int32)
    return articles.with_columns(rhetoric_hit_count=hits).with_columns(
        rhetoric_rate_per_1000_words=(pl.col("rhetoric_hit_count") * 1000 / pl.col("word_count")).round(3)
    )

"""Quotes: the phrases in quotation marks, the scare quotes typical of the genre
('anti-DPRK "human rights resolution"', '"civilized states in the field of human rights"').

Straight, curly (kcna.kp) and Spanish angle quotes, without the marks and a trailing full stop or comma;
a quote never spans a paragraph, which keeps an
unpaired mark (or one lost to U+FFFD) from swallowing the text between two quotes.
"""

from __future__ import annotations

import polars as pl

MAX_QUOTE_CHARS = 300
QUOTE_PATTERN = (
    rf'"[^"\n]{{1,{MAX_QUOTE_CHARS}}}"|“[^”\n]{{1,{MAX_QUOTE_CHARS}}}”|«[^»\n]{{1,{MAX_QUOTE_CHARS}}}»'
)


def extract_quotes(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per quoted phrase: article_id, quote (without its marks), position (1, 2 ... in body order)."""
    return (
        articles.lazy()
        .unique("article_id", keep="first")
        .select("article_id", quote=pl.col("body").str.extract_all(QUOTE_PATTERN))
        .explode("quote")
        # KCNA puts the sentence's full stop inside the marks: '"... human rights."'.
        .with_columns(pl.col("quote").str.strip_chars('"“”«» ').str.strip_chars_end(".,;:").str.strip_chars())
        .filter(pl.col("quote").str.len_chars() > 0)
        .with_columns(position=(pl.int_range(pl.len()).over("article_id") + 1).cast(pl.Int32))
        .sort("article_id", "position")
        .collect()
    )

"""Weapons terms: counts per category of a lexicon of weapons programmes and tests (weapons_terms_v1.csv).

Columns `weapons_<category>_count` (nuclear, missile, launch, satellite) and `weapons_term_count`, their sum;
case-insensitive, whole words, title and body, one regex pass per category.
"""

from __future__ import annotations

import functools

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.fields.term_counts import checked, count, text


@functools.cache
def categories() -> tuple[str, ...]:
    return tuple(dict.fromkeys(rules.load("weapons_terms")["category"].to_list()))


def count_column(category: str) -> str:
    return f"weapons_{category}_count"


def add_weapons_terms(articles: pl.DataFrame) -> pl.DataFrame:
    """articles + weapons_<category>_count for each category and weapons_term_count."""
    table = rules.load("weapons_terms")
    source = text()
    counts = {
        count_column(category): count(
            source, checked(table.filter(pl.col("category") == category)["pattern"].to_list(), "weapons_terms"), True
        ).cast(pl.Int32)
        for category in categories()
    }
    articles = articles.with_columns(**counts)
    return articles.with_columns(weapons_term_count=pl.sum_horizontal(*[pl.col(c) for c in counts]).cast(pl.Int32))

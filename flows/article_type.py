"""Article type: the KCNA genre of each article (press statement, commentary, report ...), from its title and lead.

The rules are the rows of flows/rules/genre_taxonomy_v1.csv, tried top to bottom; the first that matches
decides, and an article no rule matches is `other`. Title and lead carry the genre in KCNA's house style:
'Spokesman for DPRK FM Answers Question Raised by KCNA', '... issued the following press statement on ...'.
"""

from __future__ import annotations

import functools

import polars as pl

from flows import rules

LEAD_CHARS = 400
"""The genre is stated in the title or the first sentence or two; the rest of the body only adds noise."""

FALLBACK = "other"


def head_texts(title: pl.Expr, body: pl.Expr, lead_chars: int = LEAD_CHARS) -> dict[str, pl.Expr]:
    """The texts a rule may look at: title, lead (start of body) and head (both)."""
    lead = body.str.slice(0, lead_chars)
    return {"title": title, "lead": lead, "head": pl.concat_str([title, lead], separator="\n")}


@functools.cache
def taxonomy() -> pl.DataFrame:
    """The genre rules in force: article_type, where, pattern, description."""
    return rules.load("genre_taxonomy")


def types() -> list[str]:
    """Every article_type the taxonomy can give, in rule order, then the fallback."""
    return list(dict.fromkeys([*taxonomy()["article_type"].to_list(), FALLBACK]))


def type_expression(title: pl.Expr, body: pl.Expr) -> pl.Expr:
    """An expression giving each row's article_type."""
    texts = head_texts(title, body)
    decided = pl.lit(FALLBACK)
    # Built from the last rule to the first, so the first matching rule is the outermost `when`.
    for article_type, where, pattern, _ in reversed(taxonomy().rows()):
        decided = pl.when(texts[where].str.contains("(?i)" + pattern)).then(pl.lit(article_type)).otherwise(decided)
    return decided


def add_article_type(articles: pl.DataFrame) -> pl.DataFrame:
    """articles + article_type."""
    return articles.with_columns(article_type=type_expression(pl.col("title"), pl.col("body")))

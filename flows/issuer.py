"""Issuer: the DPRK body or leader that speaks in an article of a speaking genre, normalised.

Rules are the rows of flows/rules/issuers_v1.csv (issuer, pattern). The earliest match in the title wins,
else the earliest in the lead; a tie goes to the row higher in the file. Reports and `other` have no
issuer, and neither do foreign speakers: the column answers 'whose words are these', not 'who is named'.
"""

from __future__ import annotations

import functools

import polars as pl

from flows import rules
from flows.article_type import head_texts

LEAD_CHARS = 500
SPEAKING_TYPES = (
    "press_statement", "statement", "answer", "commentary", "editorial",
    "message", "speech", "interview", "memorandum", "indictment",
)
_NOT_FOUND = 1 << 30


@functools.cache
def issuers() -> pl.DataFrame:
    """The issuer rules in force: issuer, pattern."""
    return rules.load("issuers")


def _earliest(text: pl.Expr) -> pl.Expr:
    """The issuer whose pattern matches earliest in `text` (null where none does)."""
    names = issuers()["issuer"].to_list()
    positions = [text.str.find("(?i)" + pattern).fill_null(_NOT_FOUND) for pattern in issuers()["pattern"]]
    first = pl.concat_list(positions)
    index = first.list.arg_min()
    return pl.when(first.list.min() < _NOT_FOUND).then(index.replace_strict(dict(enumerate(names)), default=None))


def issuer_expression(title: pl.Expr, body: pl.Expr, article_type: pl.Expr) -> pl.Expr:
    """An expression giving each row's issuer (null outside the speaking genres)."""
    speaking = article_type.is_in(SPEAKING_TYPES)
    # Nulls outside the speaking genres spare the regex passes over most of the corpus (reports).
    texts = head_texts(pl.when(speaking).then(title), pl.when(speaking).then(body), LEAD_CHARS)
    return pl.coalesce(_earliest(texts["title"]), _earliest(texts["lead"])).cast(pl.String)


def add_issuer(articles: pl.DataFrame) -> pl.DataFrame:
    """articles (with article_type) + issuer."""
    return articles.with_columns(issuer=issuer_expression(pl.col("title"), pl.col("body"), pl.col("article_type")))

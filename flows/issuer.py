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


def add_issuer(articles: pl.DataFrame) -> pl.DataFrame:
    """articles (with article_type) + issuer (null outside the speaking genres)."""
    # Only the speaking genres are searched (a third of the corpus), on their title and lead, cut once.
    speaking = articles.select(
        _row=pl.int_range(pl.len(), dtype=pl.UInt32), _speaking=pl.col("article_type").is_in(SPEAKING_TYPES),
        title=pl.col("title"), lead=head_texts(pl.col("title"), pl.col("body"), LEAD_CHARS)["lead"],
    ).filter("_speaking")
    found = speaking.select("_row", issuer=pl.coalesce(_earliest(pl.col("title")), _earliest(pl.col("lead"))).cast(pl.String))
    issuer = pl.Series("issuer", [None] * articles.height, dtype=pl.String).scatter(found["_row"], found["issuer"])
    return articles.with_columns(issuer)

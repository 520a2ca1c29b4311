"""Issuer: the DPRK body or leader that speaks in an article of a speaking genre, normalised.

Rules are the rows of kcna_dataset/fields/rules/issuers_v1.csv (issuer, pattern). The earliest match in the title wins,
else the earliest in the lead; a tie goes to the row higher in the file. Reports and `other` have no
issuer, and neither do foreign speakers: the column answers 'whose words are these', not 'who is named'.
"""

from __future__ import annotations

import functools

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.fields.article_type import head_texts

LEAD_CHARS = 500
SPEAKING_TYPES = (
    "press_statement", "statement", "answer", "commentary", "editorial",
    "message", "speech", "interview", "memorandum", "indictment",
)


@functools.cache
def issuers() -> pl.DataFrame:
    """The issuer rules in force: issuer, pattern."""
    return rules.load("issuers")


def _earliest(texts: pl.Series) -> pl.Series:
    """The issuer whose pattern matches earliest in each text (null where none does); on a tie, the
    first in the file. One search per pattern: as one alternation, the leader patterns' bounded
    repetitions make the regex many times slower."""
    names = issuers()["issuer"].to_list()
    text = pl.col(texts.name)
    positions = texts.to_frame().select(
        [text.str.find("(?i)" + pattern).alias(str(index)) for index, pattern in enumerate(issuers()["pattern"])]
    )
    earliest = pl.min_horizontal(pl.all())
    found = pl.coalesce(
        [pl.when(pl.col(str(index)) == earliest).then(pl.lit(name)) for index, name in enumerate(names)]
    )
    return positions.select(found.cast(pl.String).alias("issuer")).to_series()


def add_issuer(articles: pl.DataFrame) -> pl.DataFrame:
    """articles (with article_type) + issuer (null outside the speaking genres)."""
    # Only the speaking genres are searched (a third of the corpus): their title, then the lead (cut
    # once) of those whose title names no issuer.
    speaking = articles.select(
        _row=pl.int_range(pl.len(), dtype=pl.UInt32), _speaking=pl.col("article_type").is_in(SPEAKING_TYPES),
        title=pl.col("title"), lead=head_texts(pl.col("title"), pl.col("body"), LEAD_CHARS)["lead"],
    ).filter("_speaking")
    by_title = speaking.select("_row", "lead", issuer=_earliest(speaking["title"]))
    rest = by_title.filter(pl.col("issuer").is_null())
    by_lead = rest.with_columns(issuer=_earliest(rest["lead"]))
    found = pl.concat([by_title.drop_nulls("issuer"), by_lead.drop_nulls("issuer")])
    issuer = pl.Series("issuer", [None] * articles.height, dtype=pl.String).scatter(found["_row"], found["issuer"])
    return articles.with_columns(issuer)

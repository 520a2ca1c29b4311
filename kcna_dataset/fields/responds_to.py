"""responds_to: the type of the DPRK document a support or response article is about (issue 19).

docs/labelling.md defines it: for an article whose point is to back, welcome, hail or react to a DPRK document that
it names, the document's type in the article_type vocabulary. The rules are responds_to_v4.csv: a support or
response word near a document's name, tried in file order on the title, then the lead. `responds_to` runs them as
polars regexes over whole columns; `responds_to_one` gives the same answer for one article with Python's re (the
few articles of a refresh). issuer.add_issuer adds the column beside issuer and issuer_country.
"""

from __future__ import annotations

import functools
import re
import string

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.fields.text_regex import python_pattern, rust_pattern


@functools.cache
def responses() -> list[tuple[str, str]]:
    """responds_to_v4.csv: (document type, pattern) in file order."""
    return rules.load("responds_to").select("responds_to", "pattern").rows()


RESPONSE_WORDS = ["support", "back", "hail", "welcom", "endors", "response", "seminar", "symposium", "reading",
                  "briefing", "rall", "meeting", "mitin", "multitudinario", "carry", "implement", "tasks", "call",
                  "apoy", "respald", "cumplir", "materializar", "studied", "lauded", "praised", "in connection",
                  "anniversar", "aniversario"]
DOCUMENT_WORDS = ["address", "speech", "report to", "discurso", "mensaje", "editorial", "memorandum", "white paper",
                  "memor", "statement", "declaration", "proposal", "appeal", "declaraci", "propuesta", "llamamiento",
                  "answer", "theses", "work", "treatise", "classic", "obra", "communiqu", "comunicado"]
"""Every responds_to_v4.csv pattern needs a word of each list: rows without both skip the regexes (v3 adds an
anniversary, Spanish "aniversario" and "obra": marking the anniversary of a named document responds to it, guide v2;
v4 a communique, Spanish "comunicado")."""


def responds_to(articles: pl.DataFrame, lead: pl.Expr) -> pl.Series:
    """The type of the DPRK document each article supports or responds to, where title or lead names one:
    the first row of responds_to_v4.csv that matches the title, else the first that matches the lead."""
    heads = articles.select(_row=pl.int_range(pl.len(), dtype=pl.UInt32), title=pl.col("title").fill_null(""),
                            lead=lead.fill_null(""))
    head = pl.concat_str("title", "lead", separator="\n")
    candidates = heads.filter(head.str.contains_any(RESPONSE_WORDS, ascii_case_insensitive=True)
                              & head.str.contains_any(DOCUMENT_WORDS, ascii_case_insensitive=True))

    def first(text: str) -> pl.Expr:
        return pl.coalesce([pl.when(pl.col(text).str.contains(rust_pattern(pattern))).then(pl.lit(kind))
                            for kind, pattern in responses()])

    found = candidates.select("_row", kind=pl.coalesce(first("title"), first("lead")).cast(pl.String))
    return pl.Series("responds_to", [None] * articles.height, dtype=pl.String).scatter(found["_row"], found["kind"])


@functools.cache
def _python_responses() -> tuple[tuple[str, re.Pattern], ...]:
    """responds_to_v4.csv for Python's re, matching what responds_to's polars patterns match."""
    return tuple((kind, python_pattern(pattern)) for kind, pattern in responses())


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def responds_to_one(title: str, lead: str) -> str | None:
    """responds_to for one article (title and lead, never null), with Python's re."""
    head = (title + "\n" + lead).translate(_ASCII_LOWER)  # contains_any's ASCII case folding
    if not (any(word in head for word in RESPONSE_WORDS) and any(word in head for word in DOCUMENT_WORDS)):
        return None
    for text in (title, lead):
        for kind, pattern in _python_responses():
            if pattern.search(text):
                return kind
    return None


def prepare() -> None:
    """Compile the patterns for Python's re now: `kcna build` does it while Prefect starts."""
    _python_responses()

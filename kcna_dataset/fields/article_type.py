"""Article type: the KCNA genre of each article (press statement, commentary, report ...), from its title and lead.

The rules are the rows of kcna_dataset/fields/rules/genre_taxonomy_v5.csv (the version in rules.RULES), tried top
to bottom; the first that matches decides (v2 and v3 end in a rule that makes the rest `report`; an article no rule
matches would be `other`). Title and lead carry the genre in KCNA's house style:
'Spokesman for DPRK FM Answers Question Raised by KCNA', '... issued the following press statement on ...'.
"""

from __future__ import annotations

import functools

import polars as pl

from kcna_dataset.fields import rules

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


def _first_rule(texts: pl.DataFrame, rules: list[tuple[str, str]]) -> pl.Series:
    """For each row of `texts` (columns title, lead, head), the index of the first rule (where, pattern)
    that matches, else len(rules). Each rule only reads the rows no earlier rule decided: most rows are
    reports or other, decided by the last rules, and the rest need not pay for them."""
    first = pl.Series("rule", [len(rules)] * texts.height, dtype=pl.UInt32)
    pending = texts.with_row_index("_row")
    for index, (where, pattern) in enumerate(rules):
        if pending.is_empty():
            break
        # ASCII word boundaries keep polars' fast regex engines usable on text with non-ASCII letters.
        hit = pending[where].str.contains("(?i)" + pattern.replace(r"\b", r"(?-u:\b)")).fill_null(False)
        if hit.any():
            first = first.scatter(pending["_row"].filter(hit), index)
            pending = pending.filter(~hit)
    return first


def add_article_type(articles: pl.DataFrame) -> pl.DataFrame:
    """articles + article_type."""
    rules = taxonomy().select("where", "pattern").rows()
    texts = articles.select(**head_texts(pl.col("title"), pl.col("body")))
    names = pl.Series([*taxonomy()["article_type"], FALLBACK], dtype=pl.String)
    return articles.with_columns(article_type=names.gather(_first_rule(texts, rules)))

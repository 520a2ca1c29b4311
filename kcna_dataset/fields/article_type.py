"""Article type: the KCNA genre of each article (press statement, commentary, report ...), from its title and lead.

The rules are the rows of kcna_dataset/fields/rules/genre_taxonomy_v18.csv (the version in rules.RULES), tried top
to bottom; the first that matches gives the rules' answer (the last rule makes the rest `report`; an article no
rule matches would be `other`). Title and lead carry the genre in KCNA's house style:
'Spokesman for DPRK FM Answers Question Raised by KCNA', '... issued the following press statement on ...'.

A rule whose `decides` is 'rules' (since genre taxonomy v13) keeps its answer: classes labelling guide v2 settled
against the labels the model learned from. Every other article is typed by the combiner (genre_combiner_v1, since the
fifteenth round), a logistic regression fitted on the tuning half that weighs the rules' type (and whether only the
catch-all or a rule whose `decides` is 'model' matched), the learned model's probabilities (genre_model,
genre_tfidf_v12) and the article's shape. It replaced the hand-set combination of genre_tfidf_v7 to v10 (the model at
the catch-all, for the types it `overrides`, and wherever its probability passed `confident`), which the_models keeps
for bench/labels/held_out.py: held out on batch 17 the combiner typed 0.931 where that combination typed 0.914
(docs/enrichment.md, fifteenth round).
"""

from __future__ import annotations

import functools
import re

import polars as pl

from kcna_dataset.fields import genre_combiner, genre_model, rules
from kcna_dataset.fields.text_regex import ROW_BY_ROW_MAX, escape, python_pattern, rust_pattern

LEAD_CHARS = 400
"""The genre is stated in the title or the first sentence or two; the rest of the body only adds noise."""

FALLBACK = "other"


def head_texts(title: pl.Expr, body: pl.Expr, lead_chars: int = LEAD_CHARS) -> dict[str, pl.Expr]:
    """The texts a rule may look at: title, lead (start of body) and head (both)."""
    lead = body.str.slice(0, lead_chars)
    return {"title": title, "lead": lead, "head": pl.concat_str([title, lead], separator="\n")}


@functools.cache
def taxonomy() -> pl.DataFrame:
    """The genre rules in force: article_type, where, pattern, requires, description, decides ('model' where the
    model types what the rule matches, as at the catch-all, since v12; 'rules' where no sure model replaces it, v13)."""
    frame = rules.load("genre_taxonomy")
    missing = {column: pl.lit(None, dtype=pl.String)
               for column in ("requires", "decides") if column not in frame.columns}
    return frame.with_columns(**missing) if missing else frame


def requirement(requires: str | None) -> str | None:
    """A rule's `requires` as a pattern: literals separated by '|', one of which (case-insensitive) every text the
    rule's pattern matches contains. The pattern is tried only on the texts that contain one: a literal search
    costs a small part of what a long pattern costs on every text (the joint New Year editorial's rule, ~0.3 s)."""
    return "|".join(escape(literal) for literal in requires.split("|")) if requires else None


def _rows() -> list[tuple[str, str, str | None]]:
    """The rules as (where, pattern, requirement) ."""
    return [(where, pattern, requirement(requires))
            for where, pattern, requires in taxonomy().select("where", "pattern", "requires").rows()]


def types() -> list[str]:
    """Every article_type the taxonomy can give, in rule order, then the fallback."""
    return list(dict.fromkeys([*taxonomy()["article_type"].to_list(), FALLBACK]))


def _first_rule(texts: pl.DataFrame, rules: list[tuple[str, str, str | None]]) -> pl.Series:
    """For each row of `texts` (columns title, lead, head), the index of the first rule (where, pattern,
    requirement) that matches, else len(rules). Each rule only reads the rows no earlier rule decided: most rows
    are reports or other, decided by the last rules, and the rest need not pay for them; a rule with a requirement
    only those that contain one of its literals. Adjacent rules with the same text and requirement (genre taxonomy
    v14's two weather rules) search for the literals once."""
    first = pl.Series("rule", [len(rules)] * texts.height, dtype=pl.UInt32)
    pending = texts.with_row_index("_row")
    searched, having = None, None  # the last (where, requirement) searched for, and which pending rows have it
    for index, (where, pattern, required) in enumerate(rules):
        if pending.is_empty():
            break
        column = pending[where]
        if required is None:
            hit = column.str.contains(rust_pattern(pattern)).fill_null(False)
        else:
            if (where, required) != searched:
                searched, having = (where, required), column.str.contains(rust_pattern(required)).fill_null(False)
            rows = having.arg_true()
            hit = pl.Series([False] * pending.height, dtype=pl.Boolean).scatter(
                rows, column.gather(rows).str.contains(rust_pattern(pattern)).fill_null(False))
        if hit.any():
            first = first.scatter(pending["_row"].filter(hit), index)
            pending = pending.filter(~hit)
            having = None if having is None else having.filter(~hit)
    return first


@functools.cache
def _python_rules() -> tuple[tuple[str, re.Pattern, re.Pattern | None], ...]:
    """The rules as (where, compiled pattern, compiled requirement) for Python's re, matching what _first_rule's
    polars patterns match."""
    return tuple((where, python_pattern(pattern), required and python_pattern(required))
                 for where, pattern, required in _rows())


def _first_rule_by_row(texts: pl.DataFrame) -> pl.Series:
    """_first_rule for a few rows, with Python's re (see ROW_BY_ROW_MAX)."""
    compiled = _python_rules()
    found = []
    for row in texts.select("title", "lead", "head").iter_rows(named=True):
        found.append(next((index for index, (where, pattern, required) in enumerate(compiled)
                           if row[where] is not None and (required is None or required.search(row[where]))
                           and pattern.search(row[where])), len(compiled)))
    return pl.Series("rule", found, dtype=pl.UInt32)


def prepare() -> None:
    """Compile the rules for Python's re and read the model now: `kcna build` does it while Prefect starts."""
    _python_rules()
    genre_model.prepare()


def rule_index(articles: pl.DataFrame) -> pl.Series:
    """The index of the first rule that matches each article (columns title, body), else len(rules)."""
    texts = articles.select(**head_texts(pl.col("title"), pl.col("body")))
    by_row = 0 < texts.height <= ROW_BY_ROW_MAX
    return _first_rule_by_row(texts) if by_row else _first_rule(texts, _rows())


def rule_types(first: pl.Series) -> pl.Series:
    """The article_type each rule index of `first` (rule_index) gives; len(rules) gives the fallback."""
    return pl.Series([*taxonomy()["article_type"], FALLBACK], dtype=pl.String).gather(first).alias("article_type")


@functools.cache
def _deciding(who: str) -> tuple[int, ...]:
    """The indices of the rules whose `decides` is `who`: 'model' (they leave their articles to the model, besides
    the catch-all; v12) or 'rules' (no sure model replaces their answer; v13)."""
    return tuple(taxonomy().with_row_index("index").filter(pl.col("decides") == who)["index"].to_list())


def kept_from_the_model(first: pl.Series) -> pl.Series:
    """Whether the rule that matched each article of `first` (rule_index) keeps its answer where the model is sure."""
    return first.is_in(list(_deciding("rules")))


def reached_catch_all(first: pl.Series) -> pl.Series:
    """Whether only the taxonomy's last rule (every taxonomy since v2 ends in one that makes the rest `report`),
    a rule that leaves its articles to the model (v12), or none, matched each article of `first` (rule_index)."""
    return (first >= taxonomy().height - 1) | first.is_in(list(_deciding("model")))


def rules_type(articles: pl.DataFrame) -> pl.Series:
    """The rules' answer for each article (columns title, body)."""
    return rule_types(rule_index(articles))


def model_type(articles: pl.DataFrame) -> pl.Series:
    """The learned model's answer for each article (columns title, body); a few are scored row by row."""
    return genre_model.predict_confident(articles)[0]


def the_models(ruled: pl.Series, fell_back: pl.Series, kept: pl.Series, overrides: list[str],
               sure: pl.Series | None = None) -> pl.Series:
    """Where the pipeline took the model's type rather than the rules' `ruled` until genre_combiner_v1 (held_out.py
    still compares models by it): where only the catch-all matched
    (`fell_back`: reached_catch_all), where the rules gave a type the model `overrides`, and where the model is `sure`
    (its probability above its `confident`), but never where the rule keeps its answer (`kept`: kept_from_the_model;
    since genre taxonomy v15 also for an overridden type).
    """
    taken = fell_back | ruled.is_in(overrides)
    return (taken if sure is None else taken | sure) & ~kept


def add_article_type(articles: pl.DataFrame) -> pl.DataFrame:
    """articles + article_type: the rules' answer where the rule that matched keeps it (`decides` 'rules', genre
    taxonomy v13), else the combiner's (genre_combiner_v1), which weighs the rules' answer, the model's probabilities
    and the article's shape as the tuning half taught it."""
    first = rule_index(articles)
    ruled = rule_types(first)
    if articles.is_empty():
        return articles.with_columns(article_type=ruled)
    texts = articles.select("title", "body")
    inputs = genre_combiner.features(genre_model.class_probabilities(texts), genre_model.load()["classes"], ruled,
                                     reached_catch_all(first), genre_combiner.shape(texts))
    return articles.with_columns(article_type=ruled.zip_with(kept_from_the_model(first), genre_combiner.decide(inputs)))

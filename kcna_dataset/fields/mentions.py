"""Entity mentions: which countries, people and organisations each article names, and how often.

The gazetteer (kcna_dataset/fields/rules/gazetteer_v5.csv, the version in rules.RULES) lists every alias as
KCNA writes it: 'U.S. imperialists' counts for the United States through 'U.S.', 'puppets' for south Korea,
'the Republic' for the DPRK.
All aliases go into one regex alternation, longest first, matched once over title and body; each match
is mapped back to its entity through a normalised key. Blocker rows (entity_id '-') swallow longer
phrases that contain an alias but name no such entity ('Kim Il Sung Stadium', 'Latin American').
From gazetteer v2, an alias may also name countries (`names_countries`: "Workers' Party of Korea" names the
DPRK, as a reader counts it, docs/labelling.md); each of its matches then counts for those countries too.
"""

from __future__ import annotations

import functools

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.fields.text_regex import fold_accents, trie_alternation

BLOCKER = "-"
ENTITY_COLUMNS = ["entity_id", "entity_name", "entity_type", "country_code"]
MENTION_COLUMNS = ["article_id", *ENTITY_COLUMNS, "mention_count"]


def _key_expression(matched: pl.Expr) -> pl.Expr:
    """An alias form or matched text as a lookup key: accents, curly apostrophes, runs of spaces and case
    do not matter. The same expression on both sides, so that a match always finds its form."""
    return (
        matched.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all("’", "'", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
    )


_BOUNDARY = r"(?-u:\b)"


def _forms(alias: str, case: str) -> set[str]:
    """The spellings matched for an alias: as written, plus lower, Capitalised, Title and UPPER case for
    case-insensitive rows (literal forms keep the regex fast: (?i) groups and per-alias boundaries
    made the alternation 100x slower), each also without accents."""
    forms = {alias} if case == "s" else {alias, alias.lower(), alias[0].upper() + alias[1:], alias.title(), alias.upper()}
    return forms | {form if form.isascii() else fold_accents(form) for form in forms}


def _pattern(rows: list[tuple[str, str]]) -> str:
    """One alternation per kind of word boundary, longest first within each (as a prefix tree).

    Boundaries are ASCII and set once per group: a whole-word alias needs one at both ends, 'U.S.' only
    at its start, and leader names none, because kcna.kp glues them to the next word ('ComradeKim Jong
    Unmet'). Blockers and whole words come first, so 'Kim Il Sung Stadium' beats the glued 'Kim Il Sung'.
    """
    groups: dict[tuple[bool, bool], list[str]] = {}
    for form, match in rows:
        word = match == "word"
        ends = (word and form[0].isascii() and form[0].isalnum(), word and form[-1].isascii() and form[-1].isalnum())
        groups.setdefault(ends, []).append(form)
    parts = []
    for start, end in [(True, True), (True, False), (False, True), (False, False)]:
        if (start, end) in groups:
            body = "(?:" + trie_alternation(groups[(start, end)]) + ")"
            parts.append((_BOUNDARY if start else "") + body + (_BOUNDARY if end else ""))
    return "|".join(parts)


@functools.cache
def gazetteer() -> tuple[str, pl.DataFrame]:
    """(the alternation of every alias form, alias key -> entity table)."""
    table = rules.load("gazetteer")
    forms = table.with_columns(
        form=pl.Series([sorted(_forms(alias, case)) for alias, case in zip(table["alias"], table["case"])])
    ).explode("form")
    if "names_countries" not in forms.columns:  # gazetteer v1
        forms = forms.with_columns(names_countries=pl.lit(None, pl.String))
    entities = forms.select(_key_expression(pl.col("form")).alias("key"), *ENTITY_COLUMNS, "names_countries").unique()
    clashes = entities.group_by("key").agg(pl.col("entity_id").n_unique()).filter(pl.col("entity_id") > 1)
    if clashes.height:
        raise ValueError(f"gazetteer aliases that name two entities: {clashes['key'].to_list()}")
    return _pattern(list(zip(forms["form"], forms["match"]))), entities.unique("key")


def matching_text(title: pl.Expr, body: pl.Expr) -> pl.Expr:
    """Title and body; ALL-CAPS texts (1997 kcna.co.jp) lower-cased, so that only the case-insensitive
    aliases apply to them: in 'LET US' the 'US' is not the United States."""
    text = pl.concat_str([title, body], separator="\n")
    all_caps = ~body.str.slice(0, 300).str.contains("[a-z]{3}")
    return pl.when(all_caps).then(text.str.to_lowercase()).otherwise(text)


def extract_mentions(articles: pl.DataFrame, title: str = "title", body: str = "body") -> pl.DataFrame:
    """One row per (article, entity) named at least once, with the count (columns MENTION_COLUMNS)."""
    pattern, entities = gazetteer()
    named = entities.filter(pl.col("entity_id") != BLOCKER).with_columns(
        entity=pl.struct(ENTITY_COLUMNS).rank("dense").cast(pl.UInt32)
    )
    # Matches counted per article and spelling once (the alternation runs once; the joins see far fewer rows).
    counts = (
        articles.lazy()
        .unique("article_id", keep="first")
        .select("article_id", match=matching_text(pl.col(title), pl.col(body)).str.extract_all(pattern))
        .explode("match")
        .drop_nulls("match")
        .group_by("article_id", "match")
        .agg(n=pl.len())
        .collect()
    )
    # A million matches are spelt a few hundred ways: each spelling is normalised and looked up once.
    spellings = (
        counts.select(pl.col("match").unique())
        .with_columns(key=_key_expression(pl.col("match")))
        .join(named.select("key", "entity", "names_countries"), on="key", how="inner")
        .select("match", "entity", "names_countries")
    )
    # An alias that names countries ("Workers' Party of Korea") is one more match of each of them.
    country_entity = (
        named.filter(pl.col("entity_type") == "country").group_by("country_code").agg(pl.col("entity").first())
        .rename({"country_code": "named_country", "entity": "country_entity"})
    )
    implied = (
        spellings.filter(pl.col("names_countries").is_not_null() & (pl.col("names_countries") != ""))
        .select("match", named_country=pl.col("names_countries").str.split(";")).explode("named_country")
        .join(country_entity, on="named_country", how="inner")
        .select("match", entity="country_entity")
    )
    return (
        pl.concat([counts.join(spellings.select("match", "entity"), on="match", how="inner"),
                   counts.join(implied, on="match", how="inner")])
        .group_by("article_id", "entity")
        .agg(mention_count=pl.col("n").sum().cast(pl.Int32))
        .join(named.select("entity", *ENTITY_COLUMNS).unique("entity"), on="entity", how="inner")
        .sort("article_id", "entity_id")
        .select(MENTION_COLUMNS)
    )

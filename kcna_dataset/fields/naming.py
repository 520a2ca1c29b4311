"""How an article names south Korea: counts of each form and the dominant one (south_korea_names_v1.csv).

The measure behind the turn researchers track: "south Korea" and "the puppets" (kcna.co.jp, to 2018), then "the
ROK" and, from January 2024, "the principal enemy" / "hostile state". Columns `naming_<form>_count` and
`south_korea_dominant_name` (the form counted most; ties go to the form the rule file lists first; null where
south Korea is not named). "Republic of Korea" inside the DPRK's own name is taken back out by the rule file's
`subtract:` rows, since Rust's regex has no look-behind.
"""

from __future__ import annotations

import functools

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.fields.term_counts import checked, count, text


@functools.cache
def forms() -> tuple[str, ...]:
    """The forms in tie order, as the rule file lists them."""
    names = [f for f in rules.load("south_korea_names")["form"].to_list() if not f.startswith("subtract:")]
    return tuple(dict.fromkeys(names))


def count_column(form: str) -> str:
    return f"naming_{form}_count"


def _count(source: pl.Expr, table: pl.DataFrame, form: str) -> pl.Expr:
    total = pl.lit(0, pl.Int64)
    for case, ignore_case in (("sensitive", False), ("insensitive", True)):
        patterns = table.filter((pl.col("form") == form) & (pl.col("case") == case))["pattern"].to_list()
        total = total + count(source, checked(patterns, "south_korea_names"), ignore_case).cast(pl.Int64)
    return total


def add_naming(articles: pl.DataFrame) -> pl.DataFrame:
    """articles + naming_<form>_count for each form and south_korea_dominant_name."""
    table = rules.load("south_korea_names")
    source = text()
    counts = {
        count_column(form): (_count(source, table, form) - _count(source, table, f"subtract:{form}")).clip(0).cast(pl.Int32)
        for form in forms()
    }
    articles = articles.with_columns(**counts)
    best = pl.max_horizontal(*[pl.col(c) for c in counts])
    dominant = pl.when(best == 0).then(None)
    for form in forms():  # in tie order: the first form reaching the maximum
        dominant = dominant.when(pl.col(count_column(form)) == best).then(pl.lit(form))
    return articles.with_columns(south_korea_dominant_name=dominant.otherwise(None).cast(pl.String))

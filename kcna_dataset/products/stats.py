"""Figures about one dataset version, shared by the dataset card and the quality report.

Plain functions over polars frames (the tables as `kcna_dataset` reads them); nothing here writes.
"""

from __future__ import annotations

import polars as pl

from kcna_dataset.schemas.vocabularies import SOURCE_KINDS


def articles_by_source(articles: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Articles with the raw form they came from (`source_kind`); an article found in two forms counts once,
    under the first form of SOURCE_KINDS' order."""
    rank = {kind: position for position, kind in enumerate(SOURCE_KINDS)}
    first_kind = (
        sources.select("article_id", "source_kind")
        .with_columns(pl.col("source_kind").replace_strict(rank, default=len(rank)).alias("_rank"))
        .sort("_rank")
        .unique("article_id", keep="first")
        .drop("_rank")
    )
    return articles.join(first_kind, on="article_id", how="left")


def source_periods(articles_with_source: pl.DataFrame) -> pl.DataFrame:
    """Per raw form: articles, first and last published date, undated articles."""
    return (
        articles_with_source.group_by("source_kind")
        .agg(
            pl.len().alias("articles"),
            pl.col("published_date").min().alias("first_date"),
            pl.col("published_date").max().alias("last_date"),
            pl.col("published_date").null_count().alias("undated"),
        )
        .sort("source_kind")
    )


def counts(frame: pl.DataFrame, *by: str | pl.Expr) -> pl.DataFrame:
    """Row counts by the given columns or expressions, largest first."""
    return frame.group_by(*by).agg(pl.len().alias("count")).sort("count", descending=True)


def per_month(articles_with_source: pl.DataFrame) -> pl.DataFrame:
    """Dated articles per calendar month and raw form."""
    return (
        articles_with_source.filter(pl.col("published_date").is_not_null())
        .group_by(pl.col("published_date").dt.truncate("1mo").alias("month"), "source_kind")
        .agg(pl.len().alias("articles"))
        .sort("month", "source_kind")
    )


def coverage_gaps(articles_with_source: pl.DataFrame, min_days: int = 14, limit: int = 10) -> pl.DataFrame:
    """The longest runs of days with no dated article, per raw form (within that form's own period)."""
    dates = (
        articles_with_source.filter(pl.col("published_date").is_not_null())
        .select("source_kind", "published_date")
        .unique()
        .sort("source_kind", "published_date")
    )
    return (
        dates.with_columns(pl.col("published_date").shift(1).over("source_kind").alias("previous_date"))
        .with_columns((pl.col("published_date") - pl.col("previous_date")).dt.total_days().sub(1).alias("missing_days"))
        .filter(pl.col("missing_days") >= min_days)
        .select("source_kind", pl.col("previous_date").alias("last_before"),
                pl.col("published_date").alias("first_after"), "missing_days")
        .sort("missing_days", descending=True)
        .head(limit)
    )


def quality(articles: pl.DataFrame, sources: pl.DataFrame, rejects: pl.DataFrame) -> dict[str, int]:
    """The known-limitation figures: encoding damage, duplicates, title mismatches, undated, rejects."""
    sources_per_article = sources.group_by("article_id").len()
    return {
        "articles": articles.height,
        "sources": sources.height,
        "rejects": rejects.height,
        "replacement_char_articles": int(articles["has_replacement_char"].sum()),
        "undated_articles": articles["published_date"].null_count(),
        "articles_with_several_sources": sources_per_article.filter(pl.col("len") > 1).height,
        "duplicate_source_records": sources.height - sources_per_article.height,
        "title_mismatches": int(sources["title_mismatch"].sum()),
    }

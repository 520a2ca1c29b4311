"""kcna-dataset: KCNA and DPRK state-media texts as a versioned research dataset.

The top level is what a researcher calls; it reads the Delta tables that `kcna build` writes (or a release
folder that `kcna export` wrote) with polars and deltalake only. Importing it loads nothing else: no
Prefect, no threads, no change to the environment.

    >>> import kcna_dataset as k
    >>> articles = k.load("articles")                      # latest dataset version, a polars DataFrame
    >>> k.versions().select("dataset_version", "articles_added")
    >>> current = k.latest_articles()                      # each story once: its latest revision
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = ["load", "scan", "latest_articles", "file_uris", "versions"]

DEFAULT_OUT = "data/processed"


def load(table: str, version: int | None = None, out: Path | str = DEFAULT_OUT) -> pl.DataFrame:
    """A table as of a dataset version (the latest when None), as a polars DataFrame.

    `out` is the output folder of `kcna build`, or a release folder written by `kcna export`.

        >>> articles = load("articles")
        >>> first = load("articles", version=1)
        >>> released = load("articles", out="releases/kcna-v3")
    """
    from kcna_dataset.storage import store

    return store.load(table, version, out)


def scan(table: str, version: int | None = None, out: Path | str = DEFAULT_OUT) -> pl.LazyFrame:
    """A table as of a dataset version, lazily: polars reads only the columns and rows a query needs.

        >>> import polars as pl
        >>> english = scan("articles").filter(pl.col("language") == "en").select("title").collect()
    """
    from kcna_dataset.storage import store

    return store.scan(table, version, out)


def latest_articles(version: int | None = None, out: Path | str = DEFAULT_OUT) -> pl.DataFrame:
    """The latest revision of each story: `articles` without the texts a later fetch replaced.

    `load("articles")` keeps every revision (provenance); this is what counts each story once
    (docs/stories.md). The same in one line: `load("articles").filter(pl.col("is_latest_revision"))`.

        >>> per_year = latest_articles().group_by(pl.col("published_date").dt.year()).len()
    """
    import polars as pl

    return scan("articles", version, out).filter(pl.col("is_latest_revision")).collect()


def file_uris(table: str, version: int | None = None, out: Path | str = DEFAULT_OUT) -> list[str]:
    """The Parquet files that hold a table at a dataset version, for DuckDB, pyarrow or pandas.

    Never glob a table's folder: it also holds files that later versions removed.

        >>> import duckdb
        >>> duckdb.sql(f"select language, count(*) from read_parquet({file_uris('articles')}) group by 1")
    """
    from kcna_dataset.storage import store

    return store.file_uris(table, version, out)


def versions(out: Path | str = DEFAULT_OUT) -> pl.DataFrame:
    """The manifest: one row per dataset version, oldest first (what each added, its trigger, inputs, code).

        >>> versions().select("dataset_version", "created_at", "articles_added").tail(3)
    """
    from kcna_dataset.storage import store

    return store.manifest(Path(out))

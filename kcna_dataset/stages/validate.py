"""Validate: parsed articles in, (valid rows, reject rows) out, against the pandera model of `articles`.

The checks are the model's (schemas/tables.py), run lazily so that every failing row is found in
one pass; a failing row becomes a reject naming the column and the check, never a null or a drop.
"""

from __future__ import annotations

import datetime as dt
import functools
import os

import pandera.polars as pa
import polars as pl

from kcna_dataset.stages.extract import FILE_REJECT_SCHEMA
from kcna_dataset.schemas.arrow import polars_schema
from kcna_dataset.schemas.tables import Article, last_possible_date

# Data checks must run on every call, whatever the caller's environment says.
os.environ.setdefault("PANDERA_VALIDATION_DEPTH", "SCHEMA_AND_DATA")


@functools.lru_cache(maxsize=8)
def _row_schema(columns: tuple[str, ...], today: dt.date) -> pa.DataFrameSchema:
    """The article model restricted to the given columns, without uniqueness, its latest publication date
    that of `today` (built once per day and process, in one update: pandera deep-copies the whole schema
    for every update).

    Several records may be one article (kcna.kp lists a story under several topics); they collapse by
    article_id when written, where uniqueness is checked on the table as a whole.
    """
    schema = Article.to_schema()
    keep = [name for name in schema.columns if name in columns]
    updates: dict[str, dict] = {name: {"unique": False} for name in keep}
    if "published_date" in updates:
        # The model's range, its upper end moved to `today`'s (the rest as declared in schemas/tables.py).
        updates["published_date"]["checks"] = [
            pa.Check.in_range(check.statistics["min_value"], last_possible_date(today))
            if check.name == "in_range" else check
            for check in schema.columns["published_date"].checks
        ]
    return schema.select_columns(keep).update_columns(updates)


def validate_articles(parsed: pl.DataFrame, today: dt.date | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Check the article columns present in `parsed`; (valid rows, rejects with stage 'validate').
    Publication dates may run up to three days past `today` (default: the day of the call)."""
    columns = [name for name in polars_schema("articles") if name in parsed.columns]
    schema = _row_schema(tuple(columns), today or dt.date.today())
    frame = parsed.with_row_index("_row")
    subject = frame.select(columns)
    try:
        schema.validate(subject, lazy=True)
        failures = None
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    if failures is None or failures.height == 0:
        return parsed, _empty_rejects()

    row_failures = failures.filter(pl.col("index").is_not_null())
    if row_failures.height < failures.height:
        # A failure without a row index is a wrong dtype or a missing column: a bug, not bad input.
        raise TypeError(f"articles frame does not match its schema:\n{failures.filter(pl.col('index').is_null())}")

    reasons = (
        row_failures.with_columns(_row=pl.col("index").cast(pl.UInt32))
        .group_by("_row", maintain_order=True)
        .agg(
            check=pl.format("{}:{}", "column", pl.col("check").str.extract(r"^(\w+)")).first(),
            reason=pl.format("column {} failed {} (value: {})", "column", "check", pl.col("failure_case").str.slice(0, 200))
            .str.join("; "),
        )
    )
    rejected = frame.join(reasons, on="_row", how="inner", maintain_order="left")
    rejects = rejected.select(
        "source_path", "record_index", "raw_sha256", stage=pl.lit("validate"), check="check", reason="reason",
        raw_text="raw_text",
    )
    valid = frame.join(reasons, on="_row", how="anti", maintain_order="left").drop("_row")
    return valid, rejects


def _empty_rejects() -> pl.DataFrame:
    return pl.DataFrame(schema=FILE_REJECT_SCHEMA)

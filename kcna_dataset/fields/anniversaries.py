"""Days to the nearest anniversary of the DPRK calendar, and its name (anniversaries_v1.csv).

`days_to_anniversary` is the anniversary's date minus published_date: 0 on the day, positive before it (the
run-up), negative after it; `anniversary_name` is the nearest anniversary's name. Anniversaries of the year
before and after count too, so 30 December is 9 days from 8 January. Where the anniversary before and the one
after are equally far, the one after wins (the run-up is what swells the output). Null where published_date is
unknown. Computed by two sorted as-of joins against a calendar of every anniversary date of the years concerned
(a few hundred rows): no Python per article.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from kcna_dataset.fields import rules


def calendar(first_year: int, last_year: int) -> pl.DataFrame:
    """Every anniversary date of the years first_year..last_year: `anniversary_date`, `anniversary_name`, sorted."""
    table = rules.load("anniversaries")
    rows = [
        (dt.date(year, int(month), int(day)), name)
        for year in range(first_year, last_year + 1)
        for month, day, name in zip(table["month"], table["day"], table["name"])
    ]
    return pl.DataFrame(rows, schema={"anniversary_date": pl.Date, "anniversary_name": pl.String}, orient="row").sort(
        "anniversary_date"
    )


def add_anniversaries(articles: pl.DataFrame) -> pl.DataFrame:
    """articles + days_to_anniversary (Int32) and anniversary_name (String)."""
    dates = articles.select(
        row=pl.int_range(pl.len(), dtype=pl.UInt32), published_date=pl.col("published_date")
    ).drop_nulls("published_date")
    if dates.is_empty():
        return articles.with_columns(days_to_anniversary=pl.lit(None, pl.Int32), anniversary_name=pl.lit(None, pl.String))
    years = dates["published_date"].dt.year()
    days = calendar(years.min() - 1, years.max() + 1)
    dates = dates.sort("published_date")
    after = dates.join_asof(days, left_on="published_date", right_on="anniversary_date", strategy="forward")
    before = dates.join_asof(days, left_on="published_date", right_on="anniversary_date", strategy="backward")
    ahead = (after["anniversary_date"] - after["published_date"]).dt.total_days()
    behind = (before["anniversary_date"] - before["published_date"]).dt.total_days()
    take_after = ahead <= -behind
    nearest = pl.DataFrame({
        "row": dates["row"],
        "days_to_anniversary": pl.select(pl.when(take_after).then(ahead).otherwise(behind)).to_series().cast(pl.Int32),
        "anniversary_name": pl.select(
            pl.when(take_after).then(after["anniversary_name"]).otherwise(before["anniversary_name"])
        ).to_series(),
    })
    placed = pl.DataFrame({"row": pl.Series(range(articles.height), dtype=pl.UInt32)}).join(nearest, on="row", how="left")
    return articles.with_columns(placed["days_to_anniversary"], placed["anniversary_name"])

"""The research layer's report sections: leaders' appearances, events and their coverage, the naming of south
Korea, weapons terms. Each is left out with a note when the version (or the events table) lacks what it needs."""

from __future__ import annotations

import altair as alt
import polars as pl

from kcna_dataset.fields import naming, weapons

WIDTH = 760


def _section():
    from kcna_dataset.products.report import Section  # the report's own block type (imported late: no cycle)

    return Section


def appearances_per_month(frames: dict[str, pl.DataFrame]) -> object:
    Section = _section()
    title = "Leaders' public appearances per month, by kind"
    table = frames.get("appearances")
    if table is None or table.is_empty():
        return Section(title, "", note="This dataset version has no appearances table, or it is empty.")
    monthly = (
        table.with_columns(month=pl.coalesce("activity_date", "report_date").dt.truncate("1mo"))
        .filter(pl.col("month").is_not_null())
        .group_by("month", "activity_kind").agg(appearances=pl.len()).sort("month")
    )
    chart = alt.Chart(monthly).mark_bar().encode(
        x=alt.X("month:T", title=None),
        y=alt.Y("appearances:Q", title="reported appearances per month", stack=True),
        color=alt.Color("activity_kind:N", title="kind", legend=alt.Legend(orient="top")),
        tooltip=["month:T", "activity_kind:N", "appearances:Q"],
    ).properties(width=WIDTH, height=240)
    leaders = ", ".join(f"{name} {count:,}" for name, count in table["leader"].value_counts(sort=True).iter_rows())
    return Section(title, f"{table.height:,} reports of a leader acting in person ({leaders}), by the month of the "
                          "activity (appearance_rules).", chart)


def events_coverage(events: pl.DataFrame | None) -> object:
    Section = _section()
    title = "Events and the lag of their coverage"
    if events is None:
        return Section(title, "", note="No events table was given (kcna report --events, or data/raw/north-korea-provocations).")
    covered = events.filter("covered")
    if covered.is_empty():
        return Section(title, "", note="No event of the events table falls in days this dataset version covers.")
    plotted = covered.with_columns(
        lag=pl.when(pl.col("silent")).then(pl.col("window_days") + 1).otherwise(pl.col("report_lag_days")),
        reported=pl.when(pl.col("silent")).then(pl.lit("silent")).otherwise(pl.lit("reported")),
    ).select("event_date", "event", "event_class", "lag", "reported")
    chart = alt.Chart(plotted).mark_point(filled=True, size=40).encode(
        x=alt.X("event_date:T", title=None),
        y=alt.Y("lag:Q", title="days to KCNA's first report (top row: silent)"),
        color=alt.Color("event_class:N", title="event", legend=alt.Legend(orient="top")),
        shape=alt.Shape("reported:N", title=None),
        tooltip=["event_date:T", "event:N", "event_class:N", "lag:Q", "reported:N"],
    ).properties(width=WIDTH, height=240)
    silent = covered["silent"].sum()
    return Section(title, f"{covered.height:,} events in days the dataset covers; {silent:,} with no report within "
                          "their window (event_terms).", chart)


def _per_100_by_month(articles: pl.DataFrame, columns: list[str], prefix: str, name: str) -> pl.DataFrame:
    """Monthly sums of count columns `<prefix><name>_count`, per 100 articles of the month, one row per month and name."""
    return (
        articles.filter(pl.col("published_date").is_not_null())
        .group_by(month=pl.col("published_date").dt.truncate("1mo"))
        .agg(pl.col(columns).sum(), articles=pl.len())
        .unpivot(index=["month", "articles"], variable_name=name, value_name="count")
        .with_columns(pl.col(name).str.strip_prefix(prefix).str.strip_suffix("_count"),
                      per_100=(pl.col("count") * 100 / pl.col("articles")).round(2))
        .sort("month")
    )


def _monthly_lines(monthly: pl.DataFrame, name: str, mark) -> object:
    return mark.encode(
        x=alt.X("month:T", title=None),
        y=alt.Y("per_100:Q", title="occurrences per 100 articles"),
        color=alt.Color(f"{name}:N", title=name, legend=alt.Legend(orient="top")),
        tooltip=["month:T", f"{name}:N", "count:Q", "per_100:Q"],
    ).properties(width=WIDTH, height=240)


def naming_by_month(articles: pl.DataFrame) -> object:
    Section = _section()
    title = "How south Korea is named, by month"
    columns = [naming.count_column(form) for form in naming.forms()]
    if not set(columns) <= set(articles.columns):
        return Section(title, "", note="This dataset version has no naming columns yet.")
    monthly = _per_100_by_month(articles, columns, "naming_", "form")
    chart = _monthly_lines(monthly, "form", alt.Chart(monthly).mark_line(point=alt.OverlayMarkDef(size=10)))
    return Section(title, "Occurrences of each form per 100 articles of the month: 'south Korea' and 'puppets' on "
                          "kcna.co.jp, 'the ROK' on kcna.kp in 2024 (south_korea_names).", chart)


def weapons_by_month(articles: pl.DataFrame) -> object:
    Section = _section()
    title = "Weapons terms by month"
    columns = [weapons.count_column(c) for c in weapons.categories()]
    if not set(columns) <= set(articles.columns):
        return Section(title, "", note="This dataset version has no weapons-term columns yet.")
    monthly = _per_100_by_month(articles, columns, "weapons_", "category")
    chart = _monthly_lines(monthly, "category", alt.Chart(monthly).mark_line())
    return Section(title, "Weapons-lexicon occurrences per 100 articles of the month, by category (weapons_terms; "
                          "'launch' also counts launching a campaign: see docs/research.md).", chart)


def sections(frames: dict[str, pl.DataFrame], events: pl.DataFrame | None) -> list:
    """The research sections, in reading order."""
    return [appearances_per_month(frames), events_coverage(events), naming_by_month(frames["articles"]),
            weapons_by_month(frames["articles"])]

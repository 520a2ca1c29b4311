"""The report's sections on stories: revisions and removals per month, the stories that changed most, and
what changed since the previous version (`kcna diff`). Frames in, report sections out."""

from __future__ import annotations

import altair as alt
import polars as pl

from kcna_dataset.products.report import COUNT_AXIS, WIDTH, Section
from kcna_dataset.products.version_diff import VersionDiff

MOST_CHANGED = 12
TITLE_CHARS = 70


def revisions_and_removals_per_month(frames: dict[str, pl.DataFrame]) -> Section:
    title = "Revisions and removals per month"
    if "revisions" not in frames or "stories" not in frames:
        return Section(title, "", note="This dataset version has no stories and revisions tables yet.")
    edits = (
        frames["revisions"].filter((pl.col("change_kind") != "first") & pl.col("first_seen").is_not_null())
        .select(month=pl.col("first_seen").dt.truncate("1mo"), what=pl.col("change_kind").str.replace("_", " "))
    )
    removals = frames["stories"].filter(pl.col("first_missing_date").is_not_null()).select(
        month=pl.col("first_missing_date").dt.truncate("1mo"), what=pl.lit("removal")
    )
    monthly = pl.concat([edits, removals]).group_by("month", "what").agg(stories=pl.len()).sort("month", "what")
    counts = frames["stories"]["status"].value_counts()
    by_status = dict(zip(counts["status"], counts["count"]))
    caption = (
        f"{frames['stories'].height:,} stories: {by_status.get('edited', 0):,} edited, "
        f"{by_status.get('unstable', 0):,} unstable (A -> B -> A), {by_status.get('removed', 0):,} removed. "
        "New revisions by the month they were first seen, removals by the first day a listing missed the story "
        "(docs/stories.md)."
    )
    if monthly.height == 0:
        return Section(title, caption, note="No story was edited or removed in this version.")
    chart = alt.Chart(monthly).mark_bar().encode(
        x=alt.X("month:T", title=None),
        y=alt.Y("stories:Q", title="stories", stack=True, axis=COUNT_AXIS),
        color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
        tooltip=["month:T", "what:N", "stories:Q"],
    ).properties(width=WIDTH, height=220)
    return Section(title, caption, chart)


def most_changed(frames: dict[str, pl.DataFrame]) -> Section:
    title = "Stories that changed most"
    if "revisions" not in frames or "stories" not in frames:
        return Section(title, "", note="This dataset version has no stories and revisions tables yet.")
    changed = (
        frames["revisions"].filter(pl.col("change_kind") != "first")
        .group_by("story_id")
        .agg(
            characters=(pl.col("chars_added").fill_null(0) + pl.col("chars_removed").fill_null(0)).sum(),
            entities=(pl.col("entities_added").list.len().fill_null(0) + pl.col("entities_removed").list.len().fill_null(0)).sum(),
        )
        .join(frames["stories"].select("story_id", "revision_count", "status", "latest_article_id"), on="story_id")
        .join(frames["articles"].select(latest_article_id="article_id", headline="title"), on="latest_article_id", how="left")
        .sort(["revision_count", "characters", "story_id"], descending=[True, True, False])
        .head(MOST_CHANGED)
        .with_columns(
            story=pl.format("{} ({})", pl.col("headline").fill_null("(no article)").str.slice(0, TITLE_CHARS),
                            pl.col("story_id").str.slice(0, 8))
        )
    )
    if changed.height == 0:
        return Section(title, "", note="No story has more than one revision.")
    chart = alt.Chart(changed).mark_bar().encode(
        x=alt.X("characters:Q", title="characters of words added and removed, all revisions", axis=COUNT_AXIS),
        y=alt.Y("story:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("status:N", title="status", legend=alt.Legend(orient="top")),
        tooltip=["story:N", "revision_count:Q", "characters:Q", "entities:Q", "status:N"],
    ).properties(width=WIDTH - 330, height=alt.Step(18))
    return Section(title, f"The {changed.height} stories with the most revisions (then the most characters "
                          "changed); the headline is the latest revision's.", chart)


def version_changes(diff: VersionDiff | None) -> Section:
    title = "Rows and stories since the previous version (kcna diff)"
    if diff is None:
        return Section(title, "", note="This is the first version: there is nothing to compare with yet.")
    stories = "; ".join(f"{row['change']} {row['stories']:,} ({row['reason']})" for row in diff.stories.iter_rows(named=True))
    caption = (f"Version {diff.before} -> {diff.after}. Stories: " + (stories or "no change") + ".")
    rows = diff.rows.unpivot(index="table", on=["rows_added", "rows_removed"], variable_name="what", value_name="rows")
    rows = rows.with_columns(pl.col("what").str.replace("rows_", ""))
    chart = alt.Chart(rows).mark_bar().encode(
        x=alt.X("rows:Q", title="rows", axis=COUNT_AXIS),
        y=alt.Y("table:N", title=None),
        yOffset="what:N",
        color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
        tooltip=["table:N", "what:N", "rows:Q"],
    ).properties(width=WIDTH - 200, height=alt.Step(12))
    return Section(title, caption, chart)

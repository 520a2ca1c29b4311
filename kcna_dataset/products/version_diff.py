"""What changed between two dataset versions: rows added and removed per table, and stories added, edited and
removed, with counts by reason (the release diff of research datasets such as PUDL's).

`compare` takes each version's tables as lazy frames and reads only their key columns (and a few small columns
of `stories` and `revisions`), so a diff of two versions of the whole corpus never reads a text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import polars as pl

STORY_TABLE_KEYS = {"stories": ["story_id"], "revisions": ["story_id", "revision"]}


@dataclasses.dataclass(frozen=True)
class VersionDiff:
    before: int
    after: int
    rows: pl.DataFrame  # table, rows_before, rows_after, rows_added, rows_removed
    stories: pl.DataFrame  # change (added / edited / removed), reason, stories

    def to_dict(self) -> dict:
        return {
            "before": self.before,
            "after": self.after,
            "tables": self.rows.to_dicts(),
            "stories": self.stories.to_dicts(),
        }


def _keys(frame: pl.LazyFrame, keys: list[str]) -> pl.DataFrame:
    return frame.select(keys).unique().collect()


def table_rows(before: Mapping[str, pl.LazyFrame], after: Mapping[str, pl.LazyFrame],
               record_keys: Mapping[str, list[str]]) -> pl.DataFrame:
    """Per table of either version: rows in each, and rows added and removed (by the table's record key)."""
    rows = []
    for table in sorted(set(before) | set(after)):
        keys = record_keys.get(table)
        if keys is None:
            continue
        old = _keys(before[table], keys) if table in before else None
        new = _keys(after[table], keys) if table in after else None
        if old is None or new is None:
            present = new if new is not None else old
            assert present is not None
            rows.append((table, 0 if old is None else old.height, 0 if new is None else new.height,
                         present.height if old is None else 0, present.height if new is None else 0))
            continue
        added = new.join(old, on=keys, how="anti", nulls_equal=True).height
        removed = old.join(new, on=keys, how="anti", nulls_equal=True).height
        rows.append((table, old.height, new.height, added, removed))
    return pl.DataFrame(
        rows,
        schema={"table": pl.String, "rows_before": pl.Int64, "rows_after": pl.Int64, "rows_added": pl.Int64,
                "rows_removed": pl.Int64},
        orient="row",
    )


STORY_COLUMNS = ["story_id", "canonical_url", "revision_count", "status"]


def _labelled(frame: pl.DataFrame, change: str, reason: str) -> pl.DataFrame:
    # with_columns, not select: a select of literals alone gives one row even from an empty frame.
    return frame.with_columns(change=pl.lit(change), reason=pl.lit(reason)).select("change", "reason")


def story_changes(before: Mapping[str, pl.LazyFrame], after: Mapping[str, pl.LazyFrame]) -> pl.DataFrame:
    """Stories added (new address, or a text without one), edited (by the kind of their new revisions), and
    removed (missing from the latest listing, or no longer in the dataset), one row per (change, reason)."""
    schema = {"change": pl.String, "reason": pl.String, "stories": pl.Int64}
    if "stories" not in after:
        return pl.DataFrame(schema=schema)
    new = after["stories"].select(STORY_COLUMNS).collect()
    old = (before["stories"].select(STORY_COLUMNS).collect() if "stories" in before
           else pl.DataFrame(schema=new.schema))
    both = new.join(old, on="story_id", how="inner", suffix="_before")
    added = new.join(old, on="story_id", how="anti").with_columns(
        change=pl.lit("added"),
        reason=pl.when(pl.col("canonical_url").is_null()).then(pl.lit("text without an address"))
        .otherwise(pl.lit("new address")),
    )
    # Edited: stories with revisions the earlier version did not have, by the kind of each new revision.
    edited_ids = both.filter(pl.col("revision_count") > pl.col("revision_count_before").fill_null(0))
    edited = pl.DataFrame(schema={"change": pl.String, "reason": pl.String})
    if edited_ids.height and "revisions" in after:
        new_revisions = (
            after["revisions"].select("story_id", "revision", "change_kind").collect()
            .join(edited_ids.select("story_id", "revision_count_before"), on="story_id")
            .filter(pl.col("revision") > pl.col("revision_count_before").fill_null(0))
        )
        edited = new_revisions.group_by("story_id").agg(
            reason=pl.when(pl.col("change_kind").eq("text_edit").any()).then(pl.lit("text_edit"))
            .otherwise(pl.col("change_kind").first())
        ).with_columns(change=pl.lit("edited"))
    removed_by_agency = _labelled(
        both.filter((pl.col("status") == "removed") & (pl.col("status_before") != "removed")),
        "removed", "missing from the latest listing",
    )
    became_unstable = _labelled(
        both.filter((pl.col("status") == "unstable") & (pl.col("status_before") != "unstable")),
        "edited", "became unstable (A -> B -> A)",
    )
    restored = _labelled(
        both.filter((pl.col("status") != "removed") & (pl.col("status_before") == "removed")), "restored", "listed again"
    )
    dropped = _labelled(old.join(new, on="story_id", how="anti"), "removed", "no longer in the dataset")
    frames = [added, edited, became_unstable, removed_by_agency, restored, dropped]
    changes = pl.concat([frame.select("change", "reason") for frame in frames])
    order = {"added": 0, "edited": 1, "removed": 2, "restored": 3}
    return (
        changes.group_by("change", "reason")
        .agg(stories=pl.len().cast(pl.Int64))
        .sort(pl.col("change").replace_strict(order, return_dtype=pl.Int32), "reason")
    )


def compare(before: Mapping[str, pl.LazyFrame], after: Mapping[str, pl.LazyFrame],
            record_keys: Mapping[str, list[str]], before_version: int, after_version: int) -> VersionDiff:
    keys = {**record_keys, **STORY_TABLE_KEYS}
    return VersionDiff(before_version, after_version, table_rows(before, after, keys), story_changes(before, after))


def diff_versions(out: Path, before: int | None, after: int | None) -> VersionDiff:
    """Two dataset versions of an output folder compared (`after` the latest when None, `before` the one
    preceding `after` when None)."""
    from kcna_dataset.schemas.keys import RECORD_KEYS
    from kcna_dataset.storage import store

    after_row = store.version_row(out, after)
    if before is None:
        before = after_row["dataset_version"] - 1
    before_row = store.version_row(out, before)
    return compare(store.scan_version(out, before_row), store.scan_version(out, after_row), RECORD_KEYS,
                   before_row["dataset_version"], after_row["dataset_version"])


def format_text(diff: VersionDiff) -> str:
    """The diff as the lines `kcna diff` prints."""
    lines = [f"dataset version {diff.before} -> {diff.after}", "",
             f"{'table':<20} {'rows before':>12} {'rows after':>12} {'added':>10} {'removed':>10}"]
    for row in diff.rows.iter_rows(named=True):
        lines.append(f"{row['table']:<20} {row['rows_before']:>12,} {row['rows_after']:>12,} "
                     f"{row['rows_added']:>10,} {row['rows_removed']:>10,}")
    lines.append("")
    if diff.stories.height == 0:
        lines.append("stories: no change")
    else:
        lines.append("stories")
        for row in diff.stories.iter_rows(named=True):
            lines.append(f"  {row['change']:<9} {row['stories']:>8,}  {row['reason']}")
    return "\n".join(lines)

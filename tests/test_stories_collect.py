"""Stories end to end on the real feed: the 72 snapshots collected day by day from a server on 127.0.0.1, built
in two halves (a build, then a refresh) and in one full build. One story per article address; the counts
match the independent count over the raw JSON (tests/test_stories_feed.py); the refresh equals the full build."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import kcna_dataset
from kcna_dataset.products.version_diff import diff_versions
from kcna_dataset.storage import store
from tests.collect_server import FeedState, Server, snapshot_days
from tests.test_collect import feed_or_skip
from tests.test_collect_build import _collect
from tests.test_stories_feed import canonical, independent_counts, snapshots

FEED = "north-korea-news"


def _rows(out: Path, table: str, keys: list[str]) -> pl.DataFrame:
    return store.load(table, out=out).drop("first_version", strict=False).sort(keys, nulls_last=True)


@pytest.mark.slow
@pytest.mark.corpus
def test_the_72_snapshots_collected_day_by_day_give_one_story_per_address(tmp_path: Path, prefect_server):
    feed_or_skip()
    from kcna_dataset.flows.pipeline import build_dataset

    days = snapshot_days()
    assert len(days) == 72
    raw, out, rebuilt = tmp_path / "raw", tmp_path / "out", tmp_path / "rebuilt"
    with Server() as server:
        state = FeedState(server)
        for index, day in enumerate(days):
            state.advance_to(day)
            report = _collect(server, raw, out, day)
            assert report.failures == []
            if index == 35:
                first = build_dataset(raw=str(raw), out=str(out), trigger="test")
    assert first["dataset_version"] == 1
    refreshed = build_dataset(raw=str(raw), out=str(out), trigger="test")
    assert refreshed["dataset_version"] == 2 and refreshed["raw_files_read"] == 36
    full = build_dataset(raw=str(raw), out=str(rebuilt), trigger="test", full=True)

    # A refresh by the second half equals one build of both halves: stories, revisions, and the articles'
    # stories and flags.
    for table, keys in (("stories", ["story_id"]), ("revisions", ["story_id", "revision"]), ("articles", ["article_id"])):
        assert _rows(out, table, keys).equals(_rows(rebuilt, table, keys)), table

    raw_days = snapshots()
    expected = independent_counts(raw_days)
    stories = store.load("stories", out=out)
    revisions = store.load("revisions", out=out)
    links = {record["link"] for snapshot in raw_days.values() for record in snapshot}
    assert stories.height == len(links) == 1593
    assert set(stories["canonical_url"]) == {canonical(link) for link in links}
    assert set(stories["source"]) == {FEED}
    assert stories["formatting_changes"].sum() == expected["formatting"]
    assert stories["fetch_gaps"].sum() == expected["gaps"]
    assert revisions.height == expected["revisions"]
    assert revisions.filter(pl.col("change_kind") == "text_edit").height == expected["text_edits"]
    unstable = set(stories.filter(pl.col("status") == "unstable")["canonical_url"])
    assert unstable == {canonical(link) for link in expected["unstable"]}
    assert stories.filter(pl.col("status") == "removed").height == len(expected["removed"]) == 0
    # Every revision with a text that parse kept names its article; the old texts of edited stories are in
    # `articles` (provenance), not among the latest revisions.
    articles = store.load("articles", out=out)
    latest = kcna_dataset.latest_articles(out=out)
    assert latest.height == articles.filter(pl.col("is_latest_revision")).height < articles.height
    assert set(latest["article_id"]) == set(stories["latest_article_id"].drop_nulls())
    edited_old = revisions.join(stories.select("story_id", "latest_article_id"), on="story_id").filter(
        pl.col("article_id") != pl.col("latest_article_id")
    )
    superseded = set(edited_old["article_id"]) - set(stories["latest_article_id"].drop_nulls())
    assert superseded and superseded <= set(articles.filter(~pl.col("is_latest_revision"))["article_id"])

    # What the second half changed, as `kcna diff 1 2` says it.
    diff = diff_versions(out, 1, 2)
    changes = {(row["change"], row["reason"]): row["stories"] for row in diff.stories.iter_rows(named=True)}
    in_first_half = store.load("stories", version=1, out=out)
    assert changes[("added", "new address")] == stories.height - in_first_half.height
    rows = {row["table"]: row for row in diff.rows.iter_rows(named=True)}
    assert rows["stories"]["rows_after"] == stories.height and rows["stories"]["rows_removed"] == 0
    print(
        f"\nstories {stories.height}, revisions {revisions.height} "
        f"({dict(revisions['change_kind'].value_counts().rows())}), statuses {dict(stories['status'].value_counts().rows())}; "
        f"stories step: full build {full['table_write_seconds']['stories']} s, "
        f"refresh of 36 days {refreshed['table_write_seconds']['stories']} s"
    )


def _files(out: Path, table: str) -> set[str]:
    from deltalake import DeltaTable

    return set(DeltaTable(str(store.table_path(out, table))).get_add_actions(flatten=True).column("path").to_pylist())


@pytest.mark.slow
def test_a_refresh_of_live_stories_leaves_the_files_of_settled_stories_alone(raw_dir: Path, tmp_path: Path,
                                                                             prefect_server):
    """A full build writes the stories of the closed kcna.co.jp archive to files of their own; a nightly
    refresh that touches only live stories (listed ones, and a kcna.kp record stored before the feed listed
    it) deletes and rewrites none of those files, and still equals a full build of everything."""
    feed_or_skip()
    import json

    from kcna_dataset.flows.pipeline import build_dataset
    from kcna_dataset.storage.stories_write import SETTLED_SOURCES

    days = snapshot_days()
    # An article of day 4 that the kcna.kp scraper caught before the feed listed it: its story is stored,
    # unlisted, and the refresh of day 4 touches it.
    listed_before = {record["link"] for record in snapshots()[days[2]]}
    early = next(record for record in snapshots()[days[3]]
                 if record["link"] not in listed_before and record["story_text"].strip())
    (raw_dir / "kcna-kp" / "scraped_early.json").write_text(json.dumps([early]))
    out, rebuilt = tmp_path / "out", tmp_path / "rebuilt"
    with Server() as server:
        state = FeedState(server)
        state.advance_to(days[2])
        _collect(server, raw_dir, out, days[2])
        build_dataset(raw=str(raw_dir), out=str(out), trigger="test")
        settled = store.load("stories", out=out).filter(pl.col("source").is_in(SETTLED_SOURCES))
        assert settled.height > 0 and settled["first_seen"].null_count() == settled.height
        before = {table: _files(out, table) for table in ("stories", "revisions")}
        state.advance_to(days[3])
        _collect(server, raw_dir, out, days[3])
        refreshed = build_dataset(raw=str(raw_dir), out=str(out), trigger="test")
    assert refreshed["dataset_version"] == 2 and refreshed["stories_written"] > 0
    kept = {table: before[table] & _files(out, table) for table in ("stories", "revisions")}
    for table in ("stories", "revisions"):
        # Every file of the full build but the one of live stories is still there.
        assert len(kept[table]) == len(before[table]) - 1, table
    # And those files hold the settled stories, unchanged.
    kept_rows = pl.concat([pl.read_parquet(store.table_path(out, "stories") / path) for path in kept["stories"]])
    assert kept_rows.drop("first_version", strict=False).sort("story_id").equals(
        settled.drop("first_version", strict=False).sort("story_id"))
    build_dataset(raw=str(raw_dir), out=str(rebuilt), trigger="test", full=True)
    for table, keys in (("stories", ["story_id"]), ("revisions", ["story_id", "revision"]), ("articles", ["article_id"])):
        assert _rows(out, table, keys).equals(_rows(rebuilt, table, keys)), table

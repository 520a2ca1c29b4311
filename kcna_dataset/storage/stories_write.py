"""Stories and revisions of a dataset version, computed at publish and written as two tables.

Inputs: the listings of every snapshot envelope in the raw folder (the only record of which day listed what;
a few kB a day, read each build), the `sources` rows this build stages, and, on a refresh, the stored rows
of the stories it touches. A full build computes every story; a refresh only the stories its new records,
its new listings and its new listing days touch (kcna_dataset.stages.stories.touched_stories): their rows
are deleted and written again, the rest stay as they are, so a refresh of A by B equals a build of A u B.

A story of one record (nearly every kcna.co.jp article: an address seen once) needs no text: its only
revision is its article. Raw texts are read only for stories of several records, from the rows that hold them.

Articles are written with `is_latest_revision` true; the articles that are not the latest revision of any
story are then set false (and back to true where a story's latest text changes back), a Delta update of
the few rows concerned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import polars as pl
from deltalake import DeltaTable, write_deltalake

from kcna_dataset.stages import sightings as sightings_stage
from kcna_dataset.stages import stories as stories_stage

try:
    from kcna_dataset.schemas.arrow import arrow_schema, conform
    from kcna_dataset.storage import store
    from kcna_dataset.storage.publish import compact_small_files, writer_properties
except ImportError:  # the old layout, until the package move lands
    from flows import store
    from flows.publish import compact_small_files, writer_properties
    from schemas.arrow import arrow_schema, conform

STORY_TABLES = ("stories", "revisions")
SOURCE_COLUMNS = ["source_kind", "source_path", "record_index", "source_url", "source_title", "article_id"]


@dataclasses.dataclass(frozen=True)
class StoryWrite:
    rows: dict[str, int]  # table -> rows written (a refresh: the touched stories' rows)
    delta_versions: dict[str, int]  # stories, revisions, and articles where flags changed
    touched: int
    flags_changed: int


def _empty_sources() -> pl.DataFrame:
    return pl.DataFrame(schema={"source_kind": pl.String, "source_path": pl.String, "record_index": pl.Int32,
                                "source_url": pl.String, "source_title": pl.String, "article_id": pl.String})


def _other_records(rows: pl.DataFrame) -> pl.DataFrame:
    """Sources rows of sources without listings as stage records, their text left out (read later if needed)."""
    return rows.select(
        source="source_kind",
        record_key=pl.col("source_path") + "#" + pl.col("record_index").cast(pl.String),
        url="source_url",
        title=pl.lit(None, dtype=pl.String),
        body=pl.lit(None, dtype=pl.String),
        article_id="article_id",
        source_path="source_path",
        record_index="record_index",
    )


def _with_texts(records: pl.DataFrame, listed: set[str], texts_of) -> pl.DataFrame:
    """Records of other sources get their raw text where their story has more than one record (or is listed);
    a story of one record gets its article_id as the text that stands for its only revision."""
    keyed = records.join(
        stories_stage.story_ids(records.select(stories_stage.RECORD_SCHEMA.names())),
        on=["source", "record_key"], how="left",
    )
    counts = keyed.group_by("story_id").len()
    several = set(counts.filter(pl.col("len") > 1)["story_id"]) | listed
    need = keyed.filter(pl.col("story_id").is_in(list(several)) & pl.col("body").is_null())
    texts = texts_of(need.select("source_path", "record_index")) if need.height else None
    if texts is not None:
        keyed = keyed.join(texts.rename({"raw_text": "_text", "source_title": "_title"}),
                           on=["source_path", "record_index"], how="left")
        keyed = keyed.with_columns(body=pl.coalesce("body", "_text"), title=pl.coalesce("title", "_title"))
    return keyed.with_columns(
        body=pl.coalesce("body", pl.col("article_id")), title=pl.coalesce("title", pl.lit(""))
    ).select(stories_stage.RECORD_SCHEMA.names())


def compute(
    raw: Path,
    envelope_paths: Sequence[str],
    new_envelope_paths: Sequence[str],
    staged_sources: Sequence[Path],
    out: Path | None,
    stored_versions: dict[str, int] | None,
) -> tuple[stories_stage.Stories, pl.Series | None]:
    """(stories of this version's touched stories, the touched story ids; None: every story, a full build).

    `stored_versions` (Delta versions of sources and stories as of the last dataset version) is None for a
    full build.
    """
    listings = sightings_stage.read_listings(raw, envelope_paths)
    envelope_set = set(envelope_paths)
    staged = (
        pl.concat([pl.scan_parquet(path).select(SOURCE_COLUMNS) for path in staged_sources]).collect()
        if staged_sources else _empty_sources()
    )
    stored_sources = (
        pl.scan_delta(str(store.table_path(out, "sources")), version=stored_versions["sources"]).select(SOURCE_COLUMNS)
        if stored_versions is not None else None
    )

    def texts_of(keys: pl.DataFrame) -> pl.DataFrame:
        wanted = keys.unique()
        frames = [pl.scan_parquet(path).select("source_path", "record_index", "source_title", "raw_text")
                  .join(wanted.lazy(), on=["source_path", "record_index"], how="semi") for path in staged_sources]
        if stored_versions is not None:
            frames.append(
                pl.scan_delta(str(store.table_path(out, "sources")), version=stored_versions["sources"])
                .filter(pl.col("source_path").is_in(wanted["source_path"].unique().implode()))
                .select("source_path", "record_index", "source_title", "raw_text")
                .join(wanted.lazy(), on=["source_path", "record_index"], how="semi")
            )
        return pl.concat([frame.collect() for frame in frames]).unique(["source_path", "record_index"])

    # Envelope records with the article each became (this build's rows, or the stored ones).
    articles_of = staged.filter(pl.col("source_path").is_in(list(envelope_set)))
    if stored_sources is not None:
        articles_of = pl.concat([
            articles_of,
            stored_sources.filter(pl.col("source_path").is_in(list(envelope_set))).collect(),
        ])
    envelope_records = sightings_stage.with_articles(listings.records, articles_of)
    listed_stories = set(stories_stage.story_ids(envelope_records)["story_id"])
    other_staged = _other_records(staged.filter(~pl.col("source_path").is_in(list(envelope_set))))

    if stored_versions is None:
        other = _with_texts(other_staged, listed_stories, texts_of)
        records = pl.concat([envelope_records, other])
        return stories_stage.build(records, listings.sightings, listings.calendar), None

    # A refresh: the stories that new records, new listings and new listing days touch.
    new_paths = sorted(set(new_envelope_paths))
    new_listing = sightings_stage.read_listings(raw, new_paths) if new_paths else None
    new_days = new_listing.calendar if new_listing is not None else pl.DataFrame(schema=stories_stage.CALENDAR_SCHEMA)
    envelope_keys = stories_stage.story_ids(envelope_records)
    sighted = pl.concat([
        stories_stage.story_ids(other_staged.select(stories_stage.RECORD_SCHEMA.names())).get_column("story_id"),
        (new_listing.sightings.join(envelope_keys, on=["source", "record_key"]).get_column("story_id")
         if new_listing is not None else pl.Series("story_id", [], pl.String)),
    ])
    stored_stories = pl.read_delta(str(store.table_path(out, "stories")), version=stored_versions["stories"],
                                   columns=["story_id", "source", "first_seen", "first_missing_date"])
    touched = stories_stage.touched_stories(sighted, new_days, stored_stories)
    wanted = touched.implode()
    # Stored rows of other sources whose address (or article) belongs to a touched story.
    stored_other = _other_records(
        stored_sources.filter(~pl.col("source_path").is_in(list(envelope_set))).collect()
    )
    stored_other = stored_other.join(
        stories_stage.story_ids(stored_other.select(stories_stage.RECORD_SCHEMA.names())),
        on=["source", "record_key"],
    ).filter(pl.col("story_id").is_in(wanted)).drop("story_id")
    other = _with_texts(pl.concat([other_staged, stored_other]).unique(["source", "record_key"]),
                        listed_stories, texts_of)
    touched_envelope = envelope_records.join(
        envelope_keys.filter(pl.col("story_id").is_in(wanted)), on=["source", "record_key"], how="semi"
    )
    records = pl.concat([touched_envelope, other])
    sightings = listings.sightings.join(touched_envelope, on=["source", "record_key"], how="semi")
    return stories_stage.build(records, sightings, listings.calendar), touched


def write(out: Path, result: stories_stage.Stories, touched: pl.Series | None) -> dict[str, tuple[int, int]]:
    """Write stories and revisions: replaced in full, or the touched stories' rows deleted and appended."""
    frames = {"stories": result.stories, "revisions": result.revisions}
    written = {}
    for table, frame in frames.items():
        delta = DeltaTable(str(store.table_path(out, table)))
        rows = conform(frame, table).to_arrow().cast(arrow_schema(table))
        if touched is None:
            write_deltalake(delta, rows, mode="overwrite", schema_mode="overwrite",
                            writer_properties=writer_properties(table))
        else:
            if touched.len():
                ids = ", ".join("'" + value + "'" for value in touched.to_list())
                delta.delete(f"story_id IN ({ids})", writer_properties=writer_properties(table))
            if rows.num_rows:
                write_deltalake(delta, rows, mode="append", writer_properties=writer_properties(table))
            compact_small_files(delta, table)
        written[table] = (frame.height, delta.version())
    return written


def update_flags(out: Path, result: stories_stage.Stories, touched: pl.Series | None,
                 stored_stories_version: int | None) -> tuple[int, int | None]:
    """Set articles.is_latest_revision where it changed; (rows changed, articles' Delta version or None)."""
    candidates = result.article_stories.get_column("article_id")
    latest = set(result.stories["latest_article_id"].drop_nulls())
    if touched is not None and stored_stories_version is not None:
        # An article may also be the latest text of a story this version did not touch.
        untouched = (
            pl.scan_delta(str(store.table_path(out, "stories")), version=stored_stories_version)
            .filter(pl.col("latest_article_id").is_in(candidates.implode())
                    & ~pl.col("story_id").is_in(touched.implode()))
            .select("latest_article_id").collect()
        )
        latest |= set(untouched["latest_article_id"])
    delta = DeltaTable(str(store.table_path(out, "articles")))
    current = (
        pl.scan_delta(delta).filter(pl.col("article_id").is_in(candidates.implode()))
        .select("article_id", "is_latest_revision").collect()
    )
    should = current.with_columns(_latest=pl.col("article_id").is_in(list(latest)))
    to_false = should.filter(pl.col("is_latest_revision").fill_null(True) & ~pl.col("_latest"))["article_id"]
    to_true = should.filter(~pl.col("is_latest_revision").fill_null(True) & pl.col("_latest"))["article_id"]
    for ids, value in ((to_false, "false"), (to_true, "true")):
        if ids.len():
            listed = ", ".join("'" + value_ + "'" for value_ in ids.to_list())
            delta.update(updates={"is_latest_revision": value}, predicate=f"article_id IN ({listed})",
                         writer_properties=writer_properties("articles"))
    changed = to_false.len() + to_true.len()
    return changed, (delta.version() if changed else None)

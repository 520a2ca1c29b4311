"""Stories and revisions of a dataset version, computed at publish and written as two tables.

Inputs: the listings of every snapshot envelope in the raw folder (the only record of which day listed what;
a few kB a day, read each build), the `sources` rows this build stages, and, on a refresh, the stored rows
of the stories it touches. A full build computes every story; a refresh only the stories its new records,
its new listings and its new listing days touch (kcna_dataset.stages.stories.touched_stories): their rows
are deleted and written again, the rest stay as they are, so a refresh of A by B equals a build of A u B.
A refresh reads its stored inputs while its batches run (`read_stored`) and computes from them and the staged
sources rows beside the table writes; a full build computes from the sources it has written.

A story of one record (nearly every kcna.co.jp article: an address seen once) needs no text: its only
revision is its article. Raw texts are read only for stories of several records, from the rows that hold them.

Articles are written with `is_latest_revision` true; the articles that are not the latest revision of any
story are then set false (and back to true where a story's latest text changes back), a Delta update of
the few rows concerned.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
from deltalake import DeltaTable, write_deltalake

from kcna_dataset.stages import sightings as sightings_stage
from kcna_dataset.stages import stories as stories_stage

from kcna_dataset.orchestration import faults
from kcna_dataset.schemas.arrow import arrow_schema, conform, polars_schema
from kcna_dataset.storage import store
from kcna_dataset.storage.delta import compact_small_files, writer_properties

STORY_TABLES = ("stories", "revisions")
SETTLED_SOURCES = ("kcna_co_jp_day",)
"""Sources whose stories a refresh almost never touches: the kcna.co.jp day files, a closed archive (the site
stopped in 2018) collected once. Their stories are written apart from the rest (see `write`)."""
SETTLED_FILE_BYTES = 2**20
"""Target size of a full build's files of settled stories, sorted by story_id: a refresh that touches one
rewrites a file of ~0.3 MB, found from the files' story_id statistics, not the whole table."""
STORY_SMALL_FILE_BYTES = 128 * 2**10
"""What compaction counts as small in these tables: a refresh's appended files (~10-20 kB), not the
settled files above, whose sort compaction would undo."""
SOURCE_COLUMNS = ["source_kind", "source_path", "record_index", "source_url", "article_id"]


@dataclasses.dataclass(frozen=True)
class StoryWrite:
    rows: dict[str, int]  # table -> rows written (a refresh: the touched stories' rows)
    delta_versions: dict[str, int]  # stories, revisions, and articles where flags changed
    touched: int
    flags_changed: int
    seconds: dict[str, float]  # compute, write, flags


def _other_records(rows: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """Sources rows of sources without listings as stage records, their text left out (read later if needed)."""
    return rows.lazy().select(
        source="source_kind",
        record_key=pl.col("source_path") + "#" + pl.col("record_index").cast(pl.String),
        url="source_url",
        title=pl.lit(None, dtype=pl.String),
        body=pl.lit(None, dtype=pl.String),
        article_id="article_id",
        source_path="source_path",
        record_index="record_index",
    ).collect()


def _with_texts(keyed: pl.DataFrame, listed: set[str], texts_of) -> pl.DataFrame:
    """Records of other sources (with story_id) get their raw text where their story holds several articles
    or is listed; elsewhere the article_id stands for the text (records of one article have one clean text:
    parse has already folded their formatting), and the raw texts, the bulk of `sources`, stay unread."""
    counts = keyed.group_by("story_id").agg(pl.col("article_id").n_unique())
    several = set(counts.filter(pl.col("article_id") > 1)["story_id"]) | listed
    need = keyed.filter(pl.col("story_id").is_in(list(several)))
    if need.height:
        texts = texts_of(need.select("source_path", "record_index"))
        keyed = keyed.join(texts.rename({"raw_text": "_text", "source_title": "_title"}),
                           on=["source_path", "record_index"], how="left")
        keyed = keyed.with_columns(body=pl.coalesce("body", "_text"), title=pl.coalesce("title", "_title"))
    return keyed.with_columns(
        body=pl.coalesce("body", pl.col("article_id")), title=pl.coalesce("title", pl.lit(""))
    ).select(*stories_stage.RECORD_SCHEMA.names(), "canonical_url", "story_id")


def _sources_after(out: Path, before: dict[str, int] | None, changed_paths: Sequence[str],
                   staged: Sequence[Path] | None) -> pl.LazyFrame:
    """`sources` as this build leaves it. Without `staged`, the table itself, once this build has written
    it. With the build's staged sources files, before it has: the rows stored before the build, less those of
    its changed files (which it deletes), and the staged rows (whose raw files are new or changed, so no key
    is stored twice)."""
    path = str(store.table_path(out, "sources"))
    if staged is None or before is None:
        return pl.scan_delta(path)
    stored = pl.scan_delta(path, version=before["sources"]).filter(~pl.col("source_path").is_in(_series(changed_paths)))
    return pl.concat([stored.select(STAGED_COLUMNS), *(_staged(batch) for batch in staged)], how="vertical")


STAGED_COLUMNS = [*SOURCE_COLUMNS, "source_title", "raw_text"]
ADDRESS_TAIL = (pl.col("source_url").str.strip_chars()
                .str.replace(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^/?#]*", "").str.to_lowercase())
"""A sources row's address after its host, in lower case: what a canonical address's tail is matched with."""


def _series(values: Iterable[str]) -> pl.Series:
    return pl.Series(sorted(set(values)), dtype=pl.String).implode()


def _staged(batch: Path) -> pl.LazyFrame:
    types = polars_schema("sources")
    return pl.scan_parquet(batch).select(pl.col(name).cast(types[name]) for name in STAGED_COLUMNS)


@dataclasses.dataclass(frozen=True)
class Stored:
    """What a refresh's stories read of the raw listings and the tables as they were before it (Delta
    versions `before`), read while its batches run (`read_stored`): the listings of every envelope, the
    key columns of the sources rows it keeps (those of envelopes, and the others with ADDRESS_TAIL as
    `_tail`), the stored stories, and the old rows of its changed files."""
    listings: sightings_stage.Listings
    envelope_sources: pl.DataFrame
    other_sources: pl.DataFrame
    stories: pl.DataFrame
    old_rows: pl.DataFrame


def read_stored(out: Path, raw: Path, envelope_paths: Sequence[str], changed_paths: Sequence[str],
                before: dict[str, int]) -> Stored:
    """The Stored inputs of a refresh's stories (they need none of its batches)."""
    sources = pl.scan_delta(str(store.table_path(out, "sources")), version=before["sources"])
    changed = pl.col("source_path").is_in(_series(changed_paths))
    kept = sources.filter(~changed).select(SOURCE_COLUMNS).collect()
    in_envelope = pl.col("source_path").is_in(_series(envelope_paths))
    return Stored(
        listings=sightings_stage.read_listings(raw, envelope_paths),
        envelope_sources=kept.filter(in_envelope),
        other_sources=kept.filter(~in_envelope).with_columns(_tail=ADDRESS_TAIL),
        stories=pl.read_delta(str(store.table_path(out, "stories")), version=before["stories"],
                              columns=["story_id", "source", "canonical_url", "first_seen", "first_missing_date",
                                       "latest_article_id"]),
        old_rows=_other_records(sources.filter(changed).select(SOURCE_COLUMNS)),
    )


def compute(
    out: Path,
    raw: Path,
    envelope_paths: Sequence[str],
    read_paths: Sequence[str],
    changed_paths: Sequence[str],
    before: dict[str, int] | None,
    staged: Sequence[Path] | None = None,
    stored: Stored | None = None,
) -> tuple[stories_stage.Stories, pl.Series | None, pl.Series | None, pl.DataFrame | None]:
    """(stories of the stories this version touches, their ids, the ids of those that were stored, and every
    stored story's story_id and latest_article_id, which its flags need; all but the first are None for a
    full build, which computes every story).

    Reads `sources` as this build leaves it (_sources_after: written, or, given the `staged` sources files
    of a refresh, as it will be written), the listings of every envelope in the raw folder, and for a
    refresh (`before`: Delta versions of sources and stories before this build) the stored stories and the
    old rows of changed files: a refresh's `stored` inputs (read_stored), read now if not given.
    """
    if before is not None and stored is None:
        stored = read_stored(out, raw, envelope_paths, changed_paths, before)
    sources_after = _sources_after(out, before, changed_paths, staged)
    in_envelope = pl.col("source_path").is_in(_series(envelope_paths))
    if stored is None:
        listings = sightings_stage.read_listings(raw, envelope_paths)
        # One read of the key columns of every `sources` row: split into envelope records and the rest.
        sources = sources_after.select(SOURCE_COLUMNS).collect()
        envelope_sources, rest = sources.filter(in_envelope), sources.filter(~in_envelope)
    else:
        listings = stored.listings
        # The staged rows (a refresh's few) beside the stored ones, unless sources is already written.
        new = (pl.concat([_staged(batch) for batch in staged]).select(SOURCE_COLUMNS).collect() if staged
               else sources_after.filter(pl.col("source_path").is_in(_series(read_paths))).select(SOURCE_COLUMNS).collect())
        envelope_sources = pl.concat([stored.envelope_sources, new.filter(in_envelope)])
        rest = pl.concat([stored.other_sources, new.filter(~in_envelope).with_columns(_tail=ADDRESS_TAIL)])

    def texts_of(keys: pl.DataFrame) -> pl.DataFrame:
        wanted = keys.unique()
        return (
            sources_after
            .filter(pl.col("source_path").is_in(wanted["source_path"].unique().implode()))
            .select("source_path", "record_index", "source_title", "raw_text")
            .join(wanted.lazy(), on=["source_path", "record_index"], how="semi")
            .unique(["source_path", "record_index"])
            .collect()
        )

    envelope_records = sightings_stage.with_articles(listings.records, envelope_sources)
    envelope_records = stories_stage.with_story_id(envelope_records, "url", "article_id").filter(
        pl.col("story_id").is_not_null()
    )
    envelope_keys = envelope_records.select("source", "record_key", "story_id")
    listed = set(envelope_keys["story_id"])

    def with_ids(rows: pl.DataFrame) -> pl.DataFrame:
        return stories_stage.with_story_id(rows, "url", "article_id").filter(pl.col("story_id").is_not_null())

    if before is None:
        records = pl.concat([envelope_records, _with_texts(with_ids(_other_records(rest)), listed, texts_of)])
        return stories_stage.build(records, listings.sightings, listings.calendar), None, None, None

    # A refresh: the stories of the records this build read, of what its new listings hold, and of the
    # old rows of changed files; then those of a source with a new listing day (touched_stories).
    read = set(read_paths)
    new_envelopes = sorted(read & set(envelope_paths))
    new_listing = sightings_stage.read_listings(raw, new_envelopes)
    old_rows = stored.old_rows
    new_other = with_ids(_other_records(rest.filter(pl.col("source_path").is_in(list(read)))))
    sighted = pl.concat([
        new_other.get_column("story_id"),
        new_listing.sightings.join(envelope_keys, on=["source", "record_key"]).get_column("story_id"),
        stories_stage.story_ids(old_rows.select(stories_stage.RECORD_SCHEMA.names())).get_column("story_id"),
    ])
    touched = stories_stage.touched_stories(sighted, new_listing.calendar, stored.stories)
    wanted = touched.implode()
    stored_touched = stored.stories.filter(pl.col("story_id").is_in(wanted))
    # The stored records of the touched stories: found by address (or, without one, by article) before any
    # story_id is hashed, so that a refresh hashes the few candidates, not every stored record.
    addresses = pl.concat([
        stored_touched.get_column("canonical_url"),
        new_other.get_column("canonical_url"),
        stories_stage.with_story_id(old_rows, "url", "article_id").get_column("canonical_url"),
    ]).drop_nulls().unique()
    articles = pl.concat([new_other.get_column("article_id"), old_rows.get_column("article_id")]).drop_nulls().unique()
    # Only a stored story has stored records, and only rows whose address ends as one of those addresses
    # (after the host, in lower case) can be theirs: one cheap pass instead of canonicalising every row.
    has_stored = stored_touched.height + old_rows.height
    tails = addresses.str.replace(r"^https://[^/?#]*", "").str.to_lowercase().unique() if has_stored else None
    near = _other_records(rest.filter(
        (pl.col("_tail").is_in(tails.implode()) if tails is not None else pl.lit(False))
        | (pl.col("source_url").is_null() & pl.col("article_id").is_in(articles.implode()))
    ))
    candidates = near.with_columns(_address=stories_stage.canonical_url("url")).filter(
        pl.col("_address").is_in(addresses.implode())
        | (pl.col("_address").is_null() & pl.col("article_id").is_in(articles.implode()))
    ).drop("_address")
    other = with_ids(pl.concat([candidates, new_other.drop("story_id", "canonical_url")]).unique(["source", "record_key"]))
    touched_envelope = envelope_records.join(
        envelope_keys.filter(pl.col("story_id").is_in(wanted)), on=["source", "record_key"], how="semi"
    )
    records = pl.concat([
        touched_envelope, _with_texts(other.filter(pl.col("story_id").is_in(wanted)), listed, texts_of)
    ])
    sightings = listings.sightings.join(touched_envelope, on=["source", "record_key"], how="semi")
    return (stories_stage.build(records, sightings, listings.calendar), touched, stored_touched.get_column("story_id"),
            stored.stories.select("story_id", "latest_article_id"))


def write(out: Path, result: stories_stage.Stories, replaced: pl.Series | None) -> dict[str, tuple[int, int]]:
    """Write stories and revisions, side by side (two Delta commits): in full (`replaced` None, a full build),
    or the stored rows of the `replaced` stories deleted (the touched stories that were stored) and the
    touched stories' rows appended."""
    with ThreadPoolExecutor(max_workers=len(STORY_TABLES), thread_name_prefix="stories-write") as pool:
        return dict(zip(STORY_TABLES, pool.map(lambda table: _write_table(out, table, result, replaced), STORY_TABLES)))


def _write_table(out: Path, table: str, result: stories_stage.Stories, replaced: pl.Series | None) -> tuple[int, int]:
    """One of STORY_TABLES (see `write`); (rows written, Delta version after)."""
    frame = result.stories if table == "stories" else result.revisions
    delta = DeltaTable(str(store.table_path(out, table)))
    faults.reach(f"write:{table}")
    if replaced is None:
        # Listed stories change with every listing, the others almost never: a full build writes the settled
        # ones (unlisted, of a closed archive) sorted into files of their own, so that a refresh's delete
        # rewrites the file of listed and live stories, not the bulk of the table.
        settled = pl.col("story_id").is_in(result.stories.filter(
            pl.col("first_seen").is_null() & pl.col("source").is_in(SETTLED_SOURCES)
        ).get_column("story_id").implode())
        parts = [frame.filter(settled).sort("story_id"), frame.filter(~settled)]
        for index, part in enumerate(parts):
            write_deltalake(delta, conform(part, table).to_arrow().cast(arrow_schema(table)),
                            mode="overwrite" if index == 0 else "append",
                            schema_mode="overwrite" if index == 0 else None,
                            target_file_size=SETTLED_FILE_BYTES if index == 0 else None,
                            writer_properties=writer_properties(table))
    else:
        if replaced.len():
            ids = ", ".join("'" + value + "'" for value in replaced.to_list())
            delta.delete(f"story_id IN ({ids})", writer_properties=writer_properties(table))
        if frame.height:
            write_deltalake(delta, conform(frame, table).to_arrow().cast(arrow_schema(table)),
                            mode="append", writer_properties=writer_properties(table))
        compact_small_files(delta, table, STORY_SMALL_FILE_BYTES)
    faults.reach(f"committed:{table}")
    return frame.height, delta.version()


def update_flags(out: Path, result: stories_stage.Stories, touched: pl.Series | None,
                 stored_latest: pl.DataFrame | None, articles_written: Callable[[], object] | None = None,
                 ) -> tuple[int, int | None]:
    """Set articles.is_latest_revision where it changed; (rows changed, articles' Delta version or None).

    A refresh's `touched` stories and `stored_latest` (the stored stories' story_id and latest_article_id, as
    its stored reads hold them; both None in a full build); `articles_written` waits until this version's
    articles are written: the flags read and update them, the rest of the work goes on before."""
    candidates = result.article_stories.get_column("article_id")
    latest = result.stories.select(article_id="latest_article_id").drop_nulls()
    if touched is not None and stored_latest is not None:
        # An article may also be the latest text of a story this version did not touch.
        untouched = stored_latest.filter(
            pl.col("latest_article_id").is_in(candidates.implode()) & ~pl.col("story_id").is_in(touched.implode())
        ).select(article_id="latest_article_id")
        latest = pl.concat([latest, untouched])
    if articles_written is not None:
        articles_written()
    delta = DeltaTable(str(store.table_path(out, "articles")))
    current = pl.scan_delta(delta).select("article_id", "is_latest_revision")
    if touched is not None:  # a full build's candidates are every article: no filter to build
        current = current.filter(pl.col("article_id").is_in(candidates.implode()))
    should = current.collect().join(
        latest.unique().with_columns(_latest=pl.lit(True)), on="article_id", how="left"
    ).with_columns(pl.col("_latest").fill_null(False))
    to_false = should.filter(pl.col("is_latest_revision").fill_null(True) & ~pl.col("_latest"))["article_id"]
    to_true = should.filter(~pl.col("is_latest_revision").fill_null(True) & pl.col("_latest"))["article_id"]
    for ids, value in ((to_false, "false"), (to_true, "true")):
        if ids.len():
            listed = ", ".join("'" + value_ + "'" for value_ in ids.to_list())
            delta.update(updates={"is_latest_revision": value}, predicate=f"article_id IN ({listed})",
                         writer_properties=writer_properties("articles"))
    changed = to_false.len() + to_true.len()
    return changed, (delta.version() if changed else None)


def _timed(function, *args, **kwargs):
    """(what function(*args, **kwargs) returns, the seconds it took)."""
    started = time.perf_counter()
    return function(*args, **kwargs), time.perf_counter() - started


def timed_compute(*args, **kwargs):
    """(what `compute` returns, the seconds it took): what `publish` takes."""
    return _timed(compute, *args, **kwargs)


def publish(out: Path, computed: tuple, articles_written: Callable[[], object] | None = None) -> StoryWrite:
    """Write and flag what `timed_compute` returned: the stories part of a dataset version. The flags
    update articles: they wait for `articles_written` (this version's articles written), the stories and
    revisions do not."""
    (result, touched, replaced, stored_latest), compute_seconds = computed
    computed = time.perf_counter()
    # The flags compare with the stories stored before this version (the stored reads), so they need not wait
    # for the write.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stories-flags") as pool:
        flagging = pool.submit(_timed, update_flags, out, result, touched, stored_latest, articles_written)
        written = write(out, result, replaced)
        wrote = time.perf_counter()
        (changed, articles_version), flag_seconds = flagging.result()
    seconds = {"compute": compute_seconds, "write": wrote - computed, "flags": flag_seconds}
    versions = {table: version for table, (_, version) in written.items()}
    if articles_version is not None:
        versions["articles"] = articles_version
    return StoryWrite(
        rows={table: rows for table, (rows, _) in written.items()},
        delta_versions=versions,
        touched=result.stories.height,
        flags_changed=changed,
        seconds={step: round(value, 2) for step, value in seconds.items()},
    )

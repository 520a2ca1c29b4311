"""Stories: sightings of texts in, one row per story and one per distinct text of it out.

A story is one piece of the agency's output across fetches, keyed by its canonical source address; a text
without an address is its own story (keyed by its article_id). The feed `north-korea-news` is cumulative:
each day's listing holds every record seen so far, and an edited article is listed twice from then on (the
scraper keeps a record per headline and link), so what a listing says about a story is the set of texts it
holds that day. From the sightings this stage derives (definitions: docs/stories.md):

- revisions: the distinct texts of a story, compared after formatting is removed (runs of whitespace,
  CRLF and tabs, NBSP, zero-width characters, the scraper's Juche-date suffix on headlines), numbered in
  order of first sighting; each says what changed from the one before (text or title only, characters and
  gazetteer entities added and removed);
- formatting changes: spellings of a text that differ only in formatting (no revision);
- fetch gaps: a sighting with an empty text (a failed fetch), or a listing day between the first and the
  last sighting that does not hold the story (neither an edit nor a removal);
- unstable: a text seen, then displaced by another on a later day, then seen again (A -> B -> A);
- removed: missing from the latest listing of a source that listed it, with the first day it was missing.

Input is one row per distinct record (RECORD_SCHEMA), one per listing day that held it (SIGHTING_SCHEMA) and
the listing days of each source (CALENDAR_SCHEMA); the output depends on their content only, not on their order, and a story's rows depend only on its own
sightings and on the calendar: `touched_stories` says which stories new sightings or listing days can
change, so a refresh recomputes those and keeps the rest (A then B == A u B).
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import polars as pl

from kcna_dataset.fields.mentions import extract_mentions
from kcna_dataset.stages.parse import HEADLINE_JUCHE_DATE, sha256_column

STORY_ID_SALT = "kcna-story-v1"

RECORD_SCHEMA = pl.Schema(
    {
        "source": pl.String,  # the source that held the record ('north-korea-news', 'kcna_co_jp_day' ...)
        "record_key": pl.String,  # the record's identity within its source (the envelope key, or path and index)
        "url": pl.String,  # the record's address as given (canonicalised here); null where it has none
        "title": pl.String,  # title or headline as fetched
        "body": pl.String,  # text as fetched; null or blank for a failed fetch
        "article_id": pl.String,  # the article the record became; null where it became none
    }
)
"""One row per distinct record (a cumulative listing names the same record on many days: its text is here once)."""

SIGHTING_SCHEMA = pl.Schema({"source": pl.String, "snapshot_date": pl.Date, "record_key": pl.String})
"""One row per listing day that held a record; a record of a source without listings (day files, text
files) has none and counts as seen once, undated."""

CALENDAR_SCHEMA = pl.Schema({"source": pl.String, "snapshot_date": pl.Date})
"""The days on which a source's listing was read (a listing may hold none of a story's records)."""

STORY_SCHEMA = pl.Schema(
    {
        "story_id": pl.String,
        "source": pl.String,
        "canonical_url": pl.String,
        "first_seen": pl.Date,
        "last_seen": pl.Date,
        "snapshots_seen": pl.Int32,
        "revision_count": pl.Int32,
        "formatting_changes": pl.Int32,
        "fetch_gaps": pl.Int32,
        "latest_article_id": pl.String,
        "status": pl.String,
        "first_missing_date": pl.Date,
    }
)

REVISION_SCHEMA = pl.Schema(
    {
        "story_id": pl.String,
        "revision": pl.Int32,
        "article_id": pl.String,
        "first_seen": pl.Date,
        "last_seen": pl.Date,
        "times_seen": pl.Int32,
        "change_kind": pl.String,
        "chars_added": pl.Int32,
        "chars_removed": pl.Int32,
        "entities_added": pl.List(pl.String),
        "entities_removed": pl.List(pl.String),
    }
)

ARTICLE_STORY_SCHEMA = pl.Schema({"article_id": pl.String, "story_id": pl.String, "is_latest_revision": pl.Boolean})
"""Each article's story (where one text is listed under several addresses: a story whose latest text it is,
else the one that showed it first) and whether it is the latest revision of a story."""

STATUSES = ("live", "edited", "removed", "unstable")
CHANGE_KINDS = ("first", "text_edit", "title_edit")

# An address in parts: scheme, host (after any user and before any port), path, query, fragment. The fragment
# is kept (outside kcna.kp): kcna.co.jp names each article of a day page by it ('.../news06/10.htm#4').
_ADDRESS = (r"^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/?#@]*@)?(?P<host>[^/?#:]*)(?::\d*)?(?P<path>[^?#]*)"
            r"(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?")
# kcna.kp, new layout: '/en/article/detail/<32 hex>' (one id for every category; a query may name one).
_KCNA_KP_DETAIL = r"^(?P<lang>/[a-z]{2})?/article/detail/(?P<id>[0-9a-fA-F]{32})/?$"
# kcna.kp, old layout: '/en/article/q/<hex>.kcmsf', one 32-hex segment per level of the category the article
# was listed under (measured: the same text under three topics has three unrelated addresses).
_KCNA_KP_OLD = r"^(?P<section>/[a-z]{2}/(?:article|media/[a-z]+)/q/)(?P<id>[0-9a-fA-F]+)\.kcmsf$"


@dataclasses.dataclass(frozen=True)
class Stories:
    stories: pl.DataFrame  # STORY_SCHEMA
    revisions: pl.DataFrame  # REVISION_SCHEMA
    article_stories: pl.DataFrame  # ARTICLE_STORY_SCHEMA


def canonical_address(url: str | None) -> str | None:
    """A story's key from a record's address: scheme, 'www.' and case of the host folded; kcna.kp ids in
    lower case and, in the new layout, without the category query; None where there is no address.

    'http://www.kcna.co.jp/item/2005/200506/news06/10.htm#4' -> 'https://kcna.co.jp/item/2005/200506/news06/10.htm#4'
    (a day page holds several articles, one per fragment)
    """
    return pl.select(canonical_url(pl.lit(url, dtype=pl.String))).item()


def canonical_url(url: pl.Expr | str) -> pl.Expr:
    """canonical_address as a vectorised expression (a build canonicalises every source's address)."""
    url = pl.col(url) if isinstance(url, str) else url
    return url.map_batches(_canonical_series, return_dtype=pl.String)


def _canonical_series(urls: pl.Series) -> pl.Series:
    """Each distinct address once, step by step (one expression reusing its parts ran every regex again:
    1.5 s for 94k addresses, against 0.15 s)."""
    distinct = pl.DataFrame({"url": urls.cast(pl.String)}).unique().drop_nulls()
    step = distinct.with_columns(_text=pl.col("url").str.strip_chars())
    step = step.with_columns(
        _text=pl.when(pl.col("_text").str.contains("://", literal=True)).then("_text").otherwise(
            pl.lit("http://") + pl.col("_text").str.strip_chars_start("/")
        )
    ).with_columns(_parts=pl.col("_text").str.extract_groups(_ADDRESS)).unnest("_parts")
    step = step.with_columns(
        host=pl.col("host").str.to_lowercase().str.strip_prefix("www."),
        path=pl.when(pl.col("path") == "").then(pl.lit("/")).otherwise("path"),
    )
    kcna_kp = pl.col("host") == "kcna.kp"
    step = step.with_columns(
        _detail=pl.when(kcna_kp).then(pl.col("path").str.extract_groups(_KCNA_KP_DETAIL)),
        _old=pl.when(kcna_kp).then(pl.col("path").str.extract_groups(_KCNA_KP_OLD)),
    )
    detail_id, old_id = pl.col("_detail").struct.field("id"), pl.col("_old").struct.field("id")
    step = step.with_columns(
        canonical=pl.when(pl.col("host").is_null() | (pl.col("host") == ""))
        .then(pl.lit(None, dtype=pl.String))
        .when(detail_id.is_not_null())
        .then(pl.concat_str([pl.lit("https://kcna.kp"), pl.col("_detail").struct.field("lang").fill_null(""),
                             pl.lit("/article/detail/"), detail_id.str.to_lowercase()]))
        .when(old_id.is_not_null())
        .then(pl.concat_str([pl.lit("https://kcna.kp"), pl.col("_old").struct.field("section"),
                             old_id.str.to_lowercase(), pl.lit(".kcmsf")]))
        .otherwise(pl.concat_str([
            pl.lit("https://"), "host", "path",
            pl.when(pl.col("query").fill_null("") != "").then(pl.lit("?") + pl.col("query")).otherwise(pl.lit("")),
            pl.when(pl.col("fragment").fill_null("") != "").then(pl.lit("#") + pl.col("fragment")).otherwise(pl.lit("")),
        ]))
    )
    mapping = step.select("url", "canonical")
    return (
        pl.DataFrame({"url": urls.cast(pl.String)})
        .join(mapping, on="url", how="left", maintain_order="left")
        .get_column("canonical")
        .rename(urls.name)
    )


def title_key(title: pl.Expr) -> pl.Expr:
    """A headline without formatting: 'DPRK Players Back Home\\r\\n\\t\\t[Juche113.8.2.]' -> 'DPRK Players Back Home'."""
    return _collapse(title.fill_null("").str.replace(HEADLINE_JUCHE_DATE, ""))


def body_key(body: pl.Expr) -> pl.Expr:
    """A text without formatting: every run of whitespace (CRLF, tabs, NBSP) one space, zero-width characters gone."""
    return _collapse(body.fill_null(""))


def _collapse(text: pl.Expr) -> pl.Expr:
    # Rust's \s is Unicode White_Space (NBSP, U+2007, U+202F included); zero-width characters are not.
    return text.str.replace_all("[\u200b\ufeff]", "").str.replace_all(r"\s+", " ").str.strip_chars()


def _sha(frame: pl.DataFrame, expression: pl.Expr, length: int = 20) -> pl.Series:
    return sha256_column(frame.select(expression).to_series()).str.slice(0, length)


def with_story_id(frame: pl.DataFrame, url: str = "source_url", article_id: str = "article_id") -> pl.DataFrame:
    """A frame of records with `story_id`: of the canonical address, or of the article where there is none
    (null where there is neither)."""
    canonical = frame.select(canonical_url(url)).to_series()
    story_text = frame.select(
        pl.when(canonical.is_not_null())
        .then(pl.concat_str([pl.lit(STORY_ID_SALT), pl.lit("address"), pl.lit(canonical)], separator="\n"))
        .when(pl.col(article_id).is_not_null())
        .then(pl.concat_str([pl.lit(STORY_ID_SALT), pl.lit("article"), pl.col(article_id)], separator="\n"))
    ).to_series()
    # sha256_column hashes nulls as 'None' (slowly): only the rows with a key are hashed.
    keyed = story_text.is_not_null()
    ids = pl.Series("story_id", [None] * frame.height, dtype=pl.String)
    if keyed.any():
        ids = ids.scatter(keyed.arg_true(), sha256_column(story_text.filter(keyed)).str.slice(0, 20))
    return frame.with_columns(canonical_url=canonical, story_id=ids)


def with_article_story(articles: pl.DataFrame) -> pl.DataFrame:
    """The article rows of a batch with the story of their own record and `is_latest_revision` true: every
    text counts as latest until publish, which sees all of a story's texts, says otherwise."""
    return with_story_id(articles).drop("canonical_url").with_columns(is_latest_revision=pl.lit(True))


def _with_story(records: pl.DataFrame) -> pl.DataFrame:
    """Distinct records with their canonical address and story_id; those that name no story left out
    (a record with neither address nor article cannot be followed: it is a reject row upstream)."""
    known = {"story_id", "canonical_url"} <= set(records.columns)
    columns = [*RECORD_SCHEMA.names(), *(["canonical_url", "story_id"] if known else [])]
    frame = records.select(columns).cast(RECORD_SCHEMA).unique(["source", "record_key"], keep="any")
    # A caller that already keyed its records (with_story_id) is not made to hash them again.
    keyed = frame if known else with_story_id(frame, "url", "article_id")
    return keyed.filter(pl.col("story_id").is_not_null())


def _records(keyed: pl.DataFrame) -> pl.DataFrame:
    """Records with their story (_with_story) get their formatting-free keys (once per record, not per day)."""
    frame = keyed.with_columns(_title_key=title_key(pl.col("title")), _body_key=body_key(pl.col("body")))
    frame = frame.with_columns(is_gap=pl.col("_body_key") == "")
    return frame.with_columns(
        text_key=pl.when(~pl.col("is_gap")).then(
            _sha(frame, pl.concat_str([pl.col("_title_key"), pl.col("_body_key")], separator="\n"), 32)
        ),
        # Spellings: as fetched, and without formatting (an empty text is a spelling of its headline too).
        _raw_form=_sha(frame, pl.concat_str([pl.col("title").fill_null(""), pl.col("body").fill_null("")], separator="\u0000"), 32),
        _clean_form=_sha(frame, pl.concat_str([pl.col("_title_key"), pl.col("_body_key")], separator="\u0000"), 32),
    ).drop("title", "body", "url")


def _seen(records: pl.DataFrame, sightings: pl.DataFrame | None) -> pl.DataFrame:
    """The sightings, deduplicated (an envelope read twice adds nothing); each must name a record."""
    seen = (
        pl.DataFrame(schema=SIGHTING_SCHEMA)
        if sightings is None
        else sightings.select(SIGHTING_SCHEMA.names()).cast(SIGHTING_SCHEMA).unique()
    )
    unknown = seen.join(records.select("source", "record_key"), on=["source", "record_key"], how="anti")
    if unknown.height:
        first = unknown.row(0, named=True)
        raise ValueError(
            f"{unknown.height} sightings name no record, e.g. {first['record_key']!r} of {first['source']!r} "
            f"on {first['snapshot_date']}: a listing without its records"
        )
    return seen


def _sightings(keyed: pl.DataFrame, seen: pl.DataFrame) -> pl.DataFrame:
    """One row per sighting with its record's keys; a record without one is seen once, undated."""
    known = _records(keyed)
    undated = known.join(seen, on=["source", "record_key"], how="anti").select(
        "source", pl.lit(None, dtype=pl.Date).alias("snapshot_date"), "record_key"
    )
    frame = pl.concat([seen, undated]).join(known, on=["source", "record_key"], how="inner")
    # A sighting's occasion: its listing day, or (no listing) the record itself.
    return frame.with_columns(
        _occasion=pl.coalesce(pl.col("snapshot_date").cast(pl.String), pl.lit("record:") + pl.col("record_key"))
    )


def build(
    records: pl.DataFrame, sightings: pl.DataFrame | None = None, calendar: pl.DataFrame | None = None
) -> Stories:
    """Records (RECORD_SCHEMA), their sightings (SIGHTING_SCHEMA) and listing days (CALENDAR_SCHEMA; the days
    of the sightings are added) -> stories, revisions and each article's story."""
    seen = _seen(records, sightings)
    keyed = _with_story(records)
    # A story of one record that no listing names (nearly every kcna.co.jp article) has one revision and
    # nothing to compare: its rows are written directly, its text neither normalised nor hashed (the
    # general path gives the same rows; tests/test_stories.py checks it).
    listed = seen.select("source", "record_key").unique()
    counts = keyed.group_by("story_id").agg(_records=pl.len())
    simple_ids = keyed.join(counts.filter(pl.col("_records") == 1), on="story_id", how="semi").join(
        listed, on=["source", "record_key"], how="anti"
    )
    simple = _simple(simple_ids)
    general = _general(keyed.join(simple_ids.select("story_id"), on="story_id", how="anti"), seen, calendar)
    return Stories(
        stories=pl.concat([general.stories, simple.stories]).sort("story_id"),
        revisions=pl.concat([general.revisions, simple.revisions]).sort("story_id", "revision"),
        article_stories=_merge_article_stories(general.article_stories, simple.article_stories),
    )


def _simple(keyed: pl.DataFrame) -> Stories:
    """Rows of stories of one undated record."""
    has_text = pl.col("body").fill_null("").str.contains(r"[^\s\u200b\ufeff]")
    frame = keyed.with_columns(_text=has_text)
    latest = pl.when(pl.col("_text")).then(pl.col("article_id"))
    stories = frame.select(
        "story_id", "source", "canonical_url",
        first_seen=pl.lit(None, dtype=pl.Date), last_seen=pl.lit(None, dtype=pl.Date),
        snapshots_seen=pl.lit(1, dtype=pl.Int32), revision_count=pl.col("_text").cast(pl.Int32),
        formatting_changes=pl.lit(0, dtype=pl.Int32), fetch_gaps=pl.lit(0, dtype=pl.Int32),
        latest_article_id=latest, status=pl.lit("live"), first_missing_date=pl.lit(None, dtype=pl.Date),
    ).cast(STORY_SCHEMA)
    revisions = frame.filter("_text").select(
        "story_id", revision=pl.lit(1, dtype=pl.Int32), article_id="article_id",
        first_seen=pl.lit(None, dtype=pl.Date), last_seen=pl.lit(None, dtype=pl.Date),
        times_seen=pl.lit(1, dtype=pl.Int32), change_kind=pl.lit("first"),
        chars_added=pl.lit(None, dtype=pl.Int32), chars_removed=pl.lit(None, dtype=pl.Int32),
        entities_added=pl.lit(None, dtype=pl.List(pl.String)), entities_removed=pl.lit(None, dtype=pl.List(pl.String)),
    ).cast(REVISION_SCHEMA)
    pairs = frame.filter(pl.col("article_id").is_not_null()).select(
        "article_id", "story_id", _first=pl.lit(None, dtype=pl.Date), _is_latest=pl.col("_text")
    )
    return Stories(stories, revisions, pairs)


def _general(keyed: pl.DataFrame, seen: pl.DataFrame, calendar: pl.DataFrame | None) -> Stories:
    """Rows of every other story: its sightings compared (article_stories: the (article, story) pairs)."""
    sightings = _sightings(keyed, seen)
    days = _calendar(sightings, calendar)
    revisions = _revisions(sightings)
    revisions = _with_changes(revisions)
    stories = _stories(sightings, revisions, days)
    return Stories(
        stories=stories.select(STORY_SCHEMA.names()).cast(STORY_SCHEMA),
        revisions=revisions.select(REVISION_SCHEMA.names()).cast(REVISION_SCHEMA),
        article_stories=_article_pairs(sightings, stories),
    )


def _calendar(sightings: pl.DataFrame, calendar: pl.DataFrame | None) -> pl.DataFrame:
    listed = sightings.filter(pl.col("snapshot_date").is_not_null()).select(CALENDAR_SCHEMA.names())
    if calendar is not None:
        listed = pl.concat([listed, calendar.select(CALENDAR_SCHEMA.names()).cast(CALENDAR_SCHEMA)])
    return listed.unique().drop_nulls()


def _revisions(sightings: pl.DataFrame) -> pl.DataFrame:
    texts = sightings.filter(~pl.col("is_gap"))
    revisions = (
        # First sighting: the earliest listing day, then (undated records) the first record read, as raw
        # files are read in path order: a re-run of a stored text leaves the stored article the latest.
        texts.sort("snapshot_date", "record_key", "article_id", nulls_last=True)
        .group_by("story_id", "text_key")
        .agg(
            first_seen=pl.col("snapshot_date").min(),
            last_seen=pl.col("snapshot_date").max(),
            times_seen=pl.col("_occasion").n_unique(),
            _dated_days=pl.col("snapshot_date").drop_nulls().n_unique(),
            # The article of the revision's first sighting (its other spellings may have other ids).
            article_id=pl.col("article_id").drop_nulls().first(),
            _title_key=pl.col("_title_key").first(),
            _body_key=pl.col("_body_key").first(),
        )
        # In order of first sighting; texts first seen on the same day in an order of their content.
        .sort("story_id", "first_seen", "text_key", nulls_last=True)
        .with_columns(revision=pl.int_range(1, pl.len() + 1, dtype=pl.Int32).over("story_id"))
    )
    # Unstable: a revision not seen on a day between its first and last sighting on which the story was
    # seen with another text. Story text days are ranked; the days a revision spans are a difference of ranks.
    text_days = (
        texts.filter(pl.col("snapshot_date").is_not_null())
        .select("story_id", "snapshot_date")
        .unique()
        .sort("story_id", "snapshot_date")
        .with_columns(_rank=pl.int_range(pl.len()).over("story_id"))
    )
    revisions = revisions.join(
        text_days.rename({"snapshot_date": "first_seen", "_rank": "_first_rank"}), on=["story_id", "first_seen"], how="left"
    ).join(text_days.rename({"snapshot_date": "last_seen", "_rank": "_last_rank"}), on=["story_id", "last_seen"], how="left")
    return revisions.with_columns(
        is_interrupted=(pl.col("_last_rank") - pl.col("_first_rank") + 1).fill_null(0) > pl.col("_dated_days")
    )


def _word_change(before: str, after: str) -> tuple[int, int]:
    """Characters of the words added and removed (spaces not counted), as multisets of words: a moved
    paragraph changes nothing, a replaced word counts on both sides. (A sequence diff took 60 ms per pair of
    long texts.)"""
    old, new = Counter(before.split()), Counter(after.split())
    added = sum(len(word) * count for word, count in (new - old).items())
    removed = sum(len(word) * count for word, count in (old - new).items())
    return added, removed


def _with_changes(revisions: pl.DataFrame) -> pl.DataFrame:
    """change_kind, characters and gazetteer entities added and removed, each revision against the one before."""
    frame = revisions.sort("story_id", "revision").with_columns(
        _previous_title=pl.col("_title_key").shift(1).over("story_id"),
        _previous_body=pl.col("_body_key").shift(1).over("story_id"),
    )
    edited = frame.filter(pl.col("revision") > 1)
    changes = [
        _word_change(f"{title_before}\n{body_before}", f"{title}\n{body}")
        for title_before, body_before, title, body in edited.select(
            "_previous_title", "_previous_body", "_title_key", "_body_key"
        ).iter_rows()
    ]
    # Entities of every revision of an edited story, as the enrichment's gazetteer matcher finds them.
    in_edited = frame.filter(pl.col("story_id").is_in(edited["story_id"].implode()))
    keyed = in_edited.select(
        article_id=pl.col("story_id") + ":" + pl.col("revision").cast(pl.String), title="_title_key", body="_body_key"
    )
    mentions = extract_mentions(keyed) if keyed.height else pl.DataFrame(schema={"article_id": pl.String, "entity_id": pl.String})
    entities = mentions.group_by("article_id").agg(_entities=pl.col("entity_id").unique().sort())
    frame = frame.with_columns(_key=pl.col("story_id") + ":" + pl.col("revision").cast(pl.String)).join(
        entities.rename({"article_id": "_key"}), on="_key", how="left"
    )
    frame = frame.with_columns(
        _entities=pl.col("_entities").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ).with_columns(_previous_entities=pl.col("_entities").shift(1).over("story_id", order_by="revision"))
    added = pl.Series([a for a, _ in changes], dtype=pl.Int32)
    removed = pl.Series([r for _, r in changes], dtype=pl.Int32)
    edited_changes = edited.select("story_id", "revision").with_columns(chars_added=added, chars_removed=removed)
    frame = frame.join(edited_changes, on=["story_id", "revision"], how="left")
    first = pl.col("revision") == 1
    return frame.with_columns(
        change_kind=pl.when(first)
        .then(pl.lit("first"))
        .when(pl.col("_body_key") != pl.col("_previous_body"))
        .then(pl.lit("text_edit"))
        .otherwise(pl.lit("title_edit")),
        entities_added=pl.when(~first).then(pl.col("_entities").list.set_difference("_previous_entities").list.sort()),
        entities_removed=pl.when(~first).then(pl.col("_previous_entities").list.set_difference("_entities").list.sort()),
    )


def _stories(sightings: pl.DataFrame, revisions: pl.DataFrame, days: pl.DataFrame) -> pl.DataFrame:
    stories = (
        sightings.sort("snapshot_date", "source", nulls_last=True)
        .group_by("story_id")
        .agg(
            source=pl.col("source").first(),
            canonical_url=pl.col("canonical_url").first(),
            first_seen=pl.col("snapshot_date").min(),
            last_seen=pl.col("snapshot_date").max(),
            snapshots_seen=pl.col("_occasion").n_unique(),
            _dated_days=pl.col("snapshot_date").drop_nulls().n_unique(),
            _raw_forms=pl.col("_raw_form").n_unique(),
            _clean_forms=pl.col("_clean_form").n_unique(),
            _empty_records=pl.col("record_key").filter(pl.col("is_gap")).n_unique(),
            _last_text_day=pl.col("snapshot_date").filter(~pl.col("is_gap")).max(),
        )
    )
    # The listing days of the sources that listed the story: a day between its first and last sighting that
    # did not hold it is a gap; the first day after its last sighting is the day it went missing.
    listings = (
        sightings.filter(pl.col("snapshot_date").is_not_null())
        .select("story_id", "source")
        .unique()
        .join(days, on="source")
        .join(stories.select("story_id", "first_seen", "last_seen"), on="story_id")
        .group_by("story_id")
        .agg(
            _listing_days=pl.col("snapshot_date")
            .filter(pl.col("snapshot_date").is_between("first_seen", "last_seen"))
            .n_unique(),
            first_missing_date=pl.col("snapshot_date").filter(pl.col("snapshot_date") > pl.col("last_seen")).min(),
        )
    )
    # The latest revision: the newest of those seen on the story's last day with a text (a one-day glitch
    # A -> B -> A leaves A latest; a cumulative listing that holds A and B leaves B); its article, else the
    # article of the newest revision that has one.
    ranked = revisions.join(stories.select("story_id", "_last_text_day"), on="story_id").with_columns(
        _on_last_day=pl.col("_last_text_day").is_null() | (pl.col("last_seen") == pl.col("_last_text_day"))
    )
    per_story = ranked.group_by("story_id").agg(
        revision_count=pl.len(),
        _unstable=pl.col("is_interrupted").any(),
        latest_article_id=pl.col("article_id").sort_by("_on_last_day", "revision", descending=True).drop_nulls().first(),
    )
    stories = stories.join(listings, on="story_id", how="left").join(per_story, on="story_id", how="left")
    return stories.with_columns(
        revision_count=pl.col("revision_count").fill_null(0),
        formatting_changes=pl.col("_raw_forms") - pl.col("_clean_forms"),
        # An empty sighting is a failed fetch only of a story that has a text: photo and video items and the
        # topics the scraper does not fetch texts for are listed empty every day.
        fetch_gaps=pl.when(pl.col("revision_count").fill_null(0) > 0).then(pl.col("_empty_records")).otherwise(0)
        + (pl.col("_listing_days").fill_null(0) - pl.col("_dated_days")).clip(0),
        status=pl.when(pl.col("first_missing_date").is_not_null())
        .then(pl.lit("removed"))
        .when(pl.col("_unstable").fill_null(False))
        .then(pl.lit("unstable"))
        .when(pl.col("revision_count").fill_null(0) > 1)
        .then(pl.lit("edited"))
        .otherwise(pl.lit("live")),
    )


def _article_pairs(sightings: pl.DataFrame, stories: pl.DataFrame) -> pl.DataFrame:
    """(article, story, first sighting, whether it is the story's latest) for every article sighted."""
    latest = stories.select("story_id", article_id="latest_article_id").drop_nulls().with_columns(_is_latest=pl.lit(True))
    return (
        sightings.filter(pl.col("article_id").is_not_null())
        .group_by("article_id", "story_id")
        .agg(_first=pl.col("snapshot_date").min())
        .join(latest, on=["article_id", "story_id"], how="left")
        .with_columns(_is_latest=pl.col("_is_latest").fill_null(False))
        .select("article_id", "story_id", "_first", "_is_latest")
    )


def _merge_article_stories(*pairs: pl.DataFrame) -> pl.DataFrame:
    """Each article's story (a story whose latest text it is, else the one that showed it first; ties: the
    smallest story_id) and whether it is the latest revision of any story."""
    frame = pl.concat(pairs)
    latest = frame.filter("_is_latest").group_by("article_id").agg(pl.col("story_id").min(), is_latest_revision=pl.lit(True))
    others = (
        frame.join(latest, on="article_id", how="anti")
        .sort(["_first", "story_id"], nulls_last=True)
        .group_by("article_id", maintain_order=True)
        .agg(pl.col("story_id").first(), is_latest_revision=pl.lit(False))
    )
    return pl.concat([latest, others]).select(ARTICLE_STORY_SCHEMA.names()).cast(ARTICLE_STORY_SCHEMA).sort("article_id")


def story_ids(records: pl.DataFrame) -> pl.DataFrame:
    """(source, record_key) -> story_id of each record (RECORD_SCHEMA); records that name no story are left out."""
    return _with_story(records).select("source", "record_key", "story_id")


def touched_stories(sighted: pl.Series, new_days: pl.DataFrame, stored_stories: pl.DataFrame) -> pl.Series:
    """The stories whose rows new sightings and listing days can change: those sighted (new records, or old
    ones in a new listing), and those of a source with a new listing day D after their first sighting and
    before the day they went missing (D may open a gap, end their run, or move the day they went missing)."""
    days = new_days.select(CALENDAR_SCHEMA.names()).cast(CALENDAR_SCHEMA).unique()
    affected = (
        stored_stories.select("story_id", "source", "first_seen", "first_missing_date")
        .filter(pl.col("first_seen").is_not_null())
        .join(days, on="source")
        .filter(
            (pl.col("snapshot_date") > pl.col("first_seen"))
            & (pl.col("first_missing_date").is_null() | (pl.col("snapshot_date") < pl.col("first_missing_date")))
        )
        .get_column("story_id")
    )
    return pl.concat([sighted.cast(pl.String).rename("story_id"), affected]).unique().sort()


def refresh(stored: Stories, recomputed: Stories, touched: pl.Series) -> Stories:
    """The stored rows of the untouched stories, and the recomputed rows of the touched ones (a touched story
    that no longer exists leaves no row)."""
    touched = touched.cast(pl.String).implode()
    articles = recomputed.article_stories.get_column("article_id").implode()
    return Stories(
        stories=pl.concat([stored.stories.filter(~pl.col("story_id").is_in(touched)), recomputed.stories]).sort("story_id"),
        revisions=pl.concat([stored.revisions.filter(~pl.col("story_id").is_in(touched)), recomputed.revisions]).sort(
            "story_id", "revision"
        ),
        article_stories=pl.concat(
            [stored.article_stories.filter(~pl.col("article_id").is_in(articles)), recomputed.article_stories]
        ).sort("article_id"),
    )


def empty_stories() -> Stories:
    return Stories(pl.DataFrame(schema=STORY_SCHEMA), pl.DataFrame(schema=REVISION_SCHEMA),
                   pl.DataFrame(schema=ARTICLE_STORY_SCHEMA))

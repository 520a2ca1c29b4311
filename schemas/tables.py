"""The dataset's tables, each declared once.

Every column's type, nullability, checks and description live here. The pandera validation,
the Parquet/Delta schema (`schemas.arrow`) and the data dictionary are derived from these models;
nothing else in the project lists a table's columns.
"""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl
from pandera.polars import PolarsData

from kcna_dataset.schemas import vocabularies as vocab

# KCNA was founded on 5 December 1946; nothing it published can be older.
FIRST_POSSIBLE_DATE = dt.date(1946, 12, 5)


def last_possible_date(today: dt.date | None = None) -> dt.date:
    """The latest publication date accepted on `today`: a generous bound, as Pyongyang is ahead of UTC and
    scrapers mislabel days by one or two."""
    return (today or dt.date.today()) + dt.timedelta(days=3)


# The model's bound as of import (what the data dictionary shows); kcna_dataset/stages/validate.py renews it every day,
# for processes that outlive a day (Dask workers, a notebook).
LAST_POSSIBLE_DATE = last_possible_date()

ARTICLE_ID_PATTERN = r"^[0-9a-f]{20}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
STORY_ID_PATTERN = r"^[0-9a-f]{20}$"


class Table(pa.DataFrameModel):
    """Base of every table: strict, so a frame with a column the table does not declare is refused."""

    class Config:
        strict = True


class DataTable(Table):
    """Base of the data tables: the column every one of them ends with."""

    first_version: pl.Int64 = pa.Field(ge=1, description="Dataset version that first contained this row.")


SHARED_COLUMNS = tuple(DataTable.to_schema().columns)
"""Columns a base model declares for every table: written after each table's own columns."""


class Article(DataTable):
    """One row per distinct article (exact duplicates across sources collapse here)."""

    article_id: str = pa.Field(
        unique=True,
        str_matches=ARTICLE_ID_PATTERN,
        description="Stable id from content: first 20 hex digits of sha256 of 'kcna-article-v2', published_date, title and body, newline-joined.",
    )
    title: str = pa.Field(
        str_length={"min_value": 1, "max_value": 1000},
        description="Title as the article text gives it (kcna.kp: the headline without its Juche date).",
    )
    published_date: pl.Date = pa.Field(
        nullable=True,
        in_range={"min_value": FIRST_POSSIBLE_DATE, "max_value": LAST_POSSIBLE_DATE},
        description="Publication date, from the most trusted of date_source's options.",
    )
    date_source: str = pa.Field(
        isin=vocab.DATE_SOURCES,
        description="Where published_date came from: date_line > headline_juche_date > source_metadata, or none.",
    )
    juche_year: pl.Int16 = pa.Field(
        nullable=True,
        ge=36,
        description="Juche year (Gregorian - 1911): as stated in the text, else derived from published_date.",
    )
    juche_year_consistent: bool = pa.Field(
        nullable=True,
        description="Whether a stated Juche year equals the stated Gregorian year - 1911; null where none stated.",
    )
    dateline_city: str = pa.Field(
        nullable=True, description="City of the dateline ('Pyongyang, November 21 (KCNA) --'); null without dateline."
    )
    dateline_date: pl.Date = pa.Field(
        nullable=True,
        description="Dateline month/day resolved to a full date near published_date (December/January aware).",
    )
    agency: str = pa.Field(
        nullable=True,
        isin=vocab.AGENCIES,
        description="Normalised agency tag of the dateline (KCNA, KNS-KCNA, KNS, ATCC, ACNC); typos folded.",
    )
    body: str = pa.Field(
        str_length={"min_value": 1},
        description="Clean text: paragraphs separated by a blank line, dateline and -0- removed, entities and NBSP resolved.",
    )
    has_end_marker: bool = pa.Field(description="Whether the text ended in the KCNA end marker '-0-'.")
    has_replacement_char: bool = pa.Field(
        description="Whether the text holds U+FFFD, the trace of a broken encoding upstream (often quotes)."
    )
    language: str = pa.Field(
        isin=vocab.LANGUAGES,
        description="ISO 639-1 code from py3langid (model bundled), limited to the languages KCNA publishes in.",
    )
    paragraph_count: pl.Int32 = pa.Field(ge=1, description="Number of paragraphs in body.")
    word_count: pl.Int32 = pa.Field(ge=1, description="Number of whitespace-separated words in body.")
    char_count: pl.Int32 = pa.Field(ge=1, description="Number of characters in body.")
    article_type: str = pa.Field(
        isin=vocab.ARTICLE_TYPES,
        description="KCNA genre from title and lead (docs/labelling.md): the genre taxonomy's first matching rule where "
        "it gives a statement, press statement, answer, commentary or message, else a learned linear model over "
        "title and lead (docs/enrichment.md).",
        metadata={"example": "press_statement", "rule": "genre_taxonomy_v18+genre_tfidf_v12+genre_combiner_v1"},
    )
    issuer: str = pa.Field(
        nullable=True,
        description="Body or person whose words the article carries, DPRK or foreign, normalised where known; "
        "null for reports, 'other' and where title and lead name no speaker.",
        metadata={"example": "Ministry of Foreign Affairs (spokesperson)",
                  "rule": "issuers_v14, spanish_names_v2, speaker_patterns_v20, issuer_code_v25"},
    )
    issuer_country: str = pa.Field(
        nullable=True,
        str_matches=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code of the issuer's country (KP for DPRK bodies, XX for international "
        "bodies); null exactly where issuer is null.",
        metadata={"example": "BG", "rule": "issuers_v14, gazetteer_v5, issuer_code_v23"},
    )
    responds_to: str = pa.Field(
        nullable=True,
        isin=vocab.ARTICLE_TYPES,
        description="Type of the DPRK document a support or response article is about, where title or lead "
        "names it ('statement' for 'Bulgarian Organization Supports Statement of NDC'); null otherwise.",
        metadata={"example": "statement", "rule": "responds_to_v4"},
    )
    rhetoric_hit_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in body of the hostile-terms lexicon ('hostile forces', 'puppet', 'reckless' ...).",
        metadata={"example": 7, "rule": "hostile_terms_v1"},
    )
    rhetoric_rate_per_1000_words: pl.Float64 = pa.Field(
        ge=0,
        description="rhetoric_hit_count per 1,000 words of body (word_count).",
        metadata={"example": 12.5, "rule": "hostile_terms_v1"},
    )
    dateline_lag_days: pl.Int32 = pa.Field(
        nullable=True,
        description="published_date minus dateline_date in days; null where either is unknown.",
        metadata={"example": 1, "rule": "dateline_lag_v1"},
    )
    naming_south_korea_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of south Korea named as south_korea: 'south Korea', 'south Korean(s)', 'S. Korea', Spanish 'Corea del Sur', 'surcoreano'.",
        metadata={"example": 12, "rule": "south_korea_names"},
    )
    naming_puppet_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of south Korea named as puppet: 'puppet(s)' (the DPRK's word for the south Korean authorities), Spanish 'títere(s)'.",
        metadata={"example": 3, "rule": "south_korea_names"},
    )
    naming_rok_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of south Korea named as rok: 'ROK' (case-sensitive) and 'Republic of Korea', not inside 'Democratic People's Republic of Korea'.",
        metadata={"example": 2, "rule": "south_korea_names"},
    )
    naming_enemy_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of south Korea named as enemy: 'principal/main enemy', 'hostile state(s)' (bare 'the enemy' is not counted: it also names the U.S.).",
        metadata={"example": 1, "rule": "south_korea_names"},
    )
    naming_seoul_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of south Korea named as seoul: 'Seoul' (the capital standing for its government), Spanish 'Seúl'.",
        metadata={"example": 1, "rule": "south_korea_names"},
    )
    south_korea_dominant_name: str = pa.Field(
        nullable=True,
        isin=["south_korea", "puppet", "rok", "enemy", "seoul"],
        description="The form of naming south Korea counted most often (ties: rok, enemy, puppet, south_korea, seoul); null where south Korea is not named.",
        metadata={"example": "south_korea", "rule": "south_korea_names"},
    )
    weapons_nuclear_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of nuclear terms of the weapons lexicon: 'nuclear', 'thermonuclear', 'H-bomb', 'nuke'.",
        metadata={"example": 4, "rule": "weapons_terms"},
    )
    weapons_missile_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of missile terms of the weapons lexicon: 'missile', 'ICBM', 'SLBM', 'Hwasong-15', 'rocket', Spanish 'misil'.",
        metadata={"example": 3, "rule": "weapons_terms"},
    )
    weapons_launch_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of launch terms of the weapons lexicon: 'launch', 'test-fire', 'test-launch', Spanish 'lanzamiento'.",
        metadata={"example": 2, "rule": "weapons_terms"},
    )
    weapons_satellite_count: pl.Int32 = pa.Field(
        ge=0,
        description="Occurrences in title and body of satellite terms of the weapons lexicon: 'satellite', 'Kwangmyongsong', 'Malligyong-1', 'Chollima-1'.",
        metadata={"example": 1, "rule": "weapons_terms"},
    )
    weapons_term_count: pl.Int32 = pa.Field(
        ge=0,
        description="Sum of the weapons_<category>_count columns: occurrences of any weapons-lexicon term.",
        metadata={"example": 10, "rule": "weapons_terms"},
    )
    days_to_anniversary: pl.Int32 = pa.Field(
        nullable=True,
        in_range={"min_value": -366, "max_value": 366},
        description="Days from published_date to the nearest anniversary of the DPRK calendar: 0 on the day, positive before, negative after; null without published_date.",
        metadata={"example": -1, "rule": "anniversaries"},
    )
    anniversary_name: str = pa.Field(
        nullable=True,
        description="Name of that nearest anniversary (day_of_the_sun, wpk_founding, dprk_founding ...); null without published_date.",
        metadata={"example": "day_of_the_sun", "rule": "anniversaries"},
    )
    story_id: str = pa.Field(
        str_matches=STORY_ID_PATTERN,
        description="The story (stories.story_id) of the record that gave this row: its address, else this article (docs/stories.md).",
    )
    is_latest_revision: bool = pa.Field(
        description="Whether this text is the latest revision of a story: filter on it to count each story once.",
    )

    @pa.check("title", "body", name="no_nul")
    @classmethod
    def no_nul(cls, data: PolarsData) -> pl.LazyFrame:
        """No NUL character: text mis-decoded as UTF-16 upstream ('P\\x00y\\x00o...') is repaired or rejected."""
        return data.lazyframe.select(~pl.col(data.key).str.contains("\x00", literal=True))


class Mention(DataTable):
    """One row per article and entity it names (country, person, organisation), with the count."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN, description="The article that names the entity.")
    entity_id: str = pa.Field(
        str_matches=r"^(country|person|org):[A-Za-z0-9_]+$",
        description="Stable entity id: 'country:<ISO 3166-1 alpha-2>', 'person:<name>', 'org:<name>'.",
        metadata={"example": "country:US", "rule": "gazetteer_v1"},
    )
    entity_name: str = pa.Field(
        description="Canonical name of the entity.", metadata={"example": "United States", "rule": "gazetteer_v1"}
    )
    entity_type: str = pa.Field(
        isin=vocab.ENTITY_TYPES,
        description="country, person or organization.",
        metadata={"example": "country", "rule": "gazetteer_v1"},
    )
    country_code: str = pa.Field(
        nullable=True,
        str_matches=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code for countries; null for people and organisations.",
        metadata={"example": "US", "rule": "gazetteer_v1"},
    )
    mention_count: pl.Int32 = pa.Field(
        ge=1,
        description="Times any alias of the entity occurs in title and body ('U.S.', 'the United States' ...).",
        metadata={"example": 3, "rule": "gazetteer_v1"},
    )


class Quote(DataTable):
    """One row per phrase in quotation marks in an article's body (often scare quotes)."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN, description="The article that quotes.")
    quote: str = pa.Field(
        str_length={"min_value": 1, "max_value": 300},
        description="The quoted phrase without its marks (straight, curly or angle quotes; within one paragraph).",
        metadata={"example": "human rights resolution", "rule": "quotes_v1"},
    )
    position: pl.Int32 = pa.Field(
        ge=1, description="Order of the quote in the body: 1, 2, 3 ...", metadata={"example": 1, "rule": "quotes_v1"}
    )


class MinhashSignature(DataTable):
    """One row per article of 20 words or more: its MinHash signature, kept so that a refresh compares
    new articles with old ones without reading old bodies."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN, description="The article signed.")
    minhash: pl.Binary = pa.Field(
        description="128 little-endian uint32 MinHash values of the body's 5-word shingles (rensa RMinHash, seed 1).",
        metadata={"example": "512 bytes", "rule": "minhash_v1"},
    )


class NearDuplicate(DataTable):
    """One row per ordered pair of near-duplicate articles (each pair appears in both directions)."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN, description="An article.")
    near_duplicate_id: str = pa.Field(
        str_matches=ARTICLE_ID_PATTERN,
        description="Another article whose body is a near-duplicate of it (a re-run, perhaps with small edits).",
        metadata={"example": "3f2a9c0d1b7e4a5f6c8d", "rule": "minhash_v1"},
    )
    similarity: pl.Float64 = pa.Field(
        in_range={"min_value": 0.8, "max_value": 1.0},
        description="Estimated Jaccard similarity of the two bodies' 5-word shingle sets (share of equal MinHash values).",
        metadata={"example": 0.93, "rule": "minhash_v1"},
    )


class Appearance(DataTable):
    """One row per article that reports a leader's public activity (inspection, visit, performance, meeting ...)."""

    article_id: str = pa.Field(
        unique=True, str_matches=ARTICLE_ID_PATTERN, description="The article that reports the activity."
    )
    leader: str = pa.Field(
        isin=["Kim Il Sung", "Kim Jong Il", "Kim Jong Un"],
        description="The leader the title names as acting in person.",
        metadata={"example": "Kim Jong Un", "rule": "appearance_rules"},
    )
    activity_date: pl.Date = pa.Field(
        nullable=True,
        description="Date of the activity from the lead (a date, a weekday, 'today'), else the dateline's date; null for 'recently'.",
        metadata={"example": "2024-09-06", "rule": "appearance_rules"},
    )
    report_date: pl.Date = pa.Field(
        nullable=True, description="published_date of the report.", metadata={"example": "2024-09-08", "rule": "appearance_rules"}
    )
    lag_days: pl.Int32 = pa.Field(
        nullable=True,
        description="report_date minus activity_date in days; null where either is unknown.",
        metadata={"example": 2, "rule": "appearance_rules"},
    )
    activity_kind: str = pa.Field(
        isin=["economic_guidance", "military", "performance_sports", "meeting", "visit_abroad", "ceremony", "party_state_meeting"],
        description="Kind of activity, from the title: first matching kind rule.",
        metadata={"example": "military", "rule": "appearance_rules"},
    )
    place: str = pa.Field(
        nullable=True,
        description="The site or venue as the lead names it (object of 'inspected', 'gave field guidance to', 'at the ... Theatre'); null where none.",
        metadata={"example": "O Jin U Artillery Academy", "rule": "appearance_rules"},
    )
    companions: str = pa.Field(
        nullable=True,
        description="Officials named as accompanying or present, in the order named, '; '-separated; null where none are named.",
        metadata={"example": "Pak Jong Chon; Kang Sun Nam", "rule": "appearance_rules"},
    )
    companion_entity_ids: str = pa.Field(
        nullable=True,
        description="The companions as person entity ids ('person:<name>', the scheme of mentions.entity_id), same order.",
        metadata={"example": "person:pak_jong_chon; person:kang_sun_nam", "rule": "appearance_rules"},
    )


class Source(DataTable):
    """One row per raw record that became an article: where it came from, verbatim."""

    article_id: str = pa.Field(str_matches=ARTICLE_ID_PATTERN, description="The article this record became.")
    source_kind: str = pa.Field(isin=vocab.SOURCE_KINDS, description="Raw form the record was read from.")
    source_path: str = pa.Field(description="File path relative to the raw folder ('/'-separated).")
    record_index: pl.Int32 = pa.Field(ge=0, description="Position of the record in its file (0 for a text file).")
    source_url: str = pa.Field(nullable=True, description="URL the scraper recorded for the record, if any.")
    topic: str = pa.Field(nullable=True, description="kcna.kp topic (section) the record was listed under.")
    source_title: str = pa.Field(
        nullable=True, description="Title the source's metadata gives (list-page title, kcna.kp headline)."
    )
    source_date: pl.Date = pa.Field(nullable=True, description="Date the source's metadata gives (day file, date_str).")
    title_mismatch: bool = pa.Field(
        description="Whether source_title disagrees with the title in the text (misaligned list pages, spelling)."
    )
    raw_sha256: str = pa.Field(str_matches=SHA256_PATTERN, description="sha256 of raw_text encoded as UTF-8.")
    raw_text: str = pa.Field(description="The record's text exactly as read (after decoding).")
    fetched_url: str = pa.Field(
        nullable=True,
        description="URL `kcna collect` fetched the record's raw file from; null for files put in the raw folder otherwise.",
    )
    fetched_at: pl.Datetime(time_unit="us", time_zone="UTC") = pa.Field(
        nullable=True, description="When `kcna collect` fetched the record's raw file (UTC); null as fetched_url."
    )


class Reject(DataTable):
    """One row per raw file or record that did not become an article, with the reason."""

    source_path: str = pa.Field(description="File path relative to the raw folder ('/'-separated).")
    record_index: pl.Int32 = pa.Field(nullable=True, ge=0, description="Record position; null where the whole file failed.")
    raw_sha256: str = pa.Field(
        nullable=True, str_matches=SHA256_PATTERN, description="sha256 of the record's text, or of the file's bytes."
    )
    stage: str = pa.Field(isin=vocab.STAGES, description="Stage that rejected it: extract, parse or validate.")
    check: str = pa.Field(description="Name of the rule that failed (e.g. 'empty_text', 'agency:isin').")
    reason: str = pa.Field(description="Human-readable reason, naming the value where useful.")
    raw_text: str = pa.Field(nullable=True, description="Verbatim text where it could be decoded, else null.")


class Story(Table):
    """One row per story: one piece of the agency's output followed across fetches, keyed by its address
    (docs/stories.md). Recomputed, not appended: a story's row changes as listings come."""

    story_id: str = pa.Field(
        unique=True,
        str_matches=STORY_ID_PATTERN,
        description="First 20 hex digits of sha256 of 'kcna-story-v1', 'address' and canonical_url (or 'article' and the article_id of a text without one), newline-joined.",
    )
    source: str = pa.Field(description="Source of the story's first sighting ('north-korea-news', or the raw form).")
    canonical_url: str = pa.Field(
        nullable=True,
        description="The address without scheme, 'www.' and case of the host (kcna.kp ids in lower case); null for a text without one.",
    )
    first_seen: pl.Date = pa.Field(nullable=True, description="First listing day that held the story; null for sources without listings.")
    last_seen: pl.Date = pa.Field(nullable=True, description="Last listing day that held the story; null for sources without listings.")
    snapshots_seen: pl.Int32 = pa.Field(ge=1, description="Listing days that held it (without listings: its raw records).")
    revision_count: pl.Int32 = pa.Field(ge=0, description="Distinct texts (formatting aside); 0 for items never fetched with a text.")
    formatting_changes: pl.Int32 = pa.Field(
        ge=0, description="Spellings beyond the first that differ only in whitespace, CRLF/tab runs or the headline's Juche-date suffix."
    )
    fetch_gaps: pl.Int32 = pa.Field(
        ge=0, description="Empty fetches of a story that has a text, plus listing days between its first and last sighting that missed it."
    )
    latest_article_id: str = pa.Field(
        nullable=True, str_matches=ARTICLE_ID_PATTERN, description="Article of the latest revision (the newest seen on the story's last day with a text)."
    )
    status: str = pa.Field(
        isin=vocab.STORY_STATUSES,
        description="removed (missing from a later listing), unstable (A -> B -> A), edited (several revisions) or live.",
    )
    first_missing_date: pl.Date = pa.Field(
        nullable=True, description="First listing day after the last sighting that did not hold the story; null while listed."
    )


class Revision(Table):
    """One row per distinct text of a story, in order of first sighting, with what changed from the one before."""

    story_id: str = pa.Field(str_matches=STORY_ID_PATTERN, description="The story (stories.story_id).")
    revision: pl.Int32 = pa.Field(ge=1, description="1 for the first text, then in order of first sighting.")
    article_id: str = pa.Field(
        nullable=True, str_matches=ARTICLE_ID_PATTERN, description="Article of the revision's first sighting; null where it became none."
    )
    first_seen: pl.Date = pa.Field(nullable=True, description="First listing day that held this text.")
    last_seen: pl.Date = pa.Field(nullable=True, description="Last listing day that held this text.")
    times_seen: pl.Int32 = pa.Field(ge=1, description="Listing days that held this text (without listings: raw records).")
    change_kind: str = pa.Field(
        isin=vocab.CHANGE_KINDS, description="first; text_edit (the text differs from the revision before); title_edit (only the title)."
    )
    chars_added: pl.Int32 = pa.Field(
        nullable=True, ge=0, description="Characters of the words added (title and text, as multisets of words); null for the first."
    )
    chars_removed: pl.Int32 = pa.Field(nullable=True, ge=0, description="Characters of the words removed; null for the first.")
    entities_added: pl.List(pl.String) = pa.Field(
        nullable=True, description="Gazetteer entity_ids named here and not in the revision before; null for the first."
    )
    entities_removed: pl.List(pl.String) = pa.Field(
        nullable=True, description="Gazetteer entity_ids named in the revision before and not here (a purged official's name)."
    )


class Version(Table):
    """The dataset version manifest: one row per dataset version, written last (the commit point)."""

    dataset_version: pl.Int64 = pa.Field(ge=1, unique=True, description="Dataset version number, 1, 2, 3 ...")
    created_at: pl.Datetime(time_unit="us", time_zone="UTC") = pa.Field(description="When the version was committed (UTC).")
    trigger: str = pa.Field(description="Who or what started the run (cli, prefect deployment name, test ...).")
    input_fingerprint: str = pa.Field(
        str_matches=SHA256_PATTERN, description="sha256 over sorted (path, size, sha256) of every raw file read."
    )
    raw_files_seen: pl.Int64 = pa.Field(ge=0, description="Raw files found under the raw folder.")
    raw_records_read: pl.Int64 = pa.Field(
        ge=0, description="Raw records read by this build, from raw_files_read (a file that fails whole counts as one)."
    )
    articles_added: pl.Int64 = pa.Field(ge=0, description="New rows in articles.")
    sources_added: pl.Int64 = pa.Field(ge=0, description="New rows in sources.")
    rejects_added: pl.Int64 = pa.Field(ge=0, description="New rows in rejects.")
    rows_removed: str = pa.Field(
        description="JSON object: table name -> rows removed because the raw file they came from changed."
    )
    raw_files_read: pl.Int64 = pa.Field(
        ge=0, description="Raw files read by this build: new or changed ones, or every file in a full rebuild."
    )
    raw_files_changed: pl.Int64 = pa.Field(
        ge=0, description="Raw files read again because their content changed; their earlier rows were replaced."
    )
    raw_files_missing: pl.Int64 = pa.Field(
        ge=0, description="Files in the ledger that are gone from the raw folder; their rows are kept (docs/incremental.md)."
    )
    is_full_rebuild: bool = pa.Field(description="Whether every table was rebuilt from every raw file (`kcna build --full`).")
    rejects_by_reason: str = pa.Field(description="JSON object: 'stage/check' -> count, for this run's records.")
    delta_versions: str = pa.Field(
        description="JSON object: table name -> its Delta version in this dataset version (read tables through it)."
    )
    code_version: str = pa.Field(description="Package version and git commit of the code that built it.")
    rules_version: str = pa.Field(description="JSON object: rule or lexicon name -> version used.")
    duration_seconds: pl.Float64 = pa.Field(ge=0, description="Wall time of the build, flow start excluded.")


class LedgerEntry(Table):
    """The raw files a build has processed: what lets a refresh read only what is new or changed."""

    source_path: str = pa.Field(unique=True, description="File path relative to the raw folder ('/'-separated).")
    size_bytes: pl.Int64 = pa.Field(ge=0, description="File size when it was read.")
    file_sha256: str = pa.Field(str_matches=SHA256_PATTERN, description="sha256 of the file's bytes when it was read.")
    modified_ns: pl.Int64 = pa.Field(
        description="File mtime (ns since the epoch) when last hashed: same size and mtime, the hash is not recomputed."
    )
    dataset_version: pl.Int64 = pa.Field(ge=1, description="Dataset version that read this content of the file.")
    missing_since: pl.Int64 = pa.Field(
        nullable=True,
        ge=1,
        description="First dataset version that found the file gone from the raw folder (its rows are kept); null while present.",
    )


class CollectLedgerEntry(Table):
    """One row per fetch of `kcna collect` (and per day file it unpacked from an archive): what came back, what was kept."""

    source: str = pa.Field(description="Source name, as declared in sources.toml.", metadata={"example": "north-korea-news"})
    url: str = pa.Field(description="URL requested.")
    http_status: pl.Int32 = pa.Field(nullable=True, description="HTTP status of the last answer; null where none came (timeout, no network).")
    size_bytes: pl.Int64 = pa.Field(nullable=True, ge=0, description="Bytes of the body received (decompressed); null without a body.")
    sha256: str = pa.Field(nullable=True, str_matches=SHA256_PATTERN, description="sha256 of the body received; null without a body.")
    etag: str = pa.Field(nullable=True, description="ETag the server gave (sent back as If-None-Match next time).")
    last_modified: str = pa.Field(nullable=True, description="Last-Modified the server gave (sent back as If-Modified-Since).")
    fetched_at: pl.Datetime(time_unit="us", time_zone="UTC") = pa.Field(description="When the answer came (UTC).")
    outcome: str = pa.Field(
        isin=vocab.COLLECT_OUTCOMES,
        description="stored (a new raw file), not_modified (304), unchanged (same bytes as held), missing (404 of a "
                    "dated file), rejected (not what the source promises), failed (no usable answer), disallowed (not "
                    "asked: robots.txt disallows it), read (used, not stored: robots.txt, a stale session's answer).",
    )
    reason: str = pa.Field(nullable=True, description="Why, in a line: the records new, the rejection's or failure's cause.")
    file_written: str = pa.Field(nullable=True, description="Raw file written, relative to the raw folder; null where none.")


class EventCoverage(Table):
    """events (`kcna events`): one row per event of the north-korea-provocations table with KCNA's coverage of it.
    A product computed from a dataset version and the newest events file, not a table of the output folder."""

    event_date: pl.Date = pa.Field(description="Date of the event (the events table's `date`).")
    event_type: str = pa.Field(nullable=True, description="The events table's `type` (Missile Provocation, Nuclear Provocation ...).")
    event: str = pa.Field(nullable=True, description="The events table's `event` (Nuclear Test, Short-range Ballistic Missile Launch ...).")
    description: str = pa.Field(nullable=True, description="The events table's `description`.")
    event_class: str = pa.Field(
        nullable=True, description="Matching class: first event_terms row whose pattern matches the event, else its type.",
        metadata={"example": "nuclear_test", "rule": "event_terms"},
    )
    window_days: pl.Int32 = pa.Field(
        nullable=True, description="Days after the event in which a report counts.", metadata={"example": 7, "rule": "event_terms"}
    )
    covered: bool = pa.Field(
        description="Whether the dataset version holds any article published in the window.", metadata={"rule": "event_terms"}
    )
    first_report_date: pl.Date = pa.Field(
        nullable=True, description="published_date of the first article in the window whose title or lead has the class's terms.",
        metadata={"example": "2016-01-06", "rule": "event_terms"},
    )
    report_lag_days: pl.Int32 = pa.Field(
        nullable=True, description="first_report_date minus event_date.", metadata={"example": 0, "rule": "event_terms"}
    )
    silent: bool = pa.Field(
        nullable=True, description="True where covered and no article reports the event; null where not covered.",
        metadata={"rule": "event_terms"},
    )
    report_count: pl.UInt32 = pa.Field(description="Number of reporting articles.", metadata={"example": 46, "rule": "event_terms"})
    report_article_ids: pl.List(pl.String) = pa.Field(
        description="article_id of every reporting article, by date then id.", metadata={"rule": "event_terms"}
    )


PRODUCTS: dict[str, type[pa.DataFrameModel]] = {"events": EventCoverage}
"""Tables computed from a dataset version on demand (not stored in the output folder) -> model."""


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "articles": Article,
    "sources": Source,
    "rejects": Reject,
    "versions": Version,
    "mentions": Mention,
    "quotes": Quote,
    "minhash_signatures": MinhashSignature,
    "near_duplicates": NearDuplicate,
    "appearances": Appearance,
    "stories": Story,
    "revisions": Revision,
    "ledger": LedgerEntry,
    "collect_ledger": CollectLedgerEntry,
}
"""Table name (its folder under the output directory) -> model."""


def declared_columns(table: str) -> dict[str, pa.Column]:
    """A table's columns in the order they are written: its own as declared, then the shared ones."""
    columns = TABLES[table].to_schema().columns
    own = {name: column for name, column in columns.items() if name not in SHARED_COLUMNS}
    return own | {name: column for name, column in columns.items() if name in SHARED_COLUMNS}

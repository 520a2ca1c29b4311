"""Sightings: what the stories stage reads, from snapshot envelopes and from the rows of other sources.

A snapshot envelope of a cumulative feed (docs/collect.md) holds the listing of its day (one key per record
the feed held) and the records no earlier envelope held. Its listing says on which days each record, and so
each address and text, was listed: the material of first and last sightings, times seen and removals.
Extract reads only an envelope's records; this module reads the listings beside them.

Records of sources without listings (day files, text files, record lists) come from their `sources` rows:
each is seen once, undated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import re
from collections.abc import Iterable
from pathlib import Path

import orjson
import polars as pl

from kcna_dataset.stages import stories

ENVELOPE_FORMAT = "kcna-feed-snapshot/1"
# '<source>/snapshots/<snapshot_date>.fetched-<fetch_date>[-N].json.gz', the collector's name.
ENVELOPE_PATH = re.compile(r"^(?:.*/)?(?P<source>[^/]+)/snapshots/\d{4}-\d{2}-\d{2}\.fetched-\d{4}-\d{2}-\d{2}(?:-\d+)?\.json\.gz$")

ENVELOPE_RECORD_SCHEMA = pl.Schema(
    {**stories.RECORD_SCHEMA, "source_path": pl.String, "record_index": pl.Int32}
)
"""A record of an envelope, with where extract read it (source_path, record_index: its position in 'records'),
through which its article_id is found among the sources rows."""


@dataclasses.dataclass(frozen=True)
class Listings:
    records: pl.DataFrame  # ENVELOPE_RECORD_SCHEMA (article_id null: joined from sources by the caller)
    sightings: pl.DataFrame  # stories.SIGHTING_SCHEMA
    calendar: pl.DataFrame  # stories.CALENDAR_SCHEMA
    unreadable: list[tuple[str, str]]  # (path, reason): envelopes extract rejects too


def is_envelope(path: str) -> bool:
    return ENVELOPE_PATH.match(path) is not None


def read_listings(raw_dir: Path, paths: Iterable[str]) -> Listings:
    """The records, sightings and listing days of the envelopes at `paths` (relative to raw_dir)."""
    record_rows: list[tuple] = []
    sighting_rows: list[tuple] = []
    days: set[tuple[str, dt.date]] = set()
    unreadable: list[tuple[str, str]] = []
    for path in sorted(paths):
        try:
            envelope = orjson.loads(gzip.decompress((raw_dir / path).read_bytes()))
            if not isinstance(envelope, dict) or envelope.get("format") != ENVELOPE_FORMAT:
                raise ValueError(f"not a {ENVELOPE_FORMAT} envelope")
            source = envelope["source"]
            day = dt.date.fromisoformat(envelope["snapshot_date"])
            listing, records = envelope["listing"], envelope["records"]
        except (OSError, EOFError, ValueError, KeyError, TypeError, orjson.JSONDecodeError) as failure:
            # Extract rejects such a file by name; it lists nothing here.
            unreadable.append((path, f"{type(failure).__name__}: {failure}"))
            continue
        days.add((source, day))
        sighting_rows.extend((source, day, key) for key in set(listing))
        for index, (key, record) in enumerate(records.items()):
            record = record if isinstance(record, dict) else {}
            record_rows.append(
                (source, key, _string(record.get("link")), _string(record.get("headline")),
                 _string(record.get("story_text")), None, path, index)
            )
    return Listings(
        records=pl.DataFrame(record_rows, schema=ENVELOPE_RECORD_SCHEMA, orient="row"),
        sightings=pl.DataFrame(sighting_rows, schema=stories.SIGHTING_SCHEMA, orient="row"),
        calendar=pl.DataFrame(sorted(days), schema=stories.CALENDAR_SCHEMA, orient="row"),
        unreadable=unreadable,
    )


def _string(value) -> str | None:
    return value if isinstance(value, str) else None


def with_articles(records: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Envelope records with the article each became (sources rows: source_path, record_index, article_id)."""
    found = sources.select("source_path", "record_index", "article_id").unique(["source_path", "record_index"])
    return (
        records.drop("article_id")
        .join(found, on=["source_path", "record_index"], how="left")
        .select(stories.RECORD_SCHEMA.names())
    )


def source_records(sources: pl.DataFrame) -> pl.DataFrame:
    """Records of sources without listings, from their `sources` rows: one record per raw record, keyed by
    file and position, its source the raw form (source_kind)."""
    return sources.select(
        source="source_kind",
        record_key=pl.col("source_path") + "#" + pl.col("record_index").cast(pl.String),
        url="source_url",
        title=pl.coalesce("source_title", pl.lit("")),
        body="raw_text",
        article_id="article_id",
    ).cast(stories.RECORD_SCHEMA)

"""Table names and the columns that identify a row: what readers and writers need without the columns'
declarations (no pandera), so that reading a table from a notebook loads only polars and deltalake."""

from __future__ import annotations

RECORD_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "sources": ["source_path", "record_index", "raw_sha256"],
    "rejects": ["source_path", "record_index", "raw_sha256", "stage", "check"],
    "mentions": ["article_id", "entity_id"],
    "quotes": ["article_id", "position"],
    "minhash_signatures": ["article_id"],
    "near_duplicates": ["article_id", "near_duplicate_id"],
    "appearances": ["article_id"],
    "stories": ["story_id"],
    "revisions": ["story_id", "revision"],
}
"""Data tables (every table but the manifest) -> the columns that make a row the same row again."""

DATA_TABLES = tuple(RECORD_KEYS)

STORY_TABLES = ("stories", "revisions")
"""Data tables recomputed, not appended: a refresh rewrites the rows of the stories it touches
(kcna_dataset/storage/stories_write.py); they have no first_version."""

MANIFEST_TABLE = "versions"

LEDGER_TABLE = "ledger"
"""Bookkeeping, not data: not in RECORD_KEYS (nothing is deduplicated into it and readers of the dataset
never need it), but versioned with the data tables (the manifest names its Delta version too), so that a
rolled-back build also rolls back what it marked as processed."""

COLLECT_LEDGER_TABLE = "collect_ledger"
"""Every fetch of `kcna collect`: bookkeeping outside dataset versions (no manifest row names it, a build's
roll-back never touches it, releases leave it out), appended to under the output folder's lock."""

"""Knowledge kept as versioned data files (agency tags, month names, genre taxonomy, gazetteer ...), loaded by one function.

A change of rule is a new file with a new version suffix (`agency_tags_v2.csv`), never a silent edit;
`RULES` names the version in use and every dataset version records it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

RULES_DIR = Path(__file__).parent

RULES = {
    "agency_tags": "v2",
    "month_names": "v1",
    "source_notes": "v1",
    "genre_taxonomy": "v18",
    "issuers": "v14",
    "spanish_names": "v2",
    "speaker_patterns": "v20",
    "responds_to": "v4",
    "gazetteer": "v5",
    "hostile_terms": "v1",
    "south_korea_names": "v1",
    "weapons_terms": "v1",
    "anniversaries": "v1",
    "event_terms": "v1",
    "appearance_rules": "v1",
}
"""Rule table name -> version in use."""


@functools.cache
def load(name: str, version: str | None = None) -> pl.DataFrame:
    """The rule table `name` at `version` (default: the version in RULES), as a frame (lines starting with '#' are
    comments)."""
    path = RULES_DIR / f"{name}_{version or RULES[name]}.csv"
    return pl.read_csv(path, comment_prefix="#", infer_schema_length=0)


def mapping(name: str) -> dict[str, str]:
    """A two-column rule table as a dict: first column -> second column."""
    frame = load(name)
    return dict(zip(frame.to_series(0).to_list(), frame.to_series(1).to_list()))

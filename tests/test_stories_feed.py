"""Stories on the 72 real daily snapshots of the north-korea-news feed (../shared/feeds), against an independent
count that reads the raw JSON with the standard library only (no project code): formatting-only changes, fetch
gaps, text edits, unstable stories and removals."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.stages import stories

FEED = Path(__file__).resolve().parent.parent.parent / "shared" / "feeds" / "north-korea-news"
SOURCE = "north-korea-news"


def snapshots() -> dict[dt.date, list[dict]]:
    archive = FEED / "data" / "archive"
    if not archive.is_dir():
        pytest.skip(f"real feed snapshots not found at {archive} (they live beside the project, not in it)")
    days = {}
    for path in sorted(archive.glob("headlines_*.json.gz")):
        day = dt.date.fromisoformat(path.name[len("headlines_") : -len(".json.gz")])
        days[day] = json.loads(gzip.decompress(path.read_bytes()))
    assert len(days) == 72
    return days


# --- the independent count: plain Python over the raw records ---------------------------------------------------

JUCHE_SUFFIX = re.compile(r"\s*\[\s*Juche\s*\d+\.\d+\.\d+\.?\s*\]\s*$")


def plain(text: str) -> str:
    return " ".join(text.replace("\u200b", "").replace("\ufeff", "").split())


def independent_counts(days: dict[dt.date, list[dict]]) -> dict:
    """Per link: the days it is listed, its records, and its texts (title and text without formatting)."""
    calendar = sorted(days)
    listed = defaultdict(set)  # link -> days
    records = defaultdict(set)  # link -> records as sorted JSON
    text_days = defaultdict(lambda: defaultdict(set))  # link -> day -> texts seen that day
    for day, snapshot in days.items():
        for record in snapshot:
            link = record["link"]
            listed[link].add(day)
            records[link].add(json.dumps(record, sort_keys=True))
            text = plain(record["story_text"])
            if text:
                text_days[link][day].add((plain(JUCHE_SUFFIX.sub("", record["headline"])), text))
    counts = {"stories": len(listed), "formatting": 0, "gaps": 0, "text_edits": 0, "title_edits": 0,
              "unstable": set(), "removed": {}, "edited": set(), "revisions": 0}
    for link, link_records in records.items():
        parsed = [json.loads(r) for r in link_records]
        spellings = {(r["headline"], r["story_text"]) for r in parsed}
        cleaned = {(plain(JUCHE_SUFFIX.sub("", h)), plain(t)) for h, t in spellings}
        counts["formatting"] += len(spellings) - len(cleaned)
        by_day = text_days[link]
        first_day = {}
        for day in sorted(by_day):
            for text in by_day[day]:
                first_day.setdefault(text, day)
        ordered = sorted(first_day, key=first_day.get)
        # The order of texts is the order of first sighting: no two texts of one link first seen on one day here.
        assert len(set(first_day.values())) == len(first_day), link
        counts["revisions"] += len(ordered)
        if len(ordered) > 1:
            counts["edited"].add(link)
        for before, after in zip(ordered, ordered[1:]):
            counts["text_edits" if before[1] != after[1] else "title_edits"] += 1
        if ordered:
            empty_records = sum(1 for r in parsed if not plain(r["story_text"]))
            span = [day for day in calendar if min(listed[link]) <= day <= max(listed[link])]
            counts["gaps"] += empty_records + sum(1 for day in span if day not in listed[link])
        # Unstable: a text seen, displaced on a later day by another, then seen again.
        text_dates = sorted(by_day)
        for text in ordered:
            seen = [text in by_day[day] for day in text_dates]
            first, last = seen.index(True), len(seen) - 1 - seen[::-1].index(True)
            if not all(seen[first : last + 1]):
                counts["unstable"].add(link)
        later = [day for day in calendar if day > max(listed[link])]
        if later:
            counts["removed"][link] = later[0]
    return counts


def canonical(link: str) -> str:
    return "https://kcna.kp" + link.split("kcna.kp", 1)[1]


# --- the stage over the same snapshots -------------------------------------------------------------------------


def frames(days: dict[dt.date, list[dict]]):
    records, sightings = {}, []
    for day, snapshot in days.items():
        for record in snapshot:
            key = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()[:16]
            records[key] = (SOURCE, key, record["link"], record["headline"], record["story_text"], None)
            sightings.append((SOURCE, day, key))
    return (
        pl.DataFrame(list(records.values()), schema=stories.RECORD_SCHEMA, orient="row"),
        pl.DataFrame(sightings, schema=stories.SIGHTING_SCHEMA, orient="row"),
        pl.DataFrame([(SOURCE, day) for day in days], schema=stories.CALENDAR_SCHEMA, orient="row"),
    )


@pytest.mark.corpus
def test_stories_of_the_72_snapshots_match_the_independent_count():
    days = snapshots()
    expected = independent_counts(days)
    result = stories.build(*frames(days))
    found, revisions = result.stories, result.revisions

    # One story per article address.
    links = {record["link"] for snapshot in days.values() for record in snapshot}
    assert found.height == expected["stories"] == len(links) == 1593
    assert set(found["canonical_url"]) == {canonical(link) for link in links}

    assert found["formatting_changes"].sum() == expected["formatting"] == 10
    assert found["fetch_gaps"].sum() == expected["gaps"] == 9
    kinds = dict(revisions["change_kind"].value_counts().rows())
    assert revisions.height == expected["revisions"] == 1450
    assert kinds.get("text_edit", 0) == expected["text_edits"] == 18
    assert kinds.get("title_edit", 0) == expected["title_edits"] == 0
    unstable = set(found.filter(pl.col("status") == "unstable")["canonical_url"])
    assert unstable == {canonical(link) for link in expected["unstable"]}
    assert len(unstable) == 1
    edited = set(found.filter(pl.col("revision_count") > 1)["canonical_url"])
    assert edited == {canonical(link) for link in expected["edited"]}
    assert dict(found["status"].value_counts().rows()) == {"live": 1575, "edited": 17, "unstable": 1}
    # Every link listed on the last day: nothing removed over the 72 days.
    assert expected["removed"] == {}
    assert found["first_missing_date"].null_count() == found.height


@pytest.mark.corpus
def test_removals_are_relative_to_the_latest_listing():
    """Four real links are missing from the 2024-08-05 listing and back on 2024-08-06: removed after two days,
    a fetch gap after three."""
    days = snapshots()
    first_two = {day: days[day] for day in sorted(days)[:2]}
    expected = independent_counts(first_two)
    found = stories.build(*frames(first_two)).stories
    removed = found.filter(pl.col("status") == "removed")
    assert dict(zip(removed["canonical_url"], removed["first_missing_date"])) == {
        canonical(link): day for link, day in expected["removed"].items()
    }
    assert removed.height == 4
    assert set(removed["first_missing_date"]) == {dt.date(2024, 8, 5)}

    first_three = {day: days[day] for day in sorted(days)[:3]}
    found = stories.build(*frames(first_three)).stories
    back = found.filter(pl.col("canonical_url").is_in(removed["canonical_url"].implode()))
    assert set(back["status"]) == {"live"}
    assert back["fetch_gaps"].to_list() == [1, 1, 1, 1]
    assert independent_counts(first_three)["removed"] == {}


def write_envelopes(days: dict[dt.date, list[dict]], raw: Path) -> list[str]:
    """The snapshots stored as the collector stores them (the feed contract): one gzip JSON envelope per day,
    its listing, and the records no earlier envelope holds."""
    import orjson

    known: set[str] = set()
    paths = []
    for day, snapshot in sorted(days.items()):
        listing = [hashlib.sha256(orjson.dumps(r, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16] for r in snapshot]
        new = {}
        for key, record in zip(listing, snapshot):
            if key not in known:
                new.setdefault(key, record)
        known.update(new)
        envelope = {"format": "kcna-feed-snapshot/1", "source": SOURCE, "url": f"http://127.0.0.1/{day}",
                    "snapshot_date": day.isoformat(), "listing": listing, "records": new}
        path = f"{SOURCE}/snapshots/{day.isoformat()}.fetched-{day.isoformat()}.json.gz"
        (raw / path).parent.mkdir(parents=True, exist_ok=True)
        (raw / path).write_bytes(gzip.compress(orjson.dumps(envelope)))
        paths.append(path)
    return paths


@pytest.mark.corpus
def test_envelope_listings_give_the_same_stories_as_the_snapshots(tmp_path):
    from kcna_dataset.stages import sightings

    days = snapshots()
    paths = write_envelopes(days, tmp_path)
    (tmp_path / "not-an-envelope.json.gz").write_bytes(b"\x1f\x8b broken")
    assert all(sightings.is_envelope(path) for path in paths)
    assert not sightings.is_envelope("north-korea-news/headlines.json")
    listings = sightings.read_listings(tmp_path, [*paths, "not-an-envelope.json.gz"])
    assert [path for path, _ in listings.unreadable] == ["not-an-envelope.json.gz"]
    assert listings.calendar.height == 72
    # Each record stored once, in the first envelope that held it; every listed key has its record.
    assert listings.records["record_key"].is_unique().all()
    assert listings.records.height == 1647
    assert listings.sightings.height == sum(len({json.dumps(r, sort_keys=True) for r in s}) for s in days.values())
    from_envelopes = stories.build(
        listings.records.select(stories.RECORD_SCHEMA.names()), listings.sightings, listings.calendar
    )
    direct = stories.build(*frames(days))
    assert from_envelopes.stories.equals(direct.stories)
    assert from_envelopes.revisions.equals(direct.revisions)

"""Stories and revisions (kcna_dataset/stages/stories.py): one fixture per change kind, the canonical address,
and a property test that the arrival order of fetch days does not matter, in one build or in refreshes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import orjson
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st_

from kcna_dataset.stages import stories

FIXTURES = Path(__file__).parent / "fixtures" / "stories"
FEED = "north-korea-news"


def record_key(record: dict) -> str:
    """The collector's key of a feed record (the feed contract): sha256 of its sorted-key JSON, 16 hex digits."""
    return hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def feed_frames(days: dict[str, list[dict]]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Feed snapshots by day -> (records, sightings, calendar) as the stage takes them. article_id stands in
    for parse's: the hash of the text, none for an empty one."""
    records, sightings = {}, []
    for day, snapshot in days.items():
        for record in snapshot:
            key = record_key(record)
            text = record["story_text"]
            records[key] = {
                "source": FEED,
                "record_key": key,
                "url": record["link"],
                "title": record["headline"],
                "body": text,
                "article_id": hashlib.sha256(text.encode()).hexdigest()[:20] if text.strip() else None,
            }
            sightings.append({"source": FEED, "snapshot_date": dt.date.fromisoformat(day), "record_key": key})
    calendar = pl.DataFrame(
        {"source": [FEED] * len(days), "snapshot_date": [dt.date.fromisoformat(day) for day in days]},
        schema=stories.CALENDAR_SCHEMA,
    )
    return (
        pl.DataFrame(list(records.values()), schema=stories.RECORD_SCHEMA),
        pl.DataFrame(sightings, schema=stories.SIGHTING_SCHEMA),
        calendar,
    )


def fixture(name: str) -> stories.Stories:
    days = json.loads((FIXTURES / f"{name}.json").read_text())["days"]
    return stories.build(*feed_frames(days))


def only_story(result: stories.Stories) -> dict:
    assert result.stories.height == 1
    return result.stories.row(0, named=True)


def article_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def fixture_text(name: str, day: str, index: int = 0) -> str:
    return json.loads((FIXTURES / f"{name}.json").read_text())["days"][day][index]["story_text"]


def test_canonical_address_both_kcna_kp_layouts_and_kcna_co_jp():
    old = "http://www.kcna.kp/en/article/q/134a0eb1839cb01381c703e991441821FC4F8F7A35A14CEA2BEC2DD4314ADD98.kcmsf"
    assert stories.canonical_address(old) == (
        "https://kcna.kp/en/article/q/134a0eb1839cb01381c703e991441821fc4f8f7a35a14cea2bec2dd4314add98.kcmsf"
    )
    # New layout: one id serves every category, so a category in the query is not part of the story's key.
    detail = "https://kcna.kp/en/article/detail/0123456789ABCDEF0123456789abcdef?category=top"
    assert stories.canonical_address(detail) == "https://kcna.kp/en/article/detail/0123456789abcdef0123456789abcdef"
    assert stories.canonical_address("http://www.kcna.kp/article/detail/0123456789abcdef0123456789abcdef") == (
        "https://kcna.kp/article/detail/0123456789abcdef0123456789abcdef"
    )
    for spelling in (
        "http://www.kcna.co.jp/item/2005/200501/news01/01.htm",
        "https://kcna.co.jp/item/2005/200501/news01/01.htm",
        "http://WWW.KCNA.CO.JP/item/2005/200501/news01/01.htm",
        " www.kcna.co.jp/item/2005/200501/news01/01.htm ",
    ):
        assert stories.canonical_address(spelling) == "https://kcna.co.jp/item/2005/200501/news01/01.htm"
    # A kcna.co.jp day page holds several articles, one per fragment: each is a story.
    assert stories.canonical_address("http://kcna.co.jp/item/2005/200506/news06/10.htm#4") == (
        "https://kcna.co.jp/item/2005/200506/news06/10.htm#4"
    )
    assert stories.canonical_address("http://www.kcna.kp/en/article/q/ABC.kcmsf#top") == (
        "https://kcna.kp/en/article/q/abc.kcmsf"
    )
    assert stories.canonical_address(None) is None
    assert stories.canonical_address("  ") is None


def test_formatting_only_changes_add_no_revision():
    result = fixture("formatting_only")
    story = only_story(result)
    # Three spellings (plain; Juche suffix on the headline; CRLF/tab runs and NBSP in the text), one text.
    assert story["revision_count"] == 1
    assert story["formatting_changes"] == 2
    assert story["fetch_gaps"] == 0
    assert story["status"] == "live"
    assert (story["first_seen"], story["last_seen"], story["snapshots_seen"]) == (
        dt.date(2024, 8, 4), dt.date(2024, 8, 6), 3,
    )
    revision = result.revisions.row(0, named=True)
    assert (revision["revision"], revision["change_kind"], revision["times_seen"]) == (1, "first", 3)
    assert revision["chars_added"] is None and revision["entities_added"] is None


def test_an_empty_fetch_between_two_texts_is_a_fetch_gap():
    story = only_story(fixture("fetch_gap"))
    assert (story["revision_count"], story["fetch_gaps"], story["formatting_changes"]) == (1, 1, 0)
    assert story["status"] == "live"
    assert story["snapshots_seen"] == 3


def test_text_edit_lists_the_purged_officials_name_and_the_characters():
    result = fixture("text_edit")
    story = only_story(result)
    assert (story["revision_count"], story["status"]) == (2, "edited")
    before, after = fixture_text("text_edit", "2024-08-06", 0), fixture_text("text_edit", "2024-08-06", 1)
    # The cumulative listing holds both texts: the newer one is the latest.
    assert story["latest_article_id"] == article_of(after)
    first, edit = result.revisions.rows(named=True)
    assert (first["revision"], first["change_kind"], first["first_seen"], first["times_seen"]) == (
        1, "first", dt.date(2024, 8, 4), 4,
    )
    assert (edit["revision"], edit["change_kind"], edit["first_seen"], edit["last_seen"], edit["times_seen"]) == (
        2, "text_edit", dt.date(2024, 8, 6), dt.date(2024, 8, 7), 2,
    )
    assert edit["article_id"] == article_of(after)
    assert edit["entities_removed"] == ["person:jang_song_thaek"]
    assert edit["entities_added"] == []
    # Word multisets of title and text: what the edit took out and put in, spaces not counted.
    from collections import Counter

    old = Counter(f"Workers of Ryongsong Machine Complex Praised\n{before}".split())
    new = Counter(f"Workers of Ryongsong Machine Complex Praised by Delegation\n{after}".split())
    assert edit["chars_added"] == sum(len(w) * n for w, n in (new - old).items()) > 0
    assert edit["chars_removed"] == sum(len(w) * n for w, n in (old - new).items()) > 0


def test_title_edit_when_only_the_headline_changes():
    result = fixture("title_edit")
    assert only_story(result)["status"] == "edited"
    edit = result.revisions.filter(pl.col("revision") == 2).row(0, named=True)
    assert edit["change_kind"] == "title_edit"
    assert (edit["chars_added"], edit["chars_removed"]) == (len("and") + len("Receiving"), 0)
    assert edit["entities_added"] == [] and edit["entities_removed"] == []


def test_a_text_that_comes_back_is_unstable_and_stays_latest():
    result = fixture("unstable")
    story = only_story(result)
    assert (story["status"], story["revision_count"]) == ("unstable", 2)
    # A -> B -> A: A is what the story holds now.
    assert story["latest_article_id"] == article_of(fixture_text("unstable", "2024-08-04"))
    kinds = result.revisions.select("revision", "change_kind", "times_seen").rows()
    assert kinds == [(1, "first", 2), (2, "text_edit", 1)]


def test_a_story_missing_from_later_listings_is_removed_from_its_first_missing_day():
    result = fixture("removed")
    removed = result.stories.filter(pl.col("status") == "removed").row(0, named=True)
    assert removed["canonical_url"].endswith("eeee4444ffff5555aaaa6666bbbb7777.kcmsf")
    assert (removed["last_seen"], removed["first_missing_date"]) == (dt.date(2024, 8, 5), dt.date(2024, 8, 6))
    assert removed["fetch_gaps"] == 0
    live = result.stories.filter(pl.col("status") == "live").row(0, named=True)
    assert live["first_missing_date"] is None


def test_a_story_missing_for_one_day_then_back_is_a_fetch_gap_not_a_removal():
    result = fixture("listing_gap")
    back = result.stories.filter(pl.col("canonical_url").str.contains("eeee4444")).row(0, named=True)
    assert (back["status"], back["fetch_gaps"], back["snapshots_seen"]) == ("live", 1, 2)
    assert back["first_missing_date"] is None


def test_one_article_under_several_topics_and_host_spellings_is_one_story():
    result = fixture("duplicate_topics")
    story = only_story(result)
    assert story["canonical_url"] == (
        "https://kcna.kp/en/article/q/134a0eb1839cb01381c703e991441821aaaa0000bbbb1111cccc2222dddd3333.kcmsf"
    )
    assert (story["revision_count"], story["snapshots_seen"], story["formatting_changes"]) == (1, 1, 0)
    assert result.revisions.row(0, named=True)["times_seen"] == 1


def test_a_text_without_an_address_is_its_own_story_and_each_article_has_one_story():
    records = pl.DataFrame(
        [
            {"source": "text_file", "record_key": "seed.txt#0", "url": None, "title": "Press Statement",
             "body": "Pyongyang, November 21 (KCNA) -- text one. -0-", "article_id": "a" * 20},
            {"source": "text_file", "record_key": "copy.txt#0", "url": None, "title": "Press Statement",
             "body": "Pyongyang, November 21 (KCNA) -- text one. -0-", "article_id": "a" * 20},
            {"source": "text_file", "record_key": "other.txt#0", "url": None, "title": "Other",
             "body": "Pyongyang, November 22 (KCNA) -- text two. -0-", "article_id": "b" * 20},
            # Neither address nor article: a reject upstream, no story.
            {"source": "text_file", "record_key": "empty.txt#0", "url": None, "title": "", "body": "", "article_id": None},
        ],
        schema=stories.RECORD_SCHEMA,
    )
    result = stories.build(records)
    assert result.stories.height == 2
    assert result.stories["canonical_url"].null_count() == 2
    assert sorted(result.stories["latest_article_id"]) == ["a" * 20, "b" * 20]
    # Undated: each record is one occasion; no listing, so never removed.
    assert sorted(result.stories["snapshots_seen"]) == [1, 2]
    assert set(result.stories["status"]) == {"live"}
    assert result.stories["first_seen"].null_count() == 2
    links = result.article_stories
    assert links["is_latest_revision"].to_list() == [True, True]
    assert links["story_id"].n_unique() == 2


def test_a_listing_key_without_its_record_is_an_error_not_a_silent_drop():
    records = pl.DataFrame(schema=stories.RECORD_SCHEMA)
    sightings = pl.DataFrame(
        {"source": [FEED], "snapshot_date": [dt.date(2024, 8, 4)], "record_key": ["0123456789abcdef"]},
        schema=stories.SIGHTING_SCHEMA,
    )
    with pytest.raises(ValueError, match="1 sightings name no record, e.g. '0123456789abcdef'"):
        stories.build(records, sightings)


# --- order of arrival -------------------------------------------------------------------------------------------

TEXTS = [
    "Pyongyang, August 4 (KCNA) -- Jang Song Thaek inspected a factory. -0-",
    "Pyongyang, August 4 (KCNA) -- An official inspected a factory. -0-",
    "Pyongyang, August 4 (KCNA) -- An official inspected a factory\r\n\tin Pyongyang. -0-",
    "",
]
HEADLINES = ["Factory Inspected", "Factory Inspected\r\n\t\t[Juche113.8.4.]", "Factory in Capital Inspected"]


@st_.composite
def feeds(draw):
    """A small cumulative-feed-like history: per day, for each of a few links, any set of (headline, text) records."""
    day_count = draw(st_.integers(2, 6))
    days = {}
    for offset in range(day_count):
        day = (dt.date(2024, 8, 4) + dt.timedelta(days=offset)).isoformat()
        snapshot = []
        for link in range(3):
            for _ in range(draw(st_.integers(0, 2))):
                snapshot.append({
                    "topic": "Top News",
                    "headline": draw(st_.sampled_from(HEADLINES)),
                    "link": f"http://www.kcna.kp/en/article/q/{link:032x}.kcmsf",
                    "date": 1722729600000,
                    "story_text": draw(st_.sampled_from(TEXTS)),
                    "date_str": "2024-08-04",
                })
        days[day] = snapshot
    order = draw(st_.permutations(list(days)))
    # Arrival in batches: cut points in the permuted order.
    cuts = sorted(draw(st_.sets(st_.integers(1, day_count - 1), max_size=day_count - 1)))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, day_count])]
    return days, batches


def _sorted(result: stories.Stories) -> tuple[pl.DataFrame, pl.DataFrame]:
    return result.stories.sort("story_id"), result.revisions.sort("story_id", "revision")


@settings(derandomize=True, max_examples=150, deadline=None)
@given(feeds())
def test_any_arrival_order_of_fetch_days_gives_the_same_stories_and_revisions(feed):
    days, batches = feed
    full_stories, full_revisions = _sorted(stories.build(*feed_frames(days)))

    # One build over the days in arrival order, rows shuffled: the same.
    arrival = {day: days[day] for batch in batches for day in batch}
    records, sightings, calendar = feed_frames(arrival)
    once = stories.build(records.reverse(), sightings.reverse(), calendar.reverse())
    assert _sorted(once)[0].equals(full_stories)
    assert _sorted(once)[1].equals(full_revisions)

    # Refreshes, one per batch: only the touched stories are recomputed, from their own records and sightings.
    held: dict[str, list[dict]] = {}
    state = stories.empty_stories()
    for batch in batches:
        new = {day: days[day] for day in batch}
        new_records, new_sightings, new_days = feed_frames(new)
        held.update(new)
        all_records, all_sightings, all_days = feed_frames(held)
        keys = stories.story_ids(all_records)
        sighted = new_sightings.join(keys, on=["source", "record_key"]).get_column("story_id")
        touched = stories.touched_stories(sighted, new_days, state.stories)
        touched_keys = keys.filter(pl.col("story_id").is_in(touched.implode()))
        recomputed = stories.build(
            all_records.join(touched_keys, on=["source", "record_key"], how="semi"),
            all_sightings.join(touched_keys, on=["source", "record_key"], how="semi"),
            all_days,
        )
        state = stories.refresh(state, recomputed, touched)
    refreshed_stories, refreshed_revisions = _sorted(state)
    assert refreshed_stories.equals(full_stories)
    assert refreshed_revisions.equals(full_revisions)


def test_stories_of_one_undated_record_take_the_short_path_with_the_same_rows():
    records = pl.DataFrame(
        [
            {"source": "kcna_co_jp_day", "record_key": "day.json#0", "url": "http://www.kcna.co.jp/item/a.htm#1",
             "title": "Title", "body": "Pyongyang, May 2 (KCNA) -- one.\r\n\ttwo", "article_id": "a" * 20},
            {"source": "kcna_co_jp_day", "record_key": "day.json#1", "url": "http://www.kcna.co.jp/item/a.htm#2",
             "title": "Empty", "body": " \u200b\r\n", "article_id": None},
            {"source": "text_file", "record_key": "seed.txt#0", "url": None, "title": "Seed",
             "body": "Pyongyang, November 21 (KCNA) -- text.", "article_id": "b" * 20},
        ],
        schema=stories.RECORD_SCHEMA,
    )
    keyed = stories._with_story(records)
    seen = stories._seen(records, None)
    short, general = stories._simple(keyed), stories._general(keyed, seen, None)
    assert short.stories.sort("story_id").equals(general.stories.sort("story_id"))
    assert short.revisions.sort("story_id").equals(general.revisions.sort("story_id"))
    assert stories._merge_article_stories(short.article_stories).equals(
        stories._merge_article_stories(general.article_stories)
    )
    # And build takes the short path for all three: one revision each but the empty fetch.
    built = stories.build(records)
    assert built.stories.sort("story_id").equals(short.stories.sort("story_id"))
    assert sorted(built.stories["revision_count"]) == [0, 1, 1]

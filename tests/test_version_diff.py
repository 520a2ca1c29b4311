"""`kcna diff`'s comparison (kcna_dataset/products/version_diff.py) on stories built from the change-kind fixtures."""

from __future__ import annotations

import json

import polars as pl

from kcna_dataset.products import version_diff
from kcna_dataset.stages import stories
from tests.test_stories import FIXTURES, feed_frames


def days_of(*names: str) -> dict[str, list[dict]]:
    """Several fixtures' days merged into one feed (each fixture's story has its own address or text)."""
    merged: dict[str, list[dict]] = {}
    for name in names:
        for day, records in json.loads((FIXTURES / f"{name}.json").read_text())["days"].items():
            merged.setdefault(day, []).extend(records)
    return merged


def tables(result: stories.Stories, articles: list[str]) -> dict[str, pl.LazyFrame]:
    return {
        "stories": result.stories.lazy(),
        "revisions": result.revisions.lazy(),
        "articles": pl.DataFrame({"article_id": articles}).lazy(),
    }


def test_diff_counts_rows_and_stories_added_edited_removed_by_reason():
    removed = json.loads((FIXTURES / "removed.json").read_text())["days"]
    # Version 1: the 'removed' fixture's first two days (both stories listed); version 2: all four days (one
    # story no longer listed) and a new address, re-titled on its second day.
    early = {day: removed[day] for day in sorted(removed)[:2]}
    title_edit = json.loads((FIXTURES / "title_edit.json").read_text())["days"]
    retitled = [title_edit["2024-08-04"], *[title_edit["2024-08-05"]] * 3]
    late = {
        day: removed[day] + [dict(r, link=r["link"].replace("134a0eb1", "59ff1673")) for r in more]
        for day, more in zip(sorted(removed), retitled)
    }
    before = stories.build(*feed_frames(early))
    after = stories.build(*feed_frames(late))
    diff = version_diff.compare(tables(before, ["a", "b"]), tables(after, ["b", "c", "d"]), {"articles": ["article_id"]}, 1, 2)
    rows = {row["table"]: row for row in diff.rows.iter_rows(named=True)}
    assert rows["articles"] == {"table": "articles", "rows_before": 2, "rows_after": 3, "rows_added": 2, "rows_removed": 1}
    assert (rows["stories"]["rows_before"], rows["stories"]["rows_after"], rows["stories"]["rows_added"]) == (2, 3, 1)
    assert (rows["revisions"]["rows_added"], rows["revisions"]["rows_removed"]) == (2, 0)  # the new story's two
    assert diff.stories.rows() == [
        ("added", "new address", 1),
        ("removed", "missing from the latest listing", 1),
    ]
    # The other way round: the removed story is listed again, the added one is gone from the dataset.
    back = version_diff.compare(tables(after, []), tables(before, []), {}, 2, 1)
    assert back.stories.rows() == [
        ("removed", "no longer in the dataset", 1),
        ("restored", "listed again", 1),
    ]
    text = version_diff.format_text(diff)
    assert "dataset version 1 -> 2" in text and "  added            1  new address" in text.splitlines()


def test_diff_counts_an_edit_by_the_kind_of_its_new_revision():
    text_edit = json.loads((FIXTURES / "text_edit.json").read_text())["days"]
    early = {day: text_edit[day] for day in sorted(text_edit)[:2]}
    diff = version_diff.compare(
        tables(stories.build(*feed_frames(early)), []), tables(stories.build(*feed_frames(text_edit)), []), {}, 1, 2
    )
    assert diff.stories.rows() == [("edited", "text_edit", 1)]


def test_kcna_diff_prints_rows_and_stories_or_one_line_for_a_missing_version(two_versions, capsys):
    from kcna_dataset.cli.main import main as kcna

    assert kcna(["diff", "1", "2", "--out", str(two_versions)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "dataset version 1 -> 2"
    table_lines = lines[3:lines.index("", 3)]
    rows = {line.split()[0]: [int(value.replace(",", "")) for value in line.split()[1:]] for line in table_lines}
    assert {"articles", "sources", "rejects", "stories", "revisions"} <= set(rows)
    # Version 2 added one article (a text file, so a story of its own) and one rejected file.
    assert rows["articles"][2:] == [1, 0] and rows["stories"][2:] == [1, 0] and rows["rejects"][2:] == [1, 0]
    assert lines[-1].split() == ["added", "1", "text", "without", "an", "address"]
    assert kcna(["diff", "1", "--out", str(two_versions), "--json"]) == 0
    assert '"after": 2' in capsys.readouterr().out
    assert kcna(["diff", "7", "--out", str(two_versions)]) == 2
    assert capsys.readouterr().err.startswith("kcna diff: dataset version 7 does not exist")

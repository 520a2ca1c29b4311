"""On real corpora (skipped where absent): a build of A refreshed with B equals one full build of A and B.

A few hundred kcna.co.jp day files spread over 1997-2018, interleaved between A and B so that B's files
sort among A's, plus the kcna.kp list (the same story under several topics) in B; one of A's day files
changes in the refresh (an article edited, one dropped), so the replacement path meets real data too.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import corpora_or_skip
from tests.test_incremental import _assert_same_dataset, _build

pytestmark = [pytest.mark.corpus, pytest.mark.slow, pytest.mark.usefixtures("prefect_server")]


def _copy(corpora: Path, raw: Path, names: list[str]) -> None:
    for name in names:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpora / name, raw / name)


def _edit_day_file(path: Path) -> None:
    """Edit the first article's text and drop the last one, as a re-scrape of a corrected day would."""
    day = json.loads(gzip.decompress(path.read_bytes()))
    first = next(item for item in day["articles"] if item and item.get("content"))
    first["content"] = first["content"].replace(" the ", " the re-scraped ", 1)
    day["articles"] = day["articles"][:-1]
    path.write_bytes(gzip.compress(json.dumps(day).encode()))


def test_refresh_equals_full_build_on_real_day_files(tmp_path: Path):
    corpora = corpora_or_skip()
    days = sorted(path.relative_to(corpora).as_posix() for path in corpora.glob("kcna-co-jp/*/*.json.gz"))[::25]
    part_a, part_b = days[::2], [*days[1::2], "kcna-kp/headlines_2024.json"]
    raw, refreshed, rebuilt = tmp_path / "raw", tmp_path / "refreshed", tmp_path / "rebuilt"

    _copy(corpora, raw, part_a)
    _build(raw, refreshed)
    _copy(corpora, raw, part_b)
    _edit_day_file(raw / part_a[3])
    summary = _build(raw, refreshed)
    assert summary["raw_files_read"] == len(part_b) + 1 and summary["raw_files_changed"] == 1
    assert summary["sources_removed"] > 0

    _build(raw, rebuilt, full=True)
    _assert_same_dataset(refreshed, rebuilt)
    assert _build(raw, refreshed)["dataset_version"] is None

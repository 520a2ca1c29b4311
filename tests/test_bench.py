"""Smoke test of the benchmark script on the fixtures: every section runs and is reported (no timings asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_RAW, PROJECT_ROOT

pytestmark = [pytest.mark.usefixtures("prefect_server"), pytest.mark.slow]


def test_benchmark_runs_every_section_on_a_tiny_corpus(tmp_path: Path):
    from prefect.settings import PREFECT_API_URL

    target = tmp_path / "bench.json"
    command = [
        sys.executable, str(PROJECT_ROOT / "bench" / "run.py"), "--corpora", str(FIXTURE_RAW), "--runs", "1",
        "--scale-records", "25", "--skip", "prefect", "--api-url", PREFECT_API_URL.value(),
        "--work", str(tmp_path), "--json", str(target),
    ]
    printed = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600).stdout
    results = json.loads(target.read_text())

    assert results["floor"]["records"] == 14  # every raw record of the fixtures, as the build reads them
    assert results["build"]["records"] == 14
    assert set(results["build"]["stage_seconds"]) == {"plan", "extract", "parse", "validate", "enrich", "near_duplicates", "write"}
    assert results["build"]["peak_rss_mb"] > 0
    # The refresh adds one new day file: its articles are new (re-dated), nothing else is re-read as new.
    assert results["refresh"]["articles_added"] > 0
    assert results["scale"]["records"] == 25
    # Every resampled copy is new articles with valid dates (copies dated in the future were all rejected).
    assert results["scale"]["articles_added"] == 16  # 25 records, 9 of them bad on purpose in the fixtures
    assert results["scale_refresh"]["articles_added"] > 0  # the new day on top of the resampled corpus
    assert 0 < results["scale_refresh"]["records"] < results["scale"]["records"]  # that day only, not the corpus
    for label in ("floor", "full build", "refresh, 1 day", "1M records", "refresh, 1 day on 1M"):
        assert label in printed
    if (PROJECT_ROOT.parent / "shared" / "feeds" / "north-korea-news").is_dir():
        # The real feed, collected day by day: what each day stores, and a day's collect + refresh.
        storage = results["collect_storage"]
        assert storage["days"] == 72 and storage["first_day"]["snapshot_gzip_bytes"] == 168858
        assert 0 < storage["stored_bytes_total"] < storage["snapshot_gzip_bytes_total"] / 10
        nightly = results["collect_refresh"]
        assert (nightly["day"], nightly["new_files"]) == ("2024-08-05", 1) and nightly["refresh_records"] > 0
        assert "collect, storage: 72 snapshot days" in printed and "collect + refresh, 1 day: " in printed

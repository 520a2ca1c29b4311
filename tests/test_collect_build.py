"""Collect, then build, end to end on the real feed snapshots served from 127.0.0.1.

Days 1..N are collected and built: their articles appear in a new dataset version with the fetch
provenance of their envelope. Collecting again finds nothing: no raw file, no dataset version. Day N+1
stores only its new and changed records, and the refresh reads only those. `kcna collect` is also run as
a user runs it (a child process), online against the local server and offline in a network namespace
of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import orjson
import polars as pl
import pytest

from kcna_dataset.sources import feed, ledger
from kcna_dataset.sources.collect import collect_source
from kcna_dataset.sources.config import load_sources, select
from kcna_dataset.storage import store
from tests.collect_server import FeedState, Server, snapshot_body, snapshot_days
from tests.conftest import PROJECT_ROOT, run_kcna
from tests.test_collect import feed_or_skip, files_under

N = 3


def _collect(server: Server, raw: Path, out: Path, until: dt.date):
    news = select(load_sources(), ["north-korea-news"], server.base)[0]
    report = collect_source(news, raw, since=snapshot_days()[0], until=until)
    ledger.write_pending(raw, news.name, report.rows)
    ledger.flush(raw, out)
    return report


@pytest.mark.slow
def test_collect_days_then_build_then_nothing_new_then_the_next_day(tmp_path: Path, prefect_server):
    feed_or_skip()
    from kcna_dataset.flows.pipeline import build_dataset

    days = snapshot_days()
    raw, out = tmp_path / "raw", tmp_path / "out"
    with Server() as server:
        state = FeedState(server)
        state.advance_to(days[N - 1])
        report = _collect(server, raw, out, days[N - 1])
        assert len(report.new_files) == N and report.failures == []
        first = build_dataset(raw=str(raw), out=str(out), trigger="test")
        assert first["dataset_version"] == 1 and first["raw_files_read"] == N

        # Every record of the N envelopes is read once: a source row or a reject.
        envelopes = [feed.read_envelope(raw / name) for name in report.new_files]
        held = sum(len(envelope["records"]) for envelope in envelopes)
        assert first["raw_records_read"] == held
        sources = store.load("sources", out=out)
        rejects = store.load("rejects", out=out)
        assert sources.height + rejects.height == held
        # Fetch provenance: each row names the URL its envelope was fetched from, and when.
        for name, envelope in zip(report.new_files, envelopes):
            rows = sources.filter(pl.col("source_path") == name)
            assert rows.height > 0
            assert rows["fetched_url"].unique().to_list() == [f"{server.base}data/archive/headlines_{envelope['snapshot_date']}.json"]
            fetched_at = dt.datetime.fromisoformat(envelope["fetched_at"].replace("Z", "+00:00"))
            assert rows["fetched_at"].unique().to_list() == [fetched_at]
            assert set(rows["source_kind"]) == {"kcna_kp_feed"}
            keys = list(envelope["records"])
            for row in rows.head(5).iter_rows(named=True):
                record = envelope["records"][keys[row["record_index"]]]
                assert (row["source_url"], row["topic"], row["raw_text"]) == (record["link"], record["topic"], record["story_text"])
        articles = store.load("articles", out=out)
        assert articles.height > 200
        # The collect ledger recorded the fetches.
        fetches = ledger.read(out)
        assert fetches.filter(pl.col("outcome") == "stored")["file_written"].to_list() == report.new_files

        # Nothing new: no raw file, no dataset version.
        before = files_under(raw)
        again = _collect(server, raw, out, days[N - 1])
        assert again.new_files == [] and files_under(raw) == before
        unchanged = build_dataset(raw=str(raw), out=str(out), trigger="test")
        assert unchanged["dataset_version"] is None and store.manifest(out).height == 1

        # The next day: only its new and changed records are stored, and read.
        state.advance_to(days[N])
        next_day = _collect(server, raw, out, days[N])
        (name,) = next_day.new_files
        envelope = feed.read_envelope(raw / name)
        previous_keys = {key for e in envelopes for key in e["records"]}
        day_keys = {feed.record_key(r) for r in orjson.loads(snapshot_body(days[N]))}
        assert set(envelope["records"]) == day_keys - previous_keys
        second = build_dataset(raw=str(raw), out=str(out), trigger="test")
        assert (second["dataset_version"], second["raw_files_read"]) == (2, 1)
        assert second["raw_records_read"] == len(envelope["records"]) < len(day_keys) / 4
        added = store.load("sources", out=out).filter(pl.col("first_version") == 2)
        assert set(added["source_path"]) == {name}


def test_kcna_collect_prints_one_line_per_source(tmp_path: Path, prefect_api):
    feed_or_skip()
    days = snapshot_days()
    raw, out = tmp_path / "raw", tmp_path / "out"
    with Server() as server:
        FeedState(server).advance_to(days[1])
        args = ["collect", "north-korea-news", "--url", server.base, "--raw", str(raw), "--out", str(out),
                "--since", str(days[0]), "--until", str(days[1])]
        done = run_kcna(prefect_api, *args)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0].startswith("north-korea-news: 3 requests, 0 not modified, 2 new files, ")
        assert done.stdout.splitlines()[0].endswith(" MB, 0 failures")
        again = run_kcna(prefect_api, *args)
        assert again.stdout == "north-korea-news: 1 requests, 1 not modified, 0 new files, 0 B, 0 failures (nothing new)\n"
        assert ledger.read(out).sort("fetched_at")["outcome"].to_list() == ["stored", "stored", "unchanged", "not_modified"]


def test_kcna_collect_offline_fails_fast_in_one_line(tmp_path: Path):
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        pytest.skip("needs `unshare -n` (a network namespace without network) to be offline")
    import sys

    kcna = str(Path(sys.executable).with_name("kcna"))
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "home")}
    started = dt.datetime.now()
    done = subprocess.run(["unshare", "-n", kcna, "collect", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")],
                          env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    seconds = (dt.datetime.now() - started).total_seconds()
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("kcna collect: no network (") and line.endswith("`kcna build` works offline on what "
                                                                          f"{tmp_path / 'raw'} holds")
    assert seconds < 15, seconds


@pytest.mark.slow
def test_day_files_from_the_archive_carry_its_url_and_fetch_time(tmp_path: Path, prefect_server):
    from kcna_dataset.flows.pipeline import build_dataset
    from tests.test_collect import real_archive, real_day_files

    files = real_day_files()
    raw, out = tmp_path / "raw", tmp_path / "out"
    with Server() as server:
        server.files["archive/HEAD.tar.gz"] = (real_archive(files), "Fri, 27 Apr 2018 01:00:00 GMT")
        backfill = select(load_sources(), ["kcna-co-jp-archive"], server.base)[0]
        report = collect_source(backfill, raw)
        ledger.write_pending(raw, backfill.name, report.rows)
        ledger.flush(raw, out)
    summary = build_dataset(raw=str(raw), out=str(out), trigger="test")
    assert summary["raw_files_read"] == len(files) == len(report.new_files)
    sources = store.load("sources", out=out)
    (whole,) = [row for row in report.rows if row["file_written"] is None]
    # 1997-01-02 and 01-03 are real day files without articles: only 1997-01-01 has records.
    assert set(sources["source_path"]) == {report.new_files[0]} and sources.height == 2
    assert sources["fetched_url"].unique().to_list() == [f"{server.base}archive/HEAD.tar.gz"]
    assert sources["fetched_at"].unique().to_list() == [whole["fetched_at"]]
    assert set(sources["source_kind"]) == {"kcna_co_jp_day"}


def test_ledger_rows_wait_beside_the_raw_files_while_a_build_holds_the_output(tmp_path: Path):
    from kcna_dataset.storage.locking import BuildLocked, output_lock

    raw, out = tmp_path / "raw", tmp_path / "out"
    at = dt.datetime(2026, 12, 4, 21, 0, 3, 123456, tzinfo=dt.UTC)
    rows = [{"source": "north-korea-news", "url": "http://127.0.0.1:1/data/headlines.json", "http_status": 304,
             "size_bytes": None, "sha256": None, "etag": '"abc"', "last_modified": None, "fetched_at": at,
             "outcome": "not_modified", "reason": None, "file_written": None}]
    ledger.write_pending(raw, "north-korea-news", rows)
    with output_lock(out), pytest.raises(BuildLocked):
        ledger.flush(raw, out, wait_seconds=0)  # a build writes: the rows stay pending, nothing is lost
    assert len(list((raw / ledger.PENDING).glob("*.json"))) == 1 and ledger.read(out).height == 0
    assert ledger.flush(raw, out, wait_seconds=0) == 1  # the next collect appends them
    assert ledger.read(out).to_dicts() == rows
    assert list((raw / ledger.PENDING).glob("*.json")) == [] and files_under(raw) == []
    # The output folder is still one a build accepts.
    store.check_output_folder(out)


def test_the_build_lists_neither_readmes_nor_hidden_files_nor_the_events_folder(tmp_path: Path):
    from kcna_dataset.sources import events
    from kcna_dataset.stages import extract

    raw = tmp_path / "raw"
    (raw / "north-korea-news" / "snapshots").mkdir(parents=True)
    (raw / "README.md").write_text("# data/raw\n")
    (raw / "north-korea-news" / "LICENSE").write_text("CC0\n")
    (raw / "north-korea-news" / ".collect-state.json").write_text("{}")
    (raw / "north-korea-news" / "snapshots" / "2024-08-04.fetched-2026-12-04.json.gz").write_bytes(b"x")
    events.mark_not_raw_texts(raw / "north-korea-provocations")
    (raw / "north-korea-provocations" / "table.fetched-2026-12-04.csv.gz").write_bytes(b"date,type,event\n")
    assert [f.path for f in extract.discover(raw)] == ["north-korea-news/snapshots/2024-08-04.fetched-2026-12-04.json.gz"]


@pytest.mark.slow
def test_the_shipped_raw_folder_builds_a_real_dataset_without_network(tmp_path: Path):
    """README command 1, offline: a network namespace with only a loopback (Prefect's temporary server)."""
    if shutil.which("ip") is None or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        pytest.skip("needs `unshare -n` and `ip` (a network namespace with a loopback only)")
    import shlex
    import sys

    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(PROJECT_ROOT / "data" / "raw", raw)
    kcna = str(Path(sys.executable).with_name("kcna"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "home")
    command = f"ip link set lo up && {shlex.quote(kcna)} build --raw {shlex.quote(str(raw))} --out {shlex.quote(str(out))}"
    done = subprocess.run(["unshare", "-n", "sh", "-c", command], env=env, cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "raw files 2: read 2" in done.stdout  # the seed and the feed's envelope; data/raw/README.md is not read
    sources = store.load("sources", out=out)
    feed_rows = sources.filter(pl.col("source_kind") == "kcna_kp_feed")
    assert feed_rows.height == 240 and store.load("articles", out=out).height == 192
    assert feed_rows["fetched_url"].unique().to_list() == [
        "https://raw.githubusercontent.com/stiles/north-korea-news/main/data/archive/headlines_2024-08-04.json"]
    assert store.load("rejects", out=out)["check"].to_list() == ["empty_text"] * 24  # photo and video items

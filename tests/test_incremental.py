"""Refreshes through the real flow: only new or changed raw files are read, a changed file's rows are
replaced, a vanished file's rows are kept and counted, and a refresh equals a rebuild of the same input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest
from deltalake import DeltaTable

from kcna_dataset.storage import store
from kcna_dataset.cli.main import main as kcna

pytestmark = pytest.mark.usefixtures("prefect_server")

NEW_ARTICLE = "2 January, Juche113(2024)\n\nNew Article\n\nPyongyang, January 1 (KCNA) -- A new text arrived today.\n"
EDITED_ARTICLE = "2 January, Juche113(2024)\n\nEdited Article\n\nPyongyang, January 1 (KCNA) -- The text was edited later.\n"


def _build(raw: Path, out: Path, **options) -> dict:
    from kcna_dataset.flows.pipeline import build_dataset

    return build_dataset(raw=str(raw), out=str(out), trigger="test", **options)


def _content(out: Path, table: str) -> pl.DataFrame:
    """A table's rows without first_version (a refresh and a rebuild date rows differently), in key order."""
    from kcna_dataset.schemas.keys import RECORD_KEYS

    return store.load(table, out=out).drop("first_version", strict=False).sort(RECORD_KEYS[table], nulls_last=True)


def _assert_same_dataset(left: Path, right: Path) -> None:
    for table in ("articles", "sources", "rejects", "stories", "revisions"):
        assert _content(left, table).equals(_content(right, table)), table


def test_refresh_reads_only_new_files_and_equals_a_rebuild(raw_dir: Path, tmp_path: Path):
    out, rebuilt = tmp_path / "out", tmp_path / "rebuilt"
    first = _build(raw_dir, out)
    (raw_dir / "text" / "new_article.txt").write_text(NEW_ARTICLE)
    summary = _build(raw_dir, out)
    assert (summary["raw_files_read"], summary["raw_records_read"], summary["articles_added"]) == (1, 1, 1)
    assert summary["raw_files_seen"] == first["raw_files_seen"] + 1

    ledger = store.load("ledger", out=out)
    assert ledger.height == summary["raw_files_seen"] and ledger["missing_since"].is_null().all()
    assert ledger.filter(pl.col("source_path") == "text/new_article.txt")["dataset_version"].to_list() == [2]

    _build(raw_dir, rebuilt)
    _assert_same_dataset(out, rebuilt)


def test_changed_file_replaces_its_rows(raw_dir: Path, tmp_path: Path):
    out, rebuilt = tmp_path / "out", tmp_path / "rebuilt"
    article = raw_dir / "text" / "new_article.txt"
    article.write_text(NEW_ARTICLE)
    _build(raw_dir, out)
    article.write_text(EDITED_ARTICLE)
    summary = _build(raw_dir, out)
    assert (summary["raw_files_read"], summary["raw_files_changed"]) == (1, 1)
    assert (summary["articles_removed"], summary["sources_removed"], summary["articles_added"]) == (1, 1, 1)

    titles = store.load("articles", out=out)["title"].to_list()
    assert "Edited Article" in titles and "New Article" not in titles
    assert "New Article" in store.load("articles", version=1, out=out)["title"].to_list()  # history stays
    removed = json.loads(store.latest(out)["rows_removed"])
    assert {table: n for table, n in removed.items() if n} == {"articles": 1, "sources": 1}
    # The derived tables were checked for rows of the removed article too (it had none: too short).
    assert {"mentions", "quotes", "minhash_signatures", "near_duplicates"} <= removed.keys()
    # The changed file's ledger row is updated in place (a merge), not appended beside the old one.
    ledger = store.load("ledger", out=out).filter(pl.col("source_path") == "text/new_article.txt")
    assert (ledger.height, ledger["dataset_version"].item()) == (1, 2)

    _build(raw_dir, rebuilt)
    _assert_same_dataset(out, rebuilt)


def test_changed_file_keeps_articles_other_files_still_have(raw_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    copy = raw_dir / "text" / "copy_of_seed.txt"
    copy.write_bytes((raw_dir / "text" / "seed_press_statement.txt").read_bytes())
    _build(raw_dir, out)
    articles_before = store.load("articles", out=out).height
    copy.write_text(NEW_ARTICLE)  # the copy changes; the seed file still holds the press statement
    summary = _build(raw_dir, out)
    assert (summary.get("articles_removed", 0), summary["sources_removed"], summary["articles_added"]) == (0, 1, 1)
    assert store.load("articles", out=out).height == articles_before + 1


def test_vanished_file_keeps_its_rows_and_shows_in_versions(raw_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    _build(raw_dir, out)
    articles = store.load("articles", out=out)
    (raw_dir / "text" / "seed_press_statement.txt").unlink()

    summary = _build(raw_dir, out)
    assert (summary["dataset_version"], summary["raw_files_missing"], summary["raw_files_read"]) == (2, 1, 0)
    assert store.load("articles", out=out).equals(articles)
    ledger = store.load("ledger", out=out)
    assert ledger.filter(pl.col("missing_since").is_not_null())["source_path"].to_list() == ["text/seed_press_statement.txt"]
    assert _build(raw_dir, out)["dataset_version"] is None  # still gone: nothing new

    assert kcna(["versions", "--out", str(out)]) == 0
    last_line = capsys.readouterr().out.strip().splitlines()[-1].split()
    assert last_line[0] == "2" and last_line[3:7] == ["refresh", "0", "0", "1"]  # mode, read, changed, missing

    summary = _build(raw_dir, out, full=True)  # a rebuild from scratch has only what is there
    assert summary["raw_files_missing"] == 0
    assert store.load("articles", out=out).height == articles.height - 1
    assert store.load("ledger", out=out).height == ledger.height - 1


def test_refresh_after_an_interrupted_build_reads_the_files_again(raw_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    _build(raw_dir, out)
    (raw_dir / "text" / "new_article.txt").write_text(NEW_ARTICLE)
    # A build killed after writing the ledger but before its manifest row: the ledger is ahead.
    from deltalake import write_deltalake

    from kcna_dataset.schemas.arrow import arrow_schema

    entry = {"source_path": "text/new_article.txt", "size_bytes": 1, "file_sha256": "0" * 64, "modified_ns": 0,
             "dataset_version": 2, "missing_since": None}
    write_deltalake(str(out / "ledger"), pl.DataFrame([entry]).to_arrow().cast(arrow_schema("ledger")), mode="append")

    summary = _build(raw_dir, out)
    assert any("ledger: restored" in note for note in summary["recovered"])
    assert (summary["raw_files_read"], summary["articles_added"]) == (1, 1)
    # The restore was a commit of its own; it is not taken for another interrupted build later.
    ledger_commit = DeltaTable(str(out / "ledger")).version()
    assert _build(raw_dir, out)["dataset_version"] is None
    assert DeltaTable(str(out / "ledger")).version() == ledger_commit


def test_refresh_whose_batch_fails_raises_its_error_and_commits_nothing(raw_dir: Path, tmp_path: Path, monkeypatch):
    """A refresh computes its stories and pairs while its batches enrich (EarlyWork): a batch that fails after
    handing over its rows, or before, ends the run with the batch's own error (a full disk here, which cannot
    be made on purpose), leaves no dataset version and no thread waiting, and the next refresh reads again."""
    import errno
    import threading

    from kcna_dataset.stages import enrich, parse

    out, rebuilt = tmp_path / "out", tmp_path / "rebuilt"
    _build(raw_dir, out)
    (raw_dir / "text" / "new_article.txt").write_text(NEW_ARTICLE)
    versions = store.load("versions", out=out).height
    for module, name in ((enrich, "enrich_articles"), (parse, "parse_records")):  # after the hand-over, before it
        def full_disk(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")
        with monkeypatch.context() as patch:
            patch.setattr(module, name, full_disk)
            with pytest.raises(OSError, match="No space left"):
                _build(raw_dir, out)
        assert store.load("versions", out=out).height == versions, name
        for thread in threading.enumerate():  # the early threads end too: no wait for rows never staged
            if thread.name.startswith("early-"):
                thread.join(timeout=30)
                assert not thread.is_alive(), name
    summary = _build(raw_dir, out)
    assert (summary["raw_files_read"], summary["articles_added"]) == (1, 1)
    _build(raw_dir, rebuilt)
    _assert_same_dataset(out, rebuilt)


def test_touched_file_is_hashed_again_but_writes_no_version(raw_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    _build(raw_dir, out)
    seed = raw_dir / "text" / "seed_press_statement.txt"
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 10**9))
    assert _build(raw_dir, out)["dataset_version"] is None
    # Same size, new content, new mtime: read again.
    seed.write_text(seed.read_text().replace("Pyongyang", "Pyongyamg", 1))
    assert _build(raw_dir, out)["raw_files_changed"] == 1


def test_nightly_appends_are_compacted_and_every_version_still_reads_the_same(raw_dir: Path, tmp_path: Path, monkeypatch):
    """A refresh appends a small file per table; past COMPACT_AT_SMALL_FILES they are merged into one,
    and each dataset version, older ones included, reads exactly the rows it had when it was written."""
    from kcna_dataset.storage import delta

    monkeypatch.setattr(delta, "COMPACT_AT_SMALL_FILES", 3)
    out = tmp_path / "out"
    _build(raw_dir, out)
    seen = {1: _content(out, "articles")}
    for day in range(2, 7):
        text = NEW_ARTICLE.replace("New Article", f"New Article {day}").replace("2 January", f"{day + 1} January")
        (raw_dir / "text" / f"day_{day}.txt").write_text(text)
        summary = _build(raw_dir, out)
        version = summary["dataset_version"]
        seen[version] = _content(out, "articles")
        assert seen[version].height == seen[version - 1].height + 1
    for table in ("articles", "sources", "mentions", "versions", "ledger"):
        files = DeltaTable(str(store.table_path(out, table))).file_uris()
        assert len(files) < 3 + 1, (table, len(files))  # without compaction: one more file per version
    assert [op["operation"] for op in DeltaTable(str(store.table_path(out, "articles"))).history()].count("OPTIMIZE") >= 1
    for version, rows in seen.items():
        assert store.load("articles", version, out).drop("first_version").sort("article_id").equals(rows)
    assert store.manifest(out)["dataset_version"].to_list() == list(range(1, 7))
    assert store.ledger(out, store.latest(out)).height == summary["raw_files_seen"]  # compacted, every file once

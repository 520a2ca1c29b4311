"""Accounting: every version records what it read and what became of it; a lost record fails the run.

The real flow on a real (temporary) Prefect server, in this process, so that a stage can be made to
lose a row (monkeypatch) and the end-of-build check must catch it before anything is committed.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.stages import enrich
from kcna_dataset.stages import parse
from kcna_dataset.storage import store
from kcna_dataset.stages import validate
from kcna_dataset.cli.main import main as kcna
from kcna_dataset.storage.publish import AccountingError

pytestmark = pytest.mark.usefixtures("prefect_server")


def _build(raw: Path, out: Path) -> dict:
    from kcna_dataset.flows.pipeline import build_dataset

    return build_dataset(raw=str(raw), out=str(out), trigger="test")


def _losing_last_row(function):
    """The stage as it is, except that its first output frame comes back one row short."""

    def lossy(*args, **kwargs):
        result = function(*args, **kwargs)
        if isinstance(result, tuple):
            return (result[0].head(-1), *result[1:])
        return result.head(-1)

    return lossy


@pytest.mark.parametrize(
    ("module", "name"),
    [(parse, "parse_records"), (validate, "validate_articles"), (enrich, "enrich_articles")],
    ids=["parse", "validate", "enrich"],
)
def test_a_stage_that_loses_a_row_fails_the_run_and_commits_nothing(module, name, raw_dir: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(module, name, _losing_last_row(getattr(module, name)))
    with pytest.raises(AccountingError, match=r"records read \(14\) != records kept \(9\) \+ rejected \(4\)"):
        _build(raw_dir, out)
    assert store.manifest(out).height == 0
    for table in store.DATA_TABLES:
        assert pl.read_delta(str(out / table)).height == 0  # not even ahead of the manifest
    assert not (out / store.STAGING).exists()

    monkeypatch.undo()
    assert _build(raw_dir, out)["dataset_version"] == 1


def test_the_cli_reports_a_lost_row_in_one_line(raw_dir: Path, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setattr(parse, "parse_records", _losing_last_row(parse.parse_records))
    assert kcna(["build", "--raw", str(raw_dir), "--out", str(tmp_path / "out")]) == 2
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith("kcna build: ")]
    assert len(said) == 1 and "records read (14)" in said[0] and "nothing committed" in said[0]


def test_every_version_records_its_accounts_and_versions_shows_them(raw_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    _build(raw_dir, out)
    (raw_dir / "text" / "added.txt").write_text(
        "3 March, Juche112(2023)\n\nNew Factory Opened\n\nPyongyang, March 2 (KCNA) -- A new factory opened today.\n"
    )
    (raw_dir / "text" / "broken.json").write_text("{")
    _build(raw_dir, out)

    first, second = store.manifest(out).iter_rows(named=True)
    assert (first["raw_files_seen"], first["raw_records_read"]) == (5, 14)
    # A refresh reads only the two new files: their two records.
    assert (second["raw_files_seen"], second["raw_files_read"], second["raw_records_read"]) == (7, 2, 2)
    assert (second["articles_added"], second["sources_added"], second["rejects_added"]) == (1, 1, 1)
    by_reason = json.loads(second["rejects_by_reason"])
    assert by_reason == {"extract/invalid_json": 1}
    # Each version's accounts balance: every record read was kept or rejected in that run.
    assert second["raw_records_read"] == second["sources_added"] + sum(by_reason.values())
    assert store.load("sources", 2, out).height == store.load("sources", 1, out).height + 1

    assert kcna(["versions", "--out", str(out)]) == 0
    listing = capsys.readouterr().out.splitlines()
    # version, date, time, mode, files read, changed, missing, records, +articles, +sources, +rejects, input, trigger
    fields = listing[2].split()
    assert fields[:11] == ["2", *fields[1:3], "refresh", "2", "0", "0", "2", "1", "1", "1"] and fields[12:] == ["test"]

    assert kcna(["versions", "--out", str(out), "--detail", "2"]) == 0
    detail = capsys.readouterr().out
    assert "raw records read             2  = kept 1 + rejected 1" in detail
    assert "1  extract/invalid_json" in detail and "(read 2, changed 0, missing 0)" in detail

    assert kcna(["versions", "--out", str(out), "--detail", "9"]) == 2
    assert "dataset version 9 does not exist" in capsys.readouterr().err

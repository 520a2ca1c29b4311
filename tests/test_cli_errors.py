"""Errors a user can cause print one line (exit 2), found before any Prefect server starts."""

from __future__ import annotations

from pathlib import Path

from kcna_dataset.cli.main import main as kcna


def _one_line(capsys) -> str:
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_build_with_a_missing_raw_folder_says_so_in_one_line(tmp_path: Path, capsys):
    assert kcna(["build", "--raw", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert _one_line(capsys) == f"kcna build: raw folder {tmp_path / 'missing'} does not exist: put raw texts there or pass --raw DIR"
    assert not (tmp_path / "out").exists()


def test_build_into_another_tools_folder_is_refused_in_one_line(raw_dir: Path, tmp_path: Path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    (other / "results.csv").write_text("a,b\n")
    assert kcna(["build", "--raw", str(raw_dir), "--out", str(other)]) == 2
    assert "holds files this tool did not write (results.csv)" in _one_line(capsys)
    assert sorted(p.name for p in other.iterdir()) == ["results.csv"]


def test_report_and_export_without_a_dataset_say_how_to_make_one(tmp_path: Path, capsys):
    assert kcna(["report", "--out", str(tmp_path)]) == 2
    assert _one_line(capsys) == f"kcna report: no dataset in {tmp_path}: run `kcna build --out {tmp_path}` first"
    assert kcna(["export", "--out", str(tmp_path), "--to", str(tmp_path / "release")]) == 2
    assert _one_line(capsys).startswith("kcna export: no dataset in")

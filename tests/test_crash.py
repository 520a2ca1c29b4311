"""Crashes: a real `kcna build` child process SIGKILLed at each point of kcna_dataset/orchestration/faults.POINTS.

After each kill the previous dataset version must be fully readable and consistent, and the next build
must succeed and give exactly what an uninterrupted build gives. The children share one real Prefect
server (conftest `prefect_api`).
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from kcna_dataset.orchestration import faults
from kcna_dataset.storage import store
from kcna_dataset.storage import stream_write
from tests.conftest import FIXTURE_RAW, run_kcna

pytestmark = pytest.mark.slow

VOLATILE = {"created_at", "duration_seconds", "delta_versions", "trigger", "code_version"}


def snapshot(out: Path) -> dict:
    """Everything a reader sees at the latest dataset version, minus timings and Delta version numbers."""
    manifest = store.manifest(out).drop(*VOLATILE)
    tables = {table: store.load(table, out=out) for table in store.DATA_TABLES}
    return {
        "versions": manifest.rows(),
        **{table: frame.sort(frame.columns).rows() for table, frame in tables.items()},
    }


def assert_consistent(out: Path) -> None:
    """Every version's tables are readable and account for every record the version read."""
    for row in store.manifest(out).iter_rows(named=True):
        version = row["dataset_version"]
        sources = store.load("sources", version, out)
        rejects = store.load("rejects", version, out)
        articles = store.load("articles", version, out)
        assert articles["article_id"].is_unique().all()
        assert set(sources["article_id"]) == set(articles["article_id"])
        if version == 1:  # later versions are refreshes that read only new files; the first reads all
            assert row["raw_records_read"] == sources.height + rejects.height


def _second_batch_of_input(raw: Path) -> None:
    """New raw files that add rows to every table: an article (a leader's visit naming a country, with a quote,
    for the tables derived from articles), a re-run of the seed a day later (a near-duplicate pair), and a reject."""
    (raw / "text" / "added_article.txt").write_text(
        "3 March, Juche112(2023)\n\nKim Jong Un Visits New Factory\n\nPyongyang, March 2 (KCNA) -- Kim Jong Un "
        "visited a new factory in "
        'Sinuiju despite the sanctions of the United States. "This is a great victory of our people," a worker '
        "said at the ceremony.\n"
    )
    seed = (raw / "text" / "seed_press_statement.txt").read_text()
    rerun = seed.replace("22 November, Juche110(2021)", "23 November, Juche110(2021)").replace(
        "To us, human rights is, after all, state rights.", "To us, human rights are state rights."
    )
    (raw / "text" / "added_rerun_of_seed.txt").write_text(rerun)
    (raw / "text" / "added_empty.txt").write_text("")


@pytest.fixture(scope="module")
def folders(prefect_api, tmp_path_factory) -> dict:
    """Raw inputs A and A+B, version 1 built from A, and the reference: A then A+B without interruption."""
    base = tmp_path_factory.mktemp("crash")
    raw = base / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    first = base / "v1"
    done = run_kcna(prefect_api, "build", "--raw", str(raw), "--out", str(first), "--trigger", "test")
    assert done.returncode == 0, done.stderr
    _second_batch_of_input(raw)
    reference = base / "reference"
    shutil.copytree(first, reference)
    done = run_kcna(prefect_api, "build", "--raw", str(raw), "--out", str(reference), "--trigger", "test")
    assert done.returncode == 0, done.stderr
    assert store.manifest(reference).height == 2
    return {"raw": raw, "first": first, "reference": snapshot(reference), "v1": snapshot(first)}


@pytest.mark.parametrize("point", faults.POINTS)
def test_build_killed_at_point_leaves_previous_version_and_next_build_catches_up(point, folders, prefect_api, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(folders["first"], out)
    args = ("build", "--raw", str(folders["raw"]), "--out", str(out), "--trigger", "test")

    killed = run_kcna(prefect_api, *args, fault=f"kill:{point}")
    # Killed by its own SIGKILL: proof that the build reached the point (a missed point would exit 0).
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]

    # What readers see: version 1 exactly as before (or, killed after the manifest commit, version 2 whole).
    assert_consistent(out)
    seen = snapshot(out)
    assert seen == (folders["reference"] if point == f"committed:{store.MANIFEST}" else folders["v1"])

    resumed = run_kcna(prefect_api, *args)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "Traceback" not in resumed.stderr
    assert snapshot(out) == folders["reference"]
    assert_consistent(out)
    assert not (out / store.STAGING).exists()



STREAMED_POINTS = [point for point in faults.POINTS if point.partition(":")[2] in stream_write.TABLES]


@pytest.mark.parametrize("point", STREAMED_POINTS)
def test_full_rebuild_killed_while_streaming_its_big_tables_leaves_previous_version(point, folders, prefect_api, tmp_path):
    """A full build writes articles and sources while its batches run (kcna_dataset/storage/stream_write.py): killed
    mid-stream or between their commits, version 1 reads back as before, and the next build completes."""
    out = tmp_path / "out"
    shutil.copytree(folders["first"], out)
    args = ("build", "--full", "--raw", str(folders["raw"]), "--out", str(out), "--trigger", "test")

    killed = run_kcna(prefect_api, *args, fault=f"kill:{point}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    assert_consistent(out)
    assert snapshot(out) == folders["v1"]

    resumed = run_kcna(prefect_api, *args)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    rebuilt = snapshot(out)
    # A full rebuild of A+B holds what the refresh of A by B holds (its manifest row says otherwise).
    assert {table: rebuilt[table] for table in store.DATA_TABLES} == {
        table: folders["reference"][table] for table in store.DATA_TABLES
    }
    assert_consistent(out)


# ---- Full disk and unwritable output: a clear one-line error, no partial version ----------------------


@contextlib.contextmanager
def small_disk(path: Path, size: str):
    """A real tmpfs of `size` mounted at path (root with CAP_SYS_ADMIN only: skipped elsewhere)."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.decode().strip()}): needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _one_line_error(done, *phrases: str) -> None:
    """Exit 2 and one line that says what is wrong. (Prefect's run log above it may show the failed
    task's traceback: that is Prefect reporting the task, not the command crashing.)"""
    assert done.returncode == 2, done.stderr[-3000:]
    said = [line for line in done.stderr.splitlines() if line.startswith("kcna build: ")]
    assert len(said) == 1 and all(phrase in said[0] for phrase in phrases), done.stderr[-3000:]


def test_full_disk_gives_a_clear_error_and_no_partial_version(folders, prefect_api, tmp_path):
    with small_disk(tmp_path / "disk", "4m") as disk:
        out = disk / "out"
        shutil.copytree(folders["first"], out)
        filler = disk / "filler"
        # Leave 16 KB: enough to take the lock and plan, not enough to stage and write a version.
        free = shutil.disk_usage(disk).free
        filler.write_bytes(b"\0" * (free - 16 * 1024))
        args = ("build", "--raw", str(folders["raw"]), "--out", str(out), "--trigger", "test")

        full = run_kcna(prefect_api, *args)
        _one_line_error(full, "No space left on device", "previous dataset version is unchanged")
        assert snapshot(out) == folders["v1"]
        assert_consistent(out)

        filler.unlink()
        again = run_kcna(prefect_api, *args)
        assert again.returncode == 0, again.stderr[-3000:]
        assert snapshot(out) == folders["reference"]


def test_read_only_output_gives_a_clear_error(folders, prefect_api, tmp_path):
    with small_disk(tmp_path / "disk", "4m") as disk:
        out = disk / "out"
        shutil.copytree(folders["first"], out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = run_kcna(prefect_api, "build", "--raw", str(folders["raw"]), "--out", str(out))
        _one_line_error(done, "Read-only file system")
        assert snapshot(out) == folders["v1"]


def test_output_path_that_is_a_file_gives_a_clear_error(folders, prefect_api, tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder")
    done = run_kcna(prefect_api, "build", "--raw", str(folders["raw"]), "--out", str(out))
    _one_line_error(done, "is not a folder")
    assert out.read_text() == "not a folder"

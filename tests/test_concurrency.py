"""Concurrent builds on one output folder: one proceeds, the other stops with a clear message or waits.

Real `kcna build` child processes on one real Prefect server (conftest `prefect_api`). A build is held
mid-run with KCNA_FAULT=pause:parse (kcna_dataset/orchestration/faults.py) so that the overlap is certain, not a race.
"""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import pytest

from kcna_dataset.storage import store
from tests.conftest import FIXTURE_RAW, run_kcna

pytestmark = pytest.mark.slow


def _paused_build(env: dict, raw: Path, out: Path, ready: Path):
    """A build that has taken the lock and stopped in the parse task; returns the child process."""
    child = run_kcna({**env, "KCNA_FAULT_READY": str(ready)}, "build", "--raw", str(raw), "--out", str(out),
                     fault="pause:parse", wait=False)
    while not ready.exists():
        assert child.poll() is None, child.communicate()[1][-3000:]
        time.sleep(0.1)
    return child


def test_second_build_stops_then_waits_and_takes_over_a_killed_builds_lock(prefect_api, tmp_path: Path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(FIXTURE_RAW, raw)
    holder = _paused_build(prefect_api, raw, out, tmp_path / "ready")
    try:
        refused = run_kcna(prefect_api, "build", "--raw", str(raw), "--out", str(out))
        assert refused.returncode == 2
        said = [line for line in refused.stderr.splitlines() if line.startswith("kcna build: ")]
        assert len(said) == 1 and "another build is writing" in said[0] and "--wait" in said[0], refused.stderr

        waiter = run_kcna(prefect_api, "build", "--raw", str(raw), "--out", str(out), "--wait", "300", wait=False)
        # The holder dies without any cleanup; the kernel releases its flock and the waiter proceeds.
        holder.send_signal(signal.SIGKILL)
        assert holder.wait() == -signal.SIGKILL
        stdout, stderr = waiter.communicate(timeout=600)
        assert waiter.returncode == 0, stderr[-3000:]
        assert "dataset version 1 written" in stdout
    finally:
        holder.kill()
    assert (out / ".kcna.lock").exists()  # the killed build's lock file is still there: it is not what locks
    versions = store.manifest(out)
    assert versions["dataset_version"].to_list() == [1]
    row = versions.row(0, named=True)
    assert row["raw_records_read"] == store.load("sources", out=out).height + store.load("rejects", out=out).height
    assert not (out / store.STAGING).exists()


def test_two_builds_started_together_write_one_version(prefect_api, tmp_path: Path):
    """Both start at once: one writes version 1; the other is refused or (if it came later) finds nothing new."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(FIXTURE_RAW, raw)
    children = [run_kcna(prefect_api, "build", "--raw", str(raw), "--out", str(out), wait=False) for _ in range(2)]
    results = [(child.returncode, *output) for child, output in ((c, c.communicate(timeout=600)) for c in children)]
    written = [r for r in results if r[0] == 0 and "dataset version 1 written" in r[1]]
    others = [r for r in results if r not in written]
    assert len(written) == 1, results
    (code, stdout, stderr), = others
    assert (code == 2 and "another build is writing" in stderr) or (code == 0 and "nothing new" in stdout), (code, stderr)
    assert store.manifest(out)["dataset_version"].to_list() == [1]

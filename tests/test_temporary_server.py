"""`kcna build` with no Prefect server configured: the temporary server it starts early (kcna_dataset/orchestration/temporary_server.py)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kcna_dataset.orchestration import environment
from kcna_dataset.orchestration import temporary_server
from tests.conftest import FIXTURE_RAW, run_kcna


def _env(home: Path) -> dict[str, str]:
    """This environment without any Prefect setting but the project's defaults and its own Prefect home."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    return {**env, **environment.DEFAULTS, "PREFECT_HOME": str(home)}


def _child(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-P", temporary_server.__file__], env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _answers(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2):
            return True
    except OSError:
        return False


def test_a_server_named_in_the_active_profile_is_used_not_a_temporary_one(tmp_path: Path):
    (tmp_path / "profiles.toml").write_text('active = "mine"\n\n[profiles.mine]\nPREFECT_API_URL = "http://127.0.0.1:9/api"\n')
    stdout, _ = _child(_env(tmp_path)).communicate(timeout=120)
    assert stdout == "\n"  # Prefect's own settings name a server: no temporary one, the build uses the profile's


def test_no_server_is_started_unless_the_build_asks(tmp_path: Path):
    """A build whose folder check fails closes the pipe without asking: nothing ever listens."""
    child = _child(_env(tmp_path))
    api_url = child.stdout.readline().strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api", api_url)
    child.stdin.close()
    assert child.wait(timeout=120) == 0  # it returns instead of serving


@pytest.mark.slow
def test_build_without_a_server_starts_one_and_stops_it(tmp_path: Path):
    result = run_kcna(_env(tmp_path / "prefect-home"), "build", "--raw", str(FIXTURE_RAW), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "dataset version 1 written" in result.stdout
    started = re.search(r"Starting temporary server on (http://127\.0\.0\.1:\d+)", result.stderr)
    assert started and f"Stopping temporary server on {started[1]}" in result.stderr
    assert not _answers(f"{started[1]}/api")


@pytest.mark.slow
def test_a_killed_build_takes_its_server_down(tmp_path: Path):
    import psutil

    build = run_kcna(
        _env(tmp_path / "prefect-home"), "build", "--raw", str(FIXTURE_RAW), "--out", str(tmp_path / "out"), wait=False
    )
    server = None
    try:
        for line in build.stderr:
            if started := re.search(r"Starting temporary server on (http://127\.0\.0\.1:\d+)", line):
                break
        else:
            pytest.fail(f"no temporary server started: {build.communicate()}")
        deadline = time.monotonic() + 300
        while not _answers(f"{started[1]}/api") and time.monotonic() < deadline:
            time.sleep(0.2)
        (server,) = psutil.Process(build.pid).children()
        build.send_signal(signal.SIGKILL)  # no atexit, no clean-up: only the closed pipe tells the server
        build.wait(timeout=30)
        _, alive = psutil.wait_procs([server], timeout=60)
        assert not alive
    finally:
        if server is not None and server.is_running():
            server.kill()  # the server holds the build's stderr: reading it would wait for the server
        build.kill()
        build.communicate()

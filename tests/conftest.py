"""Shared test fixtures: the hand-written raw files, the real corpora (where present), a Prefect server."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from kcna_dataset.orchestration import environment

environment.configure()

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_RAW = Path(__file__).parent / "fixtures" / "raw"
CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
EXAMPLES_RUN: dict[str, int] = {}
"""Property test -> examples it ran in this session (tests/test_properties.py), printed at the end."""


def pytest_terminal_summary(terminalreporter) -> None:
    if EXAMPLES_RUN:
        terminalreporter.section("property-test examples run")
        for name, examples in sorted(EXAMPLES_RUN.items()):
            terminalreporter.write_line(f"{examples:>7,}  {name}")
        terminalreporter.write_line(f"{sum(EXAMPLES_RUN.values()):>7,}  in all")


def corpora_or_skip() -> Path:
    """The shared real corpora, or a skip that says why (they are not shipped with the project)."""
    if not (CORPORA / "kcna-co-jp").is_dir():
        pytest.skip(f"real corpora not found at {CORPORA} (they live beside the project, not in it)")
    return CORPORA


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A raw folder with every fixture form; one day file gzip-compressed, as scrapers store them."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    day = raw / "kcna-co-jp" / "1997-01-01_juche.json"
    (raw / "kcna-co-jp" / "1997-01-01_juche.json.gz").write_bytes(gzip.compress(day.read_bytes()))
    day.unlink()
    return raw


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real (temporary) Prefect server for the session, with its own home."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
        yield


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory, prefect_server) -> Path:
    """An output folder built twice from the fixtures: version 2 adds one article and one rejected file."""
    from kcna_dataset.flows.pipeline import build_dataset

    base = tmp_path_factory.mktemp("two-versions")
    raw, out = base / "raw", base / "out"
    shutil.copytree(FIXTURE_RAW, raw)
    build_dataset(raw=str(raw), out=str(out), trigger="test")
    (raw / "text" / "added_article.txt").write_text(
        "2 January, Juche113(2024)\n\nAdded Article\n\nPyongyang, January 1 (KCNA) -- A text added in version 2.\n"
    )
    (raw / "text" / "added_empty.txt").write_text("\n\n")
    build_dataset(raw=str(raw), out=str(out), trigger="test")
    return out


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """One real `prefect server start` on 127.0.0.1 for tests that run builds as child processes.

    Without it every child would start its own temporary server (13-25 s each, ../shared/FACTS.md).
    Yields the environment a child needs to use it.
    """
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    home = tmp_path_factory.mktemp("prefect-server-home")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(environment.DEFAULTS, PREFECT_HOME=str(home), PREFECT_SERVER_UI_ENABLED="false")
    prefect = Path(sys.executable).with_name("prefect")
    server = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-services"],
        env=env, stdout=subprocess.DEVNULL, stderr=(home / "server.log").open("wb"), start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(600):
            if server.poll() is not None:
                pytest.fail(f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("prefect server did not answer within 300 s")
        child_home = tmp_path_factory.mktemp("prefect-client-home")
        yield {**env, "PREFECT_API_URL": api, "PREFECT_HOME": str(child_home)}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def run_kcna(env: dict, *args: str, fault: str | None = None, wait: bool = True, **popen):
    """The installed `kcna ARGS` in a child process (a real process that can be killed); KCNA_FAULT set from `fault`."""
    import subprocess
    import sys

    child_env = dict(env)
    if fault:
        child_env["KCNA_FAULT"] = fault
    command = [str(Path(sys.executable).with_name("kcna")), *args]
    if not wait:
        return subprocess.Popen(command, env=child_env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, **popen)
    return subprocess.run(command, env=child_env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)

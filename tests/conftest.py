"""Shared test fixtures: the hand-written raw files, the real corpora (where present), a Prefect server."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from flows import prefect_env

prefect_env.configure()

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_RAW = Path(__file__).parent / "fixtures" / "raw"
CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"


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
    from flows.pipeline import build_dataset

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

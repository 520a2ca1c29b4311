"""The researcher's API at the package's top level: a notebook that reads a table loads only polars and
deltalake; importing the package starts no thread and changes no setting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kcna_dataset
from kcna_dataset.storage import store
from tests.conftest import PROJECT_ROOT

READ_IN_A_FRESH_PROCESS = """
import json, os, sys, threading
before_env, before_threads = dict(os.environ), threading.active_count()
import kcna_dataset
after_import = {"threads": threading.active_count() - before_threads, "env_changed": dict(os.environ) != before_env}
articles = kcna_dataset.load("articles", out=sys.argv[1])
print(json.dumps({
    **after_import,
    "rows": articles.height,
    "titles": sorted(articles["title"].to_list()),
    "versions": kcna_dataset.versions(sys.argv[1])["dataset_version"].to_list(),
    "loaded": sorted({name.split(".")[0] for name in sys.modules}),
}))
"""


@pytest.mark.slow
def test_reading_a_table_loads_neither_prefect_nor_the_declarations(two_versions: Path):
    environment = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    printed = subprocess.run([sys.executable, "-c", READ_IN_A_FRESH_PROCESS, str(two_versions)], env=environment,
                             capture_output=True, text=True, check=True).stdout
    seen = json.loads(printed)
    assert seen["threads"] == 0 and seen["env_changed"] is False
    assert seen["titles"] == sorted(store.load("articles", out=two_versions)["title"].to_list())
    assert "Added Article" in seen["titles"] and seen["versions"] == [1, 2]
    assert "prefect" not in seen["loaded"] and "pandera" not in seen["loaded"]
    assert {"polars", "deltalake"} <= set(seen["loaded"])


def test_the_top_level_is_the_reading_api_with_examples():
    assert kcna_dataset.__all__ == ["load", "scan", "latest_articles", "file_uris", "versions"]
    for name in kcna_dataset.__all__:
        assert ">>>" in getattr(kcna_dataset, name).__doc__, f"{name} has no example"


@pytest.mark.slow
def test_the_wheel_installs_one_package_and_nothing_generic(tmp_path: Path):
    """What `pip install` puts in site-packages: kcna_dataset with flows, schemas and the rule files inside it."""
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(PROJECT_ROOT)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("kcna_dataset-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"kcna_dataset", wheel.name.split("-py")[0] + ".dist-info"}
    for module in ("flows/pipeline.py", "flows/deployment.py", "schemas/tables.py", "fields/rules/gazetteer_v1.csv",
                   "cli/main.py", "storage/delta.py"):
        assert f"kcna_dataset/{module}" in names

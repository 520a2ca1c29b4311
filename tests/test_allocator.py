"""The polars allocator setting that the entry points make before polars loads
(kcna_dataset/orchestration/environment.py), and that a plain `import kcna_dataset` never makes."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import PROJECT_ROOT

SETTING = "print(os.environ.get('_RJEM_MALLOC_CONF', 'unset'))"


def _setting_seen_by_a_fresh_process(imports: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"} | env
    return subprocess.run([sys.executable, "-c", f"import os, {imports}; {SETTING}"], cwd=PROJECT_ROOT,
                          env=environment, capture_output=True, text=True, check=True).stdout.strip()


def test_the_flows_keep_freed_pages_before_polars_loads():
    assert _setting_seen_by_a_fresh_process("kcna_dataset.flows") == "dirty_decay_ms:10000,muzzy_decay_ms:10000"


def test_the_command_sets_it_before_it_runs_a_command():
    code = "from kcna_dataset.cli.main import main; main(['versions', '--out', 'no-such-folder'])"
    environment = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    printed = subprocess.run([sys.executable, "-c", f"import os\ntry:\n    {code}\nfinally:\n    {SETTING}"],
                             cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True).stdout
    # polars puts its own defaults in front when it loads; jemalloc takes the last value of each option.
    assert printed.strip().splitlines()[-1].endswith(",dirty_decay_ms:10000,muzzy_decay_ms:10000")


def test_a_plain_import_of_the_library_leaves_it_alone():
    assert _setting_seen_by_a_fresh_process("kcna_dataset") == "unset"


def test_a_users_own_allocator_setting_wins():
    assert _setting_seen_by_a_fresh_process("kcna_dataset.flows", _RJEM_MALLOC_CONF="narenas:2") == "narenas:2"

"""The polars allocator setting that `flows` makes before polars loads (see flows/__init__.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import PROJECT_ROOT

SETTING = "import flows, os; print(os.environ['_RJEM_MALLOC_CONF'])"


def _setting_seen_by_a_fresh_process(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"} | env
    return subprocess.run([sys.executable, "-c", SETTING], cwd=PROJECT_ROOT, env=environment,
                          capture_output=True, text=True, check=True).stdout.strip()


def test_flows_keeps_freed_pages_before_polars_loads():
    assert _setting_seen_by_a_fresh_process() == "dirty_decay_ms:10000,muzzy_decay_ms:10000"


def test_a_users_own_allocator_setting_wins():
    assert _setting_seen_by_a_fresh_process(_RJEM_MALLOC_CONF="narenas:2") == "narenas:2"

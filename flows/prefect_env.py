"""Prefect settings that must be in place before `import prefect`: fast, quiet, offline-safe start.

Measured here (../shared/FACTS.md): a fresh machine's temporary server migrates its database for
25-75 s, past Prefect's default 20-s start-up timeout; offline telemetry logs failures and its
heartbeat caused SQLite 'database is locked' tracebacks. A user's own settings always win.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


def configure() -> None:
    """Apply DEFAULTS where the environment does not set them."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)

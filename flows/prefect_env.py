"""Prefect settings that must be in place before `import prefect`: fast, quiet, offline-safe start.

Measured here (../shared/FACTS.md): a fresh machine's temporary server migrates its database for
25-75 s, past Prefect's default 20-s start-up timeout; offline telemetry logs failures and its
heartbeat caused SQLite 'database is locked' tracebacks. A user's own settings always win.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

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


@contextlib.contextmanager
def command_line_run() -> Iterator[None]:
    """Settings for a flow run that `kcna build` starts itself, not a deployment: no heartbeat thread.

    Heartbeats let an automation mark a deployment's run as crashed when its process dies; a build run
    from the command line has its user watching. Each run's heartbeat thread sleeps in 1-s steps and
    is joined at the end of the run: up to 1 s per build. Deployment runs (`kcna serve`, a worker) do
    not come through here and keep heartbeats; PREFECT_FLOWS_HEARTBEAT_FREQUENCY set by a user wins.
    """
    from prefect.context import SettingsContext
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if "heartbeat_frequency" in settings.flows.model_fields_set:
        yield
        return
    # A copy with one field changed: `temporary_settings` would re-read every settings source (~0.1 s).
    flows = settings.flows.model_copy(update={"heartbeat_frequency": None})
    with SettingsContext(profile=SettingsContext.get().profile, settings=settings.model_copy(update={"flows": flows})):
        yield

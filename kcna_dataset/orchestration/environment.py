"""Process settings of the entry points (the `kcna` command and the flow modules), never of a plain import.

Prefect's settings must be in place before `import prefect` (a fresh machine's temporary server needs a
longer start-up timeout; offline telemetry only logs failures), and polars reads its allocator setting
once, when it loads. A user's own settings always win. Why each value: docs/benchmarks.md.
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


ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:10000,muzzy_decay_ms:10000"}
"""polars' jemalloc keeps freed pages 10 s before handing them back: a build reuses gigabytes of batch
buffers, and each page handed back faults again (docs/benchmarks.md, "allocator")."""

DASK_QUIET = {"DASK_LOGGING__DISTRIBUTED": "warning"}
"""A Dask build's workers log ~30 `distributed.*` INFO lines; warnings and errors still show."""


def configure() -> None:
    """Apply DEFAULTS, the allocator setting and Dask's log level where the environment does not set them.

    Called once by each entry point before polars or Prefect loads; `import kcna_dataset` never calls it.
    """
    for key, value in {**DEFAULTS, **ALLOCATOR, **DASK_QUIET}.items():
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

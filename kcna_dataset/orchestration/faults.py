"""Fault injection for the crash tests: does nothing unless KCNA_FAULT is set.

`KCNA_FAULT=kill:<point>` makes the build SIGKILL itself when it reaches `<point>` (a real kill: no
cleanup, no `finally`, no flushed buffers); `KCNA_FAULT=pause:<point>` makes it wait there until it is
killed from outside, after touching the file named by KCNA_FAULT_READY. The points are listed in
POINTS (one write and one commit point per data table, so a new table is covered);
tests/test_crash.py kills a build at each of them.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from kcna_dataset.schemas.keys import DATA_TABLES
from kcna_dataset.schemas.keys import MANIFEST_TABLE as MANIFEST

POINTS = (
    "parse",  # a batch is being parsed
    # mid-write: Parquet data written, Delta commit not yet made
    *(f"write:{table}" for table in DATA_TABLES),
    # between table commits; after the last one, every data table committed and the manifest row not yet
    *(f"committed:{table}" for table in DATA_TABLES),
    f"committed:{MANIFEST}",  # manifest committed, staging files not yet removed
)

def reach(point: str) -> None:
    """Kill or pause here if KCNA_FAULT names this point."""
    fault = os.environ.get("KCNA_FAULT")
    if not fault or fault.partition(":")[2] != point:
        return
    action = fault.partition(":")[0]
    if action == "pause":
        ready = os.environ.get("KCNA_FAULT_READY")
        if ready:
            Path(ready).write_text(str(os.getpid()))
        while True:
            time.sleep(0.1)
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)

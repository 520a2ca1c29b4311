"""Fault injection for the crash tests: does nothing unless KCNA_FAULT is set.

`KCNA_FAULT=kill:<point>` makes the build SIGKILL itself when it reaches `<point>` (a real kill: no
cleanup, no `finally`, no flushed buffers); `KCNA_FAULT=pause:<point>` makes it wait there until it is
killed from outside, after touching the file named by KCNA_FAULT_READY. The points are listed in
POINTS; tests/test_crash.py kills a build at each of them.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

POINTS = (
    "parse",  # a batch is being parsed
    "write:articles",  # mid-write: Parquet data written, Delta commit not yet made
    "write:sources",
    "write:rejects",
    "committed:articles",  # between table commits
    "committed:sources",
    "committed:rejects",  # every data table committed, manifest row not yet
    "committed:versions",  # manifest committed, staging files not yet removed
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

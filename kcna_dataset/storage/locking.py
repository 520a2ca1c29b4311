"""One build at a time per output folder.

An OS file lock (flock) is released by the kernel when its process dies, so a lock left by a killed
build is never stale: the next build simply acquires it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from kcna_dataset.storage import store

LOCK_NAME = ".kcna.lock"


class BuildLocked(Exception):
    """Another build holds the output folder."""


@contextlib.contextmanager
def output_lock(out: Path, wait_seconds: float | None = None) -> Iterator[None]:
    """Hold the output folder's lock; fail at once (or after wait_seconds) if another build holds it."""
    if wait_seconds is None:
        wait_seconds = float(os.environ.get("KCNA_LOCK_WAIT_SECONDS", "0"))
    store.check_output_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out / LOCK_NAME)
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise BuildLocked(
            f"another build is writing to {out} (lock {out / LOCK_NAME} is held); "
            "wait for it to finish, or pass --wait SECONDS"
        ) from None
    try:
        yield
    finally:
        lock.release()

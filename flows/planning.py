"""Before a build: check the folders, roll back an interrupted build, find the input, decide if anything is new."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from pathlib import Path

from flows import extract, store
from flows.provenance import rules_version


class RawFolderError(Exception):
    """The raw folder is missing or empty; the message says which."""


@dataclasses.dataclass(frozen=True)
class BuildPlan:
    """Everything a build's tasks need to know, small enough to pass between them."""

    raw: Path
    out: Path
    staging: Path
    dataset_version: int
    files: tuple[extract.RawFile, ...]
    input_fingerprint: str
    trigger: str
    full: bool
    unchanged: bool
    recovered: tuple[str, ...] = ()
    started: float = dataclasses.field(default_factory=time.perf_counter)

    def elapsed(self) -> float:
        """Seconds since planning began (the flow's own start-up excluded)."""
        return time.perf_counter() - self.started

    def unchanged_summary(self) -> dict:
        return {
            "dataset_version": None,
            "latest_version": self.dataset_version - 1,
            "message": "nothing new in the raw folder: no dataset version written",
            "raw_files_seen": len(self.files),
        }


def check_folders(raw: Path, out: Path) -> None:
    """The user-fixable folder errors, checked by `kcna build` before Prefect starts (no traceback in its logs)."""
    if not raw.is_dir():
        raise RawFolderError(f"raw folder {raw} does not exist: put raw texts there or pass --raw DIR")
    store.check_output_folder(out)


def plan_build(raw: Path, out: Path, *, full: bool, trigger: str) -> BuildPlan:
    """Check folders, recover from an interrupted build, list and fingerprint the raw files."""
    check_folders(raw, out)
    store.create_tables(out)
    recovered = tuple(store.recover(out))
    files = tuple(extract.discover(raw))
    if not files:
        raise RawFolderError(f"raw folder {raw} holds no files")
    fingerprint = extract.fingerprint(files)
    previous = store.latest(out)
    unchanged = (
        not full
        and previous is not None
        and previous["input_fingerprint"] == fingerprint
        and json.loads(previous["rules_version"]) == rules_version()
    )
    return BuildPlan(
        raw=raw,
        out=out,
        staging=out / store.STAGING / uuid.uuid4().hex,
        dataset_version=(previous["dataset_version"] if previous else 0) + 1,
        files=files,
        input_fingerprint=fingerprint,
        trigger=trigger,
        full=full,
        unchanged=unchanged,
        recovered=recovered,
    )

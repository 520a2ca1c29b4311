"""Before a build: check the folders, roll back an interrupted build, find the input, decide what to read.

A refresh (the default) compares the raw folder with the ledger of files already processed and reads
only new or changed files; a full rebuild reads every file. Nothing new, nothing changed and no file
newly gone: no dataset version at all. See docs/incremental.md for the policy on changed and vanished files.
"""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from pathlib import Path

import polars as pl
import pyarrow as pa
from deltalake import DeltaTable

from kcna_dataset.stages import extract
from kcna_dataset.storage import store
from kcna_dataset.stages.provenance import rules_version
from kcna_dataset.schemas.arrow import polars_schema
from kcna_dataset.schemas.keys import LEDGER_TABLE


class RawFolderError(Exception):
    """The raw folder is missing or empty; the message says which."""


@dataclasses.dataclass(frozen=True)
class LedgerChanges:
    """How the raw folder differs from the ledger, and the ledger the new version will have."""

    new: tuple[str, ...]
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    rows: tuple[tuple, ...]
    """The ledger rows this version writes (new, changed, newly gone or back), as tuples in the column
    order of schemas.tables.LedgerEntry; in a full rebuild, the whole ledger."""

    @property
    def differs(self) -> bool:
        return bool(self.rows)

    @property
    def only_new(self) -> bool:
        """Every row is a path the ledger does not hold yet (a night of new files): rows to append, not merge."""
        return len(self.rows) == len(self.new)


def _entry(f: extract.RawFile, read_in: int, missing_since: int | None = None) -> tuple:
    """A ledger row, in the column order of schemas.tables.LedgerEntry."""
    return (extract.printable_path(f.path), f.size, f.sha256, f.modified_ns, read_in, missing_since)


def compare_with_ledger(files: tuple[extract.RawFile, ...], ledger: pl.DataFrame, version: int) -> LedgerChanges:
    """Classify the raw files against the ledger of the previous version; `version` is the one being built.

    A file gone from the raw folder keeps its ledger row, marked with the version that first missed it:
    its rows stay in the dataset (a scraper that prunes old days must not shrink the corpus silently).
    """
    # One tuple per ledger row (a dict per row held ~30 MB more for the 53k files of a 1M-record corpus).
    columns = ("size_bytes", "file_sha256", "modified_ns", "dataset_version", "missing_since")
    known = dict(zip(ledger["source_path"], ledger.select(columns).iter_rows()))
    new, changed, updates, touched = [], [], [], []
    present = set()
    for f in files:
        # Paths as stored: a file name that is not UTF-8 keeps \xNN escapes (extract.printable_path).
        path = extract.printable_path(f.path)
        present.add(path)
        before = known.get(path)
        if before is None or before[:2] != (f.size, f.sha256):
            (new if before is None else changed).append(path)
            updates.append(_entry(f, version))
            continue
        _, _, modified, read_in, missing_since = before
        if missing_since is not None:
            updates.append(_entry(f, read_in))  # back, unchanged: nothing to read
        elif modified != f.modified_ns:
            touched.append(_entry(f, read_in))
    missing = sorted(known.keys() - present)
    for path in missing:
        size, digest, modified, read_in, missing_since = known[path]
        if missing_since is None:
            updates.append((path, size, digest, modified, read_in, version))
    if updates:
        # Same content under a new mtime: recorded along with a real change only, so that a touched
        # file alone writes no version (it is hashed again next time, and found unchanged again).
        updates += touched
    return LedgerChanges(tuple(new), tuple(changed), tuple(missing), tuple(sorted(updates)))


def full_ledger(files: tuple[extract.RawFile, ...], version: int) -> LedgerChanges:
    """The ledger of a rebuild from scratch: every file present, read by this version."""
    return LedgerChanges(tuple(extract.printable_path(f.path) for f in files), (), (), tuple(_entry(f, version) for f in files))


def ledger_frame(changes: LedgerChanges) -> pl.DataFrame:
    return pl.DataFrame(list(changes.rows), schema=polars_schema(LEDGER_TABLE), orient="row")


@dataclasses.dataclass(frozen=True)
class BuildPlan:
    """Everything a build's tasks need to know, small enough to pass between them."""

    raw: Path
    out: Path
    staging: Path
    dataset_version: int
    files: tuple[extract.RawFile, ...]
    """Every raw file present (fingerprint, counts)."""
    to_read: tuple[extract.RawFile, ...]
    """The files this build extracts: new or changed ones, or all of them in a full rebuild."""
    ledger: LedgerChanges
    input_fingerprint: str
    trigger: str
    full: bool
    full_reason: str | None
    unchanged: bool
    recovered: tuple[str, ...] = ()
    table_versions: dict[str, int] = dataclasses.field(default_factory=dict)
    """Delta version of each table as planned, before this build writes anything: a refresh compares with
    these, and need not open a table again to learn them."""
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
            "raw_files_missing": len(self.ledger.missing),
        }


def check_folders(raw: Path, out: Path) -> None:
    """The user-fixable folder errors, checked by `kcna build` before Prefect starts (no traceback in its logs)."""
    if not raw.is_dir():
        raise RawFolderError(f"raw folder {raw} does not exist: put raw texts there or pass --raw DIR")
    store.check_output_folder(out)


def _full_reason(tables: dict[str, DeltaTable], previous: dict | None, requested: bool) -> str | None:
    """Why this build must read every file, or None for a refresh."""
    if requested:
        return "requested (--full)"
    if previous is None:
        return "first dataset version"
    if json.loads(previous["rules_version"]) != rules_version():
        # Old rows were made by other rules: a refresh would mix two rule sets in one version.
        return f"rules or enrichments changed since dataset version {previous['dataset_version']}"
    for table in store.DATA_TABLES:
        stored = pl.from_arrow(pa.schema(tables[table].schema().to_arrow()).empty_table()).schema
        if dict(stored) != dict(polars_schema(table)):
            return f"the declared columns of {table!r} changed since dataset version {previous['dataset_version']}"
    return None


def with_fetch_provenance(files: tuple[extract.RawFile, ...], fetched: dict) -> tuple[extract.RawFile, ...]:
    """The files, each with the (URL, time) `kcna collect` fetched it from where the collect ledger has it."""
    if not fetched:
        return files
    return tuple(dataclasses.replace(f, fetched=fetched[f.path]) if f.path in fetched else f for f in files)


def plan_build(raw: Path, out: Path, *, full: bool, trigger: str) -> BuildPlan:
    """Check folders, recover from an interrupted build, list and hash the raw files, compare with the ledger."""
    check_folders(raw, out)
    store.create_tables(out)
    previous = store.latest(out)
    tables = store.open_tables(out)
    recovered = tuple(store.recover(out, previous, tables))
    if recovered:  # a restore is a commit of its own
        tables = store.open_tables(out)
    version = (previous["dataset_version"] if previous else 0) + 1
    full_reason = _full_reason(tables, previous, full)
    # A rebuild hashes every file afresh; a refresh trusts the ledger's hash where size and mtime agree.
    ledger = store.ledger(out, previous) if not full_reason else None
    known = {} if ledger is None else dict(
        zip(ledger["source_path"], ledger.select("size_bytes", "modified_ns", "file_sha256").iter_rows())
    )
    files = tuple(extract.discover(raw, known))
    if not files:
        raise RawFolderError(f"raw folder {raw} holds no files")
    if ledger is None:
        changes = full_ledger(files, version)
        to_read = files
    else:
        changes = compare_with_ledger(files, ledger, version)
        wanted = {*changes.new, *changes.changed}
        to_read = tuple(f for f in files if extract.printable_path(f.path) in wanted)
    to_read = with_fetch_provenance(to_read, store.fetch_provenance(out))
    return BuildPlan(
        raw=raw,
        out=out,
        staging=out / store.STAGING / uuid.uuid4().hex,
        dataset_version=version,
        files=files,
        to_read=to_read,
        ledger=changes,
        input_fingerprint=extract.fingerprint(files),
        trigger=trigger,
        full=full_reason is not None,
        full_reason=full_reason,
        unchanged=not full_reason and not changes.differs,
        recovered=recovered,
        table_versions={table: delta.version() for table, delta in tables.items()},
    )

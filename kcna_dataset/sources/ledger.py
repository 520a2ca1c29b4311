"""The collect ledger: one row per fetch `kcna collect` made, in the table `<out>/collect_ledger`.

Collect runs outside dataset versions: the ledger is appended to as fetches happen, no manifest row names
it, and a build's roll-back never touches it. Rows reach it in two steps, so that none is lost:
1. each source's rows are first written to a pending file in the raw folder
   (`<raw>/.collect-pending/<run>-<source>.json`, hidden from the build, atomic), right after the source ran;
2. then, holding the output folder's lock (the one builds hold, kcna_dataset.storage.locking), every pending
   file is appended to the table in one Delta commit and removed.
A collect killed between the two, or one that finds a long build holding the lock past its wait, leaves
pending files that the next collect appends first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from pathlib import Path

import polars as pl

from kcna_dataset.schemas.keys import COLLECT_LEDGER_TABLE as TABLE
from kcna_dataset.sources.http import fsync_folder

PENDING = ".collect-pending"
LOCK_WAIT_SECONDS = 600.0
"""How long an append waits for a build holding the output folder (a full build of the corpus: ~30 s)."""


def write_pending(raw: Path, source: str, rows: list[dict]) -> Path | None:
    """Save one source's ledger rows beside the raw files (atomically); None when there are none."""
    if not rows:
        return None
    folder = raw / PENDING
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}-{source}.json"
    temporary = path.with_name("." + path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as sink:
        json.dump(rows, sink, default=_jsonable)
        sink.flush()
        os.fsync(sink.fileno())
    os.replace(temporary, path)
    fsync_folder(folder)
    return path


def _jsonable(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def pending_rows(raw: Path) -> tuple[list[Path], list[dict]]:
    files = sorted((raw / PENDING).glob("*.json")) if (raw / PENDING).is_dir() else []
    rows = []
    for path in files:
        for row in json.loads(path.read_text(encoding="utf-8")):
            row["fetched_at"] = dt.datetime.fromisoformat(row["fetched_at"])
            rows.append(row)
    return files, rows


def frame(rows: list[dict]) -> pl.DataFrame:
    from kcna_dataset.schemas.arrow import polars_schema

    schema = polars_schema(TABLE)
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema, orient="row")


def flush(raw: Path, out: Path, wait_seconds: float | None = None) -> int:
    """Append every pending row of `raw` to `<out>/collect_ledger` under the output lock; rows appended."""
    from deltalake import DeltaTable, write_deltalake

    from kcna_dataset.schemas.arrow import arrow_schema
    from kcna_dataset.storage.locking import output_lock

    files, rows = pending_rows(raw)
    if not files:
        return 0
    with output_lock(out, LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds):
        path = out / TABLE
        if not (path / "_delta_log").is_dir():
            DeltaTable.create(str(path), schema=arrow_schema(TABLE), mode="ignore", name=TABLE)
        if rows:
            table = frame(rows).to_arrow().cast(arrow_schema(TABLE))
            write_deltalake(str(path), table, mode="append")
        for pending in files:
            with contextlib.suppress(FileNotFoundError):
                pending.unlink()
    return len(rows)


def read(out: Path) -> pl.DataFrame:
    """The whole collect ledger (empty, with its columns, before the first collect)."""
    from kcna_dataset.schemas.arrow import empty

    path = out / TABLE
    if not (path / "_delta_log").is_dir():
        return empty(TABLE)
    return pl.read_delta(str(path))

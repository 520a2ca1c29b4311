"""The output folder: where each table lives, which dataset versions exist, and how to read one.

A dataset version is a row of the `versions` table naming the Delta version of every other table.
Readers go through it, so that a build killed between two table commits never shows half a version;
the next build rolls such tables back (`recover`) before it writes.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
from deltalake import DeltaTable

from kcna_dataset.schemas.keys import LEDGER_TABLE as LEDGER
from kcna_dataset.schemas.keys import MANIFEST_TABLE as MANIFEST
from kcna_dataset.schemas.keys import COLLECT_LEDGER_TABLE as COLLECT_LEDGER
from kcna_dataset.schemas.keys import DATA_TABLES

VERSIONED_TABLES = (*DATA_TABLES, LEDGER)
"""Tables whose Delta version each manifest row names (every table but the manifest itself)."""
STAGING = "_staging"
RELEASE_DESCRIPTOR = "datapackage.json"
"""The file that marks a release folder (`kcna export`); it names the dataset version it holds."""


class StoreError(Exception):
    """A problem with the output folder that the user can fix; the message says how."""


def table_path(out: Path, table: str) -> Path:
    return out / table


def is_table(path: Path) -> bool:
    return (path / "_delta_log").is_dir()


def manifest(out: Path) -> pl.DataFrame:
    """All dataset versions, oldest first (empty with the right columns where none exists yet)."""
    path = table_path(out, MANIFEST)
    if not is_table(path):
        from kcna_dataset.schemas.arrow import empty  # here: readers of a built dataset never load pandera

        return empty(MANIFEST)
    return pl.read_delta(str(path)).sort("dataset_version")


def latest(out: Path) -> dict | None:
    """The newest dataset version's manifest row, or None before the first build."""
    versions = manifest(out)
    return versions.row(-1, named=True) if versions.height else None


def version_row(out: Path, dataset_version: int | None) -> dict:
    """The manifest row of a dataset version (the latest when None); a clear error when it does not exist."""
    versions = manifest(out)
    if versions.height == 0:
        raise StoreError(f"no dataset in {out}: run `kcna build --out {out}` first")
    if dataset_version is None:
        return versions.row(-1, named=True)
    match = versions.filter(pl.col("dataset_version") == dataset_version)
    if match.height == 0:
        known = ", ".join(str(v) for v in versions["dataset_version"].to_list())
        raise StoreError(f"dataset version {dataset_version} does not exist in {out} (versions: {known})")
    return match.row(0, named=True)


def delta_version(out: Path, table: str, dataset_version: int | None = None) -> int:
    """The Delta version of `table` that belongs to a dataset version."""
    if table == MANIFEST:
        return DeltaTable(str(table_path(out, table))).version()
    if table not in VERSIONED_TABLES:
        raise StoreError(f"unknown table {table!r}: choose one of {', '.join(VERSIONED_TABLES + (MANIFEST,))}")
    versions = json.loads(version_row(out, dataset_version)["delta_versions"])
    if table not in versions:
        raise StoreError(f"table {table!r} did not exist yet in dataset version {dataset_version}")
    return versions[table]


def current_version(out: Path, table: str) -> int:
    """The Delta version of `table` as it stands (a build's own commits included, unlike `delta_version`)."""
    return DeltaTable(str(table_path(out, table))).version()


def is_release(folder: Path) -> bool:
    """Whether a folder is a release written by `kcna export` (rather than the live output folder)."""
    return (Path(folder) / RELEASE_DESCRIPTOR).is_file()


def release_file(folder: Path, table: str, dataset_version: int | None = None) -> Path:
    """A table's Parquet file in a release folder, which holds exactly one dataset version."""
    held = json.loads((folder / RELEASE_DESCRIPTOR).read_text(encoding="utf-8"))["kcna"]["dataset_version"]
    if dataset_version is not None and dataset_version != held:
        raise StoreError(f"release {folder} holds dataset version {held}, not {dataset_version}")
    path = folder / "data" / f"{table}.parquet"
    if not path.is_file():
        raise StoreError(f"release {folder} has no table {table!r}")
    return path


def scan(table: str, version: int | None = None, out: Path | str = "data/processed") -> pl.LazyFrame:
    """A table as of a dataset version (latest when None), lazily; `out` may also be a release folder."""
    out = Path(out)
    if is_release(out):
        return pl.scan_parquet(release_file(out, table, version))
    return pl.scan_delta(str(table_path(out, table)), version=delta_version(out, table, version))


def load(table: str, version: int | None = None, out: Path | str = "data/processed") -> pl.DataFrame:
    """A table as of a dataset version (latest when None): `load("articles")`; `out` may be a release folder."""
    return scan(table, version, out).collect()


def _tables_in(row: dict) -> list[str]:
    """Tables that exist in a dataset version: the data tables its manifest row names, then the manifest."""
    named = json.loads(row["delta_versions"])
    return [table for table in DATA_TABLES if table in named] + [MANIFEST]


def scan_version(out: Path, row: dict) -> dict[str, pl.LazyFrame]:
    """Every table as of the dataset version of manifest `row` (the manifest cut at that version), lazily."""
    version = row["dataset_version"]
    frames = {}
    for table in _tables_in(row):
        frame = scan(table, version, out)
        if table == MANIFEST:
            frame = frame.filter(pl.col("dataset_version") <= version)
        frames[table] = frame
    return frames


def ledger(out: Path, committed: dict | None) -> pl.DataFrame:
    """The raw files that the dataset version of manifest row `committed` has processed (empty before the
    first build, or for an output folder built before the ledger existed: every file then counts as new once)."""
    from kcna_dataset.schemas.arrow import empty

    versions = json.loads(committed["delta_versions"]) if committed else {}
    if LEDGER not in versions:
        return empty(LEDGER)
    return pl.read_delta(str(table_path(out, LEDGER)), version=versions[LEDGER])


def fetch_provenance(out: Path) -> dict:
    """Raw file (relative path) -> (URL, fetched_at) of the `kcna collect` fetch that wrote it, from the collect
    ledger (empty where nothing was collected into this output folder's ledger)."""
    path = table_path(out, COLLECT_LEDGER)
    if not is_table(path):
        return {}
    stored = (
        pl.scan_delta(str(path)).filter(pl.col("file_written").is_not_null())
        .select("file_written", "url", "fetched_at").collect()
    )
    return dict(zip(stored["file_written"], zip(stored["url"], stored["fetched_at"])))


def file_uris(table: str, version: int | None = None, out: Path | str = "data/processed") -> list[str]:
    """The Parquet files of a table at a dataset version, for DuckDB and other readers.

    Never glob the table folder: it also holds files that later versions removed.
    """
    out = Path(out)
    if is_release(out):
        return [str(release_file(out, table, version).resolve())]
    return DeltaTable(str(table_path(out, table)), version=delta_version(out, table, version)).file_uris()


def create_tables(out: Path) -> None:
    """Create any missing table, empty, with its declared schema (Delta version 0)."""
    from kcna_dataset.schemas.arrow import arrow_schema  # here: readers never load the declarations (pandera)

    out.mkdir(parents=True, exist_ok=True)
    for table in (*VERSIONED_TABLES, MANIFEST):
        path = table_path(out, table)
        if not is_table(path):
            DeltaTable.create(str(path), schema=arrow_schema(table), mode="ignore", name=table)


def check_output_folder(out: Path) -> None:
    """Refuse a folder that holds something other than this tool's tables, rather than write into it."""
    if not out.exists():
        return
    if not out.is_dir():
        raise StoreError(f"output path {out} exists and is not a folder")
    known = {*VERSIONED_TABLES, MANIFEST, COLLECT_LEDGER, STAGING, ".kcna.lock", ".gitkeep", ".gitignore", "README.md"}
    strangers = sorted(p.name for p in out.iterdir() if p.name not in known and not p.name.startswith("data_dictionary"))
    if strangers and not (out / MANIFEST).exists():
        raise StoreError(
            f"output folder {out} holds files this tool did not write ({', '.join(strangers[:5])}); "
            "choose an empty folder or one made by `kcna build`"
        )


def open_tables(out: Path) -> dict[str, DeltaTable]:
    """Every versioned table that exists, opened once (each opening replays the table's Delta log)."""
    paths = {table: table_path(out, table) for table in VERSIONED_TABLES}
    return {table: DeltaTable(str(path)) for table, path in paths.items() if is_table(path)}


def recover(out: Path, committed: dict | None, tables: dict[str, DeltaTable]) -> list[str]:
    """Roll back table commits that no dataset version names (a build killed mid-publish); returns what was done.

    `committed` is the latest manifest row (None before the first version), `tables` as from open_tables.
    """
    done = []
    targets = json.loads(committed["delta_versions"]) if committed else {}
    for table, current in tables.items():
        path = table_path(out, table)
        target = targets.get(table, 0)
        # A restore is itself a new commit: a table restored earlier is past its target, yet holds it.
        if current.version() > target and set(current.file_uris()) != set(DeltaTable(str(path), version=target).file_uris()):
            current.restore(target)
            done.append(f"{table}: restored Delta version {target} (an interrupted build had written past it)")
    staging = out / STAGING
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
        done.append("removed staging files of an interrupted build")
    return done


def discard_staging(staging: Path) -> None:
    """Remove one build's staging files (and the staging folder once empty)."""
    shutil.rmtree(staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        staging.parent.rmdir()


def samples(out: Path, rows: int = 20, version: int | None = None) -> dict[str, pl.DataFrame]:
    """A few rows of every table at a dataset version (none before the first build): examples for the dictionary."""
    if latest(out) is None:
        return {}
    return {table: frame.head(rows).collect() for table, frame in scan_version(out, version_row(out, version)).items()}


def read_column(out: Path, table: str, delta_version: int, column: str) -> pl.Series:
    """One column of a table at a Delta version (a refresh's check of which keys are stored)."""
    return pl.read_delta(str(table_path(out, table)), version=delta_version, columns=[column]).get_column(column)


def read_batches(out: Path, table: str, delta_version: int, columns: list[str], rows: int = 16_384) -> Iterator[pa.RecordBatch]:
    """A table's rows at a Delta version as Arrow batches of `rows` rows, one file and row group at a time.

    For a pass over a whole table that keeps little of it (a refresh over every stored signature): one
    thread, no read-ahead, so that the reader holds one batch, whatever the table's size. polars'
    streaming scan and pyarrow's dataset scanner read ahead, and the 1M-record corpus' signatures then
    held ~0.3 GB. The files are the Delta version's own (our tables have no deletion vectors).
    """
    import pyarrow.parquet as pq  # here: most commands that import the store never read this way

    for uri in DeltaTable(str(table_path(out, table)), version=delta_version).file_uris():
        parquet = pq.ParquetFile(uri, pre_buffer=False)
        yield from parquet.iter_batches(batch_size=rows, columns=columns, use_threads=False)

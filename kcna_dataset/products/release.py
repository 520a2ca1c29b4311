"""A dataset version as a self-contained release folder that needs nothing of this project to read.

    <release>/data/<table>.parquet   plain Parquet (zstd), column descriptions in the schema's field metadata
    <release>/datapackage.json       Frictionless Data Package with a Table Schema per table
    <release>/README.md              dataset card (Hugging Face style)
    <release>/data_dictionary.md     the data dictionary (and .json)
    <release>/SHA256SUMS             sha256 of every other file, `sha256sum -c` format

`export(..., text=False)` (`kcna export --no-text`) writes a release without the texts: the columns and tables of
TEXT_LEFT_OUT are left out, everything else (ids, titles, content hashes, every derived field) stays, and the
card says what is missing and why.

Everything is derived from the pandera models (schemas/tables.py) and the `versions` manifest row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from kcna_dataset.products import card
from kcna_dataset.products import dictionary
from kcna_dataset.storage import store
from kcna_dataset.stages.extract import sha256_file
from kcna_dataset.schemas.arrow import arrow_schema, polars_schema
from kcna_dataset.schemas.keys import RECORD_KEYS
from kcna_dataset.schemas.tables import TABLES, declared_columns

DESCRIPTOR = store.RELEASE_DESCRIPTOR
CHECKSUMS = "SHA256SUMS"
ROW_GROUP_ROWS = 50_000
"""Rows per Parquet row group: a few groups per table, each small enough to read on a laptop."""

TABLE_SCHEMA_TYPES = {
    pl.String: "string", pl.Date: "date", pl.Datetime: "datetime", pl.Boolean: "boolean",
    pl.Float32: "number", pl.Float64: "number",
}
"""Polars dtype class -> Frictionless Table Schema type (every integer type is 'integer')."""


TEXT_LEFT_OUT: dict[str, tuple[str, ...] | None] = {
    "articles": ("body",),
    "sources": ("raw_text",),
    "rejects": ("raw_text",),
    "quotes": None,  # the whole table: every row is a phrase of the text
}
"""What a text-free release leaves out: table -> its text columns, or None for the whole table."""

WHY_NO_TEXT = card.WHY_NO_TEXT


def without_text(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames of a release with TEXT_LEFT_OUT removed (tables dropped, text columns dropped)."""
    kept = {}
    for table, frame in frames.items():
        if table in TEXT_LEFT_OUT and TEXT_LEFT_OUT[table] is None:
            continue
        kept[table] = frame.drop(TEXT_LEFT_OUT.get(table) or [], strict=False)
    return kept


class ReleaseError(store.StoreError):
    """A release target the user can fix (not empty, or inside the output folder)."""


def read_version(out: Path, row: dict) -> dict[str, pl.DataFrame]:
    """Every table as of the dataset version of manifest `row`."""
    return {table: frame.collect() for table, frame in store.scan_version(out, row).items()}


def write_parquet(frame: pl.DataFrame, table: str, path: Path, dataset_version: int) -> None:
    """One zstd Parquet file, with the declared schema (descriptions as field metadata) and the table's doc."""
    declared = arrow_schema(table)
    schema = pa.schema([field for field in declared if field.name in frame.columns]).with_metadata({
        "table": table,
        "description": (TABLES[table].__doc__ or "").strip(),
        "dataset_version": str(dataset_version),
    })
    pq.write_table(frame.to_arrow().cast(schema), path, compression="zstd", row_group_size=ROW_GROUP_ROWS)


def _field(table: str, name: str, column) -> dict:
    """A Table Schema field: type, description and the constraints the pandera checks express."""
    dtype = polars_schema(table)[name]
    field = {
        "name": name,
        "type": "integer" if dtype.is_integer() else TABLE_SCHEMA_TYPES.get(dtype.base_type(), "any"),
        "description": column.description or "",
    }
    constraints: dict = {"required": not column.nullable}
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            constraints["pattern"] = stats["pattern"]
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            constraints["maximum"] = stats["max_value"]
        elif check.name == "in_range":
            constraints["minimum"], constraints["maximum"] = stats["min_value"], stats["max_value"]
        elif check.name == "str_length":
            if stats.get("min_value") is not None:
                constraints["minLength"] = stats["min_value"]
            if stats.get("max_value") is not None:
                constraints["maxLength"] = stats["max_value"]
    field["constraints"] = {key: (value.isoformat() if hasattr(value, "isoformat") else value)
                            for key, value in constraints.items()}
    return field


def table_schema(table: str, left_out: tuple[str, ...] = ()) -> dict:
    """The Frictionless Table Schema of a table (without the columns `left_out`); the primary key where its
    columns are all required."""
    columns = {name: column for name, column in declared_columns(table).items() if name not in left_out}
    schema = {
        "fields": [_field(table, name, column) for name, column in columns.items()],
        # Readers that go through pandas (frictionless reads Parquet with fastparquet) see a null in an
        # integer column as NaN; no column of this dataset holds a real NaN, so both mean "missing".
        "missingValues": ["", "nan"],
    }
    key = RECORD_KEYS.get(table) or [name for name, column in columns.items() if column.unique]
    if key and not any(columns[name].nullable for name in key):
        schema["primaryKey"] = key
    return schema


def datapackage(folder: Path, row: dict, tables: list[str], left_out: dict[str, tuple[str, ...] | None] | None = None) -> dict:
    """The Data Package descriptor of a release folder whose Parquet files are written (`left_out`: what a
    text-free release leaves out, recorded in the descriptor)."""
    left_out = left_out or {}
    resources = []
    for table in tables:
        path = folder / "data" / f"{table}.parquet"
        resources.append({
            "name": table,
            "path": f"data/{table}.parquet",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            # No "bytes": frictionless cannot measure a Parquet resource and reports every size as wrong.
            "hash": f"sha256:{sha256_file(path)}",
            "description": (TABLES[table].__doc__ or "").strip(),
            "schema": table_schema(table, left_out.get(table) or ()),
        })
    return {
        "name": "kcna-dataset",
        "title": f"KCNA research dataset, version {row['dataset_version']}",
        "description": "Articles of the Korean Central News Agency (KCNA) as cleaned, versioned tables, with the "
                       "raw record of every article and every rejected record. See README.md.",
        "version": f"{row['dataset_version']}.0.0",
        "created": row["created_at"].isoformat(),
        "keywords": ["KCNA", "North Korea", "DPRK", "state media", "news", "text corpus"],
        "sources": [{"title": note["publisher"]} for note in card.source_notes().values()],
        "resources": resources,
        "kcna": {
            "dataset_version": row["dataset_version"],
            "code_version": row["code_version"],
            "input_fingerprint": row["input_fingerprint"],
            "rules_version": json.loads(row["rules_version"]),
            "text": not left_out,
            "left_out": {table: list(columns) if columns else "whole table" for table, columns in left_out.items()},
        },
    }


def write_checksums(folder: Path) -> Path:
    """SHA256SUMS over every file of the folder (but itself), in `sha256sum -c` format, sorted by path."""
    target = folder / CHECKSUMS
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p != target)
    lines = [f"{sha256_file(p)}  {p.relative_to(folder).as_posix()}" for p in files]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def verify_checksums(folder: Path) -> list[str]:
    """Files whose sha256 differs from SHA256SUMS, or that it names but are missing, or that it does not name."""
    folder = Path(folder)
    listed = {}
    for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    problems = [name for name, digest in listed.items()
                if not (folder / name).is_file() or sha256_file(folder / name) != digest]
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS}
    return sorted(problems + sorted(present - set(listed)))


def _check_target(to: Path, out: Path) -> None:
    if to.resolve() == out.resolve() or out.resolve() in to.resolve().parents:
        raise ReleaseError(f"release folder {to} must lie outside the output folder {out}")
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise ReleaseError(f"release folder {to} exists and is not empty: choose a new folder")


def export(out: Path, to: Path, version: int | None = None,
           progress: Callable[[str], None] = lambda message: None, text: bool = True) -> dict:
    """Write dataset version `version` (latest when None) of `out` as a release folder `to`; returns a summary.
    `text=False`: a release without the texts (TEXT_LEFT_OUT)."""
    out, to = Path(out), Path(to)
    row = store.version_row(out, version)
    _check_target(to, out)
    full = read_version(out, row)
    frames = full if text else without_text(full)
    left_out = {} if text else {table: TEXT_LEFT_OUT[table] for table in full if table in TEXT_LEFT_OUT}
    (to / "data").mkdir(parents=True, exist_ok=True)
    for table, frame in frames.items():
        write_parquet(frame, table, to / "data" / f"{table}.parquet", row["dataset_version"])
        progress(f"{table}: {frame.height:,} rows")
    dictionary.write(to, {table: frame.head(20) for table, frame in frames.items()}, left_out=left_out)
    # The card's figures come from the full tables (they describe the version); it names what was left out.
    (to / "README.md").write_text(card.dataset_card(full, row, left_out=left_out), encoding="utf-8")
    descriptor = datapackage(to, row, list(frames), left_out)
    (to / DESCRIPTOR).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_checksums(to)
    return {"dataset_version": row["dataset_version"], "folder": str(to),
            "rows": {table: frame.height for table, frame in frames.items()}}

"""`kcna versions [--out DIR] [--json]`: one line per dataset version."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from flows.commands.common import DEFAULT_OUT


def register(commands) -> None:
    parser = commands.add_parser("versions", help="list the dataset versions")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from flows import store

    versions = store.manifest(Path(args.out))
    if versions.height == 0:
        print(f"no dataset versions in {args.out}")
        return 0
    if args.json:
        print(json.dumps(versions.to_dicts(), default=str, indent=2))
        return 0
    # Columns added after a folder's first versions read as null in its older rows.
    print("version  created (UTC)        trigger                       mode     files read  changed  missing   records  "
          "+articles  +sources  +rejects  input")
    for row in versions.iter_rows(named=True):
        mode = {True: "full", False: "refresh", None: "?"}[row["is_full_rebuild"]]
        print(
            f"{row['dataset_version']:>7}  {row['created_at']:%Y-%m-%d %H:%M:%S}  {row['trigger'][:28]:<28} "
            f"{mode:<7}  {_count(row['raw_files_read']):>10}  {_count(row['raw_files_changed']):>7}  "
            f"{_count(row['raw_files_missing']):>7}  "
            f"{row['raw_records_read']:>8,}  {row['articles_added']:>9,}  {row['sources_added']:>8,}  "
            f"{row['rejects_added']:>8,}  {row['input_fingerprint'][:12]}"
        )
    return 0


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"

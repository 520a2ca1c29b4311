"""`kcna export [--out DIR] [--version N] --to DIR`: write a dataset version as a self-contained release folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from kcna_dataset.cli.common import add_dataset_arguments


def register(commands) -> None:
    parser = commands.add_parser("export", help="write a dataset version as a release folder (Parquet, datapackage.json, card)")
    add_dataset_arguments(parser)
    parser.add_argument("--to", required=True, help="release folder to create (new or empty)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.products import release
    from kcna_dataset.orchestration.progress import reporter

    summary = release.export(Path(args.out), Path(args.to), args.version, progress=reporter("export"))
    rows = ", ".join(f"{table} {count:,}" for table, count in summary["rows"].items())
    print(f"dataset version {summary['dataset_version']} exported to {summary['folder']} ({rows})")
    return 0

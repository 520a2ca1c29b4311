"""`kcna export [--out DIR] [--version N] [--no-text] --to DIR`: write a dataset version as a self-contained release folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from kcna_dataset.cli.common import add_dataset_arguments


def register(commands) -> None:
    parser = commands.add_parser("export", help="write a dataset version as a release folder (Parquet, datapackage.json, card)")
    add_dataset_arguments(parser)
    parser.add_argument("--to", required=True, help="release folder to create (new or empty)")
    parser.add_argument("--no-text", dest="text", action="store_false",
                        help="leave out bodies, raw texts and quotes; keep ids, titles, content hashes and every derived field")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.products import release
    from kcna_dataset.orchestration.progress import reporter

    summary = release.export(Path(args.out), Path(args.to), args.version, progress=reporter("export"), text=args.text)
    rows = ", ".join(f"{table} {count:,}" for table, count in summary["rows"].items())
    kind = "" if args.text else " without texts"
    print(f"dataset version {summary['dataset_version']} exported{kind} to {summary['folder']} ({rows})")
    return 0

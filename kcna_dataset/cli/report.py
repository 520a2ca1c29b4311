"""`kcna report [--out DIR] [--version N] [--to FILE]`: write the quality report, one self-contained HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

from kcna_dataset.cli.common import add_dataset_arguments


def register(commands) -> None:
    parser = commands.add_parser("report", help="write a quality report of a dataset version (one HTML file)")
    add_dataset_arguments(parser)
    parser.add_argument("--to", default=None, help="HTML file to write (default: OUT/report_vN.html)")
    parser.add_argument("--events", default="data/raw/north-korea-provocations",
                        help="events table (CSV or folder) for the coverage chart; left out when absent")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.orchestration.progress import reporter
    from kcna_dataset.products.report import write_report

    print(write_report(Path(args.out), Path(args.to) if args.to else None, args.version, progress=reporter("report"),
                       events=Path(args.events)))
    return 0

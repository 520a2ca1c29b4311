"""`kcna events [--out DIR] [--version N] [--events PATH] [--to FILE]`: the events table and KCNA's coverage of it."""

from __future__ import annotations

import argparse
from pathlib import Path

from kcna_dataset.cli.common import DEFAULT_RAW, add_dataset_arguments

DEFAULT_EVENTS = f"{DEFAULT_RAW}/north-korea-provocations"


def register(commands) -> None:
    parser = commands.add_parser("events", help="match the events table to the articles that report each event (Parquet)")
    add_dataset_arguments(parser)
    parser.add_argument("--events", default=DEFAULT_EVENTS,
                        help=f"events CSV, or a folder holding it (default {DEFAULT_EVENTS}, where kcna collect puts it)")
    parser.add_argument("--to", default=None, help="Parquet file to write (default: OUT/events_vN.parquet)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.products import events

    table, row, path = events.for_version(Path(args.out), Path(args.events), args.version)
    to = Path(args.to) if args.to else Path(args.out) / f"events_v{row['dataset_version']}.parquet"
    events.write(table, to, row["dataset_version"], path)
    covered = table.filter("covered")
    print(f"{table.height:,} events from {path.name}; {covered.height:,} in days the dataset covers, "
          f"{covered['silent'].sum():,} of them silent; written to {to}")
    return 0

"""`kcna diff V1 V2 [--out DIR] [--json]`: what changed between two dataset versions: rows added and removed
per table, and stories added, edited and removed, with counts by reason."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kcna_dataset.cli.common import DEFAULT_OUT


def register(commands) -> None:
    parser = commands.add_parser("diff", help="compare two dataset versions (rows per table, stories by reason)")
    parser.add_argument("before", type=int, help="the earlier dataset version")
    parser.add_argument("after", type=int, nargs="?", default=None, help="the later dataset version (default: the latest)")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.products.version_diff import diff_versions, format_text

    diff = diff_versions(Path(args.out), args.before, args.after)
    print(json.dumps(diff.to_dict(), indent=2) if args.json else format_text(diff))
    return 0

"""The `kcna` command: build the dataset and look at its versions.

Prefect is imported only by the commands that run a flow, so `kcna versions` answers at once.
Errors a user can cause print one line and exit 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_RAW = "data/raw"
DEFAULT_OUT = "data/processed"


def _user_errors() -> tuple[type[Exception], ...]:
    from flows.locking import BuildLocked
    from flows.planning import RawFolderError
    from flows.publish import AccountingError, EmptyOutput
    from flows.store import StoreError

    return (BuildLocked, RawFolderError, StoreError, EmptyOutput, AccountingError)


def cmd_build(args: argparse.Namespace) -> int:
    import os

    if args.wait:
        os.environ["KCNA_LOCK_WAIT_SECONDS"] = str(args.wait)
    from flows.pipeline import build_dataset

    summary = build_dataset(raw=args.raw, out=args.out, full=args.full, trigger=args.trigger)
    print(format_summary(summary))
    return 0


def format_summary(summary: dict) -> str:
    """A few lines a person reads after a build."""
    if summary.get("dataset_version") is None:
        return f"{summary['message']} (latest version {summary['latest_version']}, {summary['raw_files_seen']} raw files)"
    lines = [
        f"dataset version {summary['dataset_version']} written in {summary.get('seconds', 0):.1f} s",
        f"  raw files {summary['raw_files_seen']:,}, records read {summary['raw_records_read']:,}, "
        f"kept {summary['records_kept']:,}",
        f"  added: articles {summary['articles_added']:,}, sources {summary['sources_added']:,}, "
        f"rejects {summary['rejects_added']:,}",
    ]
    for reason, count in sorted(summary["rejects_by_reason"].items(), key=lambda item: -item[1]):
        lines.append(f"  rejected {count:,}: {reason}")
    lines.extend(f"  recovered: {note}" for note in summary.get("recovered", []))
    return "\n".join(lines)


def cmd_versions(args: argparse.Namespace) -> int:
    from flows import store

    versions = store.manifest(Path(args.out))
    if versions.height == 0:
        print(f"no dataset versions in {args.out}")
        return 0
    if args.json:
        print(json.dumps(versions.to_dicts(), default=str, indent=2))
        return 0
    print("version  created (UTC)        trigger               records  +articles  +sources  +rejects  input")
    for row in versions.iter_rows(named=True):
        print(
            f"{row['dataset_version']:>7}  {row['created_at']:%Y-%m-%d %H:%M:%S}  {row['trigger'][:20]:<20} "
            f"{row['raw_records_read']:>8,}  {row['articles_added']:>9,}  {row['sources_added']:>8,}  "
            f"{row['rejects_added']:>8,}  {row['input_fingerprint'][:12]}"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kcna", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build a new dataset version from the raw folder")
    build.add_argument("--raw", default=DEFAULT_RAW, help=f"raw folder (default {DEFAULT_RAW})")
    build.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    build.add_argument("--full", action="store_true", help="rebuild every table from scratch")
    build.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                       help="wait up to SECONDS for another build on the same output to finish")
    build.add_argument("--trigger", default="cli", help="who or what started the build (recorded in the manifest)")
    build.set_defaults(func=cmd_build)

    versions = commands.add_parser("versions", help="list the dataset versions")
    versions.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    versions.add_argument("--json", action="store_true", help="print JSON instead of a table")
    versions.set_defaults(func=cmd_versions)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except _user_errors() as failure:
        print(f"kcna {args.command}: {failure}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kcna {args.command}: interrupted; the previous dataset version is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

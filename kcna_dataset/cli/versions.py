"""`kcna versions [--out DIR] [--json] [--detail VERSION]`: one line per dataset version, or one version's accounts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kcna_dataset.cli.common import DEFAULT_OUT


def register(commands) -> None:
    parser = commands.add_parser("versions", help="list the dataset versions")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--detail", type=int, metavar="VERSION",
                        help="show one version's accounts: files, records, rows added, rejects by stage and reason")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.storage import store

    if args.detail is not None:
        print(format_detail(store.version_row(Path(args.out), args.detail)))
        return 0
    versions = store.manifest(Path(args.out))
    if versions.height == 0:
        print(f"no dataset versions in {args.out}")
        return 0
    if args.json:
        print(json.dumps(versions.to_dicts(), default=str, indent=2))
        return 0
    # Columns added after a folder's first versions read as null in its older rows.
    # The trigger comes last and whole: it names the Prefect flow run to look up.
    print("version  created (UTC)        mode     files read  changed  missing   records  "
          "+articles  +sources  +rejects  input         trigger")
    for row in versions.iter_rows(named=True):
        mode = {True: "full", False: "refresh", None: "?"}[row["is_full_rebuild"]]
        print(
            f"{row['dataset_version']:>7}  {row['created_at']:%Y-%m-%d %H:%M:%S}  "
            f"{mode:<7}  {_count(row['raw_files_read']):>10}  {_count(row['raw_files_changed']):>7}  "
            f"{_count(row['raw_files_missing']):>7}  "
            f"{row['raw_records_read']:>8,}  {row['articles_added']:>9,}  {row['sources_added']:>8,}  "
            f"{row['rejects_added']:>8,}  {row['input_fingerprint'][:12]}  {row['trigger']}"
        )
    return 0


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def format_detail(row: dict) -> str:
    """A version's accounts: every record read is a source or a reject of this run."""
    by_reason = json.loads(row["rejects_by_reason"])
    rejected = sum(by_reason.values())
    lines = [
        f"dataset version {row['dataset_version']}, created {row['created_at']:%Y-%m-%d %H:%M:%S} UTC by {row['trigger']}",
        f"  raw files seen      {row['raw_files_seen']:>10,}  (read {_count(row.get('raw_files_read'))}, "
        f"changed {_count(row.get('raw_files_changed'))}, missing {_count(row.get('raw_files_missing'))})",
        f"  raw records read    {row['raw_records_read']:>10,}  = kept {row['raw_records_read'] - rejected:,} + rejected {rejected:,}",
        f"  articles added      {row['articles_added']:>10,}",
        f"  sources added       {row['sources_added']:>10,}",
        f"  rejects added       {row['rejects_added']:>10,}",
    ]
    if by_reason:
        lines.append("  rejects by stage/check (this run's records):")
        lines.extend(f"    {count:>10,}  {reason}" for reason, count in sorted(by_reason.items(), key=lambda item: (-item[1], item[0])))
    lines += [
        f"  input fingerprint   {row['input_fingerprint']}",
        f"  code                {row['code_version']}",
        "  rules:",
        *_wrapped(f"{name} = {version}" for name, version in json.loads(row["rules_version"]).items()),
        "  Delta versions:",
        *_wrapped(f"{table} = {version}" for table, version in json.loads(row["delta_versions"]).items()),
    ]
    return "\n".join(lines)


def _wrapped(items, width: int = 100, indent: str = "    ") -> list[str]:
    """Comma-separated items on lines of at most `width` characters."""
    lines, line = [], ""
    for item in items:
        if line and len(indent) + len(line) + len(item) + 2 > width:
            lines.append(indent + line + ",")
            line = ""
        line = f"{line}, {item}" if line else item
    return [*lines, indent + line] if line else lines

"""`kcna build [--raw DIR] [--out DIR] [--full]`: run the build-dataset flow and print a summary."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from flows.commands.common import DEFAULT_OUT, DEFAULT_RAW


def register(commands) -> None:
    parser = commands.add_parser("build", help="build a new dataset version from the raw folder")
    parser.add_argument("--raw", default=DEFAULT_RAW, help=f"raw folder (default {DEFAULT_RAW})")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--full", action="store_true", help="rebuild every table from scratch")
    parser.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                        help="wait up to SECONDS for another build on the same output to finish")
    parser.add_argument("--trigger", default="cli", help="who or what started the build (recorded in the manifest)")
    parser.add_argument("--dask-address", metavar="ADDR",
                        help="run the batches on a running Dask cluster (e.g. tcp://host:8786; needs the 'dask' extra)")
    parser.add_argument("--dask-workers", type=int, metavar="N",
                        help="run the batches on a local Dask cluster of N worker processes (needs the 'dask' extra)")
    parser.add_argument("--summary-json", metavar="FILE", help="also write the build summary as JSON to FILE")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.wait:
        os.environ["KCNA_LOCK_WAIT_SECONDS"] = str(args.wait)
    from flows.pipeline import build_dataset, task_runner

    flow = build_dataset
    if args.dask_address or args.dask_workers:
        flow = build_dataset.with_options(task_runner=task_runner(args.dask_address, args.dask_workers))
    summary = flow(raw=args.raw, out=args.out, full=args.full, trigger=args.trigger)
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(summary, indent=2, default=str))
    print(format_summary(summary))
    return 0


def format_summary(summary: dict) -> str:
    """A few lines a person reads after a build."""
    if summary.get("dataset_version") is None:
        return f"{summary['message']} (latest version {summary['latest_version']}, {summary['raw_files_seen']} raw files)"
    added = ", ".join(f"{key.removesuffix('_added')} {value:,}" for key, value in summary.items() if key.endswith("_added"))
    lines = [
        f"dataset version {summary['dataset_version']} written in {summary.get('seconds', 0):.1f} s",
        f"  raw files {summary['raw_files_seen']:,}, records read {summary['raw_records_read']:,}, "
        f"kept {summary['records_kept']:,}",
        f"  added: {added}",
    ]
    if "stage_seconds" in summary:
        lines.append("  seconds: " + ", ".join(f"{stage} {sec:.1f}" for stage, sec in summary["stage_seconds"].items()))
    for reason, count in sorted(summary["rejects_by_reason"].items(), key=lambda item: -item[1]):
        lines.append(f"  rejected {count:,}: {reason}")
    lines.extend(f"  recovered: {note}" for note in summary.get("recovered", []))
    return "\n".join(lines)

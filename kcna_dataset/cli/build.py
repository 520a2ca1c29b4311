"""`kcna build [--raw DIR] [--out DIR] [--full]`: run the build-dataset flow and print a summary."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from kcna_dataset.cli.common import DEFAULT_OUT, DEFAULT_RAW


def register(commands) -> None:
    parser = commands.add_parser("build", help="build a new dataset version from the raw folder")
    parser.add_argument("--raw", default=DEFAULT_RAW, help=f"raw folder (default {DEFAULT_RAW})")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--full", action="store_true",
                        help="rebuild every table from every raw file (default: read only new or changed files)")
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
    from kcna_dataset.orchestration import environment, temporary_server

    server = temporary_server.TemporaryServer()  # first: Prefect's server loads beside this process's imports
    with _imports_without_collection():
        from kcna_dataset.storage.planning import check_folders

        try:
            check_folders(Path(args.raw), Path(args.out))  # before Prefect starts: a one-line error, not a traceback
        except BaseException:
            server.stop()
            raise
        server.start()
        dask = args.dask_address or args.dask_workers
        if not dask:  # the stages' set-up, while Prefect loads, the server gets ready and the flow run is made
            from kcna_dataset.orchestration import warmup

            warmup.prepare_stages_in_background()
        from kcna_dataset.flows.pipeline import build_dataset, task_runner

    flow = build_dataset
    if dask:
        flow = build_dataset.with_options(task_runner=task_runner(args.dask_address, args.dask_workers))
    server.wait_until_ready()
    try:
        with environment.command_line_run():
            summary = flow(raw=args.raw, out=args.out, full=args.full, trigger=args.trigger)
    except Exception as failure:
        reason = storage_failure(failure)
        if reason is None:
            raise
        from kcna_dataset.cli.main import UserError

        raise UserError(
            f"cannot write to {args.out}: {reason}; nothing was committed, the previous dataset version is unchanged "
            "(free space or fix the folder, then run again)"
        ) from None
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(summary, indent=2, default=str))
    print(format_summary(summary))
    return 0


@contextlib.contextmanager
def _imports_without_collection() -> Iterator[None]:
    """Import with the garbage collector off, then freeze what the imports made.

    Prefect, pydantic, pandera and polars leave ~200k long-lived objects and little garbage, yet each
    automatic full collection walks them all (~0.3 s of CPU in a one-file build). Frozen, the build's own
    collections skip them. Only in a fresh `kcna` process (Prefect not loaded yet), not in a host
    process that calls `main` in-process and whose garbage would be frozen with them.
    """
    if "prefect" in sys.modules or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        gc.enable()


def storage_failure(failure: BaseException) -> str | None:
    """The operating-system error behind a failed write, or None if the failure is something else.

    Python raises OSError; polars and delta-rs wrap the same error in their own exceptions and keep only
    its text: 'parquet: ... No space left on device (os error 28)'.
    """
    if isinstance(failure, OSError) and failure.errno is not None:
        return f"{failure.strerror} (os error {failure.errno})"
    found = re.search(r"\(os error (\d+)\)", str(failure))
    return f"{os.strerror(int(found.group(1)))} (os error {found.group(1)})" if found else None


def format_summary(summary: dict) -> str:
    """A few lines a person reads after a build."""
    if summary.get("dataset_version") is None:
        return f"{summary['message']} (latest version {summary['latest_version']}, {summary['raw_files_seen']} raw files)"
    added = ", ".join(f"{key.removesuffix('_added')} {value:,}" for key, value in summary.items() if key.endswith("_added"))
    removed = ", ".join(f"{key.removesuffix('_removed')} {value:,}" for key, value in summary.items() if key.endswith("_removed"))
    mode = f"full rebuild: {summary['full_rebuild']}" if summary.get("full_rebuild") else "refresh"
    lines = [
        f"dataset version {summary['dataset_version']} written in {summary.get('seconds', 0):.1f} s ({mode})",
        f"  raw files {summary['raw_files_seen']:,}: read {summary['raw_files_read']:,} "
        f"(changed {summary['raw_files_changed']:,}), missing {summary['raw_files_missing']:,}; "
        f"records read {summary['raw_records_read']:,}, kept {summary['records_kept']:,}",
        f"  added: {added}",
    ]
    if removed:
        lines.append(f"  removed (their raw file changed): {removed}")
    if "stage_seconds" in summary:
        lines.append("  seconds: " + ", ".join(f"{stage} {sec:.1f}" for stage, sec in summary["stage_seconds"].items()))
    for reason, count in sorted(summary["rejects_by_reason"].items(), key=lambda item: -item[1]):
        lines.append(f"  rejected {count:,}: {reason}")
    lines.extend(f"  recovered: {note}" for note in summary.get("recovered", []))
    return "\n".join(lines)

"""`kcna collect [SOURCE ...] [--raw DIR] [--url URL] [--since DATE] [--max-requests N]`: fetch new raw texts.

Fetches what is new of each source of sources.toml (all of them when none is named) into
`<raw>/<source>/`, then appends the fetches to the collect ledger `<out>/collect_ledger`. Prints one line
per source: requests, not modified, new files, bytes, failures. Runs without Prefect: a collect is network
waits, and Prefect's start-up (a temporary server, 8 s and more) would buy it nothing; the nightly
deployment runs the same functions as tasks (flows/collect.py). Exit status 0, 1 when a source failed,
2 for a mistake the user can fix (sources.toml, an unknown source, no network).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kcna_dataset.cli.common import DEFAULT_OUT, DEFAULT_RAW
from kcna_dataset.orchestration.progress import Progress


def register(commands) -> None:
    parser = commands.add_parser("collect", help="fetch new raw texts from the public sources of sources.toml")
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="source names (default: every declared source)")
    parser.add_argument("--raw", default=DEFAULT_RAW, help=f"raw folder the files go to (default {DEFAULT_RAW})")
    parser.add_argument("--out", default=DEFAULT_OUT,
                        help=f"output folder whose collect_ledger records the fetches (default {DEFAULT_OUT})")
    parser.add_argument("--url", help="base URL of a mirror of the one SOURCE named (its own paths below it)")
    parser.add_argument("--since", type=_date, metavar="DATE",
                        help="first dated file to fetch (YYYY-MM-DD; default: the source's start_date)")
    parser.add_argument("--until", type=_date, metavar="DATE", help="last dated file to fetch (default: today, UTC)")
    parser.add_argument("--max-requests", type=int, metavar="N", help="cap on requests per source in this run")
    parser.add_argument("--sources-file", type=Path, metavar="FILE", help="another sources.toml (default: the repository's)")
    parser.set_defaults(func=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


class DownloadProgress(Progress):
    """The live line of a long download: bytes so far of the total, and the rate."""

    def __init__(self, label: str, **kwargs):
        super().__init__(label, **kwargs)
        self.total_bytes: int | None = None

    def update(self, received: int, total: int | None) -> None:
        self.total_bytes = total
        self.add(files=received - self.file_count)

    def line(self) -> str:
        seconds = max(self.clock() - self.started, 1e-9)
        of = f" of {self.total_bytes / 1e6:,.1f}" if self.total_bytes else ""
        return f"{self.label}: {self.file_count / 1e6:,.1f}{of} MB, {seconds:.1f} s ({self.file_count / 1e6 / seconds:,.1f} MB/s)"


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.cli.main import UserError
    from kcna_dataset.sources import config, ledger
    from kcna_dataset.sources.collect import CollectLocked, collect_lock, collect_source

    try:
        declared = config.load_sources(args.sources_file or config.SOURCES_FILE)
        chosen = config.select(declared, args.sources, args.url)
    except (config.SourcesError, config.SelectionError) as failure:
        raise UserError(str(failure)) from None
    if args.max_requests is not None and args.max_requests < 1:
        raise UserError("--max-requests must be 1 or more")
    raw, out = Path(args.raw), Path(args.out)
    failed = False
    try:
        with collect_lock(raw):
            for source in chosen:
                progress = DownloadProgress(f"{source.name}: download")
                report = collect_source(source, raw, since=args.since, until=args.until,
                                        max_requests=args.max_requests, on_bytes=progress.update)
                if progress.file_count:
                    progress.close()
                ledger.write_pending(raw, source.name, report.rows)
                if report.offline:
                    ledger.flush(raw, out)
                    raise UserError(f"no network ({report.failures[0].split(': ', 1)[1]}): nothing fetched; "
                                    f"`kcna build` works offline on what {raw} holds")
                print(report.line())
                failed = failed or bool(report.failures)
            ledger.flush(raw, out)
    except CollectLocked as failure:
        raise UserError(str(failure)) from None
    if failed:
        print("kcna collect: a source failed (its ledger rows say why: kcna_dataset.sources.ledger.read); "
              "what the others fetched is kept", file=sys.stderr)
        return 1
    return 0

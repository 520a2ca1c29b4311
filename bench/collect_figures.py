"""The collect section of bench/run.py: what the feed costs to store, and a nightly collect + refresh.

Both serve the real feed snapshots of ../shared/feeds from a local HTTP server (tests/collect_server.py),
as the tests do, and run the real collector (kcna_dataset.sources) against it:
- storage: every snapshot day collected in turn; bytes stored per day (its envelope) against the
  snapshot's own size (the JSON served, and the gzip file a nightly copy would keep);
- nightly: on top of the full build's output, one day collected, then `kcna build` (a refresh), per run;
  the collect's seconds plus the refresh's flow body, against the full build's flow body.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FEED = PROJECT_ROOT.parent / "shared" / "feeds" / "north-korea-news"


def available() -> bool:
    return (FEED / "data" / "archive").is_dir()


def _imports():
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    from kcna_dataset.sources.collect import collect_source
    from kcna_dataset.sources.config import load_sources, select
    from tests.collect_server import FeedState, Server, snapshot_days

    return collect_source, load_sources, select, FeedState, Server, snapshot_days


def storage(work: Path | None = None) -> dict:
    """Every snapshot day collected in turn: bytes stored per day against the snapshot's size."""
    collect_source, load_sources, select, FeedState, Server, snapshot_days = _imports()
    days = snapshot_days()
    per_day = []
    with tempfile.TemporaryDirectory(prefix="kcna-bench-collect-", dir=work) as tmp, Server() as server:
        raw = Path(tmp) / "raw"
        news = select(load_sources(), ["north-korea-news"], server.base)[0]
        state = FeedState(server)
        for day in days:
            state.advance_to(day)
            report = collect_source(news, raw, since=day, until=day)
            stored = sum((raw / name).stat().st_size for name in report.new_files)
            served = len(state.body(day))
            gzip_size = (FEED / "data" / "archive" / f"headlines_{day}.json.gz").stat().st_size
            per_day.append({"day": day.isoformat(), "stored_bytes": stored, "snapshot_bytes": served,
                            "snapshot_gzip_bytes": gzip_size})
    later = per_day[1:]  # the first envelope holds every record, as a first copy would
    return {
        "days": len(per_day),
        "stored_bytes_total": sum(d["stored_bytes"] for d in per_day),
        "snapshot_gzip_bytes_total": sum(d["snapshot_gzip_bytes"] for d in per_day),
        "snapshot_bytes_total": sum(d["snapshot_bytes"] for d in per_day),
        "first_day": per_day[0],
        "later_days_stored_bytes_median": statistics.median(d["stored_bytes"] for d in later),
        "later_days_stored_bytes_max": max(d["stored_bytes"] for d in later),
        "later_days_snapshot_gzip_bytes_median": statistics.median(d["snapshot_gzip_bytes"] for d in later),
        "last_day": per_day[-1],
        "per_day": per_day,
    }


def nightly(raw: Path, out: Path, build: Callable[[Path, Path], dict], runs: int, full_flow_seconds: float) -> dict:
    """On top of a full build of `raw` into `out`: collect day 1 and refresh (warm-up), then per run one more
    day collected and refreshed; collect seconds + refresh flow body against the full build's flow body."""
    collect_source, load_sources, select, FeedState, Server, snapshot_days = _imports()
    days = snapshot_days()
    measured = []
    with Server() as server:
        news = select(load_sources(), ["north-korea-news"], server.base)[0]
        state = FeedState(server)
        # The feed's first envelope (all 264 records) is a first collect, not a nightly one.
        for number, day in enumerate(days[: runs + 1]):
            state.advance_to(day)
            started = time.perf_counter()
            report = collect_source(news, raw, since=day, until=day)
            collect_seconds = time.perf_counter() - started
            refresh = build(raw, out)
            if number == 0:
                continue
            total = collect_seconds + refresh["flow_seconds"]
            measured.append({"day": day.isoformat(), "collect_seconds": round(collect_seconds, 3),
                             "new_files": len(report.new_files), "refresh_flow_seconds": refresh["flow_seconds"],
                             "refresh_records": refresh["records"], "seconds": total,
                             "to_full_build": total / full_flow_seconds})
    ordered = sorted(measured, key=lambda run: run["seconds"])
    return {**ordered[(len(ordered) - 1) // 2], "runs": measured, "full_build_flow_seconds": full_flow_seconds,
            "measured_on": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}

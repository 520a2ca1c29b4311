"""Benchmark of `kcna build`: I/O floor, full build, one-day refresh, collect, 1M records (and a refresh on them), Prefect.

    python bench/run.py                      # everything, on ../shared/corpora (a few minutes more than the 1M build)
    python bench/run.py --skip scale         # without the 1M-record corpus
    python bench/run.py --corpora DIR --runs 1 --scale-records 5000

Every build is a real `kcna build` in a child process, against a Prefect server the benchmark starts
(as a nightly refresh would run), except where the temporary server is the point. Wall time includes
Prefect's start; `flow s` is the flow body alone (the build summary's `seconds`). Peak RSS sums the
resident memory of the whole process tree (psutil, sampled every 50 ms). Figures are the median of
--runs runs where a run is short (floor, full build, refreshes, Prefect), one run for the 1M build.
Prints one table and writes it as JSON to bench/results/ (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import orjson
import polars as pl
import psutil

import collect_figures  # bench/collect_figures.py, beside this script

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"
SECTIONS = ["floor", "prefect", "build", "refresh", "collect", "scale"]
STAGES = ["plan", "extract", "parse", "validate", "enrich", "near_duplicates", "write"]
SCALE_SHIFT_YEARS = 1
"""Each resampled copy of the corpus moves its dates one more year back (same month and day, so datelines
still agree), so every copy is a new set of articles (the article id hashes the published date) with real
texts, and every date stays within the valid range (1946-12-05 to today): copies shifted forward by 22
years, as before, were future dates that validation rejected, so the 1M build enriched only ~150k articles."""


# --- what is measured --------------------------------------------------------------------------------


def floor(raw: Path, out_file: Path) -> dict:
    """Read, decompress and JSON-parse every raw record; write title and text to one zstd Parquet file."""
    started = time.perf_counter()
    titles, texts = [], []
    for path in sorted(p for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if data.lstrip()[:1] not in (b"{", b"["):
            titles.append(None)
            texts.append(data.decode("utf-8", errors="replace"))
            continue
        document = orjson.loads(data)
        items = document.get("articles", []) if isinstance(document, dict) else document
        for item in items:
            item = item if isinstance(item, dict) else {}  # a null entry is a record too (the build rejects it)
            titles.append(item.get("title", item.get("headline")))
            texts.append(item.get("content", item.get("story_text")))
    read = time.perf_counter() - started
    pl.DataFrame({"title": titles, "text": texts}, schema={"title": pl.String, "text": pl.String}).write_parquet(
        out_file, compression="zstd"
    )
    return {"seconds": time.perf_counter() - started, "read_seconds": read, "records": len(texts)}


def measure(command: list[str], env: dict[str, str]) -> dict:
    """Run a command; wall seconds and peak RSS of its whole process tree (MB)."""
    started = time.perf_counter()
    # cwd is the code's folder: `python -m` puts it first on sys.path, ahead of any installed copy.
    process = subprocess.Popen(
        command, env=env, cwd=env["PYTHONPATH"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(_rss(p) for p in tree))
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stdout}\n{stderr[-3000:]}")
    return {"seconds": seconds, "peak_rss_mb": peak / 2**20, "stdout": stdout}


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.NoSuchProcess:
        return 0


def importable(code: Path, scratch: Path) -> Path:
    """The folder to put on PYTHONPATH to run a tree of the code (--code): the tree itself before the
    package existed; else a folder whose kcna_dataset/ links the package's modules and the tree's top-level
    flows/ and schemas/, as an installation does (pyproject's package-dir)."""
    package = code / "kcna_dataset"
    if not package.is_dir():
        return code
    linked = scratch / "code" / "kcna_dataset"
    linked.mkdir(parents=True)
    for entry in [*package.iterdir(), code / "flows", code / "schemas"]:
        if entry.name != "__pycache__":
            (linked / entry.name).symlink_to(entry.resolve())
    return linked.parent


def _command_module(code: Path) -> tuple[str, Path]:
    """The `kcna` module of a tree of the code and its build command's file (both layouts)."""
    if (code / "kcna_dataset").is_dir():
        return "kcna_dataset.cli.main", code / "kcna_dataset" / "cli" / "build.py"
    return "flows.cli", code / "flows" / "commands" / "build.py"


def build(raw: Path, out: Path, env: dict[str, str], *extra: str) -> dict:
    """`kcna build` in a child process; its measure plus the build summary (stage seconds, counts)."""
    summary_file = out.parent / f"{out.name}.summary.json"
    module, build_source = _command_module(Path(env["PYTHONPATH"]))
    command = [sys.executable, "-m", module, "build", "--raw", str(raw), "--out", str(out), "--trigger", "bench"]
    # Code from before the build summary had a JSON form (--code): read the printed summary instead.
    has_json = "--summary-json" in build_source.read_text()
    result = measure([*command, *(["--summary-json", str(summary_file)] if has_json else []), *extra], env)
    if has_json:
        summary = json.loads(summary_file.read_text())
    else:
        printed = result.pop("stdout")
        summary = {
            "seconds": float(re.search(r"written in ([\d.]+) s", printed)[1]),
            "raw_records_read": int(re.search(r"records read ([\d,]+)", printed)[1].replace(",", "")),
        }
    result.pop("stdout", None)
    records = summary.get("raw_records_read", 0)
    return {
        **result,
        "flow_seconds": summary.get("seconds"),
        "records": records,
        "records_per_second": records / result["seconds"] if records else None,
        "stage_seconds": summary.get("stage_seconds", {}),
        "table_write_seconds": summary.get("table_write_seconds", {}),
        "articles_added": summary.get("articles_added"),
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median wall time, with every run's wall time kept beside it."""
    ordered = sorted(runs, key=lambda run: run["seconds"])
    return {**ordered[(len(ordered) - 1) // 2], "runs_seconds": [round(run["seconds"], 2) for run in runs]}


# --- inputs --------------------------------------------------------------------------------------------


def copy_corpora(corpora: Path, raw: Path) -> None:
    """The corpus folders (not their README) as a raw folder."""
    raw.mkdir(parents=True)
    for folder in sorted(p for p in corpora.iterdir() if p.is_dir()):
        shutil.copytree(folder, raw / folder.name)


def _day_files(raw: Path) -> list[Path]:
    return sorted(p for p in (raw / "kcna-co-jp").rglob("*_juche.json*") if p.is_file())


def _read_day(path: Path) -> dict:
    data = path.read_bytes()
    return orjson.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def _write_day(folder: Path, document: dict, level: int = 6) -> Path:
    path = folder / document["date"][:4] / f"{document['date'][:10]}_juche.json.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(orjson.dumps(document), compresslevel=level))
    return path


def _shift(document: dict, days: int = 0, years: int = 0) -> dict:
    date = dt.date.fromisoformat(document["date"][:10]) + dt.timedelta(days=days)
    if years:
        date = date.replace(year=date.year + years, day=min(date.day, 28) if (date.month, date.day) == (2, 29) else date.day)
    return {**document, "date": date.isoformat()}


def add_new_day(raw: Path) -> Path:
    """A new day file the day after the raw folder's last one: that day's articles, re-dated."""
    latest = max(_day_files(raw), key=lambda p: p.name[:10])
    return _write_day(raw / "kcna-co-jp", _shift(_read_day(latest), 1))


def resample(corpora_raw: Path, target: Path, records: int) -> int:
    """A corpus of exactly `records` kcna.co.jp records: the day files again and again, each copy re-dated."""
    days = _day_files(corpora_raw)
    written, copy = 0, 0
    while written < records:
        for path in days:
            document = _shift(_read_day(path), years=-copy * SCALE_SHIFT_YEARS)
            document["articles"] = document["articles"][: records - written]
            # Level 1: generation time is not what is measured; the build reads any gzip level alike.
            _write_day(target / "kcna-co-jp" / f"copy-{copy:02d}", document, level=1)
            written += len(document["articles"])
            if written >= records:
                break
        copy += 1
    return written


# --- Prefect --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrefectServer:
    """A `prefect server start` of its own (own home, own port) for the builds to run against."""

    def __init__(self, home: Path, env: dict[str, str]):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.env = {**env, "PREFECT_HOME": str(home)}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> PrefectServer:
        prefect = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(prefect, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2):
                    return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("prefect server did not answer within 300 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- the run ----------------------------------------------------------------------------------------------


def run(args: argparse.Namespace, save) -> dict:
    """Every section not skipped, in order; `save(results)` after each, so a long run keeps what it measured."""
    results: dict = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                    "load_average_1m": os.getloadavg()[0]},
        "corpora": str(args.corpora),
        "runs": args.runs,
        "code": str(args.code),
    }
    sections = [s for s in SECTIONS if s not in args.skip]
    sample = PROJECT_ROOT / "data" / "raw"
    with tempfile.TemporaryDirectory(prefix="kcna-bench-", dir=args.work) as tmp:
        work = Path(tmp).resolve()
        raw = work / "raw"
        copy_corpora(args.corpora, raw)
        base_env = {**os.environ, "PYTHONPATH": str(importable(args.code.resolve(), work))}
        base_env.pop("PREFECT_API_URL", None)
        # Builds cache their modules' bytecode, as Python does by default; an environment that turns that
        # off (PYTHONDONTWRITEBYTECODE) would make every build compile the project's modules again.
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)

        if "floor" in sections:
            results["floor"] = median_run([floor(raw, work / f"floor-{i}.parquet") for i in range(args.runs)])
            save(results)
        if "prefect" in sections:
            env = {**base_env, "PREFECT_HOME": str(work / "prefect-home-temporary")}
            build(sample, work / "sample-temporary-warm-up", env)  # the first run migrates its database
            temporary = [build(sample, work / f"sample-temporary-{i}", env) for i in range(args.runs)]
            results["prefect_temporary_server"] = _overhead(median_run(temporary))
            save(results)

        with PrefectServer(work / "prefect-home", base_env) if not args.api_url else _Existing(args.api_url) as server:
            env = {**base_env, "PREFECT_API_URL": server.url, "PREFECT_HOME": str(work / "prefect-home")}
            if "prefect" in sections:
                running = [build(sample, work / f"sample-running-{i}", env) for i in range(args.runs)]
                results["prefect_running_server"] = _overhead(median_run(running))
                save(results)
            if "build" in sections or "refresh" in sections:
                results["build"] = median_run([build(raw, work / f"build-{i}", env) for i in range(args.runs)])
                if "floor" in results:
                    for key in ("seconds", "flow_seconds"):
                        results["build"][f"{key}_to_floor"] = results["build"][key] / results["floor"]["seconds"]
                save(results)
            if "refresh" in sections:
                out, runs = work / f"build-{args.runs - 1}", []
                for _ in range(args.runs):
                    add_new_day(raw)
                    runs.append(build(raw, out, env))
                results["refresh"] = median_run(runs)
                flow_full = results["build"]["flow_seconds"]
                results["refresh"]["flow_seconds_to_full_build"] = results["refresh"]["flow_seconds"] / flow_full
                save(results)
            if "collect" in sections and collect_figures.available():
                # bench/collect_figures.py: the feed's real snapshots served on 127.0.0.1, the real collector.
                results["collect_storage"] = collect_figures.storage(work)
                save(results)
                if "build" in results:
                    out = work / f"build-{args.runs - 1}"
                    results["collect_refresh"] = collect_figures.nightly(
                        raw, out, lambda raw_dir, out_dir: build(raw_dir, out_dir, env), args.runs,
                        results["build"]["flow_seconds"])
                    save(results)
            if "scale" in sections:
                scale_raw = work / "scale-raw"
                started = time.perf_counter()
                written = resample(args.corpora, scale_raw, args.scale_records)
                generated = time.perf_counter() - started
                results["scale"] = {**build(scale_raw, work / "scale-out", env), "generate_seconds": generated}
                results["scale"]["records"] = written
                save(results)
                # The same one-day refresh on top of the 1M build: its cost should not follow the corpus.
                runs = []
                for _ in range(args.runs):
                    add_new_day(scale_raw)
                    runs.append(build(scale_raw, work / "scale-out", env))
                results["scale_refresh"] = median_run(runs)
                results["scale_refresh"]["flow_seconds_to_full_build"] = (
                    results["scale_refresh"]["flow_seconds"] / results["scale"]["flow_seconds"]
                )
                save(results)
    return results


class _Existing:
    """A Prefect server someone else runs (--api-url)."""

    def __init__(self, url: str):
        self.url = url

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def _overhead(result: dict) -> dict:
    """What Prefect adds to a build: wall time less the flow body."""
    return {**result, "overhead_seconds": result["seconds"] - (result["flow_seconds"] or 0)}


def table(results: dict) -> str:
    """One table a person reads."""
    rows = [("measure", "wall s", "flow s", "records", "records/s", "peak RSS MB", "vs floor", "note")]

    def fmt(value, spec=".1f"):
        return "" if value is None else format(value, spec)

    if "floor" in results:
        f = results["floor"]
        rows.append(("floor", fmt(f["seconds"]), "", fmt(f["records"], ","), fmt(f["records"] / f["seconds"], ",.0f"),
                     "", "1.0", f"read+parse {f['read_seconds']:.1f} s; runs {f['runs_seconds']}"))
    for key, label in [("build", "full build"), ("refresh", "refresh, 1 day"), ("scale", "1M records"),
                       ("scale_refresh", "refresh, 1 day on 1M"),
                       ("prefect_running_server", "sample, running server"),
                       ("prefect_temporary_server", "sample, temporary server")]:
        if key not in results:
            continue
        r = results[key]
        vs_floor = fmt(r.get("flow_seconds_to_floor"), ".2f")
        note = ", ".join(f"{stage} {r['stage_seconds'][stage]:.1f}" for stage in STAGES if stage in r["stage_seconds"])
        if "overhead_seconds" in r:
            note = f"Prefect overhead {r['overhead_seconds']:.1f} s"
        if "flow_seconds_to_full_build" in r:
            note += f"; {100 * r['flow_seconds_to_full_build']:.1f}% of full build"
        if "runs_seconds" in r:
            note += f"; runs {r['runs_seconds']}"
        rows.append((label, fmt(r["seconds"]), fmt(r["flow_seconds"]), fmt(r["records"], ","),
                     fmt(r["records_per_second"], ",.0f"), fmt(r["peak_rss_mb"], ",.0f"), vs_floor, note))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines + _collect_lines(results))


def _collect_lines(results: dict) -> list[str]:
    """The collect figures, under the table: storage per snapshot day, and a nightly collect + refresh."""
    lines = []
    if "collect_storage" in results:
        s = results["collect_storage"]
        lines.append(
            f"collect, storage: {s['days']} snapshot days stored in {s['stored_bytes_total'] / 1e6:.2f} MB "
            f"(the snapshots: {s['snapshot_gzip_bytes_total'] / 1e6:.1f} MB gzip, {s['snapshot_bytes_total'] / 1e6:.1f} MB JSON); "
            f"a later day {s['later_days_stored_bytes_median'] / 1e3:.1f} kB median (max {s['later_days_stored_bytes_max'] / 1e3:.1f}) "
            f"against {s['later_days_snapshot_gzip_bytes_median'] / 1e3:.0f} kB of snapshot gzip")
    if "collect_refresh" in results:
        c = results["collect_refresh"]
        lines.append(
            f"collect + refresh, 1 day: {c['collect_seconds']:.2f} s collect + {c['refresh_flow_seconds']:.2f} s refresh "
            f"flow = {100 * c['to_full_build']:.1f}% of the full build's flow body ({c['full_build_flow_seconds']:.1f} s); "
            f"runs {[round(r['seconds'], 2) for r in c['runs']]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder of raw corpus folders")
    parser.add_argument("--runs", type=int, default=3, help="runs per short measure (median reported)")
    parser.add_argument("--scale-records", type=int, default=1_000_000, help="records of the resampled corpus")
    parser.add_argument("--skip", nargs="*", default=[], choices=SECTIONS, help="sections to leave out")
    parser.add_argument("--api-url", help="use this running Prefect server instead of starting one")
    parser.add_argument("--work", type=Path, default=None, help="folder for temporary files (default: system temp)")
    parser.add_argument("--code", type=Path, default=PROJECT_ROOT,
                        help="build with the code in this folder (e.g. an export of main, for before/after)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON (default bench/results/)")
    args = parser.parse_args(argv)
    args.corpora = args.corpora.resolve()
    if not (args.corpora / "kcna-co-jp").is_dir():
        parser.error(f"no corpora at {args.corpora} (expected a kcna-co-jp folder in it)")
    target = args.json or PROJECT_ROOT / "bench" / "results" / f"bench-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    # A SIGTERM unwinds like Ctrl-C, so the Prefect server and temporary files are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = run(args, save=lambda partial: target.write_text(json.dumps(partial, indent=2)))
    print(table(results))
    print(f"\nJSON: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

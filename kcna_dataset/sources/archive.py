"""kcna-co-jp-archive: a one-time backfill of kcna.co.jp day files from a repository's tar.gz archive.

The download is streamed to a hidden partial file and resumes with a Range request where it stopped
(a cut connection, a killed run). Unpacking reads the archive as a stream and refuses, and counts,
every member that is outside the target (absolute path, '..'), a link (symbolic or hard), a device or
FIFO, or larger than the cap; of the rest it keeps the members that match the source's `members` glob
and are day files (a JSON object with an 'articles' list), each written gzip-compressed under
`<raw>/kcna-co-jp-archive/<year>/<name>.fetched-<date>.json.gz`. The archive's sha256 is recorded in
the collect ledger and the source's state; once an unpack has finished, later runs fetch nothing.
"""

from __future__ import annotations

import collections
import datetime as dt
import fnmatch
import gzip
import hashlib
import posixpath
import tarfile
from collections.abc import Callable
from pathlib import Path

import orjson

from kcna_dataset.sources import state as source_state
from kcna_dataset.sources.config import Source
from kcna_dataset.sources.http import BudgetExhausted, Client, FetchFailed, write_new_file
from kcna_dataset.sources.report import Report

DOWNLOADS = ".download"
"""Hidden folder of partial downloads (the build's listing skips it)."""

REFUSALS = ("outside_target", "absolute_path", "link", "device", "oversized")
COUNTED = ("unpacked", "already_unpacked", "skipped", "not_a_day_file", "truncated", *REFUSALS)
"""Outcomes of the members, in the order the ledger's reason lists them."""


def member_problem(member: tarfile.TarInfo, max_bytes: int) -> str | None:
    """Why a member must not be unpacked, or None for a safe regular file or folder."""
    name = member.name
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute_path"
    if ".." in posixpath.normpath(name).split("/") or ".." in name.split("/"):
        return "outside_target"
    if member.issym() or member.islnk():
        return "link"
    if member.ischr() or member.isblk() or member.isfifo() or member.isdev():
        return "device"
    if member.isfile() and member.size > max_bytes:
        return "oversized"
    if not (member.isfile() or member.isdir()):
        return "device"  # anything else tar can hold (contiguous files, sparse oddities): not unpacked
    return None


def wanted(name: str, pattern: str) -> bool:
    """Whether an archive member matches the glob, with or without the archive's root folder
    ('kcna_scraper-master/cache/juche/1997-01-01_juche.json' matches 'cache/juche/*_juche.json')."""
    tail = name.split("/", 1)[1] if "/" in name else name
    return fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(tail, pattern)


def is_day_file(data: bytes) -> bool:
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return isinstance(document, dict) and isinstance(document.get("articles"), list)


def target_path(folder: Path, name: str, fetched_on: str) -> Path:
    """Where a day file goes: <year>/<stem>.fetched-<date>.json.gz (the year from a YYYY- name, else 'other')."""
    base = posixpath.basename(name)
    stem = base.removesuffix(".gz").removesuffix(".json")
    year = stem[:4] if stem[:4].isdigit() else "other"
    return folder / year / f"{stem}.fetched-{fetched_on}.json.gz"


def unpack(archive: Path, folder: Path, raw: Path, source: Source, fetched_on: str, report: Report,
           url: str, fetched_at: dt.datetime) -> collections.Counter:
    """Unpack the wanted, safe members of `archive`; returns counts by outcome (refusals by reason)."""
    counts: collections.Counter = collections.Counter()
    cap = source.politeness.max_member_bytes
    with tarfile.open(archive, mode="r|gz") as stream:
        for member in stream:
            problem = member_problem(member, cap)
            if problem is not None:
                counts[problem] += 1
                continue
            if member.isdir() or not wanted(member.name, source.members):
                counts["skipped"] += 1
                continue
            handle = stream.extractfile(member)
            data = handle.read(cap + 1) if handle is not None else b""
            if len(data) != member.size:
                counts["truncated"] += 1
                continue
            if not is_day_file(data):
                counts["not_a_day_file"] += 1
                continue
            target = target_path(folder, member.name, fetched_on)
            compressed = gzip.compress(data, mtime=0)
            if target.exists() and target.read_bytes() == compressed:
                counts["already_unpacked"] += 1  # an unpack that was interrupted, now run again
                continue
            written = write_new_file(target, compressed)
            relative = written.relative_to(raw).as_posix()
            report.new_files.append(relative)
            report.stored_bytes += len(compressed)
            report.record(url=url, outcome="stored", fetched_at=fetched_at, status=200, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), file_written=relative,
                          reason=f"archive member {member.name}")
            counts["unpacked"] += 1
    return counts


def collect(source: Source, raw: Path, client: Client, *, on_bytes: Callable[[int, int | None], None] | None = None,
            today: dt.date | None = None) -> Report:
    """Download (resuming) and unpack the archive once; a run after a finished unpack asks nothing."""
    report = Report(source.name)
    folder = raw / source.name
    state = source_state.load(folder)
    done = state.get("archive", {})
    if done.get("completed"):
        report.notes.append(f"backfill done on {done['fetched_on']} (archive sha256 {done['sha256'][:12]}…): nothing to fetch")
        return report
    url = source.origin.url("archive_path")
    fetched_on = done.get("fetched_on") or (today or dt.datetime.now(dt.UTC).date()).isoformat()
    state["archive"] = {"fetched_on": fetched_on, "url": url, "completed": False}
    source_state.save(folder, state)
    partial = folder / DOWNLOADS / "archive.tar.gz.partial"
    partial.parent.mkdir(parents=True, exist_ok=True)
    requests_before, bytes_before = client.budget.requests_made, client.budget.bytes_read
    try:
        try:
            fetched = client.download(url, partial, on_bytes=on_bytes)
        except FetchFailed as failure:
            report.offline = failure.offline
            kept = partial.stat().st_size if partial.exists() else 0
            resume = f"; {kept:,} bytes kept, the next run resumes" if kept and not isinstance(failure, BudgetExhausted) else ""
            report.record(url=url, outcome="failed", status=failure.status, reason=failure.reason + resume)
            return report
        size = partial.stat().st_size
        digest = _sha256_file(partial)
        common = dict(url=url, fetched_at=fetched.fetched_at, status=fetched.status, size=size, sha256=digest,
                      etag=fetched.etag, last_modified=fetched.last_modified)
        if not _is_gzip_tar(partial):
            partial.unlink()
            report.record(outcome="rejected", reason="not a tar.gz archive (an HTML page or a truncated download?)", **common)
            return report
        try:
            counts = unpack(partial, folder, raw, source, fetched_on, report, url, fetched.fetched_at)
        except (tarfile.TarError, EOFError, OSError) as failure:
            partial.unlink()
            report.record(outcome="rejected", reason=f"archive cannot be read to its end ({failure}); downloaded again next run", **common)
            return report
        refused = {reason: counts[reason] for reason in REFUSALS if counts[reason]}
        summary = ", ".join(f"{counts[outcome]:,} {outcome}" for outcome in COUNTED if counts[outcome])
        if not counts["unpacked"] and not counts["already_unpacked"]:
            partial.unlink()
            report.record(outcome="rejected", reason=f"no member matches {source.members!r} as a day file ({summary})", **common)
            return report
        report.record(outcome="unchanged" if not counts["unpacked"] else "stored",
                      reason=f"archive: {summary}", **common)
        if refused:
            report.notes.append("refused " + ", ".join(f"{count} {reason.replace('_', ' ')}" for reason, count in refused.items())
                                + " member(s)")
        state["archive"] = {"fetched_on": fetched_on, "url": url, "completed": True, "sha256": digest, "bytes": size,
                            "etag": fetched.etag, "counts": dict(counts)}
        source_state.save(folder, state)
        partial.unlink()
        return report
    finally:
        report.requests = client.budget.requests_made - requests_before
        report.bytes = client.budget.bytes_read - bytes_before


def _sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _is_gzip_tar(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"

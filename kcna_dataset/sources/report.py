"""What one collect run of one source did: its ledger rows and the one line `kcna collect` prints."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kcna_dataset.schemas.vocabularies import COLLECT_OUTCOMES as OUTCOMES

# OUTCOMES (schemas/vocabularies.py): stored: a new raw file written; not_modified: 304 to a conditional
# request; unchanged: a body equal to what is held (nothing written); missing: a dated file the source does
# not have (404); rejected: a body that is not what the source promises (HTML, invalid JSON, wrong shape,
# truncated, unsafe archive); failed: no usable response (HTTP error, timeout, cap reached, no network);
# disallowed: not asked, because the site's robots.txt disallows the address; read: a body used and not
# stored (robots.txt, a list page answered to a stale session) (kcna.kp sources).


class SourceFailed(Exception):
    """A source's step failed; the message is its one line (`north-korea-news: ... 1 failures (first: ...)`).

    `transient`: whether asking again later may help (the network, the server: an HTTP error, a timeout),
    as against a body that is not what the source promises, which a retry would fetch again.
    """

    def __init__(self, line: str, transient: bool):
        super().__init__(line)
        self.transient = transient


@dataclasses.dataclass
class Report:
    source: str
    requests: int = 0
    not_modified: int = 0
    new_files: list[str] = dataclasses.field(default_factory=list)
    bytes: int = 0
    """Bytes received (bodies, decompressed)."""
    stored_bytes: int = 0
    """Bytes written to the raw folder."""
    failures: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    rows: list[dict] = dataclasses.field(default_factory=list)
    """Collect-ledger rows, one per fetch (schemas.tables.CollectLedgerEntry's columns)."""
    offline: bool = False
    transient: bool = False
    """Whether a failure came from the network or the server (worth a later retry), not from the content."""

    def record(self, *, url: str, outcome: str, fetched_at: dt.datetime | None = None, status: int | None = None,
               size: int | None = None, sha256: str | None = None, etag: str | None = None,
               last_modified: str | None = None, file_written: str | None = None, reason: str | None = None) -> None:
        """One ledger row; failures and rejects are also kept as this run's failures."""
        assert outcome in OUTCOMES, outcome
        self.rows.append({
            "source": self.source, "url": url, "http_status": status, "size_bytes": size, "sha256": sha256,
            "etag": etag, "last_modified": last_modified,
            "fetched_at": fetched_at or dt.datetime.now(dt.UTC), "outcome": outcome, "reason": reason,
            "file_written": file_written,
        })
        if outcome in ("rejected", "failed"):
            self.failures.append(f"{url}: {reason}")
            self.transient = self.transient or outcome == "failed"
        if outcome == "not_modified":
            self.not_modified += 1

    @property
    def nothing_new(self) -> bool:
        return not self.new_files and not self.failures

    def line(self) -> str:
        """'north-korea-news: 3 requests, 1 not modified, 2 new files, 1.2 MB, 0 failures'."""
        text = (f"{self.source}: {self.requests:,} requests, {self.not_modified:,} not modified, "
                f"{len(self.new_files):,} new files, {_size(self.bytes)}, {len(self.failures):,} failures")
        if self.failures:
            text += f" (first: {self.failures[0]})"
        elif not self.new_files:
            text += " (nothing new)"
        if self.notes:
            text += "; " + "; ".join(self.notes)
        return text

    def raise_if_failed(self) -> None:
        if self.failures:
            raise SourceFailed(self.line(), self.transient)


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"

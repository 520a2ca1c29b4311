"""Progress of long runs: a live line on a terminal, a few plain log lines elsewhere (CI, Prefect workers).

Stages stay pure: the flow (or a command) counts files and records with `Progress.add()` as batches come
back; nothing here knows about a stage.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TextIO

LOG_EVERY_SECONDS = 30.0
"""Off a terminal, at most one progress line this often (plus the final one): logs stay readable."""
REDRAW_EVERY_SECONDS = 0.2
"""On a terminal, the live line is redrawn at most this often."""


def is_terminal(stream: TextIO) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


class Progress:
    """Counts files and records of one run and says how far it is, with rates."""

    def __init__(self, label: str, total_files: int | None = None, stream: TextIO | None = None,
                 logger: logging.Logger | logging.LoggerAdapter | None = None, clock: Callable[[], float] = time.monotonic):
        self.label, self.total_files = label, total_files
        self.stream = stream if stream is not None else sys.stderr
        self.live = is_terminal(self.stream)
        self.logger = logger or logging.getLogger("kcna")
        self.clock = clock
        self.started = self.last_shown = clock()
        self.file_count = self.record_count = 0

    def add(self, files: int = 0, records: int = 0) -> None:
        """Count files read and records found (a finished batch, say)."""
        self.file_count += files
        self.record_count += records
        self._maybe_show()

    def line(self) -> str:
        """'extract: 1,200/6,667 files, 24,000 records, 12.0 s (100 files/s, 2,000 records/s)'."""
        seconds = max(self.clock() - self.started, 1e-9)
        of_total = f"/{self.total_files:,}" if self.total_files is not None else ""
        return (
            f"{self.label}: {self.file_count:,}{of_total} files, {self.record_count:,} records, {seconds:.1f} s "
            f"({self.file_count / seconds:,.0f} files/s, {self.record_count / seconds:,.0f} records/s)"
        )

    def _maybe_show(self) -> None:
        now = self.clock()
        if self.live and now - self.last_shown >= REDRAW_EVERY_SECONDS:
            self.stream.write("\r\x1b[2K" + self.line())
            self.stream.flush()
            self.last_shown = now
        elif not self.live and now - self.last_shown >= LOG_EVERY_SECONDS:
            self.logger.info(self.line())
            self.last_shown = now

    def close(self) -> str:
        """Finish: the terminal line ends with its final figures; off a terminal one log line says them."""
        final = self.line()
        if self.live:
            self.stream.write("\r\x1b[2K" + final + "\n")
            self.stream.flush()
        else:
            self.logger.info(final)
        return final


def reporter(label: str, stream: TextIO | None = None) -> Callable[[str], None]:
    """A callback for step messages: printed on a terminal, logged (at info) elsewhere."""
    stream = stream if stream is not None else sys.stderr
    logger = logging.getLogger("kcna")

    def report(message: str) -> None:
        if is_terminal(stream):
            print(f"{label}: {message}", file=stream, flush=True)
        else:
            logger.info("%s: %s", label, message)

    return report

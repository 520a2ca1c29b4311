"""Progress: a live line on a terminal, a few log lines elsewhere; figures and rates from the counts."""

from __future__ import annotations

import io
import logging

from kcna_dataset.orchestration.progress import LOG_EVERY_SECONDS, Progress, reporter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand, so the figures are exact."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_on_a_terminal_one_line_is_redrawn_with_files_records_and_rates():
    clock, screen = Clock(), Terminal()
    progress = Progress("extract", total_files=4, stream=screen, clock=clock)
    for _ in range(4):
        clock.now += 0.5
        progress.add(files=1)
    progress.add(records=400)
    final = progress.close()
    assert final == "extract: 4/4 files, 400 records, 2.0 s (2 files/s, 200 records/s)"
    assert screen.getvalue().count("\r\x1b[2K") == 5 and screen.getvalue().endswith(final + "\n")


def test_off_a_terminal_it_logs_rarely_and_says_the_total_once(caplog):
    clock, pipe = Clock(), io.StringIO()
    progress = Progress("extract", total_files=None, stream=pipe, clock=clock)
    with caplog.at_level(logging.INFO, logger="kcna"):
        for _ in range(100):
            clock.now += LOG_EVERY_SECONDS / 40  # 100 files over 2.5 log intervals
            progress.add(files=1, records=10)
        progress.close()
    assert pipe.getvalue() == ""  # nothing drawn where no one watches
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 3  # two interval lines and the final one
    assert lines[-1].startswith("extract: 100 files, 1,000 records, 75.0 s")


def test_reporter_prints_on_a_terminal_and_logs_elsewhere(caplog):
    screen = Terminal()
    reporter("export", stream=screen)("articles: 9 rows")
    assert screen.getvalue() == "export: articles: 9 rows\n"
    with caplog.at_level(logging.INFO, logger="kcna"):
        reporter("export", stream=io.StringIO())("articles: 9 rows")
    assert [record.getMessage() for record in caplog.records] == ["export: articles: 9 rows"]

"""A source's collect state: what conditional requests send next time, and what needs no new request.

It lives in `<raw>/<source>/.collect-state.json`, a hidden file (the build's listing skips names that
start with '.'). It is a cache, not the record: the raw files and the collect ledger are. Lost, the next
run asks unconditionally and stores nothing whose content it already holds.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from kcna_dataset.sources.http import fsync_folder
from kcna_dataset.stages.extract import NOT_RAW_MARKER

STATE_NAME = ".collect-state.json"


def load(folder: Path) -> dict:
    """The state of the source whose files are in `folder` ({} if none, or unreadable)."""
    with contextlib.suppress(FileNotFoundError, ValueError):
        value = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
        if isinstance(value, dict):
            return value
    return {}


def save(folder: Path, state: dict) -> None:
    """Replace the state atomically (temporary file, fsync, rename): a crash leaves the old or the new one."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"{STATE_NAME}.{os.getpid()}.tmp"
    with temporary.open("w", encoding="utf-8") as sink:
        json.dump(state, sink, indent=1, sort_keys=True)
        sink.flush()
        os.fsync(sink.fileno())
    os.replace(temporary, folder / STATE_NAME)
    fsync_folder(folder)


def validators(state: dict, url: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) last seen for url."""
    seen = state.get("validators", {}).get(url, {})
    return seen.get("etag"), seen.get("last_modified")


def remember(state: dict, url: str, etag: str | None, last_modified: str | None) -> None:
    if etag or last_modified:
        state.setdefault("validators", {})[url] = {"etag": etag, "last_modified": last_modified}


def mark_not_raw_texts(folder: Path, what: str) -> None:
    """Keep `folder` out of the build's listing (reference data, list pages: no article), saying `what` it holds."""
    marker = folder / NOT_RAW_MARKER
    if not marker.exists():
        folder.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{what}, not raw texts. `kcna build` skips every folder that holds this file.\n",
                          encoding="utf-8")

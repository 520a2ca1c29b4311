"""The stages' set-up in a thread of its own, once per process, without importing Prefect.

`kcna build` starts it before it imports Prefect, so that the set-up (pandera's checks, the gazetteer and
lexicon patterns, the language tables: kcna_dataset.stages.batch.prepare) goes on while Prefect loads and
creates the flow run; the flow starts it beside planning for runs begun otherwise (a deployment), and
waits for it before the first batch.
"""

from __future__ import annotations

import threading

_preparation: threading.Thread | None = None
_preparation_lock = threading.Lock()


def start_once(target) -> threading.Thread:
    """Run `target` in a thread started once per process (later calls return the same thread).

    Not a daemon: a build that fails at once (a read-only output) would otherwise exit while the thread
    is inside polars or numpy, and a daemon thread stopped there at interpreter exit can abort the process.
    """
    global _preparation
    with _preparation_lock:
        if _preparation is None:
            _preparation = threading.Thread(target=target, name="prepare-stages", daemon=False)
            _preparation.start()
        return _preparation


def prepare_stages_in_background() -> threading.Thread:
    """Start the stages' set-up (once per process); the thread, to join before the first batch."""
    import kcna_dataset.flows  # noqa: F401  first: the allocator's settings before polars loads
    from kcna_dataset.stages import batch

    return start_once(batch.prepare)

"""The `collect-and-build` flow of the nightly deployment: collect-raw, then build-dataset, as subflows.

A parent flow rather than an automation ("when collect-raw completes, run build-dataset"): the order is in
the code and in one flow run's tree, it works the same with `kcna serve` and a work pool, and a source
that fails must not stop the build of what the raw folder holds, which an automation triggered on
Completed would do (docs/scheduling.md). The build runs whatever collect did; the run ends Failed, with
the failed sources named in its message, when a source failed, even if the build succeeded.
"""

from __future__ import annotations

import kcna_dataset.flows  # noqa: F401  first: Prefect's and the allocator's settings before either loads

from prefect import flow, get_run_logger
from prefect.states import Completed, Failed

from kcna_dataset.flows.collect import collect_raw
from kcna_dataset.flows.pipeline import build_dataset
from kcna_dataset.orchestration import runner


@flow(name="collect-and-build", log_prints=False)
def collect_and_build(raw: str = "data/raw", out: str = "data/processed", full: bool = False,
                      sources: list[str] | None = None, url: str | None = None, since: str | None = None,
                      until: str | None = None, sources_file: str | None = None):
    """Collect what is new from the sources, then build a dataset version from the raw folder."""
    logger = get_run_logger()
    trigger = runner.trigger()  # the deployment's name and how the run started, for the build's manifest
    collected = collect_raw(raw=raw, out=out, sources=sources, url=url, since=since, until=until,
                            sources_file=sources_file, return_state=True)
    built = build_dataset(raw=raw, out=out, full=full, trigger=trigger, return_state=True)
    if built.is_completed():
        summary = built.result()
        outcome = (f"dataset version {summary['dataset_version']}" if summary.get("dataset_version") is not None
                   else summary.get("message", "nothing new"))
        logger.info("build: %s", outcome)
    else:
        outcome = f"build failed: {built.message}"
    if not collected.is_completed():
        return Failed(message=f"{collected.message}; {outcome}")
    if not built.is_completed():
        return Failed(message=outcome)
    return Completed(message=f"{collected.message}; {outcome}")

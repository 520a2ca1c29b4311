"""Where a build's batches run and who started it: Prefect's task runners and run context, in one place."""

from __future__ import annotations

from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner


def task_runner(dask_address: str | None = None, dask_workers: int | None = None):
    """Two threads (default), a running Dask cluster, or a local one of N processes.

    Dask workers must see the raw and output folders at the same paths (one machine or a shared disk):
    tasks pass file paths, never frames.
    """
    if not dask_address and not dask_workers:
        return ThreadPoolTaskRunner(max_workers=2)
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
    )


def batches_run_here() -> bool:
    """Whether the batch tasks run in this process (the default thread pool), not on Dask workers."""
    context = FlowRunContext.get()
    return context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)


def trigger() -> str:
    """Who started a run that did not say: 'deployment:<name>:schedule' for a run the scheduler created,
    'deployment:<name>:manual' for one started by hand or by another system (`prefect deployment run`,
    the UI, the API), else 'flow-run'; the flow run's name follows in parentheses, to find it in Prefect."""
    from prefect.runtime import deployment

    run = FlowRunContext.get().flow_run
    if deployment.name:
        how = "schedule" if run.auto_scheduled else "manual"
        return f"deployment:{deployment.name}:{how} ({run.name})"
    return f"flow-run ({run.name})"

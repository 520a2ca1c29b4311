"""`kcna serve [--raw DIR] [--out DIR]`: serve the nightly deployment from this one process.

For users without a work pool and worker: the process registers the deployment
`collect-and-build/nightly-served` (same flow, schedule, parameters and concurrency limit as prefect.yaml's
`nightly`, from flows/deployment.py, under its own name so that it never takes over the deployment that
`prefect deploy --name nightly` made) with the Prefect server in PREFECT_API_URL and runs its flow runs,
scheduled or triggered with `prefect deployment run 'collect-and-build/nightly-served'`, until it is
stopped (Ctrl-C or SIGTERM; the deployment stays registered, its runs then wait: docs/scheduling.md).
"""

from __future__ import annotations

import argparse

from kcna_dataset.flows import deployment


def register(commands) -> None:
    parser = commands.add_parser("serve", help="serve the nightly deployment (schedule and triggered runs)")
    parser.add_argument("--raw", default=deployment.PARAMETERS["raw"],
                        help=f"raw folder of the runs (default {deployment.PARAMETERS['raw']})")
    parser.add_argument("--out", default=deployment.PARAMETERS["out"],
                        help=f"output folder of the runs (default {deployment.PARAMETERS['out']})")
    parser.set_defaults(func=run)


def serve_options(raw: str, out: str) -> dict:
    """The keyword arguments of `flow.serve` that make the nightly deployment."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron

    return {
        "name": deployment.SERVED_NAME,
        "schedule": Cron(deployment.CRON, timezone=deployment.TIMEZONE),
        "parameters": {"raw": raw, "out": out},
        "global_limit": ConcurrencyLimitConfig(
            limit=deployment.CONCURRENCY_LIMIT,
            collision_strategy=ConcurrencyLimitStrategy(deployment.COLLISION_STRATEGY),
        ),
        "description": deployment.DESCRIPTION,
    }


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.flows.nightly import collect_and_build  # first: it sets Prefect's environment before Prefect loads

    from prefect.settings import get_current_settings

    from kcna_dataset.cli.main import UserError

    # Without a server URL, Prefect would start a temporary server that cannot keep a schedule.
    if not get_current_settings().api.url:
        raise UserError(
            "kcna serve needs a running Prefect server: start `prefect server start` and set "
            "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api)"
        )

    collect_and_build.serve(**serve_options(args.raw, args.out))
    return 0

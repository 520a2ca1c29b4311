"""The `nightly` deployment of the collect-and-build flow (collect, then build), declared once.

`kcna serve` builds its deployment from these values and prefect.yaml repeats them for `prefect deploy`
(YAML cannot import Python); tests/test_deployment.py fails when the two disagree. The served deployment
has its own name, SERVED_NAME: a deployment is identified by flow and name, so `kcna serve` under the
name `prefect deploy` used would take over that deployment (same id, its work pool dropped).

Why 06:00 Pyongyang time: KCNA dates its items in Pyongyang time (UTC+9) and publishes until late in the
evening; six hours after its day closes, scrapers have had the night to collect the whole closed day,
and the new version is ready before the working day starts in Seoul and Tokyo (21:00 UTC the day before).
"""

from __future__ import annotations

FLOW_NAME = "collect-and-build"
NAME = "nightly"
"""The deployment `prefect deploy --name nightly` creates (prefect.yaml), run by a worker of a work pool."""
SERVED_NAME = "nightly-served"
"""The deployment `kcna serve` registers and runs itself: another name, so that neither route replaces the other."""
ENTRYPOINT = "flows/nightly.py:collect_and_build"
CRON = "0 6 * * *"
TIMEZONE = "Asia/Pyongyang"
PARAMETERS = {"raw": "data/raw", "out": "data/processed"}
CONCURRENCY_LIMIT = 1
# A run that finds the slot taken is cancelled, not queued: runs missed while the worker was down do not
# fire one after another when it comes back, and a run started by hand during the nightly one stops at once.
COLLISION_STRATEGY = "CANCEL_NEW"
DESCRIPTION = ("Nightly: collect what is new from the sources of sources.toml into the raw folder, then build a "
               "dataset version from new or changed raw files, if any.")

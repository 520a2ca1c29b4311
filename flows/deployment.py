"""The `nightly` deployment of the build-dataset flow, declared once.

`kcna serve` builds its deployment from these values and prefect.yaml repeats them for `prefect deploy`
(YAML cannot import Python); tests/test_deployment.py fails when the two disagree.

Why 06:00 Pyongyang time: KCNA dates its items in Pyongyang time (UTC+9) and publishes until late in the
evening; six hours after its day closes, scrapers have had the night to collect the whole closed day,
and the new version is ready before the working day starts in Seoul and Tokyo (21:00 UTC the day before).
"""

from __future__ import annotations

FLOW_NAME = "build-dataset"
NAME = "nightly"
ENTRYPOINT = "flows/pipeline.py:build_dataset"
CRON = "0 6 * * *"
TIMEZONE = "Asia/Pyongyang"
PARAMETERS = {"raw": "data/raw", "out": "data/processed"}
CONCURRENCY_LIMIT = 1
# A run that finds the slot taken is cancelled, not queued: runs missed while the worker was down do not
# fire one after another when it comes back, and a run started by hand during the nightly one stops at once.
COLLISION_STRATEGY = "CANCEL_NEW"
DESCRIPTION = "Nightly refresh of the KCNA dataset: reads new or changed raw files, writes a dataset version if any."

"""The nightly deployment: prefect.yaml and `kcna serve` agree, and a real Prefect server schedules it at
06:00 Pyongyang time and runs it (collect, then build) when triggered with `prefect deployment run`; a
source that fails leaves the build to run and the run Failed with the source's reason. `kcna serve` and
`prefect deploy --name nightly` make two deployments, neither replacing the other. The feed is served by
a test HTTP server on 127.0.0.1 (tests/collect_server.py) named in a sources file passed as a parameter.

The server test starts `prefect server start` and `kcna serve` itself (CI runs plain pytest), each in its
own process group, and stops both whatever happens.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import polars as pl
import pytest
import yaml

from kcna_dataset.flows import deployment
from kcna_dataset.storage import store
from tests.collect_server import FeedState, snapshot_days
from tests.collect_server import Server as FeedServer
from tests.conftest import PROJECT_ROOT
from tests.test_collect import feed_or_skip
from tests.test_incremental import NEW_ARTICLE

BIN = Path(sys.executable).parent


def _yaml_deployment() -> dict:
    config = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())
    (nightly,) = [d for d in config["deployments"] if d["name"] == deployment.NAME]
    return nightly


def test_prefect_yaml_and_kcna_serve_declare_the_same_deployment():
    from kcna_dataset.cli.serve import serve_options
    from kcna_dataset.flows.nightly import collect_and_build

    nightly = _yaml_deployment()
    (schedule,) = nightly["schedules"]
    served = serve_options(**deployment.PARAMETERS)
    assert nightly["entrypoint"] == deployment.ENTRYPOINT
    module, function = deployment.ENTRYPOINT.removesuffix(".py").replace(".py:", ":").split(":")
    assert collect_and_build.name == deployment.FLOW_NAME and function == collect_and_build.fn.__name__
    # `kcna serve` registers a deployment of its own: never the one `prefect deploy --name nightly` made.
    assert served["name"] == deployment.SERVED_NAME != nightly["name"] == deployment.NAME
    assert (PROJECT_ROOT / f"{module}.py").is_file()
    assert nightly["description"] == served["description"] == deployment.DESCRIPTION
    assert nightly["parameters"] == served["parameters"] == deployment.PARAMETERS
    assert (schedule["cron"], schedule["timezone"]) == (served["schedule"].cron, served["schedule"].timezone)
    assert (schedule["cron"], schedule["timezone"]) == (deployment.CRON, deployment.TIMEZONE)
    limit = served["global_limit"]
    assert nightly["concurrency_limit"] == {
        "limit": limit.limit, "collision_strategy": limit.collision_strategy.value
    } == {"limit": deployment.CONCURRENCY_LIMIT, "collision_strategy": deployment.COLLISION_STRATEGY}
    # Every parameter the deployment passes is one the flow takes.
    assert set(deployment.PARAMETERS) <= set(collect_and_build.parameters.properties)


def test_serve_without_a_server_says_what_to_start(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(tmp_path)}
    done = subprocess.run([str(BIN / "kcna"), "serve"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "prefect server start" in done.stderr and "PREFECT_API_URL" in done.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _process(command: list[str], env: dict, log: Path) -> Iterator[subprocess.Popen]:
    """A process in its own group, stopped with everything it spawned (flow-run subprocesses) at exit."""
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for(what: str, probe, timeout: float, logs: list[Path]):
    """Poll probe() until it returns something truthy; on time-out fail with the processes' logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if result := probe():
                return result
        time.sleep(1)
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")


def _run(command: list[str], env: dict) -> str:
    done = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _trigger(env: dict, name: str, *params: str) -> str:
    """`prefect deployment run 'collect-and-build/<name>' --param ...`: the new flow run's id."""
    command = [str(BIN / "prefect"), "deployment", "run", f"{deployment.FLOW_NAME}/{name}"]
    for param in params:
        command += ["--param", param]
    return re.search(r"UUID: ([0-9a-f-]{36})", _run(command, env)).group(1)


def _sources_file(path: Path, base: str, start: dt.date) -> Path:
    """A sources.toml with the feed alone, served from the test's HTTP server on 127.0.0.1."""
    path.write_text(f"""
[[source]]
name = "north-korea-news"
kind = "feed_snapshots"
licence = "CC0-1.0"
holds = "the real snapshots of ../shared/feeds, served by the test"
origin = "local"
start_date = "{start}"
[source.origins.local]
base_url = "{base}"
current_path = "data/headlines.json"
dated_path = "data/archive/headlines_{{date}}.json"
[source.politeness]
retries = 0
""")
    return path


@pytest.mark.slow
def test_served_deployment_is_scheduled_in_pyongyang_time_and_runs_when_triggered(raw_dir: Path, tmp_path: Path):
    feed_or_skip()
    days = snapshot_days()
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    out = tmp_path / "out"
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    logs = [server_log, serve_log]
    server_command = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    serve_command = [str(BIN / "kcna"), "serve", "--raw", str(raw_dir), "--out", str(out)]
    with FeedServer() as feed_server, _process(server_command, env, server_log), \
            httpx.Client(base_url=api, timeout=10) as client:
        feed = FeedState(feed_server)
        feed.advance_to(days[0])
        good = _sources_file(tmp_path / "sources.toml", feed_server.base, days[0])
        # A feed that serves an HTML page with status 200: collect fails, the build still runs.
        feed_server.files["broken/data/headlines.json"] = (b"<html><body>Rate limit exceeded</body></html>", "")
        broken = _sources_file(tmp_path / "broken.toml", feed_server.base + "broken/", days[0])
        _wait_for("the Prefect server", lambda: client.get("/health").status_code == 200, 180, logs)
        with _process(serve_command, env, serve_log):
            name = f"/deployments/name/{deployment.FLOW_NAME}/{deployment.SERVED_NAME}"
            _wait_for("the served deployment", lambda: client.get(name).status_code == 200, 120, logs)
            found = client.get(name).json()
            assert found["parameters"] == {"raw": str(raw_dir), "out": str(out)}
            assert found["global_concurrency_limit"]["limit"] == deployment.CONCURRENCY_LIMIT
            assert found["concurrency_options"]["collision_strategy"] == deployment.COLLISION_STRATEGY
            (schedule,) = found["schedules"]
            assert schedule["schedule"]["cron"] == deployment.CRON
            assert schedule["schedule"]["timezone"] == deployment.TIMEZONE

            def scheduled_runs():
                body = {
                    "deployments": {"id": {"any_": [found["id"]]}},
                    "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
                    "sort": "EXPECTED_START_TIME_ASC",
                    "limit": 3,
                }
                runs = client.post("/flow_runs/filter", json=body).json()
                return runs if len(runs) == 3 else None

            upcoming = _wait_for("the scheduler to plan runs", scheduled_runs, 120, logs)
            starts = [dt.datetime.fromisoformat(run["expected_start_time"]) for run in upcoming]
            pyongyang = [start.astimezone(ZoneInfo("Asia/Pyongyang")) for start in starts]
            assert all((local.hour, local.minute) == (6, 0) for local in pyongyang), pyongyang
            assert all(start.astimezone(dt.UTC).hour == 21 for start in starts)  # UTC+9
            assert [b - a for a, b in zip(pyongyang, pyongyang[1:])] == [dt.timedelta(days=1)] * 2
            assert all(run["auto_scheduled"] for run in upcoming)

            def final_state(run_id: str):
                state = client.get(f"/flow_runs/{run_id}").json()["state"]
                return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

            # Collect, then a full rebuild, started by hand as another system would start it.
            run_id = _trigger(env, deployment.SERVED_NAME, "full=true", f"sources_file={good}", f"until={days[0]}")
            state = _wait_for("the triggered run to finish", lambda: final_state(run_id), 300, logs)
            assert state["type"] == "COMPLETED", state
            assert state["message"] == "1 new raw files; dataset version 1"
            version = store.latest(out)
            assert version["dataset_version"] == 1 and version["is_full_rebuild"]
            assert version["trigger"].startswith(f"deployment:{deployment.SERVED_NAME}:manual (")
            collected = store.load("sources", version=1, out=out).filter(pl.col("source_kind") == "kcna_kp_feed")
            assert collected["fetched_url"].unique().to_list() == [f"{feed_server.base}data/archive/headlines_{days[0]}.json"]
            assert collected.height > 200

            # A source fails: the build of what the raw folder holds still runs (nothing new), and the run
            # ends Failed, naming the source and why.
            run_id = _trigger(env, deployment.SERVED_NAME, f"sources_file={broken}", f"until={days[0]}")
            state = _wait_for("the run with a failing source to finish", lambda: final_state(run_id), 300, logs)
            assert state["type"] == "FAILED", state
            assert state["message"].startswith("collect failed for north-korea-news: "), state
            assert "an HTML page, not the feed's JSON" in state["message"]
            assert state["message"].endswith("; nothing new in the raw folder: no dataset version written"), state
            assert store.manifest(out).height == 1

        # The other way: prefect.yaml through `prefect deploy`, and a worker of a process work pool. It makes
        # its own deployment, `nightly`, and leaves the served one as it was.
        served_id = found["id"]
        prefect = str(BIN / "prefect")
        _run([prefect, "work-pool", "create", "kcna", "--type", "process"], env)
        _run([prefect, "--no-prompt", "deploy", "--name", deployment.NAME], env)
        found = client.get(f"/deployments/name/{deployment.FLOW_NAME}/{deployment.NAME}").json()
        assert found["work_pool_name"] == "kcna" and found["parameters"] == deployment.PARAMETERS
        assert found["id"] != served_id
        served = client.get(name).json()
        assert (served["id"], served["work_pool_name"], served["parameters"]) == (served_id, None, {"raw": str(raw_dir), "out": str(out)})
        assert [(s["schedule"]["cron"], s["schedule"]["timezone"]) for s in found["schedules"]] == [
            (deployment.CRON, deployment.TIMEZONE)
        ]
        assert found["global_concurrency_limit"]["limit"] == deployment.CONCURRENCY_LIMIT
        assert found["concurrency_options"]["collision_strategy"] == deployment.COLLISION_STRATEGY
        assert found["pull_steps"] == [
            {"prefect.deployments.steps.set_working_directory": {"directory": str(PROJECT_ROOT)}}
        ]
        worker_log = tmp_path / "worker.log"
        (raw_dir / "text" / "new_article.txt").write_text(NEW_ARTICLE)
        feed.advance_to(days[1])
        with _process([prefect, "worker", "start", "--pool", "kcna"], env, worker_log):
            run_id = _trigger(env, deployment.NAME, f"raw={raw_dir}", f"out={out}", f"sources_file={good}", f"until={days[1]}")
            state = _wait_for("the worker's run to finish", lambda: final_state(run_id), 300, [*logs, worker_log])
            assert state["type"] == "COMPLETED", state
        version = store.latest(out)
        # The day's envelope and the new text file: a refresh reads those two only.
        assert (version["dataset_version"], version["raw_files_read"], version["is_full_rebuild"]) == (2, 2, False)
        assert version["trigger"].startswith(f"deployment:{deployment.NAME}:manual (")

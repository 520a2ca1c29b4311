"""The temporary Prefect server of `kcna build`, started beside the build's imports instead of after them.

With no PREFECT_API_URL, Prefect starts a temporary server when a flow run first calls its API: the
build process first imports the whole server package (~2.5 s) only to launch it, then waits idle while
the server process imports it again (~7 s). Here `kcna build` launches the same server (uvicorn serving
`prefect.server.api.server:create_app` with Prefect's ephemeral flags, as Prefect's
`SubprocessASGIServer` does) before it imports polars, pandera or Prefect, and points PREFECT_API_URL
at it: the server starts on the second core while the build imports on the first.

Whether a temporary server is needed stays Prefect's decision, taken in the child from the same
settings (environment, profiles, prefect.toml, .env): with an API URL configured, or ephemeral mode
off, the child exits at once and Prefect behaves as it always did. The child starts serving only
when the build says so (after its folder checks), and stops when the build exits or dies: its stdin
is a pipe from the build, closed when the build goes.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

EPHEMERAL_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
"""The environment Prefect's SubprocessASGIServer gives its server: no UI, the ephemeral set of services."""

logger = logging.getLogger("prefect")


class TemporaryServer:
    """Prefect's temporary server, launched early in a child process; does nothing where it is not needed.

    Not needed where this process already has Prefect loaded (a test, a flow run in-process: Prefect
    decides there as usual) or PREFECT_API_URL names a server; the child decides the rest.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.api_url: str | None = None
        if "prefect" in sys.modules or os.environ.get("PREFECT_API_URL"):
            return
        # -P: the script's own folder (flows/) must not shadow installed modules.
        self.process = subprocess.Popen(
            [sys.executable, "-P", os.path.abspath(__file__)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, **EPHEMERAL_ENV},
        )
        # Registered before Prefect loads, so it runs after Prefect has drained its log and event workers.
        atexit.register(self.stop)

    def start(self) -> None:
        """Serve, if Prefect would start a temporary server, and point PREFECT_API_URL at it (before Prefect loads)."""
        if self.process is None:
            return
        self.api_url = self.process.stdout.readline().decode().strip() or None
        if self.api_url is None:
            self.stop()
            return
        os.environ["PREFECT_API_URL"] = self.api_url
        self.process.stdin.write(b"serve\n")
        self.process.stdin.flush()

    def wait_until_ready(self) -> None:
        """Return once the server answers; Prefect's own error if it does not within its start-up timeout."""
        if self.api_url is None:
            return
        from prefect.settings import get_current_settings

        logger.info(
            "Starting temporary server on %s\nSee https://www.prefect.io/docs/v3/concepts/server#how-to-guides "
            "for more information on running a dedicated Prefect server.", self.api_url.removesuffix("/api"),
        )
        deadline = time.monotonic() + get_current_settings().server.ephemeral.startup_timeout_seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=5):
                    return
            except OSError:
                time.sleep(0.05)
        message = "Timed out while attempting to connect to ephemeral Prefect API server."
        if self.process.poll() is not None:
            message += f" Ephemeral server process exited with code {self.process.returncode}."
        raise RuntimeError(message)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            if self.api_url:
                logger.info("Stopping temporary server on %s", self.api_url.removesuffix("/api"))
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            pipe.close()


def _serve() -> None:
    """The child: Prefect's decision on stdout (an API URL or an empty line), then the server once asked."""
    # Ctrl-C reaches the whole process group: the build reports it and stops this process itself
    # (until it serves; then uvicorn's own handler shuts the server down, as Prefect's would).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        print(flush=True)
        return
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # kept open and handed to uvicorn: no other process can take the port
    print(f"http://127.0.0.1:{listener.getsockname()[1]}/api", flush=True)
    os.dup2(2, 1)  # from here on the server's output goes where Prefect's temporary server writes it

    import uvicorn

    import prefect.server.api.server  # noqa: F401  (the slow part, done while the build checks its folders)

    if sys.stdin.readline().strip() != "serve":
        return
    config = uvicorn.Config(
        "prefect.server.api.server:create_app", factory=True, host="127.0.0.1", log_level="error", lifespan="on"
    )
    server = uvicorn.Server(config)

    def stop_with_the_build() -> None:
        sys.stdin.read()  # returns when the build closes the pipe, or dies
        server.handle_exit(signal.SIGTERM, None)

    threading.Thread(target=stop_with_the_build, daemon=True).start()
    server.run(sockets=[listener])


if __name__ == "__main__":
    _serve()

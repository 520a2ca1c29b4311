"""A real HTTP server on 127.0.0.1 for the collect tests (standard library, one thread per request).

It serves the feed as the repository lays it out (`data/headlines.json`, `data/archive/headlines_<date>.json`)
from the real snapshots of ../shared/feeds, decompressed, up to a "current day" the test moves; files with
ETag and Last-Modified, answering conditional requests with 304; byte ranges; and, per path, a queue of
scripted answers for the failures (500 then 200, 429 with Retry-After, a truncated body, a slow answer ...).
Every request is logged, so tests assert what was asked.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import email.utils
import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FEED = Path(__file__).resolve().parent.parent.parent / "shared" / "feeds" / "north-korea-news"
EVENTS = Path(__file__).resolve().parent.parent.parent / "shared" / "events" / "north-korea-provocations"


@dataclasses.dataclass
class Answer:
    """One scripted answer: status, headers, body; `truncate_to` sends fewer bytes than Content-Length says;
    `delay` waits before the headers."""

    status: int = 200
    body: bytes = b""
    headers: dict = dataclasses.field(default_factory=dict)
    truncate_to: int | None = None
    delay: float = 0.0


@dataclasses.dataclass
class Request:
    path: str
    headers: dict


class Server:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        """path -> (body, Last-Modified): served with ETag and conditional answers."""
        self.dynamic: dict[str, Callable[[], tuple[bytes, str] | None]] = {}
        self.scripted: dict[str, list[Answer]] = {}
        self.log: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                server._handle(self)

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that gave up mid-answer (a read timeout, a cut download): expected here

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def script(self, path: str, *answers: Answer) -> None:
        self.scripted.setdefault(path.lstrip("/"), []).extend(answers)

    def requests_for(self, path: str) -> list[Request]:
        return [request for request in self.log if request.path == path.lstrip("/")]

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.lstrip("/").split("?")[0]
        with self._lock:
            self.log.append(Request(path, dict(handler.headers)))
            queue = self.scripted.get(path)
            answer = queue.pop(0) if queue else None
        if answer is not None:
            return _send(handler, answer)
        found = self.files.get(path)
        if found is None and path in self.dynamic:
            found = self.dynamic[path]()
        if found is None:
            return _send(handler, Answer(404, b"Not Found", {"Content-Type": "text/plain"}))
        body, last_modified = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if handler.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in handler.headers and handler.headers.get("If-Modified-Since") == last_modified
        ):
            return _send(handler, Answer(304, b"", validators))
        requested = handler.headers.get("Range")
        if requested and requested.startswith("bytes="):
            start = int(requested.removeprefix("bytes=").split("-")[0])
            if start >= len(body):
                return _send(handler, Answer(416, b"", {"Content-Range": f"bytes */{len(body)}"}))
            return _send(handler, Answer(206, body[start:], {
                **validators, "Content-Range": f"bytes {start}-{len(body) - 1}/{len(body)}"}))
        return _send(handler, Answer(200, body, validators))


def _send(handler: BaseHTTPRequestHandler, answer: Answer) -> None:
    if answer.delay:
        time.sleep(answer.delay)
    try:
        handler.send_response(answer.status)
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(answer.body)))
        if answer.truncate_to is not None:
            handler.send_header("Connection", "close")
        handler.end_headers()
        if answer.status != 304:
            handler.wfile.write(answer.body if answer.truncate_to is None else answer.body[: answer.truncate_to])
        handler.wfile.flush()
        if answer.truncate_to is not None:
            handler.close_connection = True
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (a read timeout): nothing to answer


def http_date(day: dt.date, hour: int = 1) -> str:
    return email.utils.format_datetime(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC), usegmt=True)


def snapshot_days() -> list[dt.date]:
    return sorted(dt.date.fromisoformat(path.name[10:20]) for path in (FEED / "data" / "archive").glob("headlines_*.json.gz"))


def snapshot_body(day: dt.date) -> bytes:
    return gzip.decompress((FEED / "data" / "archive" / f"headlines_{day.isoformat()}.json.gz").read_bytes())


class FeedState:
    """The feed as of a current day the test moves: dated files up to it, headlines.json equal to its file."""

    def __init__(self, server: Server, prefix: str = "") -> None:
        self.server, self.prefix = server, prefix
        self.current: dt.date | None = None
        self._cache: dict[dt.date, bytes] = {}

    def body(self, day: dt.date) -> bytes:
        if day not in self._cache:
            self._cache[day] = snapshot_body(day)
        return self._cache[day]

    def advance_to(self, day: dt.date) -> None:
        for held in snapshot_days():
            if held <= day:
                path = f"{self.prefix}data/archive/headlines_{held.isoformat()}.json"
                if path not in self.server.files:
                    self.server.files[path] = (self.body(held), http_date(held))
        self.current = day
        self.server.files[f"{self.prefix}data/headlines.json"] = (self.body(day), http_date(day))


@contextlib.contextmanager
def running() -> Iterator[Server]:
    with Server() as server:
        yield server

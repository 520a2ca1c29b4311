"""HTTP for the collectors: one kept client per run, polite and bounded, and atomic writes.

- Connect and read timeouts; retries with exponential backoff and jitter on connection errors, timeouts,
  429 (its Retry-After honoured) and 5xx; never on other 4xx (a 404 does not get better by asking again).
- A descriptive User-Agent; per run a cap on requests and on bytes, per response a size cap.
- Conditional requests (If-None-Match / If-Modified-Since): an unchanged file costs one request, no body.
- No network at all (a name that does not resolve, no route) fails at once, without retries: `kcna collect`
  offline says so in one line instead of backing off for a minute.
- Files are written to a temporary name in the target folder, fsynced, then linked to their final name,
  which fails rather than replace an existing file: an earlier raw file is never overwritten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import email.utils
import errno
import hashlib
import os
import random
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from kcna_dataset.sources.config import Politeness

USER_AGENT = "kcna-dataset/0.1 (research dataset collector; polite: conditional requests, one connection, backoff)"


class FetchFailed(Exception):
    """A request that did not give a usable response; `reason` is one line for the ledger and the user."""

    def __init__(self, url: str, reason: str, status: int | None = None, *, offline: bool = False):
        super().__init__(reason)
        self.url, self.reason, self.status, self.offline = url, reason, status, offline


class BudgetExhausted(FetchFailed):
    """The run's cap on requests or bytes is reached: nothing more is asked of the source."""


@dataclasses.dataclass(frozen=True)
class Fetched:
    """One response: its body (None when 304 Not Modified) and what the ledger records of it."""

    url: str
    status: int
    body: bytes | None
    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def sha256(self) -> str | None:
        return None if self.body is None else hashlib.sha256(self.body).hexdigest()


@dataclasses.dataclass
class Budget:
    """What one run of one source may still spend."""

    requests: int
    bytes: int
    requests_made: int = 0
    bytes_read: int = 0

    def take_request(self, url: str) -> None:
        if self.requests_made >= self.requests:
            raise BudgetExhausted(url, f"request cap reached ({self.requests} requests this run; raise it with --max-requests)")
        self.requests_made += 1

    def take_bytes(self, url: str, count: int) -> None:
        self.bytes_read += count
        if self.bytes_read > self.bytes:
            raise BudgetExhausted(url, f"byte cap reached ({self.bytes:,} bytes this run)")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Client:
    """The collectors' HTTP client: one httpx.Client kept for the run (one connection per host, reused)."""

    def __init__(self, politeness: Politeness, *, max_requests: int | None = None, sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None):
        self.politeness = politeness
        self.budget = Budget(max_requests if max_requests is not None else politeness.max_requests_per_run,
                             politeness.max_bytes_per_run)
        self.sleep = sleep
        self.rng = rng or random.Random()
        self._last_request: float | None = None
        timeout = httpx.Timeout(connect=politeness.connect_timeout_seconds, read=politeness.read_timeout_seconds,
                                write=politeness.read_timeout_seconds, pool=politeness.connect_timeout_seconds)
        self.http = httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT},
                                 trust_env=False)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- requests -------------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            on_bytes: Callable[[int, int | None], None] | None = None) -> Fetched:
        """GET url, conditionally where etag/last_modified are given; a 2xx body or a 304, else FetchFailed."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, lambda: self._get_once(url, headers, on_bytes))

    def post(self, url: str, form: dict[str, str]) -> Fetched:
        """POST a form (kcna.kp's further list pages), with the pacing, retries and caps of get; the session
        cookies the client holds are sent back."""
        return self._with_retries(url, lambda: self._get_once(url, {}, None, method="POST", form=form))

    def forget_cookies(self) -> None:
        """Drop the session cookies (a stale session is renewed by asking its first page again)."""
        self.http.cookies.clear()

    def download(self, url: str, partial: Path, *, on_bytes: Callable[[int, int | None], None] | None = None) -> Fetched:
        """Stream url into `partial`, resuming from its current size with a Range request (a download cut
        off midway goes on where it stopped, in this run or the next); the returned Fetched has no body."""
        return self._with_retries(url, lambda: self._download_once(url, partial, on_bytes))

    def _with_retries(self, url: str, attempt: Callable[[], Fetched]) -> Fetched:
        p = self.politeness
        for number in range(p.retries + 1):
            self._pace()
            self.budget.take_request(url)
            try:
                return attempt()
            except _Retryable as failure:
                if number == p.retries:
                    raise FetchFailed(url, f"{failure.reason} (after {p.retries + 1} attempts)", failure.status) from None
                wait = failure.retry_after
                if wait is None:
                    # Exponential backoff with full jitter: retries of many clients do not arrive together.
                    wait = self.rng.uniform(0, min(p.max_backoff_seconds, p.backoff_seconds * 2 ** number))
                elif wait > p.max_backoff_seconds:
                    raise FetchFailed(url, f"{failure.reason}; the server asks to wait {wait:.0f} s (Retry-After), "
                                           f"more than the {p.max_backoff_seconds:.0f} s allowed: try later",
                                      failure.status) from None
                self.sleep(wait)
        raise AssertionError("unreachable")

    def _pace(self) -> None:
        delay = self.politeness.delay_seconds
        if delay and self._last_request is not None:
            left = self._last_request + delay - time.monotonic()
            if left > 0:
                self.sleep(left)
        self._last_request = time.monotonic()

    def _get_once(self, url: str, headers: dict, on_bytes, method: str = "GET",
                  form: dict | None = None) -> Fetched:
        with self._stream(url, headers, method, form) as response:
            fetched_at = utc_now()
            if response.status_code == 304:
                return Fetched(url, 304, None, _header(response, "etag"), _header(response, "last-modified"), fetched_at)
            _check_status(url, response)
            body = b"".join(self._chunks(url, response, on_bytes))
            return Fetched(url, response.status_code, body, _header(response, "etag"),
                           _header(response, "last-modified"), fetched_at)

    def _download_once(self, url: str, partial: Path, on_bytes) -> Fetched:
        have = partial.stat().st_size if partial.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        with self._stream(url, headers) as response:
            fetched_at = utc_now()
            if response.status_code == 416 and have:
                # Range not satisfiable: what we hold is already the whole file (or the file changed).
                length = _content_range_total(response)
                if length == have:
                    return Fetched(url, 206, None, _header(response, "etag"), _header(response, "last-modified"), fetched_at)
                partial.unlink()
                raise _Retryable("the file changed since the interrupted download; starting again")
            _check_status(url, response)
            resumed = response.status_code == 206
            mode = "ab" if resumed else "wb"  # a server that ignores Range sends the whole file again
            with partial.open(mode) as sink:
                for chunk in self._chunks(url, response, on_bytes, already=have if resumed else 0):
                    sink.write(chunk)
                sink.flush()
                os.fsync(sink.fileno())
            return Fetched(url, response.status_code, None, _header(response, "etag"),
                           _header(response, "last-modified"), fetched_at)

    @contextlib.contextmanager
    def _stream(self, url: str, headers: dict, method: str = "GET",
                form: dict | None = None) -> Iterator[httpx.Response]:
        try:
            with self.http.stream(method, url, headers=headers, data=form) as response:
                if response.status_code == 429 or response.status_code >= 500:
                    raise _Retryable(f"HTTP {response.status_code} {response.reason_phrase}".rstrip(),
                                     response.status_code, _retry_after(response))
                yield response
        except httpx.TimeoutException as failure:
            kind = "connect" if isinstance(failure, httpx.ConnectTimeout) else "read"
            seconds = self.politeness.connect_timeout_seconds if kind == "connect" else self.politeness.read_timeout_seconds
            raise _Retryable(f"{kind} timed out after {seconds:g} s") from None
        except httpx.RemoteProtocolError as failure:
            # h11 raises this when the connection closes before Content-Length bytes arrived.
            raise _Retryable(f"truncated body: {failure}") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.CloseError) as failure:
            if _is_offline(failure):
                raise FetchFailed(url, f"no network: {_root_cause(failure)}", offline=True) from None
            raise _Retryable(f"connection failed: {_root_cause(failure)}") from None

    def _chunks(self, url: str, response: httpx.Response, on_bytes, already: int = 0) -> Iterator[bytes]:
        """The body in chunks, counted against the per-response and per-run caps; a short body is an error."""
        cap = self.politeness.max_response_bytes
        declared = _content_length(response)
        total = already + declared if declared is not None else None
        if total is not None and total > cap:
            raise FetchFailed(url, f"response of {total:,} bytes is over the {cap:,}-byte cap for one response",
                              response.status_code)
        received = 0
        try:
            # No chunk size: chunks as they arrive, so that a download cut off keeps every byte it received.
            for chunk in response.iter_raw() if _is_identity(response) else response.iter_bytes():
                received += len(chunk)
                if already + received > cap:
                    raise FetchFailed(url, f"response is over the {cap:,}-byte cap for one response", response.status_code)
                self.budget.take_bytes(url, len(chunk))
                if on_bytes is not None:
                    on_bytes(already + received, total)
                yield chunk
        except httpx.RemoteProtocolError as failure:
            raise _Retryable(f"truncated body ({received:,} bytes received): {failure}") from None
        if declared is not None and _is_identity(response) and received != declared:
            raise _Retryable(f"truncated body: {received:,} of {declared:,} bytes received")


class _Retryable(Exception):
    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.status, self.retry_after = reason, status, retry_after


def _check_status(url: str, response: httpx.Response) -> None:
    if response.status_code == 206 or 200 <= response.status_code < 300:
        return
    raise FetchFailed(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip(), response.status_code)


def _header(response: httpx.Response, name: str) -> str | None:
    return response.headers.get(name) or None


def _is_identity(response: httpx.Response) -> bool:
    return response.headers.get("content-encoding", "identity").lower() in ("", "identity")


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _content_range_total(response: httpx.Response) -> int | None:
    value = response.headers.get("content-range", "")
    try:
        return int(value.rsplit("/", 1)[1])
    except (IndexError, ValueError):
        return None


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds: a number of seconds or an HTTP date (RFC 9110)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    with contextlib.suppress(TypeError, ValueError):
        return max(0.0, (email.utils.parsedate_to_datetime(value) - utc_now()).total_seconds())
    return None


def _root_cause(failure: BaseException) -> str:
    while failure.__cause__ is not None or failure.__context__ is not None:
        failure = failure.__cause__ or failure.__context__
    return str(failure) or type(failure).__name__


def _is_offline(failure: BaseException) -> bool:
    """No network at all: the host name does not resolve, or there is no route (not: a refused connection)."""
    while failure is not None:
        if isinstance(failure, socket.gaierror):
            return True
        if isinstance(failure, OSError) and failure.errno in (errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH):
            return True
        text = str(failure)
        if "Name or service not known" in text or "Temporary failure in name resolution" in text or \
                "Network is unreachable" in text:
            return True
        failure = failure.__cause__ or failure.__context__
    return False


# -- files ----------------------------------------------------------------------------------------------


def write_new_file(path: Path, data: bytes) -> Path:
    """Write `data` as a new file at `path` (or `<stem>-2<suffixes>`, `-3` ... if the name is taken), atomically:
    a temporary file in the same folder, fsync, then a hard link to the final name (which never replaces an
    existing file), then the folder fsynced. Returns the path written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{random.getrandbits(32):08x}.tmp"
    try:
        with temporary.open("xb") as sink:
            sink.write(data)
            sink.flush()
            os.fsync(sink.fileno())
        return link_new(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def link_new(temporary: Path, path: Path) -> Path:
    """Give the finished file `temporary` its final name `path`, or the first free `-N` variant of it."""
    stem, extension = split_extension(path.name)
    candidate, number = path, 1
    while True:
        try:
            os.link(temporary, candidate)
            break
        except FileExistsError:
            number += 1
            candidate = path.with_name(f"{stem}-{number}{extension}")
    temporary.unlink()
    fsync_folder(path.parent)
    return candidate


def split_extension(name: str) -> tuple[str, str]:
    """'2024-08-04.fetched-2026-12-04.json.gz' -> ('2024-08-04.fetched-2026-12-04', '.json.gz')."""
    stem, dot, last = name.rpartition(".")
    if not dot:
        return name, ""
    if last == "gz" and "." in stem:
        stem, _, inner = stem.rpartition(".")
        return stem, f".{inner}.gz"
    return stem, f".{last}"


def fsync_folder(folder: Path) -> None:
    """Make a rename or link in `folder` durable (a crash right after cannot lose the new name)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

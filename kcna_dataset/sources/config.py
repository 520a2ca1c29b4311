"""The sources `kcna collect` fetches from, as declared in sources.toml at the repository root.

The file is validated whole on load: every mistake is reported, one line each, naming the source and the
key ("source 2 (kcna-co-jp-archive): origins.repository.base_url: must be an http(s) URL, got 'ftp://…'"),
so that a user fixes them all at once rather than one per run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

SOURCES_FILE = Path(__file__).resolve().parents[2] / "sources.toml"
"""The declaration shipped with the repository (an editable install reads it in place)."""

KINDS = {
    # kind -> keys every origin of that kind must give (besides base_url)
    "feed_snapshots": ("current_path", "dated_path"),
    "archive_backfill": ("archive_path",),
    "events_table": ("table_path",),
    "kcna_kp_site": ("robots_path", "menu_path"),
    "wayback_cdx": ("robots_path", "cdx_path", "capture_path", "site_prefix"),
}
"""What each collector needs to know; the collectors are kcna_dataset.sources.{feed,archive,events,kcna_kp}."""

LANGUAGES = ("en", "kp", "cn", "ru", "es", "jp")
"""kcna.kp's language prefixes."""

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
"""A source's name is its folder under data/raw: lower case, digits and hyphens."""


@dataclasses.dataclass(frozen=True)
class Politeness:
    """How hard a source may be asked: timeouts, retries, caps per run and per response."""

    connect_timeout_seconds: float = 10.0
    read_timeout_seconds: float = 30.0
    """Longest wait for the next bytes of a response (not for the whole body)."""
    retries: int = 4
    """Further attempts after a connection error, a 429 or a 5xx; other 4xx are never retried."""
    backoff_seconds: float = 1.0
    """First wait before a retry; doubled each time, with jitter, capped by max_backoff_seconds."""
    max_backoff_seconds: float = 60.0
    max_requests_per_run: int = 100
    max_bytes_per_run: int = 1_000_000_000
    max_response_bytes: int = 200_000_000
    max_member_bytes: int = 50_000_000
    """Archives only: the largest member unpacked."""
    delay_seconds: float = 0.0
    """Pause between two requests of one run."""


@dataclasses.dataclass(frozen=True)
class Origin:
    """One place a source is served from: a base URL and the source's paths under it."""

    name: str
    base_url: str
    paths: dict[str, str]

    def url(self, key: str, **values: str) -> str:
        """The URL of one of the origin's paths ('current_path', 'dated_path' with date=...)."""
        return self.base_url + self.paths[key].format(**values)


@dataclasses.dataclass(frozen=True)
class Source:
    name: str
    kind: str
    licence: str
    holds: str
    homepage: str | None
    origin: Origin
    """The origin in use (`origin = "..."` in the file, or the one --url made)."""
    origins: dict[str, Origin]
    politeness: Politeness
    start_date: dt.date | None = None
    members: str | None = None
    language: str | None = None
    """kcna.kp sources: the site's language prefix (en, kp, cn, ru, es, jp)."""
    by_default: bool = True
    """Whether `kcna collect` without names (and the nightly run) collects it; false: only when named."""

    def with_base_url(self, url: str) -> Source:
        """The same source served from another base URL (a mirror, a test server), with the paths of its
        first declared origin: for north-korea-news the repository's own `data/headlines.json` and `data/archive/…`."""
        first = next(iter(self.origins.values()))
        if not url.endswith("/"):
            url += "/"
        return dataclasses.replace(self, origin=Origin("--url", url, first.paths))


class SourcesError(Exception):
    """sources.toml (or the sources asked for) has mistakes; the message lists each on its own line."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} mistake(s):\n" + "\n".join(f"  {p}" for p in problems))


_SOURCE_KEYS = {"name", "kind", "licence", "holds", "homepage", "origin", "origins", "politeness", "start_date", "members",
                "language", "by_default"}
_REQUIRED = ("name", "kind", "licence", "holds", "origin", "origins")
_POLITENESS = {field.name: field for field in dataclasses.fields(Politeness)}


def load_sources(path: Path = SOURCES_FILE) -> dict[str, Source]:
    """Name -> Source, in the file's order; SourcesError listing every mistake."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(path, ["file not found"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as failure:
        raise SourcesError(path, [f"not valid TOML: {failure}"]) from None
    return parse_sources(document, path)


def parse_sources(document: dict, path: Path = SOURCES_FILE) -> dict[str, Source]:
    """Validate a parsed sources.toml document (see load_sources)."""
    problems: list[str] = []
    unknown = sorted(set(document) - {"source"})
    if unknown:
        problems.append(f"unknown top-level key(s) {', '.join(unknown)}: only [[source]] tables are read")
    entries = document.get("source")
    if not isinstance(entries, list) or not entries:
        problems.append("no [[source]] table: declare at least one source")
        raise SourcesError(path, problems)
    sources: dict[str, Source] = {}
    for number, entry in enumerate(entries, start=1):
        label = f"source {number}" + (f" ({entry['name']})" if isinstance(entry.get("name"), str) else "")
        source = _parse_source(entry, lambda message, label=label: problems.append(f"{label}: {message}"))
        if source is None:
            continue
        if source.name in sources:
            problems.append(f"{label}: name {source.name!r} is declared twice")
        sources[source.name] = source
    if problems:
        raise SourcesError(path, problems)
    return sources


def _parse_source(entry: dict, problem) -> Source | None:
    errors: list[str] = []

    def fail(message: str) -> None:
        errors.append(message)
        problem(message)

    for key in sorted(set(entry) - _SOURCE_KEYS):
        fail(f"unknown key {key!r} (known: {', '.join(sorted(_SOURCE_KEYS))})")
    for key in _REQUIRED:
        if key not in entry:
            fail(f"missing key {key!r}")
    for key in ("name", "kind", "licence", "holds", "homepage", "origin", "members", "language"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            fail(f"{key}: must be a non-empty string, got {entry[key]!r}")
    name, kind = entry.get("name"), entry.get("kind")
    if isinstance(name, str) and not NAME_PATTERN.match(name):
        fail(f"name: {name!r} is not a folder name (lower-case letters, digits and hyphens)")
    if isinstance(kind, str) and kind not in KINDS:
        fail(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    origins = _parse_origins(entry.get("origins"), kind if kind in KINDS else None, fail)
    chosen = entry.get("origin")
    if isinstance(chosen, str) and origins is not None and chosen not in origins:
        fail(f"origin: {chosen!r} is not one of the declared origins ({', '.join(origins) or 'none'})")
    politeness = _parse_politeness(entry.get("politeness", {}), fail)
    start_date = None
    if "start_date" in entry:
        value = entry["start_date"]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            start_date = value
        elif isinstance(value, str):
            try:
                start_date = dt.date.fromisoformat(value)
            except ValueError:
                fail(f"start_date: {value!r} is not a date (YYYY-MM-DD)")
        else:
            fail(f"start_date: must be a date (YYYY-MM-DD), got {value!r}")
    if kind == "feed_snapshots" and "start_date" not in entry:
        fail("missing key 'start_date' (the first dated file to fetch)")
    if kind == "archive_backfill" and "members" not in entry:
        fail("missing key 'members' (a glob of the archive members to keep, e.g. 'cache/juche/*_juche.json')")
    if kind in ("kcna_kp_site", "wayback_cdx") and entry.get("language") not in LANGUAGES:
        fail(f"language: must be one of {', '.join(LANGUAGES)} (the site's prefixes), got {entry.get('language')!r}")
    if not isinstance(entry.get("by_default", True), bool):
        fail(f"by_default: must be true or false, got {entry['by_default']!r}")
    if kind == "wayback_cdx" and "start_date" not in entry:
        fail("missing key 'start_date' (the first day of captures to list)")
    if errors:
        return None
    return Source(
        name=name, kind=kind, licence=entry["licence"], holds=entry["holds"], homepage=entry.get("homepage"),
        origin=origins[chosen], origins=origins, politeness=politeness, start_date=start_date,
        members=entry.get("members"), language=entry.get("language"), by_default=entry.get("by_default", True),
    )


def _parse_origins(value, kind: str | None, fail) -> dict[str, Origin] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not value:
        fail("origins: must be a table of named origins ([source.origins.NAME] with base_url and paths)")
        return None
    origins = {}
    for name, table in value.items():
        where = f"origins.{name}"
        if not isinstance(table, dict):
            fail(f"{where}: must be a table")
            continue
        base = table.get("base_url")
        if not isinstance(base, str):
            fail(f"{where}: missing key 'base_url'")
            continue
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            fail(f"{where}.base_url: must be an http(s) URL, got {base!r}")
        elif not base.endswith("/"):
            fail(f"{where}.base_url: must end with '/' (paths are joined to it), got {base!r}")
        paths = {key: path for key, path in table.items() if key != "base_url"}
        needed = KINDS.get(kind, ())
        for key in needed:
            if key not in paths:
                fail(f"{where}: missing key {key!r} (a {kind} source needs {', '.join(needed)})")
        for key, path in paths.items():
            if kind is not None and key not in needed:
                fail(f"{where}: unknown key {key!r} (a {kind} source takes base_url, {', '.join(needed)})")
            elif not isinstance(path, str) or not path or path.startswith("/"):
                fail(f"{where}.{key}: must be a relative path, got {path!r}")
        if "dated_path" in paths and isinstance(paths["dated_path"], str) and "{date}" not in paths["dated_path"]:
            fail(f"{where}.dated_path: must hold '{{date}}' (replaced by YYYY-MM-DD), got {paths['dated_path']!r}")
        origins[name] = Origin(name, base, paths)
    return origins


def _parse_politeness(value, fail) -> Politeness:
    if not isinstance(value, dict):
        fail("politeness: must be a table")
        return Politeness()
    values = {}
    for key, given in value.items():
        field = _POLITENESS.get(key)
        if field is None:
            fail(f"politeness: unknown key {key!r} (known: {', '.join(_POLITENESS)})")
            continue
        wanted = int if field.type == "int" else float
        if isinstance(given, bool) or not isinstance(given, int | float) or (wanted is int and not isinstance(given, int)):
            fail(f"politeness.{key}: must be a {'whole ' if wanted is int else ''}number, got {given!r}")
        elif given < 0 or (given == 0 and key not in ("retries", "delay_seconds", "backoff_seconds")):
            fail(f"politeness.{key}: must be {'0 or more' if key in ('retries', 'delay_seconds') else 'above 0'}, got {given!r}")
        else:
            values[key] = wanted(given)
    return Politeness(**values)


class SelectionError(ValueError):
    """A run asked for sources that are not declared, or for --url with several sources: one line."""


def select(sources: dict[str, Source], names: list[str] | None, url: str | None = None) -> list[Source]:
    """The sources a run asked for (when none is named: those with by_default, every one unless the file says
    otherwise), --url applied; SelectionError for unknown names."""
    if names:
        unknown = [name for name in names if name not in sources]
        if unknown:
            raise SelectionError(f"unknown source{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
                                 f"(declared: {', '.join(sources)})")
        chosen = [sources[name] for name in dict.fromkeys(names)]
    else:
        chosen = [source for source in sources.values() if source.by_default]
    if url is not None:
        if len(chosen) != 1:
            raise SelectionError("--url points one source at a mirror: name exactly one source with it")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SelectionError(f"--url must be an http(s) URL, got {url!r}")
        chosen = [chosen[0].with_base_url(url)]
    return chosen

"""Extract: raw files in, one row per raw record out (plus reject rows for what cannot be read).

The raw form is recognised by content, not by file name: gzip by its magic bytes, JSON by its first
character and shape, anything else that decodes as text is a plain-text article. Nothing here raises
on bad input: an unreadable file or record becomes a reject row naming the file and the reason.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import os
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import orjson
import polars as pl

from kcna_dataset.stages import html

GZIP_MAGIC = b"\x1f\x8b"
# A gzip bomb of a few KB can expand to gigabytes; no real raw file comes near this.
MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_FILE_BYTES = 1024 * 1024 * 1024
# The longest real KCNA article is about 78,000 characters (../shared/corpora/README.md); a record far
# beyond that is a dump or garbage, not one article. Its reject keeps the first REJECT_TEXT_CHARS.
MAX_RECORD_CHARS = 1_000_000
REJECT_TEXT_CHARS = 100_000

RECORD_SCHEMA = pl.Schema(
    {
        "source_path": pl.String,
        "record_index": pl.Int32,
        "source_kind": pl.String,
        "source_url": pl.String,
        "topic": pl.String,
        "source_title": pl.String,
        "source_date": pl.Date,
        "raw_text": pl.String,
        "raw_sha256": pl.String,
        "fetched_url": pl.String,
        "fetched_at": pl.Datetime("us", "UTC"),
    }
)
"""What extract hands to parse: one row per raw record, verbatim, with the fetch provenance of its file
(where `kcna collect` fetched it from, and when; null for a file put in the raw folder otherwise)."""

FEED_ENVELOPE_FORMAT = "kcna-feed-snapshot/1"
"""A feed snapshot as `kcna collect` stores it (kcna_dataset.sources.feed, docs/collect.md)."""
NOT_RAW_MARKER = ".not-raw-texts"
"""A folder holding a file of this name is not raw input, with everything below it: `kcna collect` marks the
folder of the events table (reference data for the events join, no article) so."""
NOT_RAW_NAMES = ("readme", "license", "licence")
"""Files named README*, LICENSE* (any case) describe a raw folder (data/raw/README.md): not raw input."""

FILE_REJECT_SCHEMA = pl.Schema(
    {
        "source_path": pl.String,
        "record_index": pl.Int32,
        "raw_sha256": pl.String,
        "stage": pl.String,
        "check": pl.String,
        "reason": pl.String,
        "raw_text": pl.String,
    }
)


@dataclasses.dataclass(frozen=True)
class RawFile:
    """A file under the raw folder: its '/'-separated relative path, size, content hash and mtime."""

    path: str
    size: int
    sha256: str
    symlink_target: str | None = None
    modified_ns: int = 0
    problem: str | None = None
    """Why the file cannot be read at all (a named pipe, a file that vanished), found while listing."""
    fetched: tuple[str, dt.datetime] | None = None
    """(URL, time) `kcna collect` fetched the file from, from the collect ledger (planning adds it)."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def discover(raw_dir: Path, known: Mapping[str, tuple[int, int, str]] | None = None) -> list[RawFile]:
    """List every file under raw_dir in a stable order, hashing each; symlinks are listed, never followed.

    `known` maps a path to the (size, modified_ns, sha256) a previous build saw: a file whose size and
    mtime are unchanged keeps that hash instead of being read again (as git's index and rsync do), so a
    refresh does not read the whole corpus. Hidden files and folders (names starting with '.') are not
    raw data (.gitkeep, .DS_Store, the collector's state and partial downloads) and are skipped, and so are
    files that describe a folder (README*, LICENSE*: data/raw/README.md) and folders marked NOT_RAW_MARKER.
    """
    known = known or {}
    found: list[RawFile] = []

    # os.scandir, not pathlib: its entries carry their stat, and a refresh lists ~7k files to hash none.
    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as listing:
            entries = list(listing)
        if any(entry.name == NOT_RAW_MARKER for entry in entries):
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name.lower().startswith(NOT_RAW_NAMES):
                continue
            rel = prefix + entry.name
            if not entry.is_symlink() and entry.is_dir():
                walk(entry.path, rel + "/")
            else:
                found.append(_list_one(entry, rel, known))

    walk(str(raw_dir), "")
    return sorted(found, key=lambda f: f.path)


def _list_one(entry: os.DirEntry, rel: str, known: Mapping[str, tuple[int, int, str]]) -> RawFile:
    try:
        if entry.is_symlink():
            # A symlinked file or folder is listed (it becomes a reject), never followed.
            target = os.readlink(entry.path)
            return RawFile(rel, 0, sha256_hex(_utf8(target)), target)
        info = entry.stat()
        if not stat.S_ISREG(info.st_mode):
            # Opening a named pipe (FIFO) would block the build for ever: never open what is not a file.
            return RawFile(rel, 0, sha256_hex(_utf8(rel)), problem="not a regular file (a named pipe, socket or device)")
        seen = known.get(rel)
        same = seen is not None and seen[:2] == (info.st_size, info.st_mtime_ns)
        digest = seen[2] if same else sha256_file(Path(entry.path))
        return RawFile(rel, info.st_size, digest, modified_ns=info.st_mtime_ns)
    except OSError as failure:
        # Vanished or unreadable between listing and hashing (a scraper still writing): a reject, not a crash.
        return RawFile(rel, 0, sha256_hex(_utf8(rel)), problem=f"cannot read file: {failure}")


def _utf8(text: str) -> bytes:
    """UTF-8 bytes of a path; a file name that is not valid UTF-8 keeps its original bytes."""
    return text.encode("utf-8", "surrogateescape")


def printable_path(path: str) -> str:
    """A path as it can be stored: bytes of a non-UTF-8 file name shown as \\xNN escapes."""
    if path.isascii():  # nearly every path, and a refresh asks for all ~7k of them
        return path
    return _utf8(path).decode("utf-8", "backslashreplace")


def sha256_file(path: Path) -> str:
    """sha256 hex of a file's bytes, read in blocks (raw files and release files alike)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def fingerprint(files: Iterable[RawFile]) -> str:
    """sha256 over the sorted (path, size, sha256) of the raw files: equal inputs, equal fingerprint."""
    lines = "".join(f"{f.path}\t{f.size}\t{f.sha256}\n" for f in sorted(files, key=lambda f: f.path))
    return sha256_hex(_utf8(lines))


class RejectFile(Exception):
    """A whole file cannot be read; carries the check name and a reason for the reject row."""

    def __init__(self, check: str, reason: str, raw_text: str | None = None):
        super().__init__(reason)
        self.check, self.reason, self.raw_text = check, reason, raw_text


class _Collector:
    """Column lists for records and rejects; cheaper than a dict per row at 100k+ records."""

    def __init__(self) -> None:
        self.records: dict[str, list] = {name: [] for name in RECORD_SCHEMA}
        self.rejects: dict[str, list] = {name: [] for name in FILE_REJECT_SCHEMA}

    def record(self, path, index, kind, url, topic, title, date, text, digest, fetched=(None, None)) -> None:
        for name, value in zip(RECORD_SCHEMA, (path, index, kind, url, topic, title, date, text, digest, *fetched)):
            self.records[name].append(value)

    def records_of_file(self, path, kind, urls, topics, titles, date, texts, digests, fetched=None) -> None:
        """All records of one file at once, column by column (indexes 0..n-1)."""
        n = len(texts)
        columns = self.records
        columns["source_path"].extend([path] * n)
        columns["record_index"].extend(range(n))
        columns["source_kind"].extend([kind] * n)
        columns["source_url"].extend(urls)
        columns["topic"].extend(topics)
        columns["source_title"].extend(titles)
        columns["source_date"].extend([date] * n)
        columns["raw_text"].extend(texts)
        columns["raw_sha256"].extend(digests)
        url, at = fetched or (None, None)
        columns["fetched_url"].extend([url] * n)
        columns["fetched_at"].extend([at] * n)

    def reject(self, path, index, digest, check, reason, text) -> None:
        for name, value in zip(FILE_REJECT_SCHEMA, (path, index, digest, "extract", check, reason, text)):
            self.rejects[name].append(value)

    def __len__(self) -> int:
        return len(self.records["source_path"]) + len(self.rejects["source_path"])

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        return (
            pl.DataFrame(self.records, schema=RECORD_SCHEMA),
            pl.DataFrame(self.rejects, schema=FILE_REJECT_SCHEMA),
        )


def extract_files(raw_dir: Path, files: Iterable[RawFile]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read the given raw files: (records, rejects) frames. Never raises on bad input."""
    out = _Collector()
    for raw in files:
        _read_one(raw_dir, raw, out)
    return out.frames()


class FileBatch:
    """The raw files of one batch, as one opaque value.

    A task parameter that is a tuple of dataclasses is walked element by element and field by field by
    Prefect (looking for futures), once when the task run is created and once when it starts: ~1 s of
    a full build's time, holding the GIL. Prefect does not look inside other objects.
    """

    __slots__ = ("files",)

    def __init__(self, files: Iterable[RawFile]) -> None:
        self.files = tuple(files)

    def __iter__(self) -> Iterator[RawFile]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __repr__(self) -> str:
        return f"FileBatch({len(self.files)} files)"


def group_files(files: Sequence[RawFile], max_bytes: int) -> list[FileBatch]:
    """Consecutive files in groups of about max_bytes on disk (a larger file alone): one batch each.

    Batches bound memory by bytes read whatever the number of files, and are independent, so that they
    are read, parsed and enriched side by side.
    """
    groups, group, size = [], [], 0
    for raw in files:
        if group and size + raw.size > max_bytes:
            groups.append(FileBatch(group))
            group, size = [], 0
        group.append(raw)
        size += raw.size
    if group:
        groups.append(FileBatch(group))
    return groups


def _read_one(raw_dir: Path, raw: RawFile, out: _Collector) -> None:
    try:
        if raw.symlink_target is not None:
            raise RejectFile("symlink", f"symbolic link to {printable_path(raw.symlink_target)!r} not followed")
        if raw.problem is not None:
            raise RejectFile("unreadable_file", raw.problem)
        if printable_path(raw.path) != raw.path:
            raise RejectFile("file_name_not_utf8", "file name is not valid UTF-8; rename the file to read it")
        if raw.size > MAX_FILE_BYTES:
            raise RejectFile("file_too_large", f"file is {raw.size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
        data = read_bytes(raw_dir / raw.path)
        if html.is_html(data):
            _read_html_page(raw_dir, raw, data, out)
            return
        if not _read_document(raw, _plain_json(data), out):
            _parse_content(raw, decode(data), out)
    except RejectFile as failure:
        out.reject(printable_path(raw.path), None, raw.sha256, failure.check, failure.reason, failure.raw_text)
    except OSError as failure:
        out.reject(printable_path(raw.path), None, raw.sha256, "unreadable_file", f"cannot read file: {failure}", None)


def read_bytes(path: Path) -> bytes:
    """File bytes, gunzipped when they start with the gzip magic, with a cap on what is decompressed."""
    data = path.read_bytes()
    if not data.startswith(GZIP_MAGIC):
        return data
    return gunzip(data)


def gunzip(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress (possibly multi-member) gzip; a truncated stream or one over `limit` is rejected."""
    chunks, total = [], 0
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = inflater.decompress(data, limit - total + 1)
        except zlib.error as failure:
            raise RejectFile("corrupt_gzip", f"gzip data is corrupt: {failure}") from None
        total += len(chunk)
        if total > limit or inflater.unconsumed_tail:
            raise RejectFile("gzip_too_large", f"gzip expands beyond {limit:,} bytes (possible gzip bomb); not read")
        chunks.append(chunk)
        if not inflater.eof:
            raise RejectFile("truncated_gzip", "gzip stream ends early (truncated file)")
        data = inflater.unused_data
        # Trailing zero padding after the last member is common and harmless.
        if not data.strip(b"\x00"):
            break
    return b"".join(chunks)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM dropped) or BOM-marked UTF-16; anything else is rejected, never guessed."""
    # isspace() is strip()'s test without copying the file: whitespace-only (or empty) either way.
    if not data or data.isspace():
        raise RejectFile("empty_file", "file is empty or holds only whitespace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as failure:
            raise RejectFile("invalid_utf16", f"file has a UTF-16 byte-order mark but is not valid UTF-16: {failure}") from None
    if b"\x00" in data:
        # UTF-16 without a byte-order mark: every other byte of Latin text is NUL ('P\x00y\x00o\x00').
        if data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4:
            raise RejectFile("binary_file", "file holds NUL bytes: looks like UTF-16 without a byte-order mark; "
                             "re-encode it as UTF-8 (or add a BOM)")
        raise RejectFile("binary_file", "file holds NUL bytes: binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise RejectFile(
            "not_utf8",
            f"not valid UTF-8 (byte 0x{data[failure.start]:02x} at offset {failure.start}); "
            "re-encode the file as UTF-8 (legacy Korean encodings such as CP949/EUC-KR are not guessed)",
        ) from None
    if not text or text.isspace():
        raise RejectFile("empty_file", "file is empty or holds only whitespace")
    return text


def _parse_content(raw: RawFile, text: str, out: _Collector) -> None:
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        if len(text) > MAX_RECORD_CHARS:
            raise RejectFile("record_too_large", _too_large(len(text)), text[:REJECT_TEXT_CHARS])
        out.record(raw.path, 0, "text_file", None, None, None, None, text, sha256_hex(text.encode()), raw.fetched or (None, None))
        return
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as failure:
        raise RejectFile("invalid_json", f"invalid or truncated JSON: {failure}", text) from None
    if not _read_document(raw, document, out):
        raise RejectFile(
            "unknown_json_shape",
            "JSON is neither a kcna.co.jp day file ({'articles': [...]}) nor a kcna.kp record list ([{'story_text': ...}])",
            text,
        )


def _plain_json(data: bytes):
    """The document of a file that is plainly JSON, parsed from its bytes; None for anything else.

    Parsing the bytes skips decoding them to text first (orjson checks UTF-8 as strictly as Python): a
    file opening with '{' or '[' after ASCII whitespace reads as JSON in _parse_content too. Anything
    that fails here (a BOM, NUL bytes, invalid JSON or UTF-8) goes through decode and _parse_content,
    which name the reason.
    """
    if data.lstrip(b" \t\n\r")[:1] not in (b"{", b"[") or b"\x00" in data:
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return None


def _read_document(raw: RawFile, document, out: _Collector) -> bool:
    """Records of a day file, a record list or a feed envelope; False (nothing read) for any other document."""
    if isinstance(document, dict) and document.get("format") == html.PAGE_META_FORMAT:
        raise RejectFile("visible_page_sidecar", "a saved kcna.kp page's sidecar under a visible name: its page reads it "
                         f"as {html.sidecar_name('<page>.html.gz')} (hidden) beside it; rename it so")
    elif isinstance(document, dict) and document.get("format") == FEED_ENVELOPE_FORMAT:
        _read_feed_envelope(raw, document, out)
    elif isinstance(document, dict) and isinstance(document.get("articles"), list):
        _read_day_file(raw, document, out)
    elif isinstance(document, list) and any(isinstance(item, dict) and "story_text" in item for item in document):
        _read_record_list(raw, document, out)
    else:
        return False
    return True


def _too_large(chars: int) -> str:
    return (
        f"text holds {chars:,} characters, over the {MAX_RECORD_CHARS:,}-character limit for one article "
        f"(the longest real one is about 78,000): not read; raw_text keeps its first {REJECT_TEXT_CHARS:,}"
    )


def _json_text(item, sort_keys: bool = False) -> str:
    """An entry as JSON text for a reject row.

    orjson reads nesting up to 1,024 levels but writes only 254 (and Python's json recurses out near
    1,000): deeper values are described, not written; the file path and record index still find them.
    """
    try:
        return orjson.dumps(item, option=orjson.OPT_SORT_KEYS if sort_keys else None).decode()
    except TypeError:
        return f"<{type(item).__name__} nested more than 254 levels deep: not reproduced>"


def _epoch_ms_date(value) -> dt.date | None:
    """kcna.kp 'date' (epoch milliseconds) to a date; None where it is no real moment (1e20, -1e300)."""
    try:
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
    except (OverflowError, ValueError, OSError):
        return None


def _date_or_none(value) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


UTF16_NUL_SHARE = 0.4
"""Share of NUL characters from which a text is taken for UTF-16 read one byte per character (a NUL beside
every Latin letter gives about a half; kcna-co-jp 2006-05-29 record 0 has 0.50)."""


def repair_utf16(text: str) -> str | None:
    """Text whose UTF-16 bytes a scraper decoded one byte per character ('\ufffd\ufffd\x00P\x00a\x00s...': the
    byte-order mark lost as U+FFFD, a NUL beside every Latin letter), without its NULs; None where the text
    is not that. Only the high bytes, all zero for Latin text, are dropped (the byte alignment of the one
    known case is broken at line ends, so a decode as UTF-16 would shift); what is left must be text."""
    if text.count("\x00") < UTF16_NUL_SHARE * len(text):
        return None
    repaired = text.replace("\x00", "").lstrip("\ufffd\ufeff")
    controls = sum(1 for char in repaired if char < " " and char not in "\r\n\t")
    return repaired if repaired.strip() and controls <= 0.01 * len(repaired) else None


def _text_field(item: dict, key: str):
    """A string field; None where absent; a wrong type raises so the record is rejected, not guessed."""
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"field {key!r} is {type(value).__name__}, expected a string")


def _read_day_file(raw: RawFile, document: dict, out: _Collector) -> None:
    """kcna.co.jp day file: {"date", "url", "articles": [{"title", "url", "content"}]}; entries may be null."""
    day = _date_or_none(document.get("date"))
    items = document["articles"]
    if not _read_plain_day_file(raw, items, day, out):
        for index, item in enumerate(items):
            _read_item(raw, index, item, "kcna_co_jp_day", out, ("content", "title", "url", None), day, raw.fetched or (None, None))


_STRING_OR_NONE = frozenset({str, type(None)})


def _read_plain_day_file(raw: RawFile, items: list, day, out: _Collector) -> bool:
    """A day file whose entries are all objects with string-or-null fields and texts within the limit,
    read a column at a time (what _read_item does entry by entry, at a fraction of the Python work);
    False, with nothing added, where any entry needs _read_item's reject rows."""
    if not all(type(item) is dict for item in items):
        return False
    texts = [item.get("content") for item in items]
    titles = [item.get("title") for item in items]
    urls = [item.get("url") for item in items]
    if not {type(value) for column in (texts, titles, urls) for value in column} <= _STRING_OR_NONE:
        return False
    if any(text is not None and len(text) > MAX_RECORD_CHARS for text in texts):
        return False
    if any("\x00" in value for column in (texts, titles) for value in column if value is not None):
        return False  # a NUL: _read_item repairs the text or rejects the record
    sha256 = hashlib.sha256
    digests = [
        sha256(text.encode()).hexdigest() if text is not None else _no_text_digest(item)
        for text, item in zip(texts, items)
    ]
    out.records_of_file(raw.path, "kcna_co_jp_day", urls, [None] * len(items), titles, day, texts, digests, raw.fetched)
    return True


def _no_text_digest(item: dict) -> str:
    """A record without text still gets an identity: the hash of its canonical JSON."""
    return sha256_hex(_json_text(item, sort_keys=True).encode())


def _read_record_list(raw: RawFile, document: list, out: _Collector) -> None:
    """kcna.kp list: [{"topic", "headline", "link", "date" (epoch ms), "date_str", "story_text"}]."""
    for index, item in enumerate(document):
        _read_item(raw, index, item, "kcna_kp_records", out, ("story_text", "headline", "link", "topic"), _kcna_kp_day(item),
                   raw.fetched or (None, None))


def _read_feed_envelope(raw: RawFile, envelope: dict, out: _Collector) -> None:
    """A feed snapshot envelope: only its "records" (those no earlier envelope held) are read, as kcna.kp
    records of kind kcna_kp_feed, with the envelope's URL and fetch time; its listing is not (stories do)."""
    records = envelope.get("records")
    if not isinstance(records, dict):
        raise RejectFile("wrong_shape", "feed envelope without a 'records' object")
    fetched = (_text_or_none(envelope.get("url")), _timestamp(envelope.get("fetched_at")))
    for index, item in enumerate(records.values()):
        _read_item(raw, index, item, "kcna_kp_feed", out, ("story_text", "headline", "link", "topic"),
                   _kcna_kp_day(item), fetched)


def _read_html_page(raw_dir: Path, raw: RawFile, data: bytes, out: _Collector) -> None:
    """A saved kcna.kp page (either layout; kcna_dataset/stages/html.py): an article page is one record of
    kind kcna_kp_html, with the address, fetch time, list date and category its hidden sidecar gives; a list
    or menu page (no article) and any other HTML page are rejects."""
    meta = _page_meta(raw_dir / (raw.path.rpartition("/")[0]) / html.sidecar_name(raw.path.rpartition("/")[2]))
    try:
        fields = html.read_page(data, meta)
    except html.NoArticle as failure:
        raise RejectFile("no_article_page", str(failure)) from None
    except html.NotAPage as failure:
        raise RejectFile("unknown_html_page", f"HTML that is no kcna.kp article or list page: {failure}") from None
    text = fields["text"]
    if text is not None and len(text) > MAX_RECORD_CHARS:
        raise RejectFile("record_too_large", _too_large(len(text)), text[:REJECT_TEXT_CHARS])
    digest = sha256_hex(text.encode()) if text is not None else raw.sha256
    # The sidecar's provenance; without one, the collect ledger's (planning's), if any.
    fetched = raw.fetched or (None, None)
    if meta:
        fetched = (_text_or_none(meta.get("url")), _timestamp(meta.get("fetched_at")))
    out.record(raw.path, 0, "kcna_kp_html", fields["url"], fields["topic"], fields["title"], fields["date"], text,
               digest, fetched)


def _page_meta(path: Path) -> dict | None:
    """A saved page's sidecar (html.PAGE_META_FORMAT), or None where there is none or it is not one."""
    try:
        value = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return value if isinstance(value, dict) and value.get("format") == html.PAGE_META_FORMAT else None


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def _timestamp(value) -> dt.datetime | None:
    """An envelope's fetched_at ('2026-12-04T21:00:03.123456Z') as a UTC datetime; None if not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(dt.UTC) if moment.tzinfo else None


def _kcna_kp_day(item) -> dt.date | None:
    """A kcna.kp record's date: date_str, else its epoch-millisecond date."""
    if not isinstance(item, dict):
        return None
    day = _date_or_none(item.get("date_str"))
    if day is None and isinstance(item.get("date"), int | float):
        day = _epoch_ms_date(item["date"])
    return day


def _read_item(raw: RawFile, index: int, item, kind: str, out: _Collector, keys: tuple, day,
               fetched: tuple = (None, None)) -> None:
    """One JSON record to a record row; a null entry or a field of the wrong type to a reject row."""
    if not isinstance(item, dict):
        what = "null" if item is None else type(item).__name__
        snippet = None if item is None else _json_text(item)[:10_000]
        digest = sha256_hex(_json_text(item).encode())
        out.reject(raw.path, index, digest, "wrong_shape", f"entry is {what}, expected an object", snippet)
        return
    text_key, title_key, url_key, topic_key = keys
    try:
        text = _text_field(item, text_key)
        title = _text_field(item, title_key)
        url = _text_field(item, url_key)
        topic = _text_field(item, topic_key) if topic_key else None
    except TypeError as failure:
        digest = sha256_hex(_json_text(item, sort_keys=True).encode())
        out.reject(raw.path, index, digest, "wrong_type", str(failure), _json_text(item)[:REJECT_TEXT_CHARS])
        return
    if text is not None and len(text) > MAX_RECORD_CHARS:
        out.reject(raw.path, index, sha256_hex(text.encode()), "record_too_large", _too_large(len(text)), text[:REJECT_TEXT_CHARS])
        return
    if (text is not None and "\x00" in text) or (title is not None and "\x00" in title):
        fixed_text = repair_utf16(text) if text is not None and "\x00" in text else text
        fixed_title = repair_utf16(title) if title is not None and "\x00" in title else title
        if (text is not None and fixed_text is None) or (title is not None and fixed_title is None):
            broken = text if text is not None and "\x00" in text else title
            out.reject(raw.path, index, sha256_hex(broken.encode()), "nul_characters",
                       "text holds NUL characters and is not UTF-16 read one byte per character; not guessed",
                       broken.replace("\x00", "")[:REJECT_TEXT_CHARS])
            return
        text, title = fixed_text, fixed_title
    digest = sha256_hex(text.encode()) if text is not None else _no_text_digest(item)
    out.record(raw.path, index, kind, url, topic, title, day, text, digest, fetched)

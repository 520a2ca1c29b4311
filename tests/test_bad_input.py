"""Bad input: one table of cases, each placed in a raw folder among good files and run through the real stages.

A case is one line of MATRIX: a name, how its file is made, and what must happen to its records:
`Reject(stage, check)` (a reject row naming file, record and reason) or `Accept(column=value)` (an
article, with the flags it must carry). Every case also proves that no good record is lost and that
every record read lands in sources or rejects. The whole matrix then goes through `kcna build` once.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.stages import enrich
from kcna_dataset.stages import extract
from kcna_dataset.stages import parse
from kcna_dataset.stages import validate
from tests.conftest import FIXTURE_RAW

ARTICLE = (
    "22 November, Juche110(2021)\n\n{title}\n\n"
    "Pyongyang, November 21 (KCNA) -- {body}\n\nThe statement was issued on Sunday. -0-\n"
)


def article(title: str = "Test Article Title", body: str = "A delegation arrived in Pyongyang today.", **parts) -> str:
    return ARTICLE.format(title=title, body=body)


def _gzip_bomb() -> bytes:
    """About 2 MB of gzip that expands to 2 GiB: 32 members of 64 MiB of zeros (deflate's limit is ~1000:1)."""
    member = gzip.compress(b"\0" * (64 << 20), compresslevel=9)
    return member * 32


def _nested(depth: int):
    value = "deep"
    for _ in range(depth):
        value = [value]
    return value


def write(name: str, data: bytes | str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)


def day_file(*entries) -> bytes:
    return json.dumps({"date": "2021-11-22", "url": "http://kcna.co.jp/x", "articles": list(entries)}).encode()


def symlink_out(name: str, target_is_dir: bool = False) -> Callable[[Path], None]:
    """A symlink from the raw folder to a good article (or folder of them) outside it."""

    def make(folder: Path) -> None:
        outside = folder.parents[2] / f"outside-{name}"
        if target_is_dir:
            outside.mkdir()
            (outside / "a.txt").write_text(article())
        else:
            outside.write_text(article())
        (folder / name).symlink_to(outside, target_is_directory=target_is_dir)

    return make


def bytes_name(name: bytes, data: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        with open(os.fsencode(folder) + b"/" + name, "wb") as handle:
            handle.write(data.encode())

    return make


@dataclasses.dataclass(frozen=True)
class Reject:
    stage: str
    check: str
    says: str = ""  # a phrase the reason must contain


class Accept:
    def __init__(self, **columns):
        self.columns = columns  # article columns and the values they must hold


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]
    expect: Reject | Accept


LONG_BODY = " ".join(["The plenary meeting discussed the results of the year in detail."] * 1200)  # ~78k chars

MATRIX = [
    Case("binary file", write("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50), Reject("extract", "binary_file")),
    Case("empty file", write("empty.txt", b""), Reject("extract", "empty_file")),
    Case("whitespace only", write("blank.txt", b" \n\t\r\n  \n"), Reject("extract", "empty_file")),
    Case("truncated gzip", write("day.json.gz", gzip.compress(article().encode())[:40]), Reject("extract", "truncated_gzip")),
    Case("corrupt gzip", write("bad.gz", b"\x1f\x8b\x08\x00garbage-not-deflate"), Reject("extract", "corrupt_gzip")),
    Case("gzip bomb", write("bomb.json.gz", _gzip_bomb()), Reject("extract", "gzip_too_large", "gzip bomb")),
    Case("invalid JSON", write("cut.json", '{"date": "2021-11-22", "articles": [{"title": "x"'), Reject("extract", "invalid_json")),
    Case("JSON object where array expected", write("obj.json", '{"articles": {"title": "T", "content": "c"}}'),
         Reject("extract", "unknown_json_shape")),
    Case("JSON wrong field type", write("types.json", day_file({"title": 5, "content": article()})), Reject("extract", "wrong_type", "'title' is int")),
    Case("JSON missing keys", write("keys.json", day_file({"url": "http://kcna.co.jp/y"})), Reject("parse", "empty_text")),
    Case("JSON null entry", write("null.json", day_file(None)), Reject("extract", "wrong_shape", "entry is null")),
    Case("JSON deeply nested value", write("deep.json", day_file({"content": _nested(600)})), Reject("extract", "wrong_type")),
    Case("JSON nested past the parser's limit", write("deeper.json", "[" * 5000 + "]" * 5000), Reject("extract", "invalid_json", "depth")),
    Case("JSON epoch date out of range", write("epoch.json", json.dumps(
        [{"headline": "Epoch Headline Test", "date": 1e20, "story_text": "Pyongyang, January 17 (KCNA) -- Officials met today. -0-"}])),
        Accept(source_date=None, date_source="none")),
    Case("UTF-8 with BOM", write("bom.txt", b"\xef\xbb\xbf" + article().encode()), Accept(title="Test Article Title")),
    Case("UTF-16 with BOM", write("utf16.txt", article().encode("utf-16")), Accept(title="Test Article Title")),
    Case("UTF-16 without BOM", write("utf16le.txt", article().encode("utf-16-le")), Reject("extract", "binary_file", "UTF-16")),
    Case("CP949 Korean", write("cp949.txt", "조선중앙통신 평양 11월 21일 똠방각하".encode("cp949")), Reject("extract", "not_utf8", "CP949")),
    Case("EUC-KR Korean", write("euckr.txt", "조선중앙통신 보도".encode("euc-kr")), Reject("extract", "not_utf8", "EUC-KR")),
    Case("invalid UTF-8 bytes", write("bytes.txt", article().encode()[:60] + b"\xc3\x28\xa0" + article().encode()[60:]),
         Reject("extract", "not_utf8", "offset 60")),
    Case("NUL byte deep in a text", write("nul.txt", article(body="x " * 6000 + "\x00 end")), Reject("extract", "binary_file")),
    Case("U+FFFD replacement characters", write("fffd.txt", article(body="He said \ufffdthe people first\ufffd today.")),
         Accept(has_replacement_char=True)),
    Case("CRLF line ends", write("crlf.txt", article().replace("\n", "\r\n")), Accept(title="Test Article Title")),
    Case("80,000-character article", write("long.txt", article(body=LONG_BODY + " " + "x" * 2000)), Accept(long_text=True)),
    Case("50 MB text file", write("dump.txt", (article() * 400_000)[: 50 << 20]), Reject("extract", "record_too_large", "1,000,000-character limit")),
    Case("title but no body", write("title-only.txt", "22 November, Juche110(2021)\n\nA Title With No Body\n"), Reject("parse", "missing_body")),
    Case("body but no title", write("no-title.txt", "22 November, Juche110(2021)\n\nPyongyang, November 21 (KCNA) -- Only a body here.\n"),
         Reject("parse", "missing_title")),
    Case("impossible date", write("feb31.txt", article().replace("22 November", "31 February")), Reject("parse", "impossible_date", "day 31 month 2")),
    Case("Juche year disagrees with Gregorian", write("juche.txt", article(title="Juche Year Off By Two").replace("Juche110", "Juche108")),
         Accept(juche_year_consistent=False)),
    Case("unknown agency tag", write("agency.txt", article().replace("(KCNA)", "(XINHUA)")), Reject("validate", "agency:isin", "XINHUA")),
    Case("symlink outside the raw folder", symlink_out("link.txt"), Reject("extract", "symlink", "not followed")),
    Case("symlinked folder outside", symlink_out("linked-dir", target_is_dir=True), Reject("extract", "symlink", "not followed")),
    Case("named pipe (FIFO)", lambda folder: os.mkfifo(folder / "pipe.txt"), Reject("extract", "unreadable_file", "named pipe")),
    Case("file name with spaces", write("a name with spaces.txt", article()), Accept(title="Test Article Title")),
    Case("non-ASCII file name", write("조선 기사 – é.txt", article()), Accept(title="Test Article Title")),
    Case("newline in file name", write("line\nbreak.txt", article()), Accept(title="Test Article Title")),
    Case("file name not valid UTF-8", bytes_name(b"caf\xe9.txt", article()), Reject("extract", "file_name_not_utf8")),
]
"""The bad-input matrix: a new case is one line. Accepted cases that share a text are one article
(article_id hashes date, title and body), so a case whose flag is the point has a title of its own."""

CASES = "cases"


def case_folder(raw: Path, case: Case) -> Path:
    folder = raw / CASES / case.name.replace(" ", "_").replace("/", "_")
    folder.mkdir(parents=True)
    return folder


def run_stages(raw: Path) -> dict[str, pl.DataFrame]:
    """extract -> parse -> validate -> enrich on a raw folder, checking at each step that no row is lost."""
    records, extract_rejects = extract.extract_files(raw, extract.discover(raw))
    parsed, parse_rejects = parse.parse_records(records)
    assert parsed.height + parse_rejects.height == records.height
    valid, validate_rejects = validate.validate_articles(parsed)
    assert valid.height + validate_rejects.height == parsed.height
    enriched = enrich.enrich_articles(valid)
    assert enriched.height == valid.height
    return {
        "read": records.height + extract_rejects.height,
        "articles": enriched,
        "rejects": pl.concat([extract_rejects, parse_rejects, validate_rejects]),
    }


def _under(prefix: str) -> pl.Expr:
    return pl.col("source_path").str.starts_with(prefix)


def check_case(case: Case, prefix: str, articles: pl.DataFrame, rejects: pl.DataFrame) -> None:
    """The case's records came out as the matrix says: a clear reject, or an article with its flags."""
    mine = rejects.filter(_under(prefix))
    accepted = articles.filter(_under(prefix))
    if isinstance(case.expect, Reject):
        assert accepted.height == 0, f"{case.name}: accepted, expected a reject"
        assert mine.height >= 1, f"{case.name}: no reject row"
        assert mine.select("stage", "check").unique().rows() == [(case.expect.stage, case.expect.check)], mine
        assert (mine["source_path"].str.len_chars() > len(prefix)).all()  # names the file
        for reason in mine["reason"]:
            assert len(reason) > 15 and case.expect.says in reason, reason
    else:
        assert mine.height == 0, f"{case.name}: rejected: {mine.select('check', 'reason').rows()}"
        assert accepted.height == 1, f"{case.name}: {accepted.height} articles"
        row = accepted.row(0, named=True)
        for column, value in case.expect.columns.items():
            if column == "long_text":
                assert row["char_count"] >= 80_000
            else:
                assert row[column] == value, f"{case.name}: {column} = {row[column]!r}"


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict:
    """The good files alone through the stages: what every case must leave untouched."""
    raw = tmp_path_factory.mktemp("baseline") / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    return run_stages(raw)


def _keys(frame: pl.DataFrame, *columns: str) -> set:
    return set(frame.select(*columns).rows())


@pytest.mark.parametrize("case", MATRIX, ids=[case.name for case in MATRIX])
def test_bad_input_case_among_good_files(case: Case, baseline: dict, tmp_path: Path):
    raw = tmp_path / "deep" / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    folder = case_folder(raw, case)
    case.make(folder)
    prefix = folder.relative_to(raw).as_posix() + "/"

    out = run_stages(raw)  # raises on any escaped exception: the test fails with its traceback

    articles, rejects = out["articles"], out["rejects"]
    # Every record read is an article row (via its source record) or a reject row.
    assert out["read"] == articles.height + rejects.height
    # No good record lost: the good files come out exactly as they did alone.
    good = articles.filter(~_under(prefix))
    assert _keys(good, "source_path", "record_index", "article_id") == _keys(
        baseline["articles"], "source_path", "record_index", "article_id"
    )
    assert _keys(rejects.filter(~_under(prefix)), "source_path", "record_index", "check") == _keys(
        baseline["rejects"], "source_path", "record_index", "check"
    )
    check_case(case, prefix, articles, rejects)


def test_gzip_bomb_is_stopped_at_the_cap_without_reading_it_all(tmp_path: Path):
    """The cap stops decompression: what is held never exceeds the limit (checked with a small limit)."""
    with pytest.raises(extract.RejectFile) as stopped:
        extract.gunzip(_gzip_bomb()[: 200_000], limit=1 << 20)
    assert stopped.value.check == "gzip_too_large" and "1,048,576 bytes" in stopped.value.reason


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_server")
def test_whole_matrix_through_the_build_flow(tmp_path: Path):
    """Every case at once in one raw folder through the real flow: one version, every record accounted for."""
    from kcna_dataset.storage import store
    from kcna_dataset.cli.build import format_summary
    from kcna_dataset.flows.pipeline import build_dataset
    raw = tmp_path / "deep" / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    prefixes = {}
    for case in MATRIX:
        folder = case_folder(raw, case)
        case.make(folder)
        prefixes[case.name] = folder.relative_to(raw).as_posix() + "/"
    out = tmp_path / "out"

    summary = build_dataset(raw=str(raw), out=str(out), trigger="test")  # any escaped exception fails the test
    assert summary["dataset_version"] == 1 and "rejected" in format_summary(summary)

    row = store.latest(out)
    articles, sources, rejects = (store.load(table, out=out) for table in ("articles", "sources", "rejects"))
    assert row["raw_records_read"] == sources.height + rejects.height
    assert sum(json.loads(row["rejects_by_reason"]).values()) == rejects.height
    with_sources = sources.select("source_path", "source_date", "article_id").join(articles, on="article_id")
    for case in MATRIX:
        check_case(case, prefixes[case.name], with_sources, rejects)

"""Property tests (hypothesis): the readers and the parser on arbitrary bytes, arbitrary JSON and mutated
real articles. No exception escapes, and every record read lands in exactly one place downstream.

The number of examples each test ran is printed in pytest's summary ("property-test examples run").
"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcna_dataset.stages import enrich
from kcna_dataset.stages import extract
from kcna_dataset.stages import parse
from kcna_dataset.stages import validate
from tests.conftest import CORPORA, EXAMPLES_RUN, FIXTURE_RAW

SETTINGS = dict(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
"""Seeded (derandomize: each test's examples follow from its name), so that a failure reproduces (issue 19)."""
SCRATCH = Path(tempfile.mkdtemp(prefix="kcna-properties-"))


def count(test: str) -> None:
    EXAMPLES_RUN[test] = EXAMPLES_RUN.get(test, 0) + 1


def extract_one(data: bytes, name: str = "input") -> tuple[pl.DataFrame, pl.DataFrame]:
    folder = SCRATCH / "raw"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_bytes(data)
    return extract.extract_files(folder, extract.discover(folder))


def assert_whole(records: pl.DataFrame, rejects: pl.DataFrame, empty_list: bool = False) -> None:
    """A file never vanishes (unless it is a list of no records: a day with no articles); a whole-file
    reject is its only row; record indexes are distinct."""
    assert records.height + rejects.height >= (0 if empty_list else 1)
    whole = rejects.filter(pl.col("record_index").is_null())
    if whole.height:
        assert (whole.height, records.height, rejects.height) == (1, 0, 1)
    indexes = pl.concat([records["record_index"], rejects["record_index"]]).drop_nulls()
    assert indexes.is_unique().all()


def run_downstream(records: pl.DataFrame) -> None:
    """parse -> validate -> enrich: each record is passed on or rejected, never lost, never twice."""
    parsed, parse_rejects = parse.parse_records(records)
    assert parsed.height + parse_rejects.height == records.height
    kept = set(parsed.select("source_path", "record_index").rows())
    assert kept.isdisjoint(parse_rejects.select("source_path", "record_index").rows())
    valid, validate_rejects = validate.validate_articles(parsed)
    assert valid.height + validate_rejects.height == parsed.height
    assert enrich.enrich_articles(valid).height == valid.height


MAX_BYTES_EXAMPLES = 400


@settings(max_examples=MAX_BYTES_EXAMPLES, **SETTINGS)
@given(data=st.binary(max_size=3000), compress=st.booleans(), truncate=st.integers(0, 64))
def test_extract_on_arbitrary_bytes(data: bytes, compress: bool, truncate: int):
    count("extract: arbitrary bytes (plain or gzip, cut short)")
    if compress:
        packed = gzip.compress(data)
        data = packed[: len(packed) - truncate]
    records, rejects = extract_one(data)
    assert_whole(records, rejects)
    run_downstream(records)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=80),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
FIELDS = st.sampled_from(["title", "content", "url", "story_text", "headline", "link", "topic", "date", "date_str"])
ENTRY = st.dictionaries(FIELDS, JSON_VALUES | st.text(max_size=400), max_size=6) | JSON_VALUES


@settings(max_examples=400, **SETTINGS)
@given(
    shape=st.sampled_from(["day_file", "record_list", "anything"]),
    entries=st.lists(ENTRY, max_size=8),
    date=JSON_VALUES,
)
def test_extract_on_arbitrary_json_of_every_shape(shape: str, entries: list, date):
    """Every entry of a recognised file is one row (a record or a reject); anything else one reject."""
    count("extract: arbitrary JSON in the raw forms' shapes")
    if shape == "day_file":
        document = {"date": date, "articles": entries}
    elif shape == "record_list":
        document = [{"story_text": "Pyongyang, May 1 (KCNA) -- Text.", "date": date}, *entries]
    else:
        document = entries
    records, rejects = extract_one(json.dumps(document).encode(), "input.json")
    assert_whole(records, rejects, empty_list=shape == "day_file" and not entries)
    if shape != "anything":
        assert records.height + rejects.height == len(document["articles"] if shape == "day_file" else document)
    run_downstream(records)


KINDS = st.sampled_from(["text_file", "kcna_co_jp_day", "kcna_kp_records", "kcna_kp_feed"])


@settings(max_examples=200, **SETTINGS)
@given(st.lists(st.tuples(KINDS, st.none() | st.text(max_size=600), st.none() | st.text(max_size=60)), min_size=1, max_size=12))
def test_parse_on_arbitrary_text(rows: list):
    count("parse/validate/enrich: arbitrary text batches")
    run_downstream(_records(rows))


def _records(rows: list) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source_path": [f"f{i}" for i in range(len(rows))],
            "record_index": list(range(len(rows))),
            "source_kind": [kind for kind, _, _ in rows],
            "source_url": [None] * len(rows),
            "topic": [None] * len(rows),
            "source_title": [title for _, _, title in rows],
            "source_date": [None] * len(rows),
            "raw_text": [text for _, text, _ in rows],
            "raw_sha256": ["0" * 64] * len(rows),
            "fetched_url": [None] * len(rows),
            "fetched_at": [None] * len(rows),
        },
        schema=extract.RECORD_SCHEMA,
    )


def _real_articles() -> list[tuple[str, str | None, str | None]]:
    """(source_kind, text, source title) of the fixtures and, where present, a few real corpus files."""
    import shutil

    folder = SCRATCH / "real"
    shutil.copytree(FIXTURE_RAW, folder)
    if (CORPORA / "kcna-co-jp").is_dir():
        for path in [*sorted((CORPORA / "kcna-co-jp").glob("*/*.json.gz"))[::400][:8], *sorted((CORPORA / "kcna-kp").glob("*.json"))[:1]]:
            shutil.copy(path, folder / path.name)
    records, _ = extract.extract_files(folder, extract.discover(folder))
    return [row for row in records.select("source_kind", "raw_text", "source_title").rows() if row[1]][:300]


REAL = _real_articles()
MUTATION = st.tuples(
    st.sampled_from(["delete", "insert", "duplicate", "fffd", "newline", "upper", "truncate"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.text(max_size=40),
)


def mutate(text: str, mutations: list) -> str:
    for kind, start, length, insert in mutations:
        i = int(start * len(text))
        j = min(len(text), i + int(length * 200))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + insert + text[i:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif kind == "fffd":
            text = text[:i] + "\ufffd" * (j - i) + text[j:]
        elif kind == "newline":
            text = text[:i] + "\n" + text[i:]
        elif kind == "upper":
            text = text[:i] + text[i:j].upper() + text[j:]
        else:
            text = text[:i]
    return text


@settings(max_examples=300, **SETTINGS)
@given(picks=st.lists(st.tuples(st.integers(0, len(REAL) - 1), st.lists(MUTATION, max_size=4)), min_size=1, max_size=6))
def test_parse_on_mutated_real_articles(picks: list):
    count("parse/validate/enrich: mutated real articles")
    rows = [(REAL[i][0], mutate(REAL[i][1], mutations), REAL[i][2]) for i, mutations in picks]
    run_downstream(_records(rows))


@settings(max_examples=200, **SETTINGS)
@given(pick=st.integers(0, len(REAL) - 1), mutations=st.lists(MUTATION, max_size=4), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), compress=st.booleans())
def test_extract_on_mutated_real_article_files(pick: int, mutations: list, encoding: str, compress: bool):
    """A mutated real article written as a file, in the encodings and compression scrapers use."""
    count("extract..enrich: mutated real article files")
    data = mutate(REAL[pick][1], mutations).encode(encoding, "surrogatepass")
    records, rejects = extract_one(gzip.compress(data) if compress else data, "article.txt")
    assert_whole(records, rejects)
    run_downstream(records)


def test_real_articles_were_found():
    assert len(REAL) >= 10

"""Precision of the naming and weapons-term columns against hand labels of real occurrences (test half only).

tests/labels/research_terms_v1.csv: one row per occurrence (the first of a term class in an article), labelled by
reading a window of text around it: does it mean what its column counts (south Korea named as that form; a
weapon, a weapons programme or a launch of one)? Labels only, no text: the articles are read from
../shared/corpora and the test skips where that folder is absent. Figures (test half, v1 rules) are in
docs/research.md; the floors below are what v1 reaches, rounded down, not targets.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.fields import rules
from kcna_dataset.fields.term_counts import alternation
from kcna_dataset.stages import extract, parse
from tests.conftest import corpora_or_skip

pytestmark = pytest.mark.corpus

LABELS = Path(__file__).parent / "labels" / "research_terms_v1.csv"
# Measured precision on the test half with south_korea_names_v1 / weapons_terms_v1 (docs/research.md).
FLOORS = {
    ("south_korea_names", "rok"): 0.86,
    ("south_korea_names", "puppet"): 1.0,
    ("south_korea_names", "south_korea"): 1.0,
    ("south_korea_names", "enemy"): 0.0,
    ("south_korea_names", "seoul"): 0.07,
    ("weapons_terms", "nuclear"): 1.0,
    ("weapons_terms", "missile"): 1.0,
    ("weapons_terms", "launch"): 0.36,
    ("weapons_terms", "satellite"): 0.57,
}
PEOPLES = re.compile(r"(?i)People['’]?s\s+$")
REPUBLIC = re.compile(r"(?i)\b(?:Republic\s+of\s+Korea|Rep[uú]blica\s+de\s+Corea)\b")


def _patterns(rule: str, term_class: str) -> list[tuple[str, bool]]:
    table = rules.load(rule)
    if rule == "weapons_terms":
        return [(alternation(table.filter(pl.col("category") == term_class)["pattern"].to_list(), True), True)]
    rows = table.filter(pl.col("form") == term_class)
    return [(alternation(rows.filter(pl.col("case") == case)["pattern"].to_list(), case == "insensitive"), case == "insensitive")
            for case in ("sensitive", "insensitive") if rows.filter(pl.col("case") == case).height]


def _first(text: str, rule: str, term_class: str, occurrence: str) -> str | None:
    """The occurrence a label is about, found again with the rule file in use."""
    if occurrence == "first_not_after_peoples":
        return next((m.group(0) for m in REPUBLIC.finditer(text) if not PEOPLES.search(text[max(0, m.start() - 12):m.start()])), None)
    wanted = occurrence == "first"  # 'first': the case-insensitive alternation; 'first_sensitive': the other one
    [pattern] = [p for p, ignore_case in _patterns(rule, term_class) if ignore_case == wanted]
    grouped = "(?i)(" + pattern.removeprefix("(?i)") + ")" if wanted else "(" + pattern + ")"
    return pl.Series([text]).str.extract(grouped, 1)[0]


@pytest.fixture(scope="module")
def judged() -> pl.DataFrame:
    corpora = corpora_or_skip()
    labels = pl.read_csv(LABELS, comment_prefix="#", schema_overrides={"record_index": pl.Int32})
    files = [f for f in extract.discover(corpora) if f.path in set(labels["source_path"])]
    records, _ = extract.extract_files(corpora, files)
    parsed, _ = parse.parse_records(records)
    texts = parsed.select("article_id", text=pl.concat_str(["title", "body"], separator="\n")).unique("article_id")
    frame = labels.join(texts, on="article_id", how="left")
    found = [_first(t or "", r, c, o) for t, r, c, o in frame.select("text", "rule", "term_class", "occurrence").iter_rows()]
    return frame.with_columns(found=pl.Series(found, dtype=pl.String))


def test_every_label_finds_its_article_and_its_occurrence(judged):
    assert judged.height >= 250
    assert judged["text"].null_count() == 0
    assert (judged["found"] == judged["matched"]).all(), judged.filter(pl.col("found") != pl.col("matched"))


def test_split_is_the_labelling_protocols_hash():
    import hashlib
    labels = pl.read_csv(LABELS, comment_prefix="#")
    expected = ["test" if hashlib.sha256(("kcna-labels-v2-split:" + a).encode()).hexdigest()[0] in "89abcdef" else "tuning"
                for a in labels["article_id"]]
    assert labels["split"].to_list() == expected


def test_precision_per_term_class_on_the_test_half(judged):
    test = judged.filter(pl.col("split") == "test")
    measured = {(r, c): p for r, c, p in test.group_by("rule", "term_class").agg(pl.col("refers").mean()).iter_rows()}
    assert set(measured) == set(FLOORS)
    for key, floor in FLOORS.items():
        assert measured[key] >= floor, (key, measured[key])
    print({f"{r}/{c}": round(p, 3) for (r, c), p in sorted(measured.items())})

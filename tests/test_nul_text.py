"""Text with NUL characters (issue 19): UTF-16 read one byte per character is repaired, anything else rejected
with a reason, and no article holds a NUL (validate's check no_nul)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from kcna_dataset.stages import enrich, extract, parse, validate
from tests.conftest import corpora_or_skip

ARTICLE = "Title of the Day\r\n   Pyongyang, May 28 (KCNA) -- The delegation left here today for home by air.\r\n"


def _misread_utf16(text: str) -> str:
    """What the scraper did to kcna-co-jp 2006-05-29 record 0: UTF-16LE bytes decoded one byte per
    character, the byte-order mark lost as two U+FFFD."""
    return "\ufffd\ufffd" + (text.encode("utf-16-le")).decode("latin-1")


def _day_file(raw: Path, contents: list[str], titles: list[str] | None = None) -> None:
    folder = raw / "kcna-co-jp"
    folder.mkdir(parents=True)
    titles = titles or ["x"] * len(contents)
    document = {"date": "2006-05-29", "url": "http://example.org/", "articles": [
        {"title": title, "url": f"u{i}", "content": content} for i, (title, content) in enumerate(zip(titles, contents))
    ]}
    (folder / "2006-05-29_juche.json").write_text(json.dumps(document), encoding="utf-8")


def test_utf16_read_byte_by_byte_is_repaired():
    assert extract.repair_utf16(_misread_utf16(ARTICLE)) == ARTICLE
    assert extract.repair_utf16(_misread_utf16("Caf\u00e9 au lait")) == "Caf\u00e9 au lait"


def test_other_nuls_are_not_guessed_at():
    assert extract.repair_utf16("binary\x00junk with one NUL") is None
    assert extract.repair_utf16("\x01\x00\x02\x00\x03\x00\x04\x00") is None


def test_extract_repairs_the_record_and_rejects_what_it_cannot(tmp_path: Path):
    raw = tmp_path / "raw"
    other_nul = "Plain title\r\nPyongyang, May 28 (KCNA) -- Text\x00 with a NUL."
    _day_file(raw, [_misread_utf16(ARTICLE), other_nul, ARTICLE], titles=["t", "t", "Bad\x00title"])
    records, rejects = extract.extract_files(raw, extract.discover(raw))
    assert records["record_index"].to_list() == [0]
    assert records["raw_text"].to_list() == [ARTICLE]
    assert rejects["record_index"].to_list() == [1, 2]
    assert set(rejects["check"]) == {"nul_characters"}
    assert rejects["reason"][0].startswith("text holds NUL characters")
    assert not any("\x00" in text for text in rejects["raw_text"])
    parsed, _ = parse.parse_records(records)
    assert parsed["title"].to_list() == ["Title of the Day"]
    assert "\x00" not in parsed["body"][0]


def test_validate_rejects_an_article_holding_a_nul(tmp_path: Path):
    raw = tmp_path / "raw"
    _day_file(raw, [ARTICLE, ARTICLE.replace("Day", "Night")])
    parsed, _ = parse.parse_records(extract.extract_files(raw, extract.discover(raw))[0])
    second = pl.int_range(pl.len()) == 1
    broken = parsed.with_columns(body=pl.when(second).then(pl.col("body") + "\x00").otherwise("body"))
    valid, rejects = validate.validate_articles(broken)
    assert valid["title"].to_list() == ["Title of the Day"]
    assert rejects["check"].to_list() == ["body:no_nul"]


def test_the_known_record_becomes_english_text():
    """kcna-co-jp 2006-05-29 record 0 became an article labelled Chinese; now it is English text, no NUL."""
    corpora = corpora_or_skip()
    files = [f for f in extract.discover(corpora) if f.path == "kcna-co-jp/2006/2006-05-29_juche.json.gz"]
    records, rejects = extract.extract_files(corpora, files)
    assert rejects.height == 0
    record = records.filter(pl.col("record_index") == 0)
    assert "\x00" not in record["raw_text"][0]
    assert "KPA Side Refutes South Side's Smear Campaign" in record["raw_text"][0]
    parsed, _ = parse.parse_records(record)
    valid, invalid = validate.validate_articles(parsed)
    assert invalid.height == 0
    assert enrich.add_language(valid)["language"].to_list() == ["en"]

"""Extract: every raw form is recognised by content; what cannot be read becomes a reject row."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl

from kcna_dataset.stages import extract


def _extract(raw: Path):
    return extract.extract_files(raw, extract.discover(raw))


def test_each_raw_form_is_recognised_by_content(raw_dir: Path):
    records, rejects = _extract(raw_dir)
    kinds = dict(records.group_by("source_path").agg(pl.col("source_kind").first()).iter_rows())
    assert kinds == {
        "kcna-co-jp/1997-01-01_juche.json.gz": "kcna_co_jp_day",
        "kcna-co-jp/2005-06-10_juche.json": "kcna_co_jp_day",
        "kcna-kp/headlines_2024.json": "kcna_kp_records",
        "text/korean_article.txt": "text_file",
        "text/seed_press_statement.txt": "text_file",
    }
    # The day file's null entry is a reject row with its position, not a lost record.
    assert rejects.select("source_path", "record_index", "check").rows() == [
        ("kcna-co-jp/2005-06-10_juche.json", 1, "wrong_shape")
    ]


def test_gzip_is_read_transparently_whatever_the_name(tmp_path: Path):
    text = "22 November, Juche110(2021)\n\nTitle\n\nPyongyang, November 21 (KCNA) -- Body text here.\n"
    (tmp_path / "article.dat").write_bytes(gzip.compress(text.encode()))
    records, rejects = _extract(tmp_path)
    assert rejects.height == 0
    assert records["raw_text"].to_list() == [text]
    assert records["source_kind"].to_list() == ["text_file"]


def test_source_metadata_is_kept(raw_dir: Path):
    records, _ = _extract(raw_dir)
    kp = records.filter(pl.col("source_kind") == "kcna_kp_records").sort("record_index")
    assert kp["topic"].to_list() == ["Top News", "Home News", "Photo", "World"]
    assert kp["raw_text"][2] is None  # photo item: no text, still a record
    assert str(kp["source_date"][0]) == "2024-01-17"
    day = records.filter(pl.col("source_path") == "kcna-co-jp/2005-06-10_juche.json")
    assert day["source_url"][0].endswith("#1")
    assert day["source_title"][0] == "Anniversary of Joint Declaration Observed"


def test_raw_sha256_is_the_hash_of_the_text(raw_dir: Path):
    import hashlib

    records, _ = _extract(raw_dir)
    row = records.filter(pl.col("source_kind") == "text_file").row(0, named=True)
    assert row["raw_sha256"] == hashlib.sha256(row["raw_text"].encode()).hexdigest()


def test_unreadable_files_become_rejects_naming_file_and_reason(tmp_path: Path):
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02PNG\x00" * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "truncated.json").write_text('{"date": "2020-01-01", "articles": [{"title": "x"')
    (tmp_path / "shape.json").write_text('{"something": 1}')
    (tmp_path / "legacy.txt").write_bytes("조선중앙통신".encode("cp949"))
    records, rejects = _extract(tmp_path)
    assert records.height == 0
    checks = dict(rejects.select("source_path", "check").iter_rows())
    assert checks == {
        "binary.bin": "binary_file",
        "empty.txt": "empty_file",
        "legacy.txt": "not_utf8",
        "shape.json": "unknown_json_shape",
        "truncated.json": "invalid_json",
    }
    assert rejects["reason"].str.len_chars().min() > 10
    assert rejects["stage"].unique().to_list() == ["extract"]


def test_fingerprint_changes_with_content_not_with_listing_order(tmp_path: Path):
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.txt").write_text("two")
    files = extract.discover(tmp_path)
    assert extract.fingerprint(files) == extract.fingerprint(list(reversed(files)))
    (tmp_path / "b.txt").write_text("three")
    assert extract.fingerprint(extract.discover(tmp_path)) != extract.fingerprint(files)


def test_day_file_rows_are_the_same_whether_read_whole_or_entry_by_entry(tmp_path: Path):
    # A clean day file is read a column at a time; one bad entry sends the file entry by entry.
    import json

    articles = [
        {"title": "Title One", "url": "http://x/1", "content": "Pyongyang, June 9 (KCNA) -- One two three."},
        {"title": None, "content": None, "url": "http://x/2", "photo": "a.jpg"},
        {"title": "Title Three", "content": "Body \u00e9 three\n"},
    ]
    clean, mixed = tmp_path / "clean", tmp_path / "mixed"
    clean.mkdir(), mixed.mkdir()
    (clean / "day.json").write_text(json.dumps({"date": "2005-06-10", "articles": articles}))
    (mixed / "day.json").write_text(json.dumps({"date": "2005-06-10", "articles": [*articles, {"content": 7}]}))
    whole, whole_rejects = _extract(clean)
    by_entry, entry_rejects = _extract(mixed)
    assert whole_rejects.height == 0
    assert entry_rejects["check"].to_list() == ["wrong_type"]
    assert whole.equals(by_entry)
    assert whole["record_index"].to_list() == [0, 1, 2]


def test_batches_keep_every_file_in_order_and_travel_whole():
    """Batches of about max_bytes (a larger file alone), each an opaque FileBatch: Prefect does not walk it
    as a task parameter, and it pickles whole for Dask workers."""
    import pickle

    from prefect.utilities.collections import visit_collection

    files = [extract.RawFile(f"f{i}.json", size, "0" * 64) for i, size in enumerate([3, 4, 9, 1, 1, 2])]
    batches = extract.group_files(files, max_bytes=8)
    assert [[raw.path for raw in batch] for batch in batches] == [["f0.json", "f1.json"], ["f2.json"], ["f3.json", "f4.json", "f5.json"]]
    assert [len(batch) for batch in batches] == [2, 1, 3]
    assert list(pickle.loads(pickle.dumps(batches[2]))) == files[3:]
    visited = []
    visit_collection(batches, visit_fn=visited.append)
    assert not any(isinstance(item, extract.RawFile) for item in visited)

"""The batch walk of py3langid's model gives py3langid's own labels (kcna_dataset/fields/language.py)."""

from __future__ import annotations

import gzip
import random

import numpy as np
import orjson
import polars as pl
import pytest

from kcna_dataset.fields import language
from tests.conftest import FIXTURE_RAW, corpora_or_skip


def _reference(texts: list[str]) -> list[str]:
    classify = language.identifier().classify
    return [classify(text)[0] for text in texts]


EDGE_CASES = [
    "",  # no feature at all: py3langid answers its first class
    "   \n\t",
    "12345 678",
    "PYONGYANG, JANUARY 7 (KCNA) -- THE WORKERS' PARTY OF KOREA",  # 1997 items are ALL CAPS: lower-cased first
    "조선민주주의인민공화국 외무성 대변인은 다음과 같은 담화를 발표하였다.",
    "Pyongyang, 16 de abril (ATCC) -- El Comité Central del Partido del Trabajo de Corea",
    "Cafe\u0301 au lait \ufffd broken \ud800 quote",  # NFD accent (NFC first), U+FFFD, a lone surrogate
    "朝鲜中央通讯社 平壤 消息",
    "Корейское центральное телеграфное агентство",
]


def test_edge_cases_match_py3langid():
    assert language.classify_batch(EDGE_CASES) == _reference(EDGE_CASES)


def test_fixture_texts_match_py3langid_across_chunks(monkeypatch):
    texts = [path.read_text(encoding="utf-8")[: language.PREFIX_CHARS] for path in sorted(FIXTURE_RAW.rglob("*.txt"))]
    texts += EDGE_CASES
    monkeypatch.setattr(language, "CHUNK_TEXTS", 3)  # several chunks, each with its own longest text
    assert language.classify_batch(texts) == _reference(texts)


def test_identify_keeps_nulls_and_names():
    texts = pl.Series("lead", ["The delegation left Pyongyang today for Havana.", None, "Una delegacion partio hoy."])
    assert language.identify(texts).to_list() == ["en", None, "es"]
    assert language.identify(texts).name == "lead"
    assert language.identify(pl.Series("lead", [], dtype=pl.String)).len() == 0


@pytest.mark.corpus
def test_real_texts_match_py3langid():
    """Every label of a few thousand real leads (English, Spanish, all-caps 1997, kcna.kp) equals classify's."""
    corpora = corpora_or_skip()
    days = sorted((corpora / "kcna-co-jp").rglob("*.json.gz"))
    texts = []
    for day in random.Random(6).sample(days, 250) + days[:20]:
        for item in orjson.loads(gzip.decompress(day.read_bytes()))["articles"]:
            if isinstance(item, dict) and isinstance(item.get("content"), str):
                texts.append(item["content"][: language.PREFIX_CHARS])
    stories = orjson.loads((corpora / "kcna-kp" / "headlines_2024.json").read_bytes())
    texts += [story["story_text"][: language.PREFIX_CHARS] for story in stories[:500] if story.get("story_text")]
    assert len(texts) > 3000
    labels = language.classify_batch(texts)
    assert labels == _reference(texts)
    assert {"en", "es"} <= set(labels)


def test_tables_cached_once_then_read_back_unchanged(tmp_path, monkeypatch):
    """The first process writes the decompressed tables to the cache; the next reads the same arrays from it."""
    monkeypatch.setenv("KCNA_CACHE_DIR", str(tmp_path))
    old_layout = tmp_path / "py3langid-tables-0123456789abcdef.npz"  # the one-file cache of earlier versions
    old_layout.write_bytes(b"PK")
    language._load_tables.cache_clear()
    try:
        from_model = language._tables()
        assert [path.name.startswith("py3langid-tables-") for path in tmp_path.iterdir()] == [True]
        assert not old_layout.exists()
        language._load_tables.cache_clear()
        monkeypatch.setattr(language, "_tables_from_model", lambda: pytest.fail("read the model, not the cache"))
        from_cache = language._tables()
        for model_array, cached_array in zip(from_model[:-1], from_cache[:-1]):
            assert cached_array.dtype == model_array.dtype and np.array_equal(cached_array, model_array)
        assert from_cache[-1] == from_model[-1] and all(type(label) is str for label in from_cache[-1])
        assert language.classify_batch(EDGE_CASES) == _reference(EDGE_CASES)
    finally:
        language._load_tables.cache_clear()


def test_an_unreadable_cache_file_is_rebuilt_from_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("KCNA_CACHE_DIR", str(tmp_path))
    folder = language._cache_path()
    folder.mkdir(parents=True)
    (folder / "nextmove.npy").write_bytes(b"not a numpy file")
    language._load_tables.cache_clear()
    try:
        assert language.classify_batch(EDGE_CASES) == _reference(EDGE_CASES)
        rebuilt = {name: np.load(folder / f"{name}.npy") for name in language.TABLE_NAMES}
        assert rebuilt["nextmove"].size > 1_000_000
    finally:
        language._load_tables.cache_clear()

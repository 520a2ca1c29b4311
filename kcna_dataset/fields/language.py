"""Language identification with py3langid's model, walked over a whole batch of texts at once.

The model ships inside the py3langid package (nothing downloads). Limited to the languages DPRK media
publish in: with every language enabled, short KCNA leads are mistaken for rarer languages; with
eight, 13k real texts came out right (../shared/FACTS.md).

Why not `LanguageIdentifier.classify`: it walks the model's byte automaton in a Python loop, one
text at a time (~7,400 texts/s here, most of a full build, and threads cannot share the GIL). Here
the same automaton (`tk_nextmove`, `tk_output`), the same text encoding (`_encode`: lower-case if all
upper, NFC, UTF-8) and the same naive-Bayes score (`log1p(counts) @ nb_ptc + nb_pc`) run as numpy
array steps over every text of a batch together, one byte position at a time. The labels are
py3langid's own: tests/test_language.py compares them with `classify` on real texts.

The model ships lzma-compressed: decompressing it costs ~0.6-0.9 s in every process that identifies
languages, as much as the whole enrich stage of a small refresh. The tables the walk needs (44 MB)
are therefore cached uncompressed in KCNA_CACHE_DIR (default ~/.cache/kcna-dataset), one .npy file
per table in a folder whose name hashes the model file and LANGUAGES, and memory-mapped: a refresh of
a few texts touches a few pages of the 39 MB byte automaton instead of reading it all. Where the cache
folder cannot be written, every process decompresses the model, as before.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import threading
import unicodedata
from pathlib import Path

import numpy as np
import polars as pl

from kcna_dataset.schemas.vocabularies import LANGUAGES

IDENTIFIER_VERSION = "py3langid-0.4.0/first-200-chars"
PREFIX_CHARS = 200
"""The first 200 characters agree with the first 400 on the real corpus and take half the time."""
CHUNK_TEXTS = 20_000
"""Texts walked together: the byte grid, the emitted features and their per-text sorted copy cost about
11 bytes per text and byte position (~45 MB for 20,000 texts of 200 bytes)."""


@functools.cache
def identifier():
    """py3langid's identifier restricted to LANGUAGES (the reference the batch walk must agree with)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    model.set_languages(LANGUAGES)
    return model


TABLE_NAMES = ("nextmove", "rowbase", "output", "ptc", "pc", "classes")
_TABLES_LOCK = threading.Lock()


def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The model as numpy arrays: next-move table, row offsets, output feature per state, NB tables."""
    with _TABLES_LOCK:  # batches run in threads: the first loads, the others wait for it
        return _load_tables()


@functools.cache
def _load_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """From the cache where it holds the tables, else from the model (then written to the cache)."""
    folder = _cache_path()
    if folder is not None and folder.is_dir():
        try:
            # np.asarray: plain arrays over the mapping (np.memmap wraps the result of every operation).
            *arrays, classes = (np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)) for name in TABLE_NAMES)
            return (*arrays, [str(label) for label in classes])
        except (OSError, ValueError):
            pass  # unreadable (a disk error, another layout): rebuilt from the model below
    tables = _tables_from_model()
    if folder is not None:
        _write_cache(folder, tables)
    return tables


def _cache_path() -> Path | None:
    """Where the tables are cached: the name hashes what they derive from (the model file, LANGUAGES)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = Path(os.environ.get("KCNA_CACHE_DIR") or home_cache / "kcna-dataset")
    try:
        with open(MODEL_DIR / MODEL_FILE, "rb") as model_file:
            digest = hashlib.file_digest(model_file, "sha256")
    except OSError:
        return None
    digest.update(repr((TABLE_NAMES, LANGUAGES)).encode())
    return folder / f"py3langid-tables-{digest.hexdigest()[:16]}"


def _write_cache(folder: Path, tables: tuple) -> None:
    """Write a folder beside the final name, then rename it: a reader sees every table or none.

    A folder left unreadable (a disk error) is replaced; a rename that loses a race to another
    process leaves that process' identical tables in place.
    """
    *arrays, classes = tables
    partial = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    try:
        partial.mkdir(parents=True, exist_ok=True)
        for name, array in zip(TABLE_NAMES, (*arrays, np.array(classes))):
            np.save(partial / f"{name}.npy", array, allow_pickle=False)
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(partial, folder)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)  # read-only, full, or lost a race: decompress next time
        return
    for stale in folder.parent.glob("py3langid-tables-*.npz"):  # the one-file layout of earlier versions (44 MB)
        stale.unlink(missing_ok=True)


def _tables_from_model() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    model = identifier()
    nextmove = np.frombuffer(model.tk_nextmove, dtype=np.dtype(model.tk_nextmove.typecode))
    rowbase = np.asarray(model.tk_row, dtype=np.int32) << 8  # < 2**25: int32 halves the memory traffic
    output = np.asarray(model.tk_output, dtype=np.int32)
    ptc = np.ascontiguousarray(np.asarray(model.nb_ptc, dtype=np.float32).T)  # one row per class
    pc = np.asarray(model.nb_pc, dtype=np.float32)
    return nextmove, rowbase, output, ptc, pc, list(model.nb_classes)


def _encode(text: str) -> bytes:
    """py3langid's `_encode` for str input: an all-capitals text (1997 items) is lower-cased first."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _feature_counts(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(text index, feature, count) of every feature the automaton emits, walking all texts together.

    Texts go longest first, so that at byte position p the texts still running are a prefix of that
    order. The features each text emits are sorted within its own row (a few hundred values) and
    counted as runs: no sort of every (text, feature) key of the chunk, which cost more than the walk.
    """
    nextmove, rowbase, output, _, _, _ = _tables()
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    order = np.argsort(-lengths, kind="stable")
    width = int(lengths[order[0]]) if len(encoded) else 0
    if width == 0:
        return (np.zeros(0, np.int64),) * 3
    # Each text zero-padded to the longest, one row per text, then one row per byte position.
    rows = np.frombuffer(b"".join([encoded[i].ljust(width, b"\0") for i in order]), np.uint8)
    grid = np.ascontiguousarray(rows.reshape(len(encoded), width).T)  # grid[p, j]: byte p of the j-th longest
    running = np.searchsorted(-lengths[order], -np.arange(1, width + 1), side="right")  # texts longer than p
    state = np.zeros(len(encoded), dtype=np.int32)
    emitted = np.full((width, len(encoded)), -1, dtype=np.int32)  # emitted[p, j]: feature at byte p, or -1
    for p in range(width):
        k = int(running[p])
        state[:k] = nextmove[rowbase[state[:k]] + grid[p, :k]]
        emitted[p, :k] = output[state[:k]]
    features = np.ascontiguousarray(emitted.T)  # one row per text
    features.sort(axis=1)  # no feature (-1) first, then each feature's repeats side by side
    flat = features.ravel()
    run_start = np.empty(flat.size, bool)
    run_start[0] = True
    np.not_equal(flat[1:], flat[:-1], out=run_start[1:])
    run_start[::width] = True  # a run never continues into the next text
    starts = np.flatnonzero(run_start)
    counts = np.diff(starts, append=flat.size)
    found = flat[starts] >= 0
    starts, counts = starts[found], counts[found]
    return order[starts // width], flat[starts].astype(np.int64), counts


def classify_batch(texts: list[str]) -> list[str]:
    """py3langid's label for each text, as `identifier().classify(text)[0]` would give it."""
    labels: list[str] = []
    for start in range(0, len(texts), CHUNK_TEXTS):
        labels.extend(_classify_chunk(texts[start : start + CHUNK_TEXTS]))
    return labels


def prepare() -> None:
    """Load the tables now (a batch of no texts never does): `kcna build` loads them while Prefect starts."""
    _tables()


def _classify_chunk(texts: list[str]) -> list[str]:
    _, _, _, ptc, pc, classes = _tables()
    text_index, feature, count = _feature_counts([_encode(text) for text in texts])
    weight = np.log1p(count.astype(np.float32))
    scores = np.empty((len(texts), len(classes)), dtype=np.float64)
    for c in range(len(classes)):
        scores[:, c] = np.bincount(text_index, weights=weight * ptc[c][feature], minlength=len(texts))
    scores += pc
    # A text without any feature gets one flat floor score for every class: py3langid answers class 0.
    featureless = np.bincount(text_index, minlength=len(texts)) == 0
    scores[featureless] = 0.0
    best = _merge_aliases(scores, classes).argmax(axis=1)
    return [classes[i] for i in best]


def _merge_aliases(scores: np.ndarray, classes: list[str]) -> np.ndarray:
    """A label listed twice (script variants such as srl -> sr) scores as its best column, as in py3langid."""
    first: dict[str, int] = {}
    for i, label in enumerate(classes):
        if label in first:
            scores[:, first[label]] = np.maximum(scores[:, first[label]], scores[:, i])
            scores[:, i] = -np.inf
        else:
            first[label] = i
    return scores


def identify(texts: pl.Series) -> pl.Series:
    """ISO 639-1 code of each text, judged on its first PREFIX_CHARS characters (null stays null)."""
    prefixes = texts.str.slice(0, PREFIX_CHARS)
    labels = pl.Series(classify_batch(prefixes.drop_nulls().to_list()), dtype=pl.String)
    if prefixes.null_count() == 0:
        return labels.alias(texts.name)
    found = iter(labels)
    return pl.Series(texts.name, [next(found) if present else None for present in prefixes.is_not_null()], dtype=pl.String)

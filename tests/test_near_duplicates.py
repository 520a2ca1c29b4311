"""Near-duplicates, against plain references: the signatures against the polars pipeline that defined
minhash_v1 (lowercase, letter/digit runs, rensa's word hash, 5-word shingles), the pairs against a
brute-force comparison of every two signatures. Stored signatures are compared across builds, so the
fast path must give the very same bytes."""

from __future__ import annotations

import itertools
import random

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
import rensa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcna_dataset.fields import near_duplicates as nd

WORDS = "Kim Jong Un inspected the new FACTORY at Pyongyang on Friday with officials of the WPK".split()
TRICKY = [
    # punctuation, case, paragraph breaks, tabs, CRLF, digits, hyphens and apostrophes
    'He said: "It\'s a PROVOCATION!!!" (KCNA) -- 2024-05-01;\n\nThe 10,000 workers...\tcheered\r\nloudly. ' * 3,
    # words longer than 16 bytes, and exactly 8 and 16
    "supercalifragilisticexpialidocious " * 5 + "abcdefgh abcdefghijklmnop " * 5 + "x" * 200 + " end " * 10,
    # other characters: accents, curly quotes, fullwidth, Hangul, a unit sign, Greek sigma in and out of a
    # word's end, dotted capital I (lowercases to i and a combining mark), the Kelvin sign (lowercases to k)
    "Pyongyang\u2019s envoy met Jap\u00f3n\u2019s \uff37orld delegation \ud55c\uad6d 3\u338f \u039f\u0394\u039f\u03a3. "
    "\u039f\u0394\u039f\u03a3's \u03a3\u039f\u03a3 \u0130stanbul \u212aelvin stra\u00dfe " * 3,
    "\u00c9TUDE \u00e9tude \u00c9tude " * 8,
]


def _rotate(values: np.ndarray, bits: int) -> np.ndarray:
    return (values << np.uint64(bits)) | (values >> np.uint64(64 - bits))


def _reference_signatures(articles: pl.DataFrame) -> pl.DataFrame:
    """minhash_v1 as first written: polars words, rensa's hash per word string, one body at a time."""
    words = (
        articles.lazy()
        .unique("article_id", keep="first")
        .sort("article_id")
        .select("article_id", word=pl.col("body").str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ")
                .str.strip_chars().str.split(" "))
        .filter(pl.col("word").list.len() >= nd.MIN_WORDS)
        .collect()
    )
    rows = []
    for article_id, body_words in words.iter_rows():
        hashes = np.array(rensa.RMinHash.hash_token_sets([body_words])[0], np.uint64)
        count = len(hashes) - (nd.SHINGLE_WORDS - 1)
        shingles = hashes[:count].copy()
        for place in range(1, nd.SHINGLE_WORDS):
            shingles ^= _rotate(hashes[place : place + count], 13 * place)
        offsets = np.array([0, count], np.uint64)
        matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(shingles, offsets, nd.NUM_PERM, nd.SEED)
        rows.append((article_id, np.array(matrix.to_rows()[0], "<u4").tobytes()))
    return pl.DataFrame(rows, schema=nd.SIGNATURE_SCHEMA, orient="row")


def _frame(bodies: list[str | None], ids: list[str] | None = None) -> pl.DataFrame:
    ids = ids or [f"{i:020x}" for i in range(len(bodies))]
    return pl.DataFrame({"article_id": ids, "body": bodies}, schema={"article_id": pl.String, "body": pl.String})


def test_word_hashes_are_rensas_token_hashes():
    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    words = ["".join(rng.choice(alphabet) for _ in range(length)) for length in range(1, 41) for _ in range(20)]
    words += ["\u00e9", "na\u00efve", "\ud55c\uad6d\uc5b4", "\u03c3\u03bf\u03c2", "\uff37orld", "stra\u00dfe"]
    encoded = [word.encode() for word in words]
    text = np.frombuffer(b"\0" * 8 + b"".join(encoded) + b"\0" * 8, np.uint8)
    ends = 8 + np.cumsum([len(word) for word in encoded])
    starts = ends - [len(word) for word in encoded]
    hashed = nd._word_hashes(text, starts, ends, nd._Scratch.of(len(text)))
    assert hashed.tolist() == rensa.RMinHash.hash_token_sets([words])[0]


@pytest.mark.parametrize("chunk_bytes", [1, 97, nd.CHUNK_BYTES])
def test_signatures_are_those_of_the_reference(monkeypatch, chunk_bytes):
    """Slices of 1 byte (a body each) and 97 bytes too; bodies end and start within a word, some with
    empty ones between them."""
    monkeypatch.setattr(nd, "CHUNK_BYTES", chunk_bytes)
    story = " ".join(WORDS * 2)
    bodies = [*TRICKY, story, "", None, "Too short to sign.", story.upper(), story.replace(" ", "\n\n"),
              "ab" + story + "cd", "ef" + story, "   " + story + "...", story + "9", "", None, "8" + story]
    ids = [f"{i:020x}" for i in range(len(bodies))]
    bodies.append("A later record of the first article: not the one kept. " * 5)
    ids.append(ids[0])
    frame = _frame(bodies, ids)
    expected = _reference_signatures(frame)
    assert expected.height == len(bodies) - 6  # the empty ones, the short one, and the repeated id
    assert nd.signatures(frame).equals(expected)


def test_case_punctuation_and_paragraph_breaks_do_not_change_the_words():
    story = " ".join(WORDS * 2)
    variants = [story, story.upper(), story.replace(" ", "\n\n"), story.replace(" ", ", "),
                "\u201c" + story.replace(" ", " -- ") + ".\u201d"]
    signatures = nd.signatures(_frame(variants))
    assert signatures["minhash"].n_unique() == 1
    assert signatures.height == len(variants)


@settings(max_examples=150, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    bodies=st.lists(
        st.lists(
            st.one_of(st.sampled_from(WORDS),
                      st.text(alphabet="aZ09 .,'\n\t-\u2019\u00e9\u00c9\u03a3\u0130\ud55c\uff37", max_size=6)),
            max_size=60,
        ).map(" ".join),
        min_size=1,
        max_size=6,
    ),
    chunk_bytes=st.sampled_from([1, 50, 300, nd.CHUNK_BYTES]),
)
def test_signatures_of_any_text_are_those_of_the_reference(bodies, chunk_bytes):
    original = nd.CHUNK_BYTES
    nd.CHUNK_BYTES = chunk_bytes
    try:
        frame = _frame(bodies)
        assert nd.signatures(frame).equals(_reference_signatures(frame))
    finally:
        nd.CHUNK_BYTES = original


def _signature_frame(matrix: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [f"{i:020x}" for i in range(len(matrix))],
                         "minhash": [row.astype("<u4").tobytes() for row in matrix]}, schema=nd.SIGNATURE_SCHEMA)


def _related_matrix(seed: int = 5) -> np.ndarray:
    """Signatures with every kind of neighbour: copies, copies with a few values changed (similar, sharing
    most bands), with many changed but one band kept (a candidate, not similar), and strangers."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**32, (40, nd.NUM_PERM), dtype=np.uint32)
    rows = [base]
    for changed in (0, 3, 10, 25, 60, 120):
        picked = base[rng.choice(len(base), 12, replace=False)].copy()
        for row in picked:
            row[rng.choice(nd.NUM_PERM, changed, replace=False)] = rng.integers(0, 2**32, changed, dtype=np.uint32)
        rows.append(picked)
    one_band = rng.integers(0, 2**32, (8, nd.NUM_PERM), dtype=np.uint32)
    one_band[:, : nd.ROWS_PER_BAND] = base[:8, : nd.ROWS_PER_BAND]
    no_band = base[8:14].copy()  # similar (112 of 128 values) but no band whole: banding misses these
    no_band[:, :: nd.ROWS_PER_BAND] += np.uint32(1)
    rows += [one_band, no_band]
    matrix = np.concatenate(rows)
    return matrix[rng.permutation(len(matrix))]


def _brute_force_pairs(matrix: np.ndarray, ids: list[str], new: set[str]) -> pl.DataFrame:
    """Every two signatures that agree on a whole band and on SIMILARITY_THRESHOLD of their values."""
    rows = []
    bands = matrix.reshape(len(matrix), nd.BANDS, nd.ROWS_PER_BAND)
    for i, j in itertools.combinations(range(len(matrix)), 2):
        if (ids[i] in new or ids[j] in new) and (bands[i] == bands[j]).all(axis=1).any():
            similarity = float((matrix[i] == matrix[j]).mean())
            if similarity >= nd.SIMILARITY_THRESHOLD:
                rows += [(ids[i], ids[j], round(similarity, 4)), (ids[j], ids[i], round(similarity, 4))]
    schema = {"article_id": pl.String, "near_duplicate_id": pl.String, "similarity": pl.Float64}
    return pl.DataFrame(rows, schema=schema, orient="row").sort("article_id", "near_duplicate_id")


def test_pairs_of_one_build_are_the_brute_force_ones():
    matrix = _related_matrix()
    signatures = _signature_frame(matrix)
    ids = signatures["article_id"].to_list()
    expected = _brute_force_pairs(matrix, ids, set(ids))
    assert expected.height > 20 and expected["similarity"].min() < 1.0  # not only copies
    assert nd.find_pairs(signatures).equals(expected)


@pytest.mark.parametrize("seed", range(4))
def test_refresh_pairs_are_those_of_one_build_that_involve_a_new_article(seed):
    matrix = _related_matrix(seed)
    signatures = _signature_frame(matrix)
    ids = signatures["article_id"].to_list()
    at_once = nd.find_pairs(signatures)
    order = np.random.default_rng(seed).permutation(len(ids))
    versions = np.array_split(order, [len(ids) - 40, len(ids) - 3])  # an old build, then two refreshes
    existing, found, known = None, [], np.empty(0, int)
    for version in versions:
        new = signatures[version.tolist()]
        pairs = nd.find_pairs(new, existing)
        involved, known = set(new["article_id"]), np.concatenate([known, version])
        known_ids = [ids[i] for i in known]
        assert pairs.equals(_brute_force_pairs(matrix[known], known_ids, involved))
        assert pairs.equals(at_once.filter(
            pl.col("article_id").is_in(known_ids) & pl.col("near_duplicate_id").is_in(known_ids)
            & (pl.col("article_id").is_in(involved) | pl.col("near_duplicate_id").is_in(involved))
        ))
        found.append(pairs)
        existing = new if existing is None else pl.concat([existing, new])
    assert pl.concat(found).sort("article_id", "near_duplicate_id").equals(at_once)


def test_band_keys_that_collide_do_not_make_pairs(monkeypatch):
    """The band keys only narrow the search: every candidate is checked value by value."""
    matrix = _related_matrix()
    signatures = _signature_frame(matrix)
    expected = nd.find_pairs(signatures)
    refresh = nd.find_pairs(signatures[:5], signatures[5:])
    monkeypatch.setattr(nd, "_band_keys", lambda m: np.zeros((len(m), nd.BANDS), np.uint64))
    assert nd.find_pairs(signatures).equals(expected)
    assert nd.find_pairs(signatures[:5], signatures[5:]).equals(refresh)


def test_a_new_article_already_stored_or_given_twice_is_compared_once():
    matrix = _related_matrix()
    signatures = _signature_frame(matrix)
    new = pl.concat([signatures[:3], signatures[:3], signatures[10:12]])
    assert nd.find_pairs(new, signatures[3:]).equals(nd.find_pairs(signatures[:3], signatures[3:]))
    assert nd.find_pairs(signatures[:1], signatures[:1]).height == 0


def test_a_stored_signature_of_another_length_is_refused():
    bad = pl.DataFrame({"article_id": ["a" * 20, "b" * 20], "minhash": [b"\0" * 512, b"\0" * 508]},
                       schema=nd.SIGNATURE_SCHEMA)
    with pytest.raises(ValueError, match="minhash"):
        nd.find_pairs(bad[1:], bad[:1])


@pytest.mark.parametrize("seed", range(3))
def test_stories_re_run_many_times_pair_every_copy(seed):
    """Identical signatures are compared once per distinct signature; every copy still pairs with every
    other copy and with each near neighbour, in one build and in a refresh."""
    rng = np.random.default_rng(seed)
    base = _related_matrix(seed)
    copies = base[rng.choice(len(base), 10, replace=False)]
    matrix = np.concatenate([base, *[copies] * 4])[rng.permutation(len(base) + 40)]
    signatures = _signature_frame(matrix)
    ids = signatures["article_id"].to_list()
    at_once = nd.find_pairs(signatures)
    assert at_once.equals(_brute_force_pairs(matrix, ids, set(ids)))
    assert at_once.filter(pl.col("similarity") == 1.0).height >= 10 * 5 * 4  # each copy with its 4 twins
    new = set(ids[-30:])
    assert nd.find_pairs(signatures[-30:], signatures[:-30]).equals(_brute_force_pairs(matrix, ids, new))


ARROW_TYPES = {
    "plain": (pa.string(), pa.binary()),
    "large": (pa.large_string(), pa.large_binary()),
    "view": (pa.string_view(), pa.binary_view()),  # as Parquet files written from polars may hold them
}


@pytest.mark.parametrize("arrow_types", ARROW_TYPES)
@pytest.mark.parametrize("batch_rows", [1, 7, 1000])
def test_stored_candidates_read_in_batches_give_the_pairs_of_all_stored_signatures(batch_rows, arrow_types):
    """A refresh reads the stored signatures batch by batch and keeps only those that share a band key
    (or an article_id) with a new one: the pairs must be those found against every stored signature,
    whichever Arrow string and binary types the stored files hold."""
    matrix = _related_matrix(1)
    signatures = _signature_frame(matrix)
    stored, new = signatures[:-25], pl.concat([signatures[-25:], signatures[:2]])  # two already stored
    id_type, minhash_type = ARROW_TYPES[arrow_types]
    arrow = stored.to_arrow().cast(pa.schema([("article_id", id_type), ("minhash", minhash_type)]))
    candidates = nd.stored_candidates(arrow.to_batches(batch_rows), new)  # as store.read_batches gives
    assert 0 < candidates.height < stored.height
    expected = nd.find_pairs(new, stored)
    assert expected.height > 0
    assert nd.find_pairs(new, candidates).equals(expected)


def test_a_refresh_compares_only_articles_not_already_stored(tmp_path):
    """batch.find_pairs with the stored ids: articles seen again (already stored) are not new, their pairs
    are stored; the new ones get the pairs a comparison with every stored signature gives; and a batch of
    nothing but stored articles never reads the stored signatures."""
    from kcna_dataset.stages.batch import find_pairs

    signatures = _signature_frame(_related_matrix(2))
    stored, new = signatures[:-25], signatures[-25:]
    seen_again = stored[:5]

    def staged(frame: pl.DataFrame, name: str) -> Path:
        path = tmp_path / f"{name}.minhash_signatures.parquet"
        frame.write_parquet(path)
        return path

    batch = staged(pl.concat([new, seen_again]), "mixed")
    found = find_pairs([batch], stored.to_arrow().to_batches(64), tmp_path / "a", stored["article_id"])
    expected = nd.find_pairs(new, stored)
    assert expected.height > 0
    assert pl.read_parquet(found.path).equals(expected)

    def never_read():
        raise AssertionError("the stored signatures were read")
        yield  # a generator: raises only when iterated

    again = find_pairs([staged(seen_again, "seen")], never_read(), tmp_path / "b", stored["article_id"])
    assert pl.read_parquet(again.path).is_empty()

"""Near-duplicates: re-runs of the same story with small edits, found by MinHash and LSH banding.

Each article's body becomes a set of 5-word shingles, hashed in numpy straight from the bodies' bytes,
whose MinHash signature (rensa's RMinHash, 128 permutations) is stored in `minhash_signatures`, so that
a later version compares its new articles with the old ones without reading an old body again.
Candidate pairs are articles that agree on every value of at least one of 16 bands of 8 values (a join
on one key per article and band: the cost grows with the number of articles, not with its square, and a
refresh joins only its new articles' keys); a candidate is kept when its estimated Jaccard similarity is
at least SIMILARITY_THRESHOLD.

A pair depends only on the two articles' texts, so the `near_duplicates` table built in two versions
is the one built at once: a refresh adds the pairs that involve a new article and never changes a row.
Exact re-runs (same text, another date) are pairs of similarity 1.0; identical records already
collapse into one article_id and are no pair.
"""

from __future__ import annotations

import array
import sys
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import rensa

NUM_PERM = 128
SEED = 1
SHINGLE_WORDS = 5
BANDS, ROWS_PER_BAND = 16, 8
SIMILARITY_THRESHOLD = 0.8
MIN_WORDS = 20
"""Shorter bodies ('Russian Delegation Leaves') are one-line templates: similar by form, not the same story."""

METHOD_VERSION = (
    f"minhash_v1: rensa RMinHash, {NUM_PERM} perm, "
    f"seed {SEED}, {SHINGLE_WORDS}-word shingles, {BANDS}x{ROWS_PER_BAND} bands, jaccard>={SIMILARITY_THRESHOLD}"
)
SIGNATURE_SCHEMA = pl.Schema({"article_id": pl.String, "minhash": pl.Binary})


CHUNK_BYTES = 1 << 18
"""Bodies go through numpy in slices of about this many bytes, so that its arrays stay in the CPU cache."""

_U64 = np.uint64
_LOW32 = _U64(0xFFFFFFFF)
_FX_SEED0, _FX_SEED1 = _U64(0x243F6A8885A308D3), _U64(0x13198A2E03707344)
_FX_MULTIPLIER = _U64(0xF1357AEA2E62A9C5)
# By word length (the last entry: 17 bytes or more): which of the first 8 bytes the hash takes, and how the
# last 8 become its second input (1-3 bytes: the last and the middle one; 4-7: the last 4; 8-16: all 8).
_FX_HEAD_MASK = np.array([0] + [0xFF] * 3 + [0xFFFFFFFF] * 4 + [2**64 - 1] * 10, np.uint64)
_FX_TAIL_SHIFT = np.array([0, 56, 56, 48] + [32] * 4 + [0] * 10, np.uint64)
_FX_TAIL_SCALE = np.array([1, 257, 257] + [1] * 15, np.uint64)


class _Scratch(NamedTuple):
    """Arrays reused from one slice of bodies to the next. A fresh numpy array costs a page fault per 4 KiB,
    which is dearer than the arithmetic done on it: the functions below write into these (`out=`)."""

    text: np.ndarray  # uint8: the slice lowercased, 8 zero bytes before and after
    small: np.ndarray  # uint8 as long as the slice
    flags: np.ndarray  # bool, 2 rows as long as the text
    windows: np.ndarray  # uint64: the 8 bytes of text from each offset
    words: np.ndarray  # uint64, 7 rows, one value per word or shingle

    @classmethod
    def of(cls, size: int) -> _Scratch:
        return cls(np.zeros(size + 16, np.uint8), np.empty(size, np.uint8), np.empty((2, size + 16), bool),
                   np.empty(size + 9, np.uint64), np.empty((7, size // 2 + 2), np.uint64))


def _normalised(body: pl.Series) -> pl.Series:
    """Bodies in which the byte tokeniser (_word_spans) finds the words of minhash_v1: the runs of Unicode
    letters and digits of the lowercase body.

    An ASCII body is left as it is (ASCII case and classes are one byte each, done in numpy); the few
    bodies with other characters get polars' Unicode lowercase and classes, their words then separated by
    spaces. Whole bodies, not single words: lowercasing a capital sigma depends on the letters around it.
    """
    other = (body.str.len_bytes() != body.str.len_chars()).arg_true()
    if other.len() == 0:
        return body
    words = body.gather(other).str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ")
    return body.clone().scatter(other, words)


def _word_spans(chunk: np.ndarray, bounds: np.ndarray, scratch: _Scratch) -> tuple[np.ndarray, np.ndarray]:
    """Start and end, in scratch.text, of every word of the bodies chunk[bounds[i]:bounds[i+1]]: runs of ASCII
    letters and digits, and of bytes of other characters (which _normalised left in words only)."""
    size = len(chunk)
    text, small = scratch.text[: size + 16], scratch.small[:size]
    word, other = scratch.flags[0, : size + 16], scratch.flags[1, : size + 16]
    body = text[8:-8]
    np.subtract(chunk, np.uint8(ord("A")), out=small)
    np.less(small, 26, out=other[8:-8])
    np.multiply(other[8:-8].view(np.uint8), np.uint8(32), out=small)  # (numpy has no fast uint8 shift)
    np.bitwise_or(chunk, small, out=body)  # ASCII lowercase: A-Z plus 32
    np.subtract(body, np.uint8(ord("a")), out=small)
    np.less(small, 26, out=word[8:-8])
    np.subtract(body, np.uint8(ord("0")), out=small)
    np.less(small, 10, out=other[8:-8])
    word |= other
    np.greater_equal(body, 0x80, out=other[8:-8])
    word |= other
    word[:8] = word[-8:] = False
    other[0] = False
    np.not_equal(word[1:], word[:-1], out=other[1:])
    changes = np.flatnonzero(other)  # where a word starts, then where it ends, and so on
    starts, ends = changes[0::2], changes[1::2]
    # A word that runs from one body into the next is two words (an empty body adds no edge of its own).
    edges = np.unique(bounds[1:-1]) + 8
    if len(starts) and len(edges):
        spanning = np.maximum(np.searchsorted(starts, edges, side="right") - 1, 0)
        split = (starts[spanning] < edges) & (ends[spanning] > edges)
        if split.any():
            starts = np.insert(starts, spanning[split] + 1, edges[split])
            ends = np.insert(ends, spanning[split], edges[split])
    return starts, ends


def _multiply_fold(x: np.ndarray, y: np.ndarray, out: np.ndarray, t0: np.ndarray, t1: np.ndarray,
                   t2: np.ndarray) -> np.ndarray:
    """out = low XOR high 64 bits of the 128-bit products x*y, from 32-bit halves (numpy has no 128-bit
    integers); x, y and t0-t2 are overwritten."""
    np.multiply(x, y, out=t0)  # the low 64 bits
    np.right_shift(x, _U64(32), out=out)  # x1
    x &= _LOW32  # x0
    np.right_shift(y, _U64(32), out=t1)  # y1
    y &= _LOW32  # y0
    np.multiply(x, t1, out=t2)  # x0*y1
    x *= y  # x0*y0
    y *= out  # x1*y0
    out *= t1  # x1*y1
    x >>= _U64(32)  # the carry into the high half
    np.bitwise_and(t2, _LOW32, out=t1)
    x += t1
    np.bitwise_and(y, _LOW32, out=t1)
    x += t1
    x >>= _U64(32)
    t2 >>= _U64(32)
    y >>= _U64(32)
    out += t2
    out += y
    out += x
    out ^= t0
    return out


def _word_hashes(text: np.ndarray, starts: np.ndarray, ends: np.ndarray, scratch: _Scratch) -> np.ndarray:
    """rensa's token hash (rustc-hash 2's FxHasher over the UTF-8 bytes, as RMinHash.hash_token_sets gives)
    of the words text[start:end], all at once: the same values as rensa gives for the word strings (a test
    checks it) without a Python string per word. The result is a view of scratch.words[3]."""
    n = len(starts)
    first, second, lengths, hashed, t0, t1, t2 = scratch.words[:7, :n]
    length = lengths.view(np.int64)
    windows = scratch.windows[: len(text) - 7]
    np.copyto(windows, np.ndarray((len(windows),), "<u8", text, 0, (1,)))  # the 8 bytes from each offset
    np.subtract(ends, starts, out=length)
    np.take(windows, starts, out=first, mode="clip")
    np.take(_FX_HEAD_MASK, length, out=t0, mode="clip")  # "clip": 17 bytes or more share the last entry
    first &= t0
    first ^= _FX_SEED0
    np.subtract(ends, 8, out=t0.view(np.int64))
    np.take(windows, t0.view(np.int64), out=second, mode="clip")
    np.take(_FX_TAIL_SHIFT, length, out=t0, mode="clip")
    second >>= t0
    np.take(_FX_TAIL_SCALE, length, out=t0, mode="clip")
    second *= t0
    second ^= _FX_SEED1
    _multiply_fold(first, second, hashed, t0, t1, t2)
    hashed ^= lengths
    hashed *= _FX_MULTIPLIER
    np.left_shift(hashed, _U64(26), out=t0)
    hashed >>= _U64(38)
    hashed |= t0
    long = np.flatnonzero(length > 16)
    if len(long):  # 16-byte blocks: the few words that long are left to rensa itself
        words = [text[start:end].tobytes() for start, end in zip(starts[long].tolist(), ends[long].tolist())]
        hashed[long] = rensa.RMinHash.hash_token_sets([words])[0]
    return hashed


def _shingle_hashes(word_hashes: np.ndarray, offsets: np.ndarray, scratch: _Scratch) -> np.ndarray:
    """Hashes of every run of SHINGLE_WORDS consecutive words of each body (the words of body i are
    word_hashes[offsets[i]:offsets[i+1]], at least SHINGLE_WORDS of them), body i's at the same places.

    Each word's stable 64-bit hash is rotated by 13 bits per place in the shingle and XORed: order-aware,
    no string per shingle, and no reliance on polars' hash(), which changes between versions. The last
    SHINGLE_WORDS - 1 places of a body, whose runs would reach into the next body, repeat the body's first
    shingle instead: a MinHash is a minimum, which a repeat leaves as it is, and each body keeps its place.
    The result is a view of scratch.words[4], the last body's SHINGLE_WORDS - 1 places left off.
    """
    count = len(word_hashes) - (SHINGLE_WORDS - 1)
    shingles, left, right = scratch.words[4:7, :count]
    np.copyto(shingles, word_hashes[:count])
    for place in range(1, SHINGLE_WORDS):
        following = word_hashes[place : place + count]
        np.left_shift(following, _U64(13 * place), out=left)
        np.right_shift(following, _U64(64 - 13 * place), out=right)
        left |= right
        shingles ^= left
    ends = offsets[1:-1, None] - np.arange(1, SHINGLE_WORDS)
    shingles[ends] = shingles[offsets[:-2, None]]
    return shingles


def _digests(word_hashes: np.ndarray, counts: np.ndarray, scratch: _Scratch) -> array.array:
    """NUM_PERM MinHash values (uint32) of each body's shingles, body after body."""
    offsets = np.zeros(len(counts) + 1, np.uint64)
    np.cumsum(counts, out=offsets[1:])
    shingles = _shingle_hashes(word_hashes, offsets.view(np.int64), scratch)
    offsets[-1] = len(shingles)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(shingles, offsets, NUM_PERM, SEED)
    values = array.array("I")  # rensa 0.5 gives the values only as lists: array.extend is the cheapest way out
    for row in matrix.to_rows():
        values.extend(row)
    return values


def _slices(bounds: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) body of consecutive slices of about CHUNK_BYTES (one body when it is longer)."""
    cuts = np.unique(np.searchsorted(bounds, np.arange(bounds[0], bounds[-1], CHUNK_BYTES), side="right") - 1)
    return [(int(first), int(last)) for first, last in zip(cuts, [*cuts[1:], len(bounds) - 1]) if first < last]


def signatures(articles: pl.DataFrame) -> pl.DataFrame:
    """article_id and minhash (NUM_PERM little-endian uint32 as bytes) of every body of MIN_WORDS words or more.

    The words are the runs of Unicode letters and digits of the lowercase body. Bodies go through numpy
    slice by slice, each word hashed from its bytes where it lies: no list of strings, no vocabulary.
    """
    firsts = (
        articles.lazy()
        .select("article_id", row=pl.int_range(pl.len(), dtype=pl.UInt32))
        .unique("article_id", keep="first")
        .sort("article_id")
        .collect()
    )
    text = _normalised(articles["body"].gather(firsts["row"])).to_arrow().cast(pa.large_string())
    data = np.frombuffer(text.buffers()[2] or b"", np.uint8)
    bounds = np.frombuffer(text.buffers()[1], np.int64)[text.offset : text.offset + len(text) + 1]
    slices = _slices(bounds)
    scratch = _Scratch.of(max((int(bounds[last] - bounds[first]) for first, last in slices), default=0))
    signed, values = np.zeros(len(text), bool), array.array("I")
    for first, last in slices:
        edges = bounds[first : last + 1] - bounds[first]
        starts, ends = _word_spans(data[bounds[first] : bounds[last]], edges, scratch)
        counts = np.diff(np.searchsorted(starts, edges + 8))
        word_hashes = _word_hashes(scratch.text, starts, ends, scratch)
        long = counts >= MIN_WORDS
        signed[first:last] = long
        if not long.all():
            word_hashes, counts = word_hashes[np.repeat(long, counts)], counts[long]
        if len(counts):
            values.extend(_digests(word_hashes, counts, scratch))
    if not values:
        return pl.DataFrame(schema=SIGNATURE_SCHEMA)
    if sys.byteorder == "big":
        values.byteswap()
    offsets = np.arange(0, len(values) * 4 + 1, 4 * NUM_PERM, dtype=np.int64)
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(values)]
    minhash = pl.Series(pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(offsets) - 1, buffers))
    return pl.DataFrame({"article_id": firsts["article_id"].filter(pl.Series(signed)), "minhash": minhash},
                        schema=SIGNATURE_SCHEMA)


def _matrix(minhash: pl.Series) -> np.ndarray:
    """(rows, NUM_PERM) uint32 matrix of stored signatures, read from the column's Arrow buffer."""
    return _arrow_matrix(minhash.to_arrow().cast(pa.large_binary()))


def _arrow_matrix(column: pa.Array) -> np.ndarray:
    """The matrix of a large_binary Arrow column, over its data buffer (no copy)."""
    offsets = np.frombuffer(column.buffers()[1], np.int64)[column.offset : column.offset + len(column) + 1]
    if column.null_count or (np.diff(offsets) != 4 * NUM_PERM).any():
        raise ValueError(f"a minhash signature is not {NUM_PERM} uint32 values")
    data = np.frombuffer(column.buffers()[2] or b"", np.uint8)[offsets[0] : offsets[-1]]
    return data.view("<u4").reshape(-1, NUM_PERM)


_BAND_IDS = np.arange(1, BANDS + 1, dtype=np.uint64)


def _band_words(matrix: np.ndarray) -> np.ndarray:
    """(rows, BANDS, ROWS_PER_BAND / 2) uint64: each band of each row as four 64-bit words."""
    return np.ascontiguousarray(matrix).view(np.uint64).reshape(len(matrix), BANDS, ROWS_PER_BAND // 2)


def _band_keys(matrix: np.ndarray) -> np.ndarray:
    """(rows, BANDS) uint64: a number per row and band, the same for rows equal in that band (rarely also
    for rows that are not, so candidates are checked). It mixes in the band, so all bands share one key space."""
    wide = _band_words(matrix)
    keys = wide[:, :, 0] ^ _BAND_IDS
    for part in range(ROWS_PER_BAND // 2):
        if part:
            keys ^= wide[:, :, part]
        keys *= _U64(0x9E3779B97F4A7C15)
        keys ^= keys >> _U64(29)
    return keys


_HEAD_BITS = 22
"""Size (as a power of two) of the bit table that rules out most stored signatures before their band keys."""
_HEAD_SALTS = np.arange(1, BANDS + 1, dtype=np.uint64) * _U64(0x9E3779B97F4A7C15)


def _band_heads(matrix: np.ndarray) -> np.ndarray:
    """(rows, BANDS) uint64: the first two values of each band, salted by band. Rows equal in a band have
    the same head there, so a row whose heads are all unlike a new row's shares no band with it."""
    return (_band_words(matrix)[:, :, 0] ^ _HEAD_SALTS) & _U64((1 << _HEAD_BITS) - 1)


def _large_types(batch: pa.RecordBatch) -> pa.RecordBatch:
    """article_id and minhash as large_string and large_binary (a plain column keeps its data buffer):
    Parquet files written from polars may hold string_view and binary_view, for which Arrow has no
    is_in or filter kernels."""
    return pa.RecordBatch.from_arrays(
        [batch.column("article_id").cast(pa.large_string()), batch.column("minhash").cast(pa.large_binary())],
        names=["article_id", "minhash"],
    )


def stored_candidates(stored: Iterable[pa.RecordBatch], new: pl.DataFrame) -> pl.DataFrame:
    """The stored signatures that can pair with a new one: those sharing a band with it (or its
    article_id). `stored` is Arrow batches of article_id and minhash (store.read_batches); only the
    candidates are kept, copied out of their batch, so that a refresh holds a few rows, not every stored
    signature, and the readers' buffers are freed batch by batch. `find_pairs(new, stored_candidates(...))`
    gives what `find_pairs(new, all stored)` gives: a pair needs one band equal, which its head tests first
    (one lookup in a bit table per row and band) and its band key then.
    """
    new = new.select("article_id", "minhash")
    new_matrix = _matrix(new["minhash"])
    wanted = np.unique(_band_keys(new_matrix))
    heads = np.zeros(1 << _HEAD_BITS, bool)
    heads[_band_heads(new_matrix).ravel()] = True
    ids = new["article_id"].to_arrow().cast(pa.large_string())
    kept = []
    for batch in map(_large_types, stored):
        matrix = _arrow_matrix(batch.column("minhash"))
        maybe = np.flatnonzero(heads[_band_heads(matrix)].any(axis=1))
        hit = np.zeros(len(matrix), bool)
        hit[maybe] = np.isin(_band_keys(matrix[maybe]), wanted).any(axis=1)
        hit |= pc.is_in(batch.column("article_id"), value_set=ids).to_numpy(zero_copy_only=False)
        if hit.any():
            kept.append(batch.filter(pa.array(hit)))  # a copy: the batch is freed
    frames = [pl.from_arrow(pa.Table.from_batches(kept))] if kept else []
    return pl.concat([new.clear(), *frames], how="vertical_relaxed").cast(SIGNATURE_SCHEMA)


def _candidates(matrix: np.ndarray, is_new: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (row < other, at least one new) that agree on every value of some band.

    Only the keys that a new row has (all rows' keys that are shared, when every row is new) are joined,
    so a refresh costs one pass over the old signatures plus what its new articles bring.
    """
    keys = _band_keys(matrix).ravel()  # place = row * BANDS + band
    if is_new.all():
        ordered = np.sort(keys)
        wanted = ordered[1:][ordered[1:] == ordered[:-1]]  # keys of two rows or more
    else:
        wanted = keys.reshape(-1, BANDS)[is_new].ravel()
    shared = pl.Series(keys).is_in(pl.Series(wanted).implode()).to_numpy()
    table = pl.DataFrame({"place": np.flatnonzero(shared), "key": keys[shared]})
    probes = table if is_new.all() else table.filter(pl.Series(is_new[table["place"].to_numpy() // BANDS]))
    joined = probes.join(table, on="key", suffix="_other").select("place", "place_other")
    place, place_other = joined["place"].to_numpy(), joined["place_other"].to_numpy()
    row, other, band = place // BANDS, place_other // BANDS, place % BANDS
    wide = _band_words(matrix)
    same = (row != other) & (wide[row, band] == wide[other, band]).all(axis=1)  # the band itself, not its key
    pairs = np.unique(np.stack([np.minimum(row, other), np.maximum(row, other)])[:, same], axis=1)
    return pairs[0], pairs[1]


def find_pairs(new: pl.DataFrame, existing: pl.DataFrame | None = None) -> pl.DataFrame:
    """Near-duplicate pairs that involve at least one article of `new` (signature frames as from
    `signatures`), each pair in both directions: article_id, near_duplicate_id, similarity."""
    new = new.select("article_id", "minhash")
    existing = existing.select("article_id", "minhash") if existing is not None else new.clear()
    new = new.join(existing, on="article_id", how="anti").unique("article_id", maintain_order=True)
    empty = pl.DataFrame(schema={"article_id": pl.String, "near_duplicate_id": pl.String, "similarity": pl.Float64})
    if new.height == 0 or existing.height + new.height < 2:
        return empty
    members, distinct = _identical_signatures(existing, new)
    matrix = _matrix(distinct["minhash"])
    rows, others = _candidates(matrix, distinct["is_new"].to_numpy())
    similarity = (matrix[rows] == matrix[others]).mean(axis=1)
    keep = similarity >= SIMILARITY_THRESHOLD
    signature_pairs = pl.DataFrame(
        {"group": rows[keep], "group_other": others[keep], "similarity": np.round(similarity[keep], 4)},
        schema={"group": pl.UInt32, "group_other": pl.UInt32, "similarity": pl.Float64},
    )
    pairs = pl.concat([_expand(signature_pairs, members), _within_groups(members)])
    pairs = pairs.filter(pl.col("is_new") | pl.col("is_new_other")).select(
        "article_id", near_duplicate_id="article_id_other", similarity="similarity"
    )
    both_ways = pl.concat([pairs, pairs.select(article_id="near_duplicate_id", near_duplicate_id="article_id",
                                               similarity="similarity")])
    return both_ways.sort("article_id", "near_duplicate_id").match_to_schema(empty.schema)


def _identical_signatures(old: pl.DataFrame, new: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(members: group, article_id, is_new; distinct: group, minhash, is_new), a group per distinct new
    signature and one per old article.

    Exact re-runs share one signature: compared once per distinct signature, a story re-run k times
    gives k candidates per band instead of k squared. Old signatures are not grouped: a refresh compares only its new
    ones with them, so old copies cost linearly, and grouping the whole table would cost every refresh.
    """
    new_groups = new.select("minhash").unique(maintain_order=True).with_row_index("group", offset=old.height)
    distinct = pl.concat([
        old.select("minhash", is_new=pl.lit(False)).with_row_index("group"),
        new_groups.with_columns(is_new=pl.lit(True)),
    ])
    members = pl.concat([
        old.select("article_id", is_new=pl.lit(False)).with_row_index("group"),
        new.join(new_groups, on="minhash", maintain_order="left").select("group", "article_id", is_new=pl.lit(True)),
    ])
    return members, distinct


_PAIR_COLUMNS = ["article_id", "is_new", "article_id_other", "is_new_other", "similarity"]


def _expand(signature_pairs: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Pairs of distinct signatures -> pairs of their articles."""
    return (
        signature_pairs.join(members, on="group")
        .join(members, left_on="group_other", right_on="group", suffix="_other")
        .select(_PAIR_COLUMNS)
    )


def _within_groups(members: pl.DataFrame) -> pl.DataFrame:
    """Articles with the very same signature: pairs of similarity 1.0."""
    shared = members.filter(pl.len().over("group") > 1)
    return (
        shared.join(shared, on="group", suffix="_other")
        .filter(pl.col("article_id") < pl.col("article_id_other"))
        .with_columns(similarity=pl.lit(1.0))
        .select(_PAIR_COLUMNS)
    )


def clusters(pairs: pl.DataFrame) -> pl.DataFrame:
    """Connected components of the pairs: article_id, cluster_id (the smallest article_id in its cluster).

    For readers who want one story per cluster; computed at read time, because a new article can join
    two old clusters, which an append-only table could not record without rewriting rows.
    """
    labels = pairs.select("article_id").unique().with_columns(cluster_id=pl.col("article_id"))
    edges = pairs.select("article_id", "near_duplicate_id")
    while True:
        smallest = (
            edges.join(labels, left_on="near_duplicate_id", right_on="article_id")
            .group_by("article_id")
            .agg(pl.col("cluster_id").min().alias("neighbour"))
        )
        updated = labels.join(smallest, on="article_id", how="left").with_columns(
            cluster_id=pl.min_horizontal("cluster_id", "neighbour")
        ).drop("neighbour")
        if updated.sort("article_id").equals(labels.sort("article_id")):
            return updated.sort("article_id")
        labels = updated

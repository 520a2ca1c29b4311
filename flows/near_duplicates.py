"""Near-duplicates: re-runs of the same story with small edits, found by MinHash and LSH banding.

Each article's body becomes a set of 5-word shingles (built in polars), whose MinHash signature
(rensa's RMinHash, 128 permutations) is stored in `minhash_signatures`, so that a later version
compares its new articles with the old ones without reading an old body again. Candidate pairs are
articles that agree on every value of at least one of 16 bands of 8 values (a polars group-by: the
cost grows with the number of articles, not with its square); a candidate is kept when its estimated
Jaccard similarity is at least SIMILARITY_THRESHOLD.

A pair depends only on the two articles' texts, so the `near_duplicates` table built in two versions
is the one built at once: a refresh adds the pairs that involve a new article and never changes a row.
Exact re-runs (same text, another date) are pairs of similarity 1.0; identical records already
collapse into one article_id and are no pair.
"""

from __future__ import annotations

import numpy as np
import polars as pl
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


def _rotate_left(values: np.ndarray, bits: int) -> np.ndarray:
    return (values << np.uint64(bits)) | (values >> np.uint64(64 - bits))


def _shingle_hashes(word_hashes: np.ndarray, documents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every run of SHINGLE_WORDS consecutive words within one document, and its document.

    Each word's stable 64-bit hash is rotated by its place in the shingle and XORed: order-aware, no
    string per shingle, and no reliance on polars' hash(), which changes between versions.
    """
    count = len(word_hashes) - (SHINGLE_WORDS - 1)
    if count <= 0:
        return np.empty(0, np.uint64), np.empty(0, documents.dtype)
    shingles = word_hashes[:count].copy()
    for place in range(1, SHINGLE_WORDS):
        shingles ^= _rotate_left(word_hashes[place : place + count], 13 * place)
    within = documents[:count] == documents[SHINGLE_WORDS - 1 :]
    return shingles[within], documents[:count][within]


def signatures(articles: pl.DataFrame) -> pl.DataFrame:
    """article_id and minhash (NUM_PERM little-endian uint32 as bytes) of every body of MIN_WORDS words or more."""
    words = (
        articles.lazy()
        .unique("article_id", keep="first")
        .sort("article_id")
        .select("article_id", word=pl.col("body").str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars().str.split(" "))
        .filter(pl.col("word").list.len() >= MIN_WORDS)
        .with_row_index("document")
    )
    ids = words.select("article_id").collect().to_series()
    if ids.len() == 0:
        return pl.DataFrame(schema=SIGNATURE_SCHEMA)
    exploded = words.select("document", "word").explode("word").collect()
    vocabulary = exploded["word"].unique()
    # rensa's token hash: stable across processes and versions of polars.
    hashed = pl.DataFrame({"word": vocabulary, "hash": pl.Series(rensa.RMinHash.hash_token_sets([vocabulary.to_list()])[0], dtype=pl.UInt64)})
    word_hashes = exploded.join(hashed, on="word", how="left", maintain_order="left")["hash"].to_numpy()
    shingles, documents = _shingle_hashes(word_hashes, exploded["document"].to_numpy())
    offsets = np.concatenate([[0], np.cumsum(np.bincount(documents, minlength=ids.len()))]).astype(np.uint64)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(shingles, offsets, NUM_PERM, SEED)
    values = np.asarray(matrix.to_rows(), dtype="<u4")
    return pl.DataFrame({"article_id": ids, "minhash": [row.tobytes() for row in values]}, schema=SIGNATURE_SCHEMA)


def _matrix(minhash: pl.Series) -> np.ndarray:
    return np.frombuffer(b"".join(minhash.to_list()), dtype="<u4").reshape(-1, NUM_PERM)


def find_pairs(new: pl.DataFrame, existing: pl.DataFrame | None = None) -> pl.DataFrame:
    """Near-duplicate pairs that involve at least one article of `new` (signature frames as from
    `signatures`), each pair in both directions: article_id, near_duplicate_id, similarity."""
    new = new.select("article_id", "minhash")
    existing = existing.select("article_id", "minhash") if existing is not None else new.clear()
    new = new.join(existing, on="article_id", how="anti").unique("article_id", maintain_order=True)
    everything = pl.concat([existing.with_columns(is_new=pl.lit(False)), new.with_columns(is_new=pl.lit(True))])
    empty = pl.DataFrame(schema={"article_id": pl.String, "near_duplicate_id": pl.String, "similarity": pl.Float64})
    if new.height == 0 or everything.height < 2:
        return empty
    matrix = _matrix(everything["minhash"])
    # A band of 8 uint32 is 4 uint64: articles that share all four in some band are candidates.
    wide = np.ascontiguousarray(matrix).view(np.uint64)
    per_band = ROWS_PER_BAND // 2
    buckets = pl.concat(
        [
            pl.DataFrame({"row": np.arange(len(matrix), dtype=np.uint32), "band": np.full(len(matrix), band, np.uint8)}
                         | {f"k{j}": wide[:, band * per_band + j] for j in range(per_band)})
            for band in range(BANDS)
        ]
    )
    keys = ["band", *[f"k{j}" for j in range(per_band)]]
    candidates = (
        buckets.join(buckets, on=keys, suffix="_other")
        .filter(pl.col("row") < pl.col("row_other"))
        .select("row", "row_other")
        .unique()
    )
    rows, others = candidates["row"].to_numpy(), candidates["row_other"].to_numpy()
    flags = everything["is_new"].to_numpy()
    involved = flags[rows] | flags[others]
    rows, others = rows[involved], others[involved]
    similarity = (matrix[rows] == matrix[others]).mean(axis=1)
    keep = similarity >= SIMILARITY_THRESHOLD
    ids = everything["article_id"].to_numpy()
    a, b, s = ids[rows[keep]], ids[others[keep]], np.round(similarity[keep], 4)
    pairs = pl.DataFrame({"article_id": np.concatenate([a, b]), "near_duplicate_id": np.concatenate([b, a]),
                          "similarity": np.concatenate([s, s])}, schema=empty.schema)
    return pairs.sort("article_id", "near_duplicate_id")


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

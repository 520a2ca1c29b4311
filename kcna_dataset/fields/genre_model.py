"""The learned article_type model: a linear model over TF-IDF of title and lead (issue 19).

bench/labels/train_genre_model.py fits it with scikit-learn on the tuning half of the labels and writes its parameters
(kcna_dataset/fields/models/genre_tfidf_v12.json and, since v12, its term table genre_tfidf_v12.parquet: vocabulary,
idf, coefficients, `write`; v7 to v10 also held the rule
types they override and the probability above which they override any rule, `confident`, which genre_combiner
replaced in v12). Scoring needs only this module, numpy
and polars, so the pipeline does not depend on scikit-learn at run time. The terms are the lower-cased words of the
title and the lead (the first 400 characters) and, in v1, v2, v4 to v6, each pair of adjacent words; v5 and v6 add the
title's words and pairs again under their own names, so that "statement" in a title and in a lead weigh differently
(v6 is v5's recipe refitted on the 3,704 tuning articles of labels v7, v7 on the 4,182 of labels v8, v8 on the 4,665
of labels v9; v9, on the 5,123 of labels v10 with C = 1, scored lower held out on batch 10 and is not used; v10 on
the 5,572 of labels v12, whose first sample was read again under guide v2, C = 0.3; v12 on the 8,101 of labels v19,
C = 1, whose probabilities genre_combiner_v1 weighs against the rules).

Since v3 the model types every article whose rules did not decide it (article_type.add_article_type): it counts
each term's occurrences times its idf, without normalising, so a batch's scores are one sum per term over a
polars join, and the whole corpus is scored in one pass. v4 adds the word pairs back (v3 had dropped them):
+1 point of cross-validated accuracy on the 2,137 tuning articles of labels v5; v5's title terms +0.5 on the
2,946 of labels v6 (docs/benchmarks.md has the cost).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import numpy as np
import polars as pl

from kcna_dataset.fields.text_regex import ROW_BY_ROW_MAX

MODEL_DIR = Path(__file__).parent / "models"
MODEL_VERSION = "genre_tfidf_v12"
LEAD_CHARS = 400
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# WORD for polars: Python's [^\W\d_] is letters and numerals other than decimal digits; Rust's \w also holds
# combining marks, which Python's does not (so 'İ'.lower(), an i and a combining dot, is the word 'i' in both).
RUST_WORD = r"[\p{L}\p{Nl}\p{No}]+(?:'[\p{L}\p{Nl}\p{No}]+)?"
FRAME_TERMS = ("words", "words+pairs", "words+pairs+title")  # what frame_scores can split a text into
TITLE = "t:"  # prefix of the title's own terms: a word in the title says more of the genre than in the lead


def words(text: str) -> list[str]:
    """The words of a lower-cased text (the features of v3)."""
    return WORD.findall(text.lower())


def terms(text: str) -> list[str]:
    """Words and adjacent word pairs of a lower-cased text (the features of v1 and v2)."""
    found = words(text)
    return found + [f"{a} {b}" for a, b in zip(found, found[1:])]


def titled_terms(text: str) -> list[str]:
    """terms() of the document, then the title's words and pairs again, prefixed (the features of v5)."""
    title = words(text.partition("\n")[0])
    return terms(text) + [TITLE + word for word in title] + [f"{TITLE}{a} {b}" for a, b in zip(title, title[1:])]


SPLITTERS = {"words": words, "words+pairs": terms, "words+pairs+title": titled_terms}


def document(title: str | None, body: str | None) -> str:
    """What the model reads of an article: its title (one line) and lead."""
    return f"{(title or '').replace(chr(10), ' ')}\n{(body or '')[:LEAD_CHARS]}"


def documents(articles: pl.DataFrame) -> list[str]:
    """document() of each row of `articles` (columns title, body): what the row scorer reads."""
    return [document(title, body) for title, body in articles.select("title", "body").iter_rows()]


TABLE = ".parquet"
"""A model's terms, idf and coefficients are a Parquet table beside its JSON (term, idf, one coefficient column per
class): genre_tfidf_v12's is 1.2 MB that polars reads in 0.02 s, where its all-JSON 8 MB took 0.2 s to parse and to
turn into the frame scorer's table, in every refresh (docs/benchmarks.md). v1 to v12 were split so in the sixteenth
round, their parameters unchanged."""
TABLE_PARTS = ("vocabulary", "idf", "coef")  # what the table holds instead of the JSON


@functools.cache
def _table(version: str) -> pl.DataFrame:
    """The model's term table (TABLE)."""
    return pl.read_parquet(MODEL_DIR / f"{version}{TABLE}")


@functools.cache
def load(version: str = MODEL_VERSION) -> dict:
    """The model's parameters, with the coefficients as a (terms x classes) array."""
    model = json.loads((MODEL_DIR / f"{version}.json").read_text(encoding="utf-8"))
    table = _table(version)
    model["vocabulary"] = {term: index for index, term in enumerate(table["term"].to_list())}
    model["idf"] = table["idf"].to_numpy()
    model["weights"] = np.ascontiguousarray(table.select(model["classes"]).to_numpy())
    model["intercept"] = np.asarray(model["intercept"], dtype=np.float64)
    model.setdefault("terms", "words+pairs")  # v1, v2 predate these keys
    model.setdefault("tf", "sublinear")
    model.setdefault("norm", "l2")
    return model


def write(model: dict, directory: Path = MODEL_DIR) -> tuple[Path, Path]:
    """Write a fitted model as `directory`/<version>.json and its term table (TABLE): `model` holds what
    bench/labels/train_genre_model.py fits, with `vocabulary` (term -> index), `idf` and `coef` (classes x terms)."""
    terms = sorted(model["vocabulary"], key=model["vocabulary"].get)
    coef = np.asarray(model["coef"], dtype=np.float64)
    table = pl.DataFrame({"term": terms, "idf": np.asarray(model["idf"], dtype=np.float64),
                          **{name: coef[row] for row, name in enumerate(model["classes"])}})
    meta = {key: value for key, value in model.items() if key not in TABLE_PARTS} | {"table": model["version"] + TABLE}
    json_path, table_path = directory / f"{model['version']}.json", directory / f"{model['version']}{TABLE}"
    directory.mkdir(parents=True, exist_ok=True)
    table.write_parquet(table_path, compression="zstd", compression_level=19, statistics=False)
    json_path.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for cached in (_table, load, _vocabulary_frame):
        cached.cache_clear()
    return json_path, table_path


def prepare() -> None:
    """Read the model now: `kcna build` does it while Prefect starts."""
    _vocabulary_frame()


def scores(documents: list[str], version: str = MODEL_VERSION) -> np.ndarray:
    """Decision scores (documents x classes), as scikit-learn's decision_function gives them."""
    model = load(version)
    vocabulary, idf, weights = model["vocabulary"], model["idf"], model["weights"]
    split = SPLITTERS[model["terms"]]
    out = np.tile(model["intercept"], (len(documents), 1))
    for row, text in enumerate(documents):
        counts: dict[int, int] = {}
        for term in split(text):
            index = vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            continue
        indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if model["tf"] == "sublinear":
            values = 1.0 + np.log(values)
        values *= idf[indices]
        if model["norm"] == "l2":
            values /= np.linalg.norm(values)
        out[row] += values @ weights[indices]
    return out


def predict(documents: list[str], version: str = MODEL_VERSION) -> list[str]:
    """The most likely article_type of each document."""
    classes = load(version)["classes"]
    return [classes[i] for i in scores(documents, version).argmax(axis=1)]


@functools.cache
def _vocabulary_frame(version: str = MODEL_VERSION) -> pl.DataFrame:
    """term, then one column per class: the term's idf-weighted coefficients (the frame scorer's table)."""
    model = load(version)
    if model["terms"] not in FRAME_TERMS or (model["tf"], model["norm"]) != ("raw", None):
        raise ValueError(f"{version}: the frame scorer reads term counts without normalising only")
    return _table(version).select("term", **{f"c{column}": pl.col("idf") * pl.col(name)
                                             for column, name in enumerate(model["classes"])})


def _pairs(found: pl.LazyFrame) -> pl.LazyFrame:
    """row, term: each two adjacent words of an article, from its exploded words (which keep their order, so a
    word's neighbour is the next row when it belongs to the same article)."""
    return (found.with_columns(next_row=pl.col("row").shift(-1), next_term=pl.col("term").shift(-1))
            .filter((pl.col("row") == pl.col("next_row")) & pl.col("next_term").is_not_null())
            .select("row", term=pl.concat_str(pl.col("term"), pl.lit(" "), pl.col("next_term"))))


def _words(text: pl.Expr) -> pl.Expr:
    return text.str.to_lowercase().str.extract_all(RUST_WORD).alias("term")


def _frame_terms(articles: pl.DataFrame, terms: str) -> pl.LazyFrame:
    """row, term: one row per occurrence of a term in each article's title and lead, as SPLITTERS[terms] splits
    them: words, and for words+pairs two adjacent words, and for words+pairs+title the title's own again."""
    title = pl.col("title").fill_null("").str.replace_all("\n", " ", literal=True)
    found = (articles.lazy()
             .select(_words(pl.concat_str(title, pl.lit("\n"), pl.col("body").fill_null("").str.slice(0, LEAD_CHARS))))
             .with_row_index("row").explode("term"))
    if terms == "words":
        return found
    parts = [found, _pairs(found)]
    if terms == "words+pairs+title":
        heading = articles.lazy().select(_words(title)).with_row_index("row").explode("term")
        parts += [frame.select("row", term=pl.lit(TITLE) + pl.col("term")) for frame in (heading, _pairs(heading))]
    return pl.concat(parts)


def frame_scores(articles: pl.DataFrame, version: str = MODEL_VERSION) -> np.ndarray:
    """scores() of every row of `articles` (columns title, body) at once: each term occurrence found in the
    vocabulary adds its idf-weighted coefficients to its row (a join and a sum in polars, in parallel)."""
    model = load(version)
    vocabulary = _vocabulary_frame(version)
    classes = vocabulary.columns[1:]
    sums = (_frame_terms(articles, model["terms"])
            .join(vocabulary.lazy(), on="term", how="inner")
            .group_by("row").agg(pl.col(classes).sum())
            .collect())
    out = np.tile(model["intercept"], (articles.height, 1))
    out[sums["row"].to_numpy()] += sums.select(classes).to_numpy()
    return out


def probabilities(decision: np.ndarray) -> np.ndarray:
    """The model's class probabilities from its decision scores (a multinomial logistic regression's: their softmax)."""
    exp = np.exp(decision - decision.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def class_probabilities(articles: pl.DataFrame, version: str = MODEL_VERSION) -> np.ndarray:
    """The probability of each class (load()["classes"] order) for each row of `articles` (columns title, body). Many
    rows are scored by the polars join (frame_scores), a few row by row (scores): the same figures either way."""
    if articles.is_empty():
        return np.zeros((0, len(load(version)["classes"])))
    return probabilities(frame_scores(articles, version) if articles.height > ROW_BY_ROW_MAX
                         else scores(documents(articles), version))


def predict_confident(articles: pl.DataFrame, version: str = MODEL_VERSION) -> tuple[pl.Series, pl.Series]:
    """(the most likely article_type of each row of `articles`, columns title and body; its probability)."""
    classes = pl.Series(load(version)["classes"], dtype=pl.String)
    chances = class_probabilities(articles, version)
    best = chances.argmax(axis=1)
    return classes.gather(best).alias("article_type"), pl.Series("probability", chances[np.arange(len(best)), best])


def predict_frame(articles: pl.DataFrame, version: str = MODEL_VERSION) -> pl.Series:
    """The most likely article_type of each row of `articles` (columns title, body)."""
    classes = pl.Series(load(version)["classes"], dtype=pl.String)
    if articles.is_empty():
        return pl.Series("article_type", [], dtype=pl.String)
    return classes.gather(frame_scores(articles, version).argmax(axis=1)).alias("article_type")

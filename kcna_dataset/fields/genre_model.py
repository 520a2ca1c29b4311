"""A learned baseline for article_type: a linear model over TF-IDF of title and lead (issue 19).

bench/labels/train_genre_model.py fits it with scikit-learn on the tuning half of the labels v2 and writes
its parameters as JSON (kcna_dataset/fields/models/genre_tfidf_v2.json: vocabulary, idf, coefficients).
Scoring needs only this module and numpy, so the pipeline does not depend on scikit-learn at run time.
The terms are lower-cased words and word pairs of the title and the lead (the first 400 characters).
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).parent / "models"
MODEL_VERSION = "genre_tfidf_v2"
LEAD_CHARS = 400
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def terms(text: str) -> list[str]:
    """Words and adjacent word pairs of a lower-cased text (the model's features)."""
    words = WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def document(title: str | None, body: str | None) -> str:
    """What the model reads of an article: its title and lead."""
    return f"{title or ''}\n{(body or '')[:LEAD_CHARS]}"


@functools.cache
def load(version: str = MODEL_VERSION) -> dict:
    """The model's parameters, with the coefficients as a (terms x classes) array."""
    model = json.loads((MODEL_DIR / f"{version}.json").read_text(encoding="utf-8"))
    model["weights"] = np.asarray(model["coef"], dtype=np.float64).T.copy()
    model["intercept"] = np.asarray(model["intercept"], dtype=np.float64)
    model["idf"] = np.asarray(model["idf"], dtype=np.float64)
    return model


def scores(documents: list[str], version: str = MODEL_VERSION) -> np.ndarray:
    """Decision scores (documents x classes), as scikit-learn's decision_function gives them."""
    model = load(version)
    vocabulary, idf, weights = model["vocabulary"], model["idf"], model["weights"]
    out = np.tile(model["intercept"], (len(documents), 1))
    for row, text in enumerate(documents):
        counts: dict[int, int] = {}
        for term in terms(text):
            index = vocabulary.get(term)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            continue
        indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = np.fromiter(((1.0 + math.log(c)) for c in counts.values()), dtype=np.float64, count=len(counts))
        values *= idf[indices]
        values /= np.linalg.norm(values)
        out[row] += values @ weights[indices]
    return out


def predict(documents: list[str], version: str = MODEL_VERSION) -> list[str]:
    """The most likely article_type of each document."""
    classes = load(version)["classes"]
    return [classes[i] for i in scores(documents, version).argmax(axis=1)]

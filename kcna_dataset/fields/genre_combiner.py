"""How article_type weighs the rules' answer against the learned model's, learned from the labels (issue 19).

Since genre_combiner_v1 a multinomial logistic regression decides each article that no rule keeps for itself (a
taxonomy row whose `decides` is 'rules': classes labelling guide v2 settled). It reads what the rules say (the type
of the first rule that matched, and whether that was the catch-all or a rule that leaves its articles to the model),
the model's probability of every class, and the article's shape: the length of its body and title, its line breaks,
quotation marks, sentences and years. A feature or a historical essay is long and full of years, a bulletin of news
short; the model reads only title and lead, so the shape tells it what they cannot. The shape also multiplies the
model's log-probabilities of `other`, `report` and `commentary`, the classes that title and lead confuse most.

bench/labels/train_combiner.py fits it on the tuning half, with the model's out-of-fold probabilities (never its
in-sample ones), and writes its parameters as JSON (kcna_dataset/fields/models/genre_combiner_v1.json). Scoring needs
numpy and polars only. It replaces the hand-set combination of genre_tfidf_v7 to v10 (the model at the catch-all, for
`overrides`, and above `confident`), which article_type.the_models keeps for bench/labels/held_out.py.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import polars as pl

from kcna_dataset.fields.genre_model import MODEL_DIR

COMBINER_VERSION = "genre_combiner_v1"
SERVES = {"genre_taxonomy_v18": "genre_taxonomy_v17"}
"""A taxonomy the combiner serves -> the one it was fitted under. v18 only widens one row and adds two, all rows that
keep their answer from the model (`decides` 'rules'): every article the combiner decides has the inputs it had under
v17. A refit would only drop the few tuning articles the new rows keep, and moved 144 corpus articles on that noise."""
_YEAR = r"\b1[89]\d\d\b|\b20[0-2]\d\b"


def shape_columns(title: pl.Expr, body: pl.Expr) -> dict[str, pl.Expr]:
    """The article's shape, each a count put on a log scale (log1p): what the combiner reads beside title and lead."""
    counts = {
        "body_chars": body.str.len_chars(),
        "lines": body.str.count_matches("\n", literal=True),
        "quotes": body.str.count_matches("[\"“”]"),
        "title_chars": title.str.len_chars(),
        "years": body.str.count_matches(_YEAR),
        "sentences": body.str.count_matches(r"\.\s"),
    }
    return {name: count.cast(pl.Float64).log1p() for name, count in counts.items()}


SHAPE = tuple(shape_columns(pl.col("title"), pl.col("body")))
SHAPED = ("other", "report", "commentary")  # the model classes whose log-probability the shape multiplies


def shape(articles: pl.DataFrame) -> np.ndarray:
    """shape_columns of each row of `articles` (columns title, body; a null is an empty text)."""
    return articles.select(**shape_columns(pl.col("title").fill_null(""), pl.col("body").fill_null(""))).to_numpy()


def features(probabilities: np.ndarray, classes: list[str], ruled: pl.Series, fell_back: pl.Series,
             shaped: np.ndarray) -> np.ndarray:
    """The combiner's inputs, one row per article: the model's log-probabilities (in its `classes` order), the rules'
    type one-hot over the same classes, whether the rules fell back to the model, the shape (shape()), and the shape
    times the log-probabilities of SHAPED."""
    logs = np.log(np.clip(probabilities, 1e-6, 1.0))
    codes = ruled.replace_strict(classes, list(range(len(classes))), default=len(classes), return_dtype=pl.Int64)
    one_hot = np.eye(len(classes) + 1)[codes.to_numpy(), :-1]  # a type the model lacks sets no column
    crossed = [shaped * logs[:, [classes.index(kind)]] for kind in SHAPED]
    return np.hstack([logs, one_hot, fell_back.cast(pl.Float64).to_numpy()[:, None], shaped, *crossed])


@functools.cache
def load(version: str = COMBINER_VERSION) -> dict:
    """The combiner's parameters, with its coefficients, centring and scale as arrays."""
    model = json.loads((MODEL_DIR / f"{version}.json").read_text(encoding="utf-8"))
    for key in ("coef", "intercept", "mean", "scale"):
        model[key] = np.asarray(model[key], dtype=np.float64)
    return model


def decide(inputs: np.ndarray, version: str = COMBINER_VERSION) -> pl.Series:
    """The combiner's article_type of each row of `inputs` (features())."""
    model = load(version)
    scores = ((inputs - model["mean"]) / model["scale"]) @ model["coef"].T + model["intercept"]
    return pl.Series("article_type", model["classes"], dtype=pl.String).gather(scores.argmax(axis=1))

"""Fit the combination of the article_type rules and the learned model (genre_combiner) on the tuning half.

    python bench/labels/train_combiner.py [CORPORA_DIR]

Run it after train_genre_model.py, and again whenever the genre taxonomy changes: the combiner learns how far to
trust each rule type's answer. Needs scikit-learn (`pip install -e '.[train]'`). For every tuning article of
TRAINED_ON (the model's own labels), the model's probabilities come from the model's recipe fitted on the other four
fifths (5 folds): an article's in-sample probabilities would teach the combiner to trust the model more than it
deserves. The rules' answers are the current taxonomy's. Articles a rule keeps for itself (`decides` 'rules') are
left out: the combiner never decides them. C is chosen by 5-fold cross-validation; the script prints, on the tuning
half, the cross-validated accuracy of the combiner beside the rules alone, the model alone (out of fold) and the hand
combination it replaces (article_type.the_models, with the model's `overrides` and `confident`), then writes
kcna_dataset/fields/models/genre_combiner_v1.json. The test half is never read here.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from kcna_dataset.fields import article_type, genre_combiner, genre_model  # noqa: E402

import train_genre_model  # noqa: E402

SEED = 20261220
C_GRID = (0.1, 0.3, 1.0)


def out_of_fold(documents: list[str], labels: list[str], c: float, classes: list[str]) -> np.ndarray:
    """Each document's class probabilities from the model's recipe fitted without its fold."""
    found = np.zeros((len(documents), len(classes)))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    for fit_rows, held_rows in folds.split(documents, train_genre_model.strata(labels)):
        model = train_genre_model.pipeline(c).fit([documents[i] for i in fit_rows], [labels[i] for i in fit_rows])
        chances = model.predict_proba([documents[i] for i in held_rows])
        for column, kind in enumerate(model.classes_):
            found[held_rows, classes.index(kind)] = chances[:, column]
    return found


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora"
    warnings.filterwarnings("ignore", message="The least populated class")
    model = genre_model.load()
    classes = model["classes"]
    texts, labels = train_genre_model.tuning_texts(corpora)
    truth = np.array(labels)
    chances = out_of_fold(genre_model.documents(texts), labels, model["C"], classes)
    first = article_type.rule_index(texts)
    ruled, fell_back, kept = (article_type.rule_types(first), article_type.reached_catch_all(first),
                              article_type.kept_from_the_model(first))
    inputs = genre_combiner.features(chances, classes, ruled, fell_back, genre_combiner.shape(texts))
    free = ~kept.to_numpy()
    scaler = StandardScaler().fit(inputs[free])
    scaled = scaler.transform(inputs)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    by = train_genre_model.strata(list(truth[free]))
    accuracy = {}
    for c in C_GRID:
        predicted = cross_val_predict(LogisticRegression(C=c, max_iter=5000), scaled[free], truth[free],
                                      cv=list(folds.split(scaled[free], by)))
        combined = np.array(ruled.to_list(), dtype=object)
        combined[free] = predicted
        accuracy[c] = float(np.mean(combined == truth))
        print(f"C={c:5.1f}  combiner, cross-validated: type accuracy {accuracy[c]:.4f} on the tuning half")
    best = max(accuracy, key=accuracy.get)
    combiner = LogisticRegression(C=best, max_iter=5000).fit(scaled[free], truth[free])
    modelled = np.array(classes)[chances.argmax(axis=1)]
    sure = pl.Series(chances.max(axis=1) > model["confident"])
    hand = article_type.the_models(ruled, fell_back, kept, model["overrides"], sure).to_numpy()
    print(f"rules alone {np.mean(np.array(ruled.to_list()) == truth):.4f}, model alone (out of fold) "
          f"{np.mean(modelled == truth):.4f}, hand combination {np.mean(np.where(hand, modelled, ruled) == truth):.4f}, "
          f"combiner C={best} {accuracy[best]:.4f} ({int(free.sum())} of {len(truth)} articles not kept by a rule)")
    out = {
        "version": genre_combiner.COMBINER_VERSION,
        "model": genre_model.MODEL_VERSION,
        "trained_on": f"{train_genre_model.TRAINED_ON.relative_to(ROOT)}, tuning half, articles no rule keeps",
        "taxonomy": f"genre_taxonomy_{article_type.rules.RULES['genre_taxonomy']}",
        "articles": int(free.sum()),
        "C": best,
        "cross_validated_accuracy": round(accuracy[best], 4),
        "features": [*(f"log p({kind})" for kind in classes), *(f"rules: {kind}" for kind in classes), "fell back",
                     *genre_combiner.SHAPE,
                     *(f"{name} x log p({kind})" for kind in genre_combiner.SHAPED for name in genre_combiner.SHAPE)],
        "classes": combiner.classes_.tolist(),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [[round(float(v), 5) for v in row] for row in combiner.coef_],
        "intercept": [round(float(v), 5) for v in combiner.intercept_],
    }
    path = genre_model.MODEL_DIR / f"{genre_combiner.COMBINER_VERSION}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    genre_combiner.load.cache_clear()
    shipped = genre_combiner.decide(inputs[free]).to_numpy()
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes); the numpy scorer agrees with scikit-learn "
          f"on {np.mean(shipped == combiner.predict(scaled[free])):.4f} of the articles it decides")


if __name__ == "__main__":
    main()

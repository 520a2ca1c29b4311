"""A new batch of labels as a held-out check of the round before's article_type, and where its overrides are decided.

    python bench/labels/held_out.py [--batch 4|...|23] [CORPORA_DIR]

Batch 4 of the labels (v5) was drawn and read after rules v6 and the model genre_tfidf_v3 were made, batch 5 (v6)
after rules v7 and genre_tfidf_v4, batch 6 (v7) after genre taxonomy v8, issuer v8 and genre_tfidf_v5, batch 7 (v8)
after genre taxonomy v9, issuer v9 and genre_tfidf_v6, batch 8 (v9) while genre taxonomy v10, issuer v10 and
genre_tfidf_v7 were made from v8, batch 9 (v10) while genre taxonomy v11, issuer v11 and genre_tfidf_v8 were made from
v9, batch 10 (v11) while genre taxonomy v12, issuer v12 and genre_tfidf_v9 were made from v10, batch 11 (v13, read
under guide v2) while the twelfth round's rules and genre_tfidf_v10 were made from v12; none was fitted on its
batch, so the batch scores that round's pipeline as the test half would, without reading it. It prints the pipeline,
the rules and the model alone, then, for each type a specific rule (not the catch-all) gives, how often the rules and
the model are right there: the model overrides the rules for a type where it is the more precise of the two
(docs/enrichment.md, sixth round); then the pipeline with the model also where it is sure, over thresholds of its
probability (since genre_tfidf_v7). Then candidate models of other recipes, fitted on the tuning articles before the
batch as the held-out model was, alone and in the same combination. The figures hold for the rules before the batch
was read (batch 4: rules v6 at commit 7a9591e; batch 5: rules v7 at 0677944; batch 6: 92d3f31; batch 7: 3668b22); once
the rules are changed by reading the batch, they are in-sample. The test half is never read here.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).parent))

import evaluate  # noqa: E402
import train_genre_model  # noqa: E402
from train_genre_model import ROOT, genre_model  # noqa: E402

from kcna_dataset.fields import article_type  # noqa: E402

# Batch N's model, genre_tfidf_v(N-1), was fitted on the tuning articles before the batch; the thirteenth and
# fourteenth rounds kept genre_tfidf_v10 (refits scored no better on batches 12, 14 and 15, docs/enrichment.md), so
# batches 12 to 16 check it again; batches 17 to 23 check genre_tfidf_v12 (labels v19) in the hand combination that
# genre_combiner_v1 replaced (evaluate.py batch17 scores the combiner).
HELD_OUT_MODELS = ({number: f"genre_tfidf_v{number - 1}" for number in range(4, 12)}
                   | dict.fromkeys((12, 13, 14, 15, 16), "genre_tfidf_v10") | dict.fromkeys((17, 18, 19, 20, 21, 22, 23), "genre_tfidf_v12"))
CONFIDENT_GRID = (0.5, 0.7, 0.8, 0.9, 0.95)  # the model's probability above which it replaces any rule (genre_tfidf_v7)
MIN_GIVEN = 5  # a type's precision is compared only where the rules give it this often in the batch


def combined(ruled: np.ndarray, fell_back: np.ndarray, model: np.ndarray, overrides) -> np.ndarray:
    """The rules where a specific rule gives a type not in `overrides`, the model elsewhere: the pipeline's rule before
    sure overrides and kept rules (article_type.the_models has those), for comparing other overrides and models."""
    return np.where(~np.isin(ruled, list(overrides)) & ~fell_back, ruled, model)


def candidates(c: float) -> dict:
    """Other recipes than the shipped one: word and character n-grams, with a linear SVM or the same regression."""
    def features():
        return make_union(
            TfidfVectorizer(analyzer=genre_model.words, sublinear_tf=True, min_df=2),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, lowercase=True))
    return {
        "words + characters, linear SVM": make_pipeline(features(), LinearSVC(C=0.5, class_weight="balanced")),
        "words + characters, logistic regression": make_pipeline(
            features(), LogisticRegression(C=10 * c, class_weight="balanced", max_iter=5000)),
    }


def main() -> None:
    warnings.filterwarnings("ignore", message="The least populated class")
    args = sys.argv[1:]
    number = int(args.pop(args.index("--batch") + 1)) if "--batch" in args else 4
    args = [arg for arg in args if arg != "--batch"]
    corpora = Path(args[0]) if args else ROOT.parent / "shared" / "corpora"
    held_out_model = HELD_OUT_MODELS[number]
    train_texts, train_labels, texts, labels = evaluate.batch_and_before(corpora, f"batch{number}")
    train_documents, batch_documents = genre_model.documents(train_texts), genre_model.documents(texts)
    truth = np.array(labels)
    ruled, fell_back, kept = (np.array(answers) for answers in evaluate.rules_answers(texts))
    shipped = genre_model.load(held_out_model)
    decision = genre_model.scores(batch_documents, held_out_model)  # one scoring: the answers and their probability
    model = np.array(shipped["classes"])[decision.argmax(axis=1)]
    probability = genre_model.probabilities(decision).max(axis=1)
    overrides = shipped["overrides"]
    score = lambda answers: float(np.mean(answers == truth))  # noqa: E731
    print(f"batch {number}: {len(labels)} articles, none read by the rules then or {shipped['version']} "
          f"(fitted on {shipped['articles']}); {fell_back.sum()} reached only the catch-all rule")
    confident = shipped.get("confident")

    def pipeline_with(threshold: float | None) -> np.ndarray:
        """The pipeline's answers (article_type.the_models), the model replacing any rule above `threshold`."""
        sure = None if threshold is None else pl.Series(probability > threshold)
        taken = article_type.the_models(pl.Series(ruled), pl.Series(fell_back), pl.Series(kept), overrides, sure)
        return np.where(taken.to_numpy(), model, ruled)

    ruled_first = pipeline_with(None)  # the pipeline before sure overrides
    pipeline = pipeline_with(confident)
    print(f"  pipeline (overrides {overrides}, the model also above {confident}) {score(pipeline):.4f}")
    print(f"  rules alone {score(ruled):.4f}; model alone {score(model):.4f}; "
          f"rules with the model only at the catch-all {score(combined(ruled, fell_back, model, [])):.4f}")
    print("where a specific rule gives the type: how often the rules and the model are right")
    better = []
    for kind in sorted(set(ruled[~fell_back])):
        given = (ruled == kind) & ~fell_back
        rules_right, model_right = np.mean(truth[given] == kind), np.mean(model[given] == truth[given])
        if given.sum() >= MIN_GIVEN and model_right > rules_right:
            better.append(str(kind))
        print(f"  {kind:16s} {given.sum():4d} articles: rules {rules_right:.3f}, model {model_right:.3f}")
    print(f"  the model is the more precise for {better} (types given {MIN_GIVEN} times or more); "
          f"with these as overrides, batch {number} (now in-sample for the choice): "
          f"{score(combined(ruled, fell_back, model, better)):.4f}")
    for threshold in CONFIDENT_GRID:
        answers = pipeline_with(threshold)
        print(f"  the model also where its probability > {threshold}: {score(answers):.4f} "
              f"({int((answers != ruled_first).sum())} articles changed)")
    for name, recipe in candidates(shipped["C"]).items():
        answers = recipe.fit(train_documents, train_labels).predict(batch_documents)
        print(f"  {name:42s} alone {score(answers):.4f}; with overrides {overrides} "
              f"{score(combined(ruled, fell_back, answers, overrides)):.4f}, with {better} "
              f"{score(combined(ruled, fell_back, answers, better)):.4f}")
    words_and_pairs = train_genre_model.pipeline(shipped["C"]).fit(train_documents, train_labels).predict(batch_documents)
    print(f"  {genre_model.MODEL_VERSION}'s recipe (words and pairs)      alone {score(words_and_pairs):.4f}; with "
          f"{better} {score(combined(ruled, fell_back, words_and_pairs, better)):.4f}")


if __name__ == "__main__":
    main()

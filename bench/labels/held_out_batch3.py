"""Batch 3 as a held-out check: rules, learned model and their combinations on tuning articles nobody had read.

    python bench/labels/held_out_batch3.py [CORPORA_DIR]

Batch 3 of the labels (v4, labelled 2026-12-06) was drawn after rules v5 and the learned model were made, so
until a rule is changed by reading it, it scores them as the test half would, without reading the test half.
The model here is refitted the way train_genre_model.py fits the shipped one, on the tuning articles of
labels v3 only (never batch 3), and the combinations are the candidates of combine_rules_model.py: the model
decides where the rules reached only their catch-all rule, if its probability reaches a threshold. The test
half is never read here.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).parent))

import evaluate  # noqa: E402
import train_genre_model  # noqa: E402
from train_genre_model import ROOT, genre_model  # noqa: E402


OVERRIDES = train_genre_model.OVERRIDES


def cross_validated_model(train_documents: list[str], train_labels: list[str], documents: list[str],
                          labels: list[str], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Each batch-3 article's answer and probability from the shipped model's recipe, fitted on the earlier
    tuning articles and the four other fifths of batch 3 (5 folds, stratified, seeded)."""
    answers, confidence = np.empty(len(labels), dtype=object), np.zeros(len(labels))
    by = train_genre_model.strata(labels)
    for train, held in StratifiedKFold(5, shuffle=True, random_state=seed).split(documents, by):
        pipeline = train_genre_model.pipeline(genre_model.load()["C"])
        pipeline.fit(train_documents + [documents[i] for i in train], train_labels + [labels[i] for i in train])
        probability = pipeline.predict_proba([documents[i] for i in held])
        answers[held] = pipeline.classes_[probability.argmax(axis=1)]
        confidence[held] = probability.max(axis=1)
    return answers, confidence


def main() -> None:
    warnings.filterwarnings("ignore", message="The least populated class")
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora"
    train_texts, train_labels, texts, labels = evaluate.batch_and_before(corpora, "batch3")
    train_documents, batch_documents = genre_model.documents(train_texts), genre_model.documents(texts)
    ruled, fell_back, _ = (np.array(answers) for answers in evaluate.rules_answers(texts))
    truth = np.array(labels)
    print(f"batch 3: {len(labels)} articles; rules {np.mean(ruled == truth):.4f}; {fell_back.sum()} reached only "
          f"the catch-all rule")
    seeds = (1, 2, 3)
    runs = [cross_validated_model(train_documents, train_labels, batch_documents, labels, seed) for seed in seeds]
    print(f"model ({genre_model.MODEL_VERSION}'s recipe), 5-fold on batch 3 with the {len(train_labels)} earlier "
          f"tuning articles, seeds {seeds}: {np.mean([np.mean(a == truth) for a, _ in runs]):.4f}")
    print("precision where the rules' specific rules (not the catch-all) give a type, rules against model (seed 1):")
    model = runs[0][0]
    for kind in sorted(set(ruled[~fell_back])):
        given = (ruled == kind) & ~fell_back
        print(f"  {kind:16s} {given.sum():4d} articles: rules {np.mean(truth[given] == kind):.3f}, "
              f"model {np.mean(model[given] == truth[given]):.3f}")
    combinations = {
        "model alone": lambda r, f, m: m,
        "the pipeline's: model at the catch-all and OVERRIDES": lambda r, f, m: np.where(~np.isin(r, OVERRIDES) & ~f, r, m),
        "model at the catch-all and 9 types": lambda r, f, m: np.where(
            np.isin(r, ["answer", "commentary", "message", "press_statement", "statement"]) & ~f, r, m),
        "rules, the model only at the catch-all": lambda r, f, m: np.where(f, m, r),
    }
    for name, combine in combinations.items():
        scores = [np.mean(combine(ruled, fell_back, answers) == truth) for answers, _ in runs]
        print(f"  {name:42s} {np.mean(scores):.4f}")


if __name__ == "__main__":
    main()

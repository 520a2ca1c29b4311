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
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

sys.path.insert(0, str(Path(__file__).parent))

import evaluate  # noqa: E402
import train_genre_model  # noqa: E402
from train_genre_model import ROOT, genre_model  # noqa: E402

from kcna_dataset.fields import article_type  # noqa: E402

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
HIDDEN = ("report", "other", "commentary")


def texts_of(corpora: Path, wanted: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """(title and body of each labelled article, its label), read from the corpora."""
    extract, parse, _, _, _ = evaluate._modules()
    files = [f for f in extract.discover(corpora) if f.path in set(wanted["source_path"])]
    records, _ = extract.extract_files(corpora, files)
    parsed, _ = parse.parse_records(records)
    joined = wanted.join(parsed.select("source_path", "record_index", "title", "body"),
                         on=["source_path", "record_index"])
    return joined.select("title", "body"), joined["article_type"].to_list()


def rules_answers(texts: pl.DataFrame) -> tuple[list[str], list[bool]]:
    """The rules' article_type of each text, and whether only the catch-all rule matched it."""
    rules = article_type.taxonomy().select("where", "pattern").rows()
    names = [*article_type.taxonomy()["article_type"], article_type.FALLBACK]
    first = article_type._first_rule(texts.select(**article_type.head_texts(pl.col("title"), pl.col("body"))), rules)
    return [names[i] for i in first], [i == len(rules) - 1 for i in first]


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora"
    batch3 = evaluate.labels("batch3")
    earlier = evaluate.labels("tuning").join(batch3.select("article_id"), on="article_id", how="anti")
    train_texts, train_labels = texts_of(corpora, earlier)
    texts, labels = texts_of(corpora, batch3)
    documents = lambda frame: [genre_model.document(t, b) for t, b in zip(frame["title"], frame["body"])]  # noqa: E731
    pipeline = make_pipeline(train_genre_model.vectorizer(),
                             LogisticRegression(C=genre_model.load()["C"], class_weight="balanced", max_iter=5000))
    pipeline.fit(documents(train_texts), train_labels)
    probability = pipeline.predict_proba(documents(texts))
    classes = pipeline.classes_
    model = [classes[i] for i in probability.argmax(axis=1)]
    confidence = probability.max(axis=1)
    ruled, fell_back = rules_answers(texts)
    accuracy = lambda answers: float(np.mean([a == b for a, b in zip(answers, labels)]))  # noqa: E731
    print(f"batch 3: {len(labels)} articles; model fitted on {len(train_labels)} earlier tuning articles")
    print(f"  rules {accuracy(ruled):.4f}; model {accuracy(model):.4f}; "
          f"{sum(fell_back)} reached only the catch-all rule, where the rules score "
          f"{np.mean([r == y for r, y, f in zip(ruled, labels, fell_back) if f]):.3f} "
          f"and the model {np.mean([m == y for m, y, f in zip(model, labels, fell_back) if f]):.3f}")
    for label, allowed in (("hidden classes", HIDDEN), ("any class", tuple(classes))):
        scores = []
        for threshold in THRESHOLDS:
            combined = [m if f and c >= threshold and m in allowed else r
                        for r, m, f, c in zip(ruled, model, fell_back, confidence)]
            scores.append(f"{threshold:.1f}: {accuracy(combined):.4f}")
        print(f"  rules + model at the catch-all ({label}), by threshold: " + ", ".join(scores))


if __name__ == "__main__":
    main()

"""Labels v4 to v11, v13 to v15 and v17 to v27: batches 3 to 24 of the sample (tuning half only, but batch 24: test half
only), each read twice, blind, and adjudicated where the readings differ.

    python bench/labels/sample.py BATCH.jsonl --batch 4                           # the articles, title and lead (scratch)
    python bench/labels/two_readings.py [--batch 4] compare A.csv B.csv OUT_DIR   # agreement; the disputes
    python bench/labels/two_readings.py [--batch 4] merge A.csv B.csv ADJUDICATION.csv

Two readers, each blind to the other and to the rules, read every article of a batch from its title and lead
by docs/labelling.md v1. Where they differ on a field, an adjudicator who sees the guide, the text and both
readings (as A and B, unnamed, in a seeded random order) decides, as for labels v3 (second_reading.py).
`merge` writes the next labels file: the rows of the one before unchanged, then the batch's (batch 3: v3 -> v4;
batch 4: v4 -> v5; batch 5: v5 -> v6; batch 6: v6 -> v7; batch 7: v7 -> v8; batch 8: v8 -> v9; batch 9: v9 -> v10;
batch 10: v10 -> v11). Every article of these batches is in the tuning half, so the test half stays the 457
articles of v3. Batch 11 (labels v12 -> v13) was read under guide v2, after labels v12 had read the first sample
again under it (bench/labels/reread_v2.py); batches 12 (v13 -> v14) to 23 (v25 -> v26) too. Batch 24 (v26 -> v27)
is drawn from the test half instead: it widens the half that is only scored, and its rows are read by readers only.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))

from sample import BATCHES as DRAWS, LABELS_OF, drawn_batch, half_of  # noqa: E402
from second_reading import (  # noqa: E402
    FIELDS, ROOT, both_readings, dispute, disputed, read_labels, reading_commands, settled, write_disputes, write_labels)
from split import split_of  # noqa: E402

from kcna_dataset.fields.scoring import lead  # noqa: E402

LABELS = ROOT / "tests" / "labels"
SEED = 20261207
READ_BY = ("two LLM readers (Claude), each blind to the other and to the rules, reading title and lead by "
           "docs/labelling.md v1")
HEADER_V4 = [
    "# Labels v4: the 941 articles of labels v3 (enrichment_eval_v3.csv, rows unchanged), then 760 articles of",
    "# batch 3 (bench/labels/sample.py --batch 3: seed 20261206, tuning half only, labelled 2026-12-06). Each batch-3",
    "# article was read twice, blind, from title and lead (docs/labelling.md v1); where the readings differ on any",
    "# field, an adjudicator who saw the guide, the text and both readings (unnamed, in random order), never the",
    "# rules, decided (agreement = adjudicated). The test half is the 457 articles of v3. bench/labels/two_readings.py",
    "# made it; no text is stored here.",
]
HEADER_V5 = [
    "# Labels v5: the 1701 articles of labels v4 (enrichment_eval_v4.csv, rows unchanged), then {n} articles of",
    "# batch 4 (bench/labels/sample.py --batch 4: seed 20261207, tuning half only, labelled 2026-12-06 like batch 3;",
    "# labelled_by names the batch). Each batch-4 article was read twice, blind, from title and lead",
    "# (docs/labelling.md v1); where the readings differ on any field, an adjudicator who saw the guide, the text and",
    "# both readings (unnamed, in random order), never the rules, decided (agreement = adjudicated). The test half is",
    "# the 457 articles of v3. bench/labels/two_readings.py --batch 4 made it; no text is stored here.",
]
HEADER_V6 = [
    "# Labels v6: the 2594 articles of labels v5 (enrichment_eval_v5.csv, rows unchanged), then {n} articles of",
    "# batch 5 (bench/labels/sample.py --batch 5: seed 20261208, tuning half only, labelled 2026-12-06 like batches 3",
    "# and 4; labelled_by names the batch), read twice and adjudicated as batch 4 was. It was drawn and read after the",
    "# sixth round's rules (v7) and model (genre_tfidf_v4), so its first score is a held-out check of them. The test",
    "# half is the 457 articles of v3. bench/labels/two_readings.py --batch 5 made it; no text is stored here.",
]
HEADER_V7 = [
    "# Labels v7: the 3403 articles of labels v6 (enrichment_eval_v6.csv, rows unchanged), then {n} articles of",
    "# batch 6 (bench/labels/sample.py --batch 6: seed 20261209, tuning half only, labelled 2026-12-06 like batches 3",
    "# to 5; labelled_by names the batch), read twice and adjudicated as batch 4 was. It was drawn and read after the",
    "# seventh round's rules (genre taxonomy v8, issuer v8) and model (genre_tfidf_v5), so its first score is a",
    "# held-out check of them. The test half is the 457 articles of v3. bench/labels/two_readings.py --batch 6 made it.",
]
HEADER_V8 = [
    "# Labels v8: the 3704 articles of labels v7 (enrichment_eval_v7.csv, rows unchanged), then {n} articles of",
    "# batch 7 (bench/labels/sample.py --batch 7: seed 20261210, tuning half only, labelled 2026-12-06 like batches 3",
    "# to 6; labelled_by names the batch), read twice and adjudicated as batch 4 was. It was drawn and read after the",
    "# eighth round's rules (genre taxonomy v9, issuer v9) and model (genre_tfidf_v6), so its first score is a",
    "# held-out check of them. The test half is the 457 articles of v3. bench/labels/two_readings.py --batch 7 made it.",
]
HEADER_V9 = [
    "# Labels v9: the 4182 articles of labels v8 (enrichment_eval_v8.csv, rows unchanged), then {n} articles of",
    "# batch 8 (bench/labels/sample.py --batch 8: seed 20261211, tuning half only, labelled 2026-12-06 like batches 3",
    "# to 7; labelled_by names the batch), read twice and adjudicated as batch 4 was. It was drawn and read while the",
    "# ninth round's rules were written from the tuning half of labels v8, never from it, so its first score is a",
    "# held-out check of them. The test half is the 457 articles of v3. bench/labels/two_readings.py --batch 8 made it.",
]
HEADER_V10 = [
    "# Labels v10: the 4665 articles of labels v9 (enrichment_eval_v9.csv, rows unchanged), then {n} articles of",
    "# batch 9 (bench/labels/sample.py --batch 9: seed 20261212, tuning half only, labelled 2026-12-06 like batches 3",
    "# to 8; labelled_by names the batch), read twice and adjudicated as batch 4 was. It was drawn and read while the",
    "# tenth round's rules and model were made from labels v9, never from it, so its first score is a held-out check",
    "# of them. The test half is the 457 articles of v3. bench/labels/two_readings.py --batch 9 made it.",
]
HEADER_V11 = [
    "# Labels v11: the 5123 articles of labels v10 (enrichment_eval_v10.csv, rows unchanged), then {n} articles of",
    "# batch 10 (bench/labels/sample.py --batch 10: seed 20261213, tuning half only, labelled 2026-12-06 like batches",
    "# 3 to 9; labelled_by names the batch), read twice and adjudicated as batch 4 was. It was drawn and read while the",
    "# eleventh round's rules and model were made from labels v10, never from it, so its first score is a held-out",
    "# check of them. The test half is the 457 articles of v3. bench/labels/two_readings.py --batch 10 made it.",
]
HEADER_V13 = [
    "# Labels v13: the 6029 articles of labels v12 (enrichment_eval_v12.csv, rows unchanged), then {n} articles of",
    "# batch 11 (bench/labels/sample.py --batch 11: seed 20261214, tuning half only, labelled 2026-12-06 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 4 was. It was drawn and read while the twelfth",
    "# round's rules and model were made from labels v12, never from it, so its first score is a held-out check of",
    "# them. The test half is the 457 articles of v3, read again under guide v2 in v12. bench/labels/two_readings.py",
    "# --batch 11 made it.",
]
HEADER_V14 = [
    "# Labels v14: the 6463 articles of labels v13 (enrichment_eval_v13.csv, rows unchanged), then {n} articles of",
    "# batch 12 (bench/labels/sample.py --batch 12: seed 20261215, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# thirteenth round's rules and model were made from labels v13, never from it, so its first score is a held-out",
    "# check of them. The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 12 made it.",
]
HEADER_V15 = [
    "# Labels v15: the 6876 articles of labels v14 (enrichment_eval_v14.csv, rows unchanged), then {n} articles of",
    "# batch 13 (bench/labels/sample.py --batch 13: seed 20261216, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# second pass of the thirteenth round's rules was made from labels v14, never from it, so its first score is a",
    "# held-out check of that pass. The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 13 made it.",
]
HEADER_V17 = [
    "# Labels v17: the 7300 articles of labels v16 (enrichment_eval_v16.csv, rows unchanged), then {n} articles of",
    "# batch 14 (bench/labels/sample.py --batch 14: seed 20261217, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# fourteenth round's rules and model were made from labels v16, never from it, so its first score is a held-out",
    "# check of that round. The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 14 made it.",
]
HEADER_V18 = [
    "# Labels v18: the 7740 articles of labels v17 (enrichment_eval_v17.csv, rows unchanged), then {n} articles of",
    "# batch 15 (bench/labels/sample.py --batch 15: seed 20261218, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read beside batch 14,",
    "# while the fourteenth round's rules and model were made, never from it: a second held-out check of that round.",
    "# The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 15 made it.",
]
HEADER_V19 = [
    "# Labels v19: the 8160 articles of labels v18 (enrichment_eval_v18.csv, rows unchanged), then {n} articles of",
    "# batch 16 (bench/labels/sample.py --batch 16: seed 20261219, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# second pass of the fourteenth round's rules was made from labels v18, never from it, so its first score is a",
    "# held-out check of that pass. The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 16 made it.",
]
HEADER_V20 = [
    "# Labels v20: the 8558 articles of labels v19 (enrichment_eval_v19.csv, rows unchanged), then {n} articles of",
    "# batch 17 (bench/labels/sample.py --batch 17: seed 20261220, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# fifteenth round's issuer rules and article_type experiments were made from labels v19, never from it, so its",
    "# first score is a held-out check of that round. The test half is the 457 articles of v3, read again under guide",
    "# v2 in v12. bench/labels/two_readings.py --batch 17 made it.",
]
HEADER_V21 = [
    "# Labels v21: the 8977 articles of labels v20 (enrichment_eval_v20.csv, rows unchanged), then {n} articles of",
    "# batch 18 (bench/labels/sample.py --batch 18: seed 20261221, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn after the fifteenth",
    "# round had chosen its combiner of rules and model on batch 17, and read while nothing more was made, so its first",
    "# score is a second held-out check of that round. The test half is the 457 articles of v3, read again under guide",
    "# v2 in v12. bench/labels/two_readings.py --batch 18 made it.",
]
HEADER_V22 = [
    "# Labels v22: the 9357 articles of labels v21 (enrichment_eval_v21.csv, rows unchanged), then {n} articles of",
    "# batch 19 (bench/labels/sample.py --batch 19: seed 20261222, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# sixteenth round's changes were made from labels v21, never from it, so its first score is a held-out check of",
    "# that round. The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 19 made it.",
]
HEADER_V23 = [
    "# Labels v23: the 9743 articles of labels v22 (enrichment_eval_v22.csv, rows unchanged), then {n} articles of",
    "# batch 20 (bench/labels/sample.py --batch 20: seed 20261223, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# sixteenth round's second pass was made from labels v22, never from it, so its first score is a held-out check of",
    "# that pass. The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 20 made it.",
]
HEADER_V24 = [
    "# Labels v24: the 10134 articles of labels v23 (enrichment_eval_v23.csv, rows unchanged), then {n} articles of",
    "# batch 21 (bench/labels/sample.py --batch 21: seed 20261224, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# seventeenth round was made from labels v23, never from it, so its first score is a held-out check of that round.",
    "# The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 21 made it.",
]
HEADER_V25 = [
    "# Labels v25: the 10519 articles of labels v24 (enrichment_eval_v24.csv, rows unchanged), then {n} articles of",
    "# batch 22 (bench/labels/sample.py --batch 22: seed 20261225, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# eighteenth round was made from labels v24, never from it, so its first score is a held-out check of that round.",
    "# The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 22 made it.",
]
HEADER_V26 = [
    "# Labels v26: the 10885 articles of labels v25 (enrichment_eval_v25.csv, rows unchanged), then {n} articles of",
    "# batch 23 (bench/labels/sample.py --batch 23: seed 20261226, tuning half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. It was drawn and read while the",
    "# eighteenth round's second pass was made from labels v25, never from it, so its first score is a held-out check",
    "# of that pass. The test half is the 457 articles of v3, read again under guide v2 in v12.",
    "# bench/labels/two_readings.py --batch 23 made it.",
]
HEADER_V27 = [
    "# Labels v27: the 11263 articles of labels v26 (enrichment_eval_v26.csv, rows unchanged), then {n} articles of",
    "# batch 24 (bench/labels/sample.py --batch 24: seed 20261227, TEST half only, labelled 2026-12-07 under guide v2;",
    "# labelled_by names the batch), read twice and adjudicated as batch 11 was. Drawn as the first sample was",
    "# (stratified by source, year, language and rough genre) from the articles bench/labels/split.py puts in the test",
    "# half, it widens the test half from the first sample's 457 articles: nobody who changes rules reads these rows,",
    "# which are only scored. bench/labels/two_readings.py --batch 24 made it.",
]
HEADERS = {3: HEADER_V4, 4: HEADER_V5, 5: HEADER_V6, 6: HEADER_V7, 7: HEADER_V8, 8: HEADER_V9, 9: HEADER_V10,
           10: HEADER_V11, 11: HEADER_V13, 12: HEADER_V14, 13: HEADER_V15, 14: HEADER_V17, 15: HEADER_V18,
           16: HEADER_V19, 17: HEADER_V20, 18: HEADER_V21, 19: HEADER_V22,
           20: HEADER_V23, 21: HEADER_V24, 22: HEADER_V25, 23: HEADER_V26, 24: HEADER_V27}  # batch -> the header of the labels file that adds it


def version_before(written: str) -> str:
    """The labels file one version before `written`: what a batch's file extends, rows unchanged (v13 extends v12,
    which read the first sample again; v17 extends v16, which read v1 rows again: not always LABELS_OF[batch - 1])."""
    version = int(written.removeprefix("enrichment_eval_v").removesuffix(".csv"))
    return f"enrichment_eval_v{version - 1}.csv"


BATCHES = {  # batch -> (the labels it extends, the labels it writes (sample.LABELS_OF), their header, what labelled_by adds)
    number: (version_before(LABELS_OF[number]), LABELS_OF[number], header, "" if number == 3 else f" (batch {number})")
    for number, header in HEADERS.items()
}
GUIDE_V2_FROM = 11  # batches read under docs/labelling.md v2


def earlier(number: int) -> pl.DataFrame:
    """The labels a batch extends, every field a string, as they are in the file."""
    return pl.read_csv(LABELS / BATCHES[number][0], comment_prefix="#", infer_schema_length=0)


def batch(corpora: Path, number: int) -> pl.DataFrame:
    """article_id, source_path, record_index, title and lead of a batch, as the readers saw them."""
    drawn = drawn_batch(corpora, number)
    return drawn.select("article_id", "source_path", "record_index", "title",
                        lead=pl.col("body").map_elements(lead, return_dtype=pl.String))


def compare(a_path: Path, b_path: Path, out: Path, corpora: Path, number: int) -> None:
    articles = batch(corpora, number)
    a, b = both_readings(a_path, b_path, articles["article_id"].to_list())
    rng = random.Random(SEED)
    agree, disputes = dict.fromkeys(FIELDS, 0), []
    for row in articles.iter_rows(named=True):
        one, two = a[row["article_id"]], b[row["article_id"]]
        differ = disputed(one, two)
        for field in FIELDS:
            agree[field] += field not in differ
        if differ:
            disputes.append(dispute(row, differ, one, two, rng))
    print(f"{articles.height} articles read twice; agreement of the two readings:")
    for field in FIELDS:
        print(f"  {field:16s} {agree[field] / articles.height:.3f}")
    write_disputes(out, disputes)


def merge(a_path: Path, b_path: Path, adjudicated_path: Path, corpora: Path, number: int) -> None:
    before = earlier(number)
    _, written, header, named = BATCHES[number]
    articles = batch(corpora, number)
    a, b = both_readings(a_path, b_path, articles["article_id"].to_list())
    decided = read_labels(adjudicated_path)
    guide = "v2" if number >= GUIDE_V2_FROM else "v1"
    half = half_of(number)
    rows = []
    for row in articles.iter_rows(named=True):
        article_id = row["article_id"]
        if split_of(article_id) != half:
            raise SystemExit(f"{article_id} is not in the {half} half: batch {number} holds {half} articles only")
        final, differ = settled(article_id, a[article_id], b[article_id], decided)
        rows.append({"article_id": article_id, "source_path": row["source_path"],
                     "record_index": str(row["record_index"]), "split": half, **final, "guide_version": guide,
                     "labelled_on": DRAWS[number][2],
                     "labelled_by": READ_BY.replace("v1", guide) + named + ("; the readings differed and an adjudicator who saw guide, text and "
                                               "both readings unnamed decided" if differ else ""),
                     "agreement": "adjudicated" if differ else "agreed"})
    added = pl.DataFrame(rows, schema={c: pl.String for c in before.columns})
    frame = pl.concat([before, added]).with_columns(pl.col("record_index").cast(pl.Int32))
    if frame["article_id"].is_duplicated().any():
        raise SystemExit(f"an article of batch {number} is already labelled")
    write_labels(LABELS / written, [line.format(n=added.height) for line in header], frame)
    counts = added["agreement"].value_counts(sort=True)
    print(f"{frame.height} labels -> tests/labels/{written}; batch {number}: {dict(counts.iter_rows())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--batch", type=int, choices=sorted(BATCHES), default=4)
    commands = parser.add_subparsers(dest="command", required=True)
    reading_commands(commands, "write the next labels file (v4 to v11 for batches 3 to 10, v13 to v15 for 11 to 13, v17 to v19 for 14 to 16)")
    args = parser.parse_args()
    if args.command == "compare":
        compare(args.a, args.b, args.out, args.corpora, args.batch)
    else:
        merge(args.a, args.b, args.adjudicated, args.corpora, args.batch)


if __name__ == "__main__":
    main()

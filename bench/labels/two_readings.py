"""Labels v4: batch 3 of the sample (tuning half only), read twice, blind, and adjudicated where the readings differ.

    python bench/labels/sample.py BATCH3.jsonl --batch 3               # the articles, title and lead (scratch file)
    python bench/labels/two_readings.py compare A.csv B.csv OUT_DIR    # agreement; the disputes to adjudicate
    python bench/labels/two_readings.py merge A.csv B.csv ADJUDICATION.csv

Two readers, each blind to the other and to the rules, read every article of batch 3 from its title and lead
by docs/labelling.md v1. Where they differ on a field, an adjudicator who sees the guide, the text and both
readings (as A and B, unnamed, in a seeded random order) decides, as for labels v3 (second_reading.py).
`merge` writes tests/labels/enrichment_eval_v4.csv: the rows of labels v3 unchanged, then batch 3's. Every
batch-3 article is in the tuning half, so the test half is the same 457 articles as in v3.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))

from sample import drawn_batch  # noqa: E402
from second_reading import (  # noqa: E402
    ADJUDICATED as V3, FIELDS, ROOT, dispute, disputed, normal, read_labels, write_disputes, write_labels)
from split import split_of  # noqa: E402

from kcna_dataset.fields.scoring import lead  # noqa: E402

BATCH = 3
V4 = ROOT / "tests" / "labels" / "enrichment_eval_v4.csv"
SEED = 20261207
READ_BY = ("two LLM readers (Claude), each blind to the other and to the rules, reading title and lead by "
           "docs/labelling.md v1")
HEADER = [
    "# Labels v4: the 941 articles of labels v3 (enrichment_eval_v3.csv, rows unchanged), then 760 articles of",
    "# batch 3 (bench/labels/sample.py --batch 3: seed 20261206, tuning half only, labelled 2026-12-06). Each batch-3",
    "# article was read twice, blind, from title and lead (docs/labelling.md v1); where the readings differ on any",
    "# field, an adjudicator who saw the guide, the text and both readings (unnamed, in random order), never the",
    "# rules, decided (agreement = adjudicated). The test half is the 457 articles of v3. bench/labels/two_readings.py",
    "# made it; no text is stored here.",
]


def v3() -> pl.DataFrame:
    return pl.read_csv(V3, comment_prefix="#", schema_overrides={"record_index": pl.Int32}, infer_schema_length=0)


def batch(corpora: Path) -> pl.DataFrame:
    """article_id, source_path, record_index, title and lead of batch 3, as the readers saw them."""
    drawn = drawn_batch(corpora, BATCH)
    return drawn.select("article_id", "source_path", "record_index", "title",
                        lead=pl.col("body").map_elements(lead, return_dtype=pl.String))


def _both(a_path: Path, b_path: Path, ids: list[str]) -> tuple[dict, dict]:
    a, b = read_labels(a_path), read_labels(b_path)
    for name, reading in (("A", a), ("B", b)):
        missing = sorted(set(ids) - set(reading))
        if missing:
            raise SystemExit(f"reading {name} lacks {len(missing)} articles, e.g. {missing[:3]}")
    return a, b


def compare(a_path: Path, b_path: Path, out: Path, corpora: Path) -> None:
    articles = batch(corpora)
    a, b = _both(a_path, b_path, articles["article_id"].to_list())
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


def merge(a_path: Path, b_path: Path, adjudicated_path: Path, corpora: Path) -> None:
    earlier = v3()
    articles = batch(corpora)
    a, b = _both(a_path, b_path, articles["article_id"].to_list())
    decided = read_labels(adjudicated_path)
    rows = []
    for row in articles.iter_rows(named=True):
        article_id = row["article_id"]
        if split_of(article_id) != "tuning":
            raise SystemExit(f"{article_id} is in the test half: batch 3 holds tuning articles only")
        differ = disputed(a[article_id], b[article_id])
        if differ and article_id not in decided:
            raise SystemExit(f"{article_id}: the readings differ on {differ} and no adjudication was given")
        final = {f: (decided[article_id][f] if differ else a[article_id][f]) or None for f in FIELDS}
        if final["countries"]:
            final["countries"] = normal("countries", final["countries"])
        rows.append({"article_id": article_id, "source_path": row["source_path"],
                     "record_index": str(row["record_index"]), "split": "tuning", **final, "guide_version": "v1",
                     "labelled_on": "2026-12-06",
                     "labelled_by": READ_BY + ("; the readings differed and an adjudicator who saw guide, text and "
                                               "both readings unnamed decided" if differ else ""),
                     "agreement": "adjudicated" if differ else "agreed"})
    added = pl.DataFrame(rows, schema={c: pl.String for c in earlier.columns}).with_columns(
        pl.col("record_index").cast(pl.Int32))
    frame = pl.concat([earlier, added])
    if frame["article_id"].is_duplicated().any():
        raise SystemExit("an article of batch 3 is already labelled")
    write_labels(V4, HEADER, frame)
    counts = added["agreement"].value_counts(sort=True)
    print(f"{frame.height} labels -> {V4.relative_to(ROOT)}; batch 3: {dict(counts.iter_rows())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    commands = parser.add_subparsers(dest="command", required=True)
    comparing = commands.add_parser("compare", help="agreement of the two readings; the differences to adjudicate")
    merging = commands.add_parser("merge", help="write tests/labels/enrichment_eval_v4.csv")
    for command in (comparing, merging):
        command.add_argument("a", type=Path)
        command.add_argument("b", type=Path)
    comparing.add_argument("out", type=Path)
    merging.add_argument("adjudicated", type=Path)
    args = parser.parse_args()
    if args.command == "compare":
        compare(args.a, args.b, args.out, args.corpora)
    else:
        merge(args.a, args.b, args.adjudicated, args.corpora)


if __name__ == "__main__":
    main()

"""Labels v12: the first sample (the 941 articles of labels v3, both halves) read again under docs/labelling.md v2.

    python bench/labels/reread_v2.py export OUT_DIR [--parts 6]       # title + lead, shuffled, in parts (scratch)
    python bench/labels/reread_v2.py compare A.csv B.csv OUT_DIR      # agreement; the disputes to adjudicate
    python bench/labels/reread_v2.py merge A.csv B.csv ADJUDICATION.csv [--on 2026-12-06]
    python bench/labels/reread_v2.py changes                          # v2 labels against v1, per field and half

The first sample's first reading was made while the guide was young, partly by the engineer who later wrote
rules, and its readers agree less (type 0.954) than those of batches 3 to 10 (about 0.98). Two new readers,
blind to each other, to the rules and to the v1 labels, read every article of it from title and lead under
guide v2, the test half and the tuning half mixed in one shuffled order so that no reader knows which half an
article is in; an adjudicator decides where they differ, as for batches 3 to 10. `merge` writes
enrichment_eval_v12.csv: labels v11 with these 941 rows replaced in place, same ids and split. `changes` prints how
far the v2 labels moved from the v1 ones, as aggregate figures only (the test half's rows are not shown).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))

from second_reading import (  # noqa: E402
    FIELDS, ROOT, both_readings, dispute, disputed, normal, read_labels, reading_commands, settled, texts,
    write_disputes, write_labels, write_parts)

LABELS = ROOT / "tests" / "labels"
BEFORE, WRITTEN = LABELS / "enrichment_eval_v11.csv", LABELS / "enrichment_eval_v12.csv"
SAMPLE = LABELS / "enrichment_eval_v3.csv"  # the first sample: whose rows are read again
SEED = 20261214
READ_BY = ("two new LLM readers (Claude), each blind to the other, to the rules and to the v1 labels, reading title "
           "and lead by docs/labelling.md v2, test and tuning articles mixed in one shuffled order")
HEADER = [
    "# Labels v12: labels v11 (enrichment_eval_v11.csv) with the 941 articles of the first sample (labels v3: 457 of",
    "# the test half, 484 of the tuning half; same ids, same split) read again under docs/labelling.md v2 on {on}:",
    "# twice, blind, by new readers who saw neither the rules nor the v1 labels, the two halves mixed in one shuffled",
    "# order; where the readings differ an adjudicator who saw the guide, the text and both readings (unnamed, in",
    "# random order) decided. Batches 3 to 10 keep their v1 labels. bench/labels/reread_v2.py made it.",
]


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, comment_prefix="#", infer_schema_length=0)


def sample() -> pl.DataFrame:
    """The first sample's rows as labels v11 holds them (every field a string)."""
    ids = _read(SAMPLE).select("article_id")
    return _read(BEFORE).join(ids, on="article_id", how="semi")


def export(out: Path, parts: int, corpora: Path) -> None:
    rows = texts(corpora, sample()).unique("article_id").sort("article_id").to_dicts()
    write_parts(rows, out, parts, SEED, name="part{}.jsonl")
    print(f"{len(rows)} articles in {parts} parts -> {out}")


def _agreement(pairs: list[tuple[str, dict, dict]]) -> None:
    """Per field, the share of articles two sets of labels agree on, over all and per half."""
    halves = sorted({half for half, _, _ in pairs})
    for field in FIELDS:
        same = {h: [normal(field, one.get(field)) == normal(field, two.get(field))
                    for half, one, two in pairs if half == h] for h in halves}
        every = [s for h in halves for s in same[h]]
        by_half = ", ".join(f"{h} {sum(same[h]) / len(same[h]):.3f}" for h in halves)
        print(f"  {field:16s} {sum(every) / len(every):.3f}  ({by_half})")


def compare(a_path: Path, b_path: Path, out: Path, corpora: Path) -> None:
    rows = sample()
    a, b = both_readings(a_path, b_path, rows["article_id"].to_list())
    text = {row["article_id"]: row for row in texts(corpora, rows).to_dicts()}
    rng = random.Random(SEED)
    disputes = [dispute(text[i], differ, a[i], b[i], rng) for i in sorted(text)
                if (differ := disputed(a[i], b[i]))]
    print(f"{rows.height} articles read twice under guide v2; agreement of the two readings:")
    _agreement([(half, a[i], b[i]) for i, half in rows.select("article_id", "split").iter_rows()])
    write_disputes(out, disputes)


def merge(a_path: Path, b_path: Path, adjudicated_path: Path, on: str) -> None:
    before = _read(BEFORE)
    reread = set(sample()["article_id"])
    a, b = both_readings(a_path, b_path, sorted(reread))
    decided = read_labels(adjudicated_path)
    rows = []
    for row in before.to_dicts():
        article_id = row["article_id"]
        if article_id not in reread:
            rows.append(row)
            continue
        final, differ = settled(article_id, a[article_id], b[article_id], decided)
        rows.append({**row, **final, "guide_version": "v2", "labelled_on": on,
                     "labelled_by": READ_BY + ("; the readings differed and an adjudicator who saw guide, text and "
                                               "both readings unnamed decided" if differ else ""),
                     "agreement": "adjudicated" if differ else "agreed"})
    frame = pl.DataFrame(rows, schema={c: pl.String for c in before.columns})
    write_labels(WRITTEN, [line.format(on=on) for line in HEADER],
                 frame.with_columns(pl.col("record_index").cast(pl.Int32)))
    counts = frame.filter(pl.col("guide_version") == "v2")["agreement"].value_counts(sort=True)
    print(f"{frame.height} labels -> {WRITTEN.relative_to(ROOT)}; read again: {dict(counts.iter_rows())}")


def changes() -> None:
    """How far the v2 reading moved the first sample's labels, per field and half (aggregates only)."""
    old = {r["article_id"]: r for r in _read(BEFORE).to_dicts()}
    new = _read(WRITTEN).filter(pl.col("guide_version") == "v2").to_dicts()
    print(f"{len(new)} articles: share whose v2 label equals the v1 label")
    _agreement([(r["split"], old[r["article_id"]], r) for r in new])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    commands = parser.add_subparsers(dest="command", required=True)
    exporting = commands.add_parser("export", help="title + lead of the first sample, shuffled, in parts")
    exporting.add_argument("out", type=Path)
    exporting.add_argument("--parts", type=int, default=6)
    _, merging = reading_commands(commands, "write tests/labels/enrichment_eval_v12.csv")
    merging.add_argument("--on", default="2026-12-06", help="the day the articles were read again")
    commands.add_parser("changes", help="v2 labels against v1, per field and half")
    args = parser.parse_args()
    if args.command == "export":
        export(args.out, args.parts, args.corpora)
    elif args.command == "compare":
        compare(args.a, args.b, args.out, args.corpora)
    elif args.command == "merge":
        merge(args.a, args.b, args.adjudicated, args.on)
    else:
        changes()


if __name__ == "__main__":
    main()

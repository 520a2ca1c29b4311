"""Labels v12 and v16: articles read under guide v1 read again under docs/labelling.md v2.

    python bench/labels/reread_v2.py [--rows first|conventions] export OUT_DIR [--parts 6]  # title + lead (scratch)
    python bench/labels/reread_v2.py [--rows ...] compare A.csv B.csv OUT_DIR      # agreement; the disputes
    python bench/labels/reread_v2.py [--rows ...] merge A.csv B.csv ADJUDICATION.csv [--on DAY]
    python bench/labels/reread_v2.py [--rows ...] changes                          # v2 labels against v1, per field

`--rows first` (labels v11 -> v12, the default): the first sample, both halves. `--rows conventions` (labels v15 ->
v16): the tuning rows of batches 3 to 10, read under v1, whose title or lead names what guide v2 decided anew (press
and news conferences, editorials and papers, memoranda, white papers, indictments, joint documents, anniversaries,
"the north" / "the south", Dominican, defectors, inter-Korean; in English and Spanish: CONVENTIONS). The selection
reads the text only, never the labels or the pipeline's answers, so it picks the rows where v1's conventions may
linger without choosing them by their errors.

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
CONVENTIONS = (  # what guide v2 decided anew, as a title or lead names it (lower-cased)
    r"press conference|news conference|rueda de prensa|conferencia de prensa|editorial|papers|peri[oó]dicos|diarios"
    r"|memorand|white paper|libro blanco|indictment|acusaci|joint|conjunt|anniversary|aniversario|the north\b"
    r"|the south\b|dominican|dominicana|defector|desertor|inter-korean|intercoreano")
CONVENTIONS_HEADER = [
    "# Labels v16: labels v15 (enrichment_eval_v15.csv) with the {n} tuning articles of batches 3 to 10 whose title or",
    "# lead names what guide v2 decided anew (bench/labels/reread_v2.py --rows conventions: the text only, never the",
    "# labels or the pipeline's answers) read again under docs/labelling.md v2 on {on}: twice, blind, by new readers",
    "# who saw neither the rules nor the v1 labels; where the readings differ an adjudicator who saw the guide, the",
    "# text and both readings (unnamed, in random order) decided. Same ids, same split; the test half is unchanged.",
]
HEADER = [
    "# Labels v12: labels v11 (enrichment_eval_v11.csv) with the 941 articles of the first sample (labels v3: 457 of",
    "# the test half, 484 of the tuning half; same ids, same split) read again under docs/labelling.md v2 on {on}:",
    "# twice, blind, by new readers who saw neither the rules nor the v1 labels, the two halves mixed in one shuffled",
    "# order; where the readings differ an adjudicator who saw the guide, the text and both readings (unnamed, in",
    "# random order) decided. Batches 3 to 10 keep their v1 labels. bench/labels/reread_v2.py made it.",
]


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, comment_prefix="#", infer_schema_length=0)


REREADS = {  # --rows -> (the labels read from, the labels written, their header, the day the rows were read, by whom)
    "first": (BEFORE, WRITTEN, HEADER, "2026-12-06", READ_BY),
    "conventions": (LABELS / "enrichment_eval_v15.csv", LABELS / "enrichment_eval_v16.csv", CONVENTIONS_HEADER,
                    "2026-12-07", "two new LLM readers (Claude), each blind to the other, to the rules and to the v1 "
                    "labels, reading title and lead by docs/labelling.md v2 (a v1 tuning row whose text names what "
                    "v2 decided anew, read again)"),
}


def sample(rows: str = "first", corpora: Path | None = None) -> pl.DataFrame:
    """The rows read again as the labels before hold them (every field a string): the first sample's, or the v1
    tuning rows whose title or lead matches CONVENTIONS (read from `corpora`)."""
    before = _read(REREADS[rows][0])
    if rows == "first":
        return before.join(_read(SAMPLE).select("article_id"), on="article_id", how="semi")
    v1 = before.filter((pl.col("guide_version") == "v1") & (pl.col("split") == "tuning"))
    text = texts(corpora or ROOT.parent / "shared" / "corpora", v1)
    named = text.filter(pl.concat_str("title", pl.lit("\n"), "lead").str.to_lowercase().str.contains(CONVENTIONS))
    return v1.join(named.select("article_id"), on="article_id", how="semi")


def export(out: Path, parts: int, corpora: Path, which: str) -> None:
    rows = texts(corpora, sample(which, corpora)).unique("article_id").sort("article_id").to_dicts()
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


def compare(a_path: Path, b_path: Path, out: Path, corpora: Path, which: str) -> None:
    rows = sample(which, corpora)
    a, b = both_readings(a_path, b_path, rows["article_id"].to_list())
    text = {row["article_id"]: row for row in texts(corpora, rows).to_dicts()}
    rng = random.Random(SEED)
    disputes = [dispute(text[i], differ, a[i], b[i], rng) for i in sorted(text)
                if (differ := disputed(a[i], b[i]))]
    print(f"{rows.height} articles read twice under guide v2; agreement of the two readings:")
    _agreement([(half, a[i], b[i]) for i, half in rows.select("article_id", "split").iter_rows()])
    write_disputes(out, disputes)


def merge(a_path: Path, b_path: Path, adjudicated_path: Path, on: str | None, corpora: Path, which: str) -> None:
    read_from, written, header, day, read_by = REREADS[which]
    on = on or day
    before = _read(read_from)
    reread = set(sample(which, corpora)["article_id"])
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
                     "labelled_by": read_by + ("; the readings differed and an adjudicator who saw guide, text and "
                                               "both readings unnamed decided" if differ else ""),
                     "agreement": "adjudicated" if differ else "agreed"})
    frame = pl.DataFrame(rows, schema={c: pl.String for c in before.columns})
    write_labels(written, [line.format(on=on, n=len(reread)) for line in header],
                 frame.with_columns(pl.col("record_index").cast(pl.Int32)))
    counts = frame.filter(pl.col("article_id").is_in(sorted(reread)))["agreement"].value_counts(sort=True)
    print(f"{frame.height} labels -> {written.relative_to(ROOT)}; read again: {dict(counts.iter_rows())}")


def changes(which: str) -> None:
    """How far the v2 reading moved the labels it read again, per field and half (aggregates only)."""
    read_from, written = REREADS[which][:2]
    old = {r["article_id"]: r for r in _read(read_from).to_dicts()}
    new = [r for r in _read(written).to_dicts()
           if r["guide_version"] == "v2" and old.get(r["article_id"], r)["guide_version"] == "v1"]
    print(f"{len(new)} articles: share whose v2 label equals the v1 label")
    _agreement([(r["split"], old[r["article_id"]], r) for r in new])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--rows", choices=sorted(REREADS), default="first", help="which rows are read again")
    commands = parser.add_subparsers(dest="command", required=True)
    exporting = commands.add_parser("export", help="title + lead of the rows read again, shuffled, in parts")
    exporting.add_argument("out", type=Path)
    exporting.add_argument("--parts", type=int, default=6)
    _, merging = reading_commands(commands, "write tests/labels/enrichment_eval_v12.csv (or v16)")
    merging.add_argument("--on", default=None, help="the day the articles were read again (default: REREADS's)")
    commands.add_parser("changes", help="v2 labels against v1, per field and half")
    args = parser.parse_args()
    if args.command == "export":
        export(args.out, args.parts, args.corpora, args.rows)
    elif args.command == "compare":
        compare(args.a, args.b, args.out, args.corpora, args.rows)
    elif args.command == "merge":
        merge(args.a, args.b, args.adjudicated, args.on, args.corpora, args.rows)
    else:
        changes(args.rows)


if __name__ == "__main__":
    main()

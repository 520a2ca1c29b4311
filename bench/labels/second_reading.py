"""A second, independent reading of the labels v2, and the adjudication of where two readers differ.

    python bench/labels/second_reading.py export OUT_DIR [--parts N]      # title + lead of every labelled article
    python bench/labels/second_reading.py compare tests/labels/second_reading_v1.csv OUT_DIR   # agreement; disputes
    python bench/labels/second_reading.py merge tests/labels/second_reading_v1.csv tests/labels/adjudication_v1.csv

Every article of tests/labels/enrichment_eval_v2.csv is read again by readers who see only docs/labelling.md
and the article's title and lead: never the first reading, never the rules or what they answer. Where the two
readings differ on a field, an adjudicator who sees the guide, the text and both readings (as A and B, in a
seeded random order, unnamed) decides. The agreement of the two readings is the ceiling a rule can be
expected to reach; the adjudicated labels are the reference the rules are scored against. The texts go to
scratch files outside the repository (kcna.co.jp texts must not be committed); the labels file holds labels only.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FIRST = ROOT / "tests" / "labels" / "enrichment_eval_v2.csv"
ADJUDICATED = ROOT / "tests" / "labels" / "enrichment_eval_v3.csv"
SEED = 20261206
FIELDS = ["article_type", "issuer", "issuer_country", "responds_to", "countries"]


def first_reading() -> pl.DataFrame:
    return pl.read_csv(FIRST, comment_prefix="#", schema_overrides={"record_index": pl.Int32}, infer_schema_length=0)


def texts(corpora: Path, wanted: pl.DataFrame) -> pl.DataFrame:
    """article_id, title and lead (what the first readers saw) of the labelled records."""
    from kcna_dataset.fields.scoring import lead
    from kcna_dataset.stages import extract, parse

    files = [f for f in extract.discover(corpora) if f.path in set(wanted["source_path"])]
    records, _ = extract.extract_files(corpora, files)
    parsed, _ = parse.parse_records(records)
    keys = wanted.select("article_id", "source_path", pl.col("record_index").cast(pl.Int32))
    found = parsed.select("source_path", "record_index", "title", "body").join(keys, on=["source_path", "record_index"])
    return found.select("article_id", "title", lead=pl.col("body").map_elements(lead, return_dtype=pl.String))


def write_parts(rows: list[dict], out: Path, parts: int, seed: int, name: str = "part_{}.jsonl") -> None:
    """The readers' input: `rows` (article_id, title, lead) in a seeded shuffle, dealt into `parts` JSON-lines files."""
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    out.mkdir(parents=True, exist_ok=True)
    for part in range(parts):
        with (out / name.format(part + 1)).open("w", encoding="utf-8") as handle:
            for row in rows[part::parts]:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def export(out: Path, parts: int, corpora: Path) -> None:
    wanted = first_reading()
    rows = texts(corpora, wanted).unique("article_id").sort("article_id").to_dicts()
    write_parts(rows, out, parts, SEED)
    print(f"{len(rows)} articles in {parts} parts -> {out} ({wanted.height - len(rows)} labelled articles not found)")


def normal(field: str, value: str | None) -> str:
    """A label as two readers are compared (docs/labelling.md: issuer names equal after lower-casing, removing
    punctuation, a leading 'the' and repeated spaces; countries as a set)."""
    value = (value or "").strip()
    if field == "issuer":
        value = re.sub(r"[^\w\s]", "", value.lower())
        value = re.sub(r"\s+", " ", re.sub(r"^the\s+", "", value)).strip()
    elif field == "countries":
        value = ";".join(sorted({c.strip().upper() for c in value.split(";") if c.strip()}))
    return value


def disputed(one: dict, two: dict) -> list[str]:
    """The fields on which two readings of an article differ."""
    return [field for field in FIELDS if normal(field, one.get(field)) != normal(field, two.get(field))]


def settled(article_id: str, one: dict, two: dict, decided: dict[str, dict]) -> tuple[dict, list[str]]:
    """(the label of an article read twice: reading `one` where both readings agree on every field, else the
    adjudicator's row in `decided`; the fields the readings differ on). Countries are written as a sorted set."""
    differ = disputed(one, two)
    if differ and article_id not in decided:
        raise SystemExit(f"{article_id}: the readings differ on {differ} and no adjudication was given")
    final = {f: (decided[article_id][f] if differ else one[f]) or None for f in FIELDS}
    if final["countries"]:
        final["countries"] = normal("countries", final["countries"])
    return final, differ


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(line for line in handle if not line.startswith("#"))]
    return {row["article_id"]: row for row in rows}


def both_readings(a_path: Path, b_path: Path, ids: list[str]) -> tuple[dict, dict]:
    """Two blind readings of the same articles, each keyed by article_id; every article of `ids` must be in both."""
    a, b = read_labels(a_path), read_labels(b_path)
    for name, reading in (("A", a), ("B", b)):
        missing = sorted(set(ids) - set(reading))
        if missing:
            raise SystemExit(f"reading {name} lacks {len(missing)} articles, e.g. {missing[:3]}")
    return a, b


def reading_commands(commands, merge_help: str) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The `compare A B OUT_DIR` and `merge A B ADJUDICATION` subcommands of a script that reads two blind readings."""
    comparing = commands.add_parser("compare", help="agreement of the two readings; the differences to adjudicate")
    merging = commands.add_parser("merge", help=merge_help)
    for command in (comparing, merging):
        command.add_argument("a", type=Path)
        command.add_argument("b", type=Path)
    comparing.add_argument("out", type=Path)
    merging.add_argument("adjudicated", type=Path)
    return comparing, merging


def compare(second_path: Path, out: Path, corpora: Path) -> None:
    first = {row["article_id"]: row for row in first_reading().to_dicts()}
    second = read_labels(second_path)
    missing = sorted(set(first) - set(second))
    if missing:
        raise SystemExit(f"{len(missing)} articles have no second reading, e.g. {missing[:3]}")
    rng = random.Random(SEED)
    text = {row["article_id"]: row for row in texts(corpora, first_reading()).to_dicts()}
    disputes, agree = [], {field: 0 for field in FIELDS}
    halves = {"tuning": dict.fromkeys(FIELDS, 0), "test": dict.fromkeys(FIELDS, 0)}
    sizes = {"tuning": 0, "test": 0}
    for article_id, one in first.items():
        two = second[article_id]
        sizes[one["split"]] += 1
        differ = disputed(one, two)
        for field in FIELDS:
            if field not in differ:
                agree[field] += 1
                halves[one["split"]][field] += 1
        if differ:
            disputes.append(dispute(text[article_id], differ, one, two, rng))
    n = len(first)
    print(f"{n} articles read twice; agreement of the two readings:")
    for field in FIELDS:
        by_half = ", ".join(f"{h} {halves[h][field] / sizes[h]:.3f}" for h in halves)
        print(f"  {field:16s} {agree[field] / n:.3f}  ({by_half})")
    write_disputes(out, disputes)


def dispute(text: dict, differ: list[str], one: dict, two: dict, rng: random.Random) -> dict:
    """What the adjudicator sees of an article: its title and lead, the fields in dispute, and the two readings
    as A and B in a seeded random order."""
    readings = [one, two]
    rng.shuffle(readings)
    return {"article_id": text["article_id"], "title": text["title"], "lead": text["lead"], "fields": differ,
            "A": {f: readings[0].get(f) or "" for f in FIELDS}, "B": {f: readings[1].get(f) or "" for f in FIELDS}}


def write_disputes(out: Path, disputes: list[dict]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "disputes.jsonl").open("w", encoding="utf-8") as handle:
        for row in disputes:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(disputes)} articles differ on at least one field -> {out / 'disputes.jsonl'}")


def merge(second_path: Path, adjudicated_path: Path) -> None:
    """tests/labels/enrichment_eval_v3.csv: the first reading where both readings agree, else the adjudicator's
    label; `agreement` says which (agreed / adjudicated) and `labelled_by` who read it."""
    first = first_reading()
    second = read_labels(second_path)
    decided = read_labels(adjudicated_path)
    rows = []
    for one in first.to_dicts():
        article_id = one["article_id"]
        final, differ = settled(article_id, one, second[article_id], decided)
        rows.append({**one, **final, "labels_version": "v3", "agreement": "adjudicated" if differ else "agreed",
                     "labelled_by": (one["labelled_by"] + "; read again blind by a second reader (docs/labelling.md v1, "
                                     "2026-12-05)" + ("; the readings differed and an adjudicator who saw guide, text "
                                                       "and both readings unnamed decided" if differ else ""))})
    frame = pl.DataFrame(rows).select(*first.columns, "agreement")
    header = [
        "# Labels v3: the 941 articles of enrichment_eval_v2.csv (same ids, same tuning/test split), each read twice:",
        "# the first reading (v2) and a second, blind one by readers who saw only docs/labelling.md v1 and the title and",
        "# lead (2026-12-05). Where the two agree, the label is theirs (agreement = agreed); where they differ on any",
        "# field, an adjudicator who saw the guide, the text and both readings (unnamed, in random order), never the",
        "# rules, decided (agreement = adjudicated). bench/labels/second_reading.py made it; no text is stored here.",
    ]
    write_labels(ADJUDICATED, header, frame)
    counts = frame["agreement"].value_counts(sort=True)
    print(f"{frame.height} labels -> {ADJUDICATED.relative_to(ROOT)}; {dict(counts.iter_rows())}")


def write_labels(path: Path, header: list[str], frame: pl.DataFrame) -> None:
    """A labels file: its '#' header (what the labels are, how they were made), then the CSV."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(header) + "\n")
        frame.write_csv(handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    commands = parser.add_subparsers(dest="command", required=True)
    exporting = commands.add_parser("export", help="title + lead of every labelled article, in parts")
    exporting.add_argument("out", type=Path)
    exporting.add_argument("--parts", type=int, default=1)
    comparing = commands.add_parser("compare", help="agreement of the readings; the differences to adjudicate")
    comparing.add_argument("second", type=Path)
    comparing.add_argument("out", type=Path)
    merging = commands.add_parser("merge", help="write tests/labels/enrichment_eval_v3.csv")
    merging.add_argument("second", type=Path)
    merging.add_argument("adjudicated", type=Path)
    args = parser.parse_args()
    if args.command == "export":
        export(args.out, args.parts, args.corpora)
    elif args.command == "compare":
        compare(args.second, args.out, args.corpora)
    else:
        merge(args.second, args.adjudicated)


if __name__ == "__main__":
    main()

"""Draw the articles of the labelling sample v2 (docs/labelling.md), seeded, stratified.

    python bench/labels/sample.py [CORPORA_DIR] OUT.jsonl [--batch 2|3|...|24]

Strata: source x year x language; inside each, half the draw is a simple random sample (so common genres
appear as often as they are) and half goes round-robin over rough genres (so rare genres appear at all).
The rough genre comes from title keywords only: it steers the draw, it is never a label. Articles labelled
in tests/labels/enrichment_eval_v1.csv (the rules' old tuning set) are left out. Batch 2 (5 December) is a
second, half-size draw with its own seed that also leaves out every article of batch 1, so that the tuning
half gains errors nobody has read yet. Batch 3 (6 December, seed 20261206, 2.5 times batch 1's sizes) leaves out
every article of labels v3 and keeps only the articles that bench/labels/split.py puts in the tuning half: it
enlarges the half the rules are changed on, while the test half stays the 457 articles already scored. Batches 4, 5 and 6
(seeds 20261207-20261209, 3 times) and 7 to 23 (seeds 20261210-20261226, twice) do the same, each leaving out every
article labelled before it. Batch 24 (7 December, seed 20261227, twice) keeps only the articles split.py puts in the
test half instead: it widens the half that is only scored, and only readers ever see its rows. The output holds each
article's id, source path, record index, title and lead; it goes to a scratch file outside the repository,
because kcna.co.jp texts must not be committed. The same corpora and seed give the same sample.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kcna_dataset.fields.scoring import lead  # noqa: E402  (what the labeller read)
from split import split_of  # noqa: E402  (beside this file)

SEED = 20261204
PER_ENGLISH_YEAR = 21      # kcna.co.jp English, per year 1997-2018
SPANISH_TOTAL = 110        # kcna.co.jp Spanish, spread over the years that have any
KCNA_KP_TOTAL = 70
BATCHES = {  # batch -> (seed, share of the sizes above, the day its labels were made); batch 2 leaves batch 1 out
    1: (SEED, 1.0, "2026-12-04"),
    2: (20261205, 0.5, "2026-12-05"),
    3: (20261206, 2.5, "2026-12-06"),
    4: (20261207, 3.0, "2026-12-06"),  # labelled the same day as batch 3: labels v5 tell them apart by `batch`
    5: (20261208, 3.0, "2026-12-06"),  # the same day again: labels v6 tell it apart by `labelled_by`
    6: (20261209, 3.0, "2026-12-06"),  # and labels v7 batch 6
    7: (20261210, 2.0, "2026-12-06"),  # labels v8 batch 7: drawn and read after the eighth round's rules
    8: (20261211, 2.0, "2026-12-06"),  # labels v9 batch 8: drawn and read before the ninth round's rules were scored
    9: (20261212, 2.0, "2026-12-06"),  # labels v10 batch 9: the tenth round's held-out check
    10: (20261213, 2.0, "2026-12-06"),  # labels v11 batch 10: the eleventh round's
    11: (20261214, 2.0, "2026-12-06"),  # labels v13 batch 11, read under guide v2: the twelfth round's held-out check
    12: (20261215, 2.0, "2026-12-07"),  # labels v14 batch 12, under guide v2: the thirteenth round's
    13: (20261216, 2.0, "2026-12-07"),  # labels v15 batch 13: the check of the thirteenth round's second pass
    14: (20261217, 2.0, "2026-12-07"),  # labels v17 batch 14 (v16 re-read v1 rows): the fourteenth round's check
    15: (20261218, 2.0, "2026-12-07"),  # labels v18 batch 15: read beside batch 14, a second check of the same round
    16: (20261219, 2.0, "2026-12-07"),  # labels v19 batch 16: the check of the fourteenth round's second pass
    17: (20261220, 2.0, "2026-12-07"),  # labels v20 batch 17: the fifteenth round's held-out check
    18: (20261221, 2.0, "2026-12-07"),  # labels v21 batch 18: a second check, read after the combiner was chosen
    19: (20261222, 2.0, "2026-12-07"),  # labels v22 batch 19: the sixteenth round's held-out check
    20: (20261223, 2.0, "2026-12-07"),  # labels v23 batch 20: the check of the sixteenth round's second pass
    21: (20261224, 2.0, "2026-12-07"),  # labels v24 batch 21: the seventeenth round's held-out check
    22: (20261225, 2.0, "2026-12-07"),  # labels v25 batch 22: the eighteenth round's held-out check
    23: (20261226, 2.0, "2026-12-07"),  # labels v26 batch 23: a second check of the eighteenth round
    24: (20261227, 2.0, "2026-12-07"),  # labels v27 batch 24: test half only, to narrow the test half's intervals
}
# batch -> the labels file that holds it and every batch before it (labels v12 read the first sample again, so from
# batch 11 on the numbers part); two_readings.BATCHES writes these files
LABELS_OF = {batch: f"enrichment_eval_v{batch + 1}.csv" for batch in range(3, 11)} | {
    11: "enrichment_eval_v13.csv", 12: "enrichment_eval_v14.csv", 13: "enrichment_eval_v15.csv",
    14: "enrichment_eval_v17.csv", 15: "enrichment_eval_v18.csv",
    16: "enrichment_eval_v19.csv", 17: "enrichment_eval_v20.csv",
    18: "enrichment_eval_v21.csv", 19: "enrichment_eval_v22.csv", 20: "enrichment_eval_v23.csv",
    21: "enrichment_eval_v24.csv", 22: "enrichment_eval_v25.csv", 23: "enrichment_eval_v26.csv",
    24: "enrichment_eval_v27.csv"}
TUNING_ONLY = set(range(3, 24))  # keep only tuning-half articles: the test half stays the 457 articles already scored
TEST_ONLY = {24}  # keep only test-half articles: read by readers only, never by whoever changes the rules
MIN_BODY_CHARS = 100

ROUGH_GENRES = [  # first match wins; title keywords only
    ("support", r"support|solidarity|hailed|apoy|respald"),
    ("statement", r"statement|declaraci|comunicado"),
    ("spokesman", r"spokes|portavoz|vocero"),
    ("answer", r"answer|question|respuesta|pregunta"),
    ("editorial", r"editorial"),
    ("commentary", r"commentary|comentario|article|art[ií]culo|under fire|urged|doomed|denounce|censure|slam|flay"),
    ("message", r"message|letter|greeting|congratulat|mensaje|carta|felicit|saludo|telegram"),
    ("speech", r"speech|address|rally|discurso|mitin|report meeting"),
    ("interview", r"interview|entrevista"),
    ("memorandum", r"memorandum|memor[aá]ndum|white paper|indictment|libro blanco|acusaci"),
]
SPANISH_TITLE = r"(?i)\b(?:de|del|la|las|los|el|en|con|por|para|y)\b"


def rough_genre(title: str) -> str:
    lowered = title.lower()
    for genre, pattern in ROUGH_GENRES:
        if re.search(pattern, lowered):
            return genre
    return "plain"


def _labels(name: str) -> pl.DataFrame:
    return pl.read_csv(ROOT / "tests" / "labels" / name, comment_prefix="#", schema_overrides={"record_index": pl.Int32})


def earlier_v2(batch: int) -> pl.DataFrame:
    """The labels of the batches before `batch`: what it must not draw again, and never its own rows, so that a
    batch is drawn the same once its labels are in the file. Labels v4 hold batches 1-3 and nothing after;
    before batch 4, labels v2 told the batches apart by the day they were made."""
    if batch >= 4:
        return _labels(LABELS_OF[batch - 1])
    days = [day for number, (_, _, day) in BATCHES.items() if number < batch]
    return _labels("enrichment_eval_v2.csv").filter(pl.col("labelled_on").cast(pl.String).is_in(days))


def labelled(batch: int) -> pl.DataFrame:
    """The articles a batch must not draw again: the v1 labels and the earlier batches' labels v2."""
    keys = ["source_path", "record_index"]
    return pl.concat([_labels("enrichment_eval_v1.csv").select(keys), earlier_v2(batch).select(keys)])


def candidates(corpora: Path, batch: int = 1) -> pl.DataFrame:
    """One row per distinct article of the corpora, with its strata, the already-labelled articles left out."""
    from kcna_dataset.stages import extract, parse

    records, _ = extract.extract_files(corpora, extract.discover(corpora))
    parsed, _ = parse.parse_records(records)
    old = labelled(batch)
    return (
        parsed.join(old, on=["source_path", "record_index"], how="anti")
        .filter(pl.col("title").is_not_null() & (pl.col("body").str.len_chars() >= MIN_BODY_CHARS))
        .sort("source_path", "record_index")
        .unique("article_id", keep="first", maintain_order=True)
        .with_columns(
            source=pl.col("source_path").str.split("/").list.first(),
            year=pl.col("published_date").dt.year(),
            language=pl.when(pl.col("agency").str.contains("ACNC|ATCC")
                             | (pl.col("title").str.count_matches(SPANISH_TITLE) >= 2))
            .then(pl.lit("es")).otherwise(pl.lit("en")),
            genre=pl.col("title").map_elements(rough_genre, return_dtype=pl.String),
        )
        .select("article_id", "source_path", "record_index", "source", "year", "language", "genre", "title", "body")
    )


def draw(cell: pl.DataFrame, n: int, rng: random.Random) -> list[int]:
    """Row positions of `cell`: half a simple random sample, half round-robin over rough genres."""
    rows = list(range(cell.height))
    if n >= len(rows):
        return rows
    chosen = set(rng.sample(rows, n // 2))
    buckets: dict[str, list[int]] = {}
    for row, genre in enumerate(cell["genre"].to_list()):
        if row not in chosen:
            buckets.setdefault(genre, []).append(row)
    for bucket in buckets.values():
        rng.shuffle(bucket)
    order = sorted(buckets)
    while len(chosen) < n:
        for genre in order:
            if buckets[genre] and len(chosen) < n:
                chosen.add(buckets[genre].pop())
    return sorted(chosen)


def sample(articles: pl.DataFrame, batch: int = 1) -> pl.DataFrame:
    seed, share, _ = BATCHES[batch]
    rng = random.Random(seed)
    spanish = articles.filter((pl.col("source") == "kcna-co-jp") & (pl.col("language") == "es"))
    spanish_years = spanish["year"].unique().sort()
    per_spanish_year = -(-round(SPANISH_TOTAL * share) // max(len(spanish_years), 1))
    picked = []
    cells = articles.partition_by("source", "year", "language", as_dict=True, maintain_order=True)
    for key in sorted(cells):
        source, year, language = key
        if source == "kcna-kp":
            n = round(KCNA_KP_TOTAL * share) * cells[key].height // articles.filter(pl.col("source") == "kcna-kp").height + 1
        elif language == "es":
            n = per_spanish_year
        else:
            n = round(PER_ENGLISH_YEAR * share)
        cell = cells[key]
        picked.append(cell[draw(cell, n, rng)])
    return pl.concat(picked)


def half_of(batch: int) -> str | None:
    """The half a batch keeps ('tuning' or 'test'), or None where it keeps both (batches 1 and 2, the first sample)."""
    return "tuning" if batch in TUNING_ONLY else "test" if batch in TEST_ONLY else None


def drawn_batch(corpora: Path, batch: int) -> pl.DataFrame:
    """The articles of a batch, with their title and body: the same corpora and seed give the same rows."""
    drawn = sample(candidates(corpora, batch), batch)
    if batch > 1:  # an article stored twice (another file or index) is the same article: drop those already labelled
        done = earlier_v2(batch)["article_id"]
        drawn = drawn.filter(~pl.col("article_id").is_in(done.implode()))
    half = half_of(batch)
    if half:
        drawn = drawn.filter(pl.col("article_id").map_elements(split_of, return_dtype=pl.String) == half)
    return drawn


def main() -> None:
    args = sys.argv[1:]
    batch = 1
    if "--batch" in args:
        at = args.index("--batch")
        batch = int(args[at + 1])
        del args[at:at + 2]
    corpora = Path(args[0]) if len(args) == 2 else ROOT.parent / "shared" / "corpora"
    out = Path(args[-1])
    drawn = drawn_batch(corpora, batch)
    with out.open("w", encoding="utf-8") as handle:
        for row in drawn.iter_rows(named=True):
            row["lead"] = lead(row.pop("body"))
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{drawn.height} articles -> {out}")
    print(drawn.group_by("source", "language").len().sort("source", "language"))
    print(drawn["genre"].value_counts(sort=True))


if __name__ == "__main__":
    main()

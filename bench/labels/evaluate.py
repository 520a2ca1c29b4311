"""Score the derived fields on the labels v27 (tests/labels/enrichment_eval_v27.csv: v3 read again under guide v2,
then batches 3-24; v16 read again under v2 the v1 tuning rows whose text names what v2 decided anew), a half at a time.

    python bench/labels/evaluate.py [tuning|test|test-first|batch3|...|batch24] [CORPORA_DIR] [--write]

Runs extract, parse and enrich on the labelled records only, then prints the field scores, precision /
recall / F1 per type and the confusion matrix. Change rules by reading the tuning half; the test half
is for the figures that are reported: `test --write` stores them in kcna_dataset/fields/quality_v2.json,
which the quality report and docs/enrichment.md show. `batch3` scores batch 3 alone: tuning-half articles
labelled after rules v5 were written, so their first score was a held-out check of v5; `batch4` scores batch 4
alone, the same for rules v6 and genre_tfidf_v3; `batch5` batch 5, for rules v7 and genre_tfidf_v4;
`batch6` batch 6, for the seventh round's rules (genre taxonomy v8, issuer v8) and genre_tfidf_v5; `batch7`
batch 7, for the eighth round's (genre taxonomy v9, issuer v9) and genre_tfidf_v6; `batch8` batch 8, for the
ninth round's (genre taxonomy v10, issuer v10) and genre_tfidf_v7, none of which read it; `batch9` batch 9,
for the tenth round's (genre taxonomy v11, issuer v11) and genre_tfidf_v8; `batch10` batch 10, for the eleventh
round's (genre taxonomy v12, issuer v12) and genre_tfidf_v9; `batch11` batch 11 (labels v13, the first batch read under
guide v2), for the twelfth round's rules and genre_tfidf_v10, made from labels v12; `batch12` batch 12 (labels v14), for
the thirteenth round's first pass, made from labels v13; `batch13` batch 13 (v15), for its second, made from v14;
`batch14` batch 14 (v17) and `batch15` batch 15 (v18), read beside it, for the fourteenth round's first pass (and
genre_tfidf_v11, not shipped), made from v16; `batch16` batch 16 (v19), for its second pass, made from v18;
`batch17` batch 17 (v20), for the fifteenth round, made from v19, and `batch18` batch 18 (v21), read after its
combiner was chosen on batch 17; `batch19` batch 19 (v22), for the sixteenth round, made from v21; `batch20` batch 20 (v23), for its second
pass, made from v22; `batch21` batch 21 (v24), for the seventeenth round, made from v23; `batch22` batch 22 (v25), for the
eighteenth round, made from v24; `batch23` batch 23 (v26), for its second pass (genre_combiner_v2), made from v25. Since labels v27 the test half
is the first sample's 457 test articles and batch 24's 875, drawn from the test half to narrow its intervals;
`test-first` scores the 457 alone, the test half every figure before the nineteenth round was measured on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LABELS = ROOT / "tests" / "labels" / "enrichment_eval_v27.csv"


def _modules():
    from kcna_dataset.fields import mentions, scoring
    from kcna_dataset.stages import enrich, extract, parse
    return extract, parse, enrich, mentions, scoring


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, comment_prefix="#", schema_overrides={"record_index": pl.Int32})


def labels(half: str | None = None, path: Path = LABELS) -> pl.DataFrame:
    """The labels of a half (tuning / test), of the first sample's test half (`test-first`), of one batch alone
    (`batch3` to `batch24`), or all of them (of the labels file `path`, for a half or all)."""
    from two_readings import BATCHES  # batch -> (the labels file it extends, the one that adds it, ...)

    if half == "test-first":  # the first sample's test articles (labels v3), read again under guide v2 in v12
        first = _read(LABELS.with_name("enrichment_eval_v3.csv")).select("article_id")
        return _read(path).filter(pl.col("split") == "test").join(first, on="article_id", how="semi")
    number = int(half.removeprefix("batch")) if half and half.removeprefix("batch").isdigit() else None
    if number in BATCHES:  # the rows a labels version added to the one it extends
        extended, adding = BATCHES[number][:2]
        added, before = _read(LABELS.with_name(adding)), _read(LABELS.with_name(extended))
        return added.join(before.select("article_id"), on="article_id", how="anti")
    frame = _read(path)
    return frame if half is None else frame.filter(pl.col("split") == half)


def labelled_texts(corpora: Path, wanted: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """(title and body of each labelled article of `wanted`, its article_type label), read from the corpora."""
    extract, parse, _, _, _ = _modules()
    files = [f for f in extract.discover(corpora) if f.path in set(wanted["source_path"])]
    records, _ = extract.extract_files(corpora, files)
    parsed, _ = parse.parse_records(records)
    joined = wanted.join(parsed.select("source_path", "record_index", "title", "body"),
                         on=["source_path", "record_index"])
    return joined.select("title", "body"), joined["article_type"].to_list()


def batch_and_before(corpora: Path, batch: str) -> tuple[pl.DataFrame, list[str], pl.DataFrame, list[str]]:
    """(texts and labels of the tuning articles labelled before `batch`, texts and labels of the batch): what a
    held-out check fits on and what it scores. Each labels version appends its batch, so 'before' is the tuning
    rows above the batch's first row (batch 3: v3's 484, never batch 4), as the current labels (LABELS) hold them:
    since labels v16 some of them read again under guide v2, not as they stood when the batch was first checked."""
    wanted = labels(batch)
    every = labels().with_row_index("row")
    first = every.join(wanted.select("article_id"), on="article_id")["row"].min()
    before = every.filter((pl.col("row") < first) & (pl.col("split") == "tuning")).drop("row")
    return (*labelled_texts(corpora, before), *labelled_texts(corpora, wanted))


def rules_answers(texts: pl.DataFrame) -> tuple[list[str], list[bool], list[bool]]:
    """The rules' article_type of each text (columns title, body), whether only the catch-all rule matched, and
    whether the rule keeps its answer where the model is sure (genre taxonomy v13): one rule search for the three."""
    from kcna_dataset.fields import article_type
    first = article_type.rule_index(texts)
    return (article_type.rule_types(first).to_list(), article_type.reached_catch_all(first).to_list(),
            article_type.kept_from_the_model(first).to_list())


def judged(corpora: Path, wanted: pl.DataFrame) -> pl.DataFrame:
    """The labels with the pipeline's answers beside them (`<field>_found`, `countries_found`)."""
    extract, parse, enrich, mentions, scoring = _modules()
    files = [f for f in extract.discover(corpora) if f.path in set(wanted["source_path"])]
    records, _ = extract.extract_files(corpora, files)
    parsed, _ = parse.parse_records(records)
    keys = wanted.select("source_path", "record_index")
    articles = enrich.enrich_articles(parsed.join(keys, on=["source_path", "record_index"]))
    leads = articles.with_columns(pl.col("body").map_elements(scoring.lead, return_dtype=pl.String))
    found = (mentions.extract_mentions(leads).filter(pl.col("country_code").is_not_null())
             .group_by("article_id").agg(countries_found=pl.col("country_code").unique()))
    answers = [c for c in ("article_type", "issuer", "issuer_country", "responds_to") if c in articles.columns]
    from kcna_dataset.fields import article_type, genre_model
    modelled = genre_model.predict(genre_model.documents(articles))
    learned = articles.select("source_path", "record_index",
                              article_type_model=pl.Series(modelled, dtype=pl.String),
                              article_type_rules=article_type.rules_type(articles))
    found_answers = articles.select("source_path", "record_index", *answers).rename({c: f"{c}_found" for c in answers})
    return (wanted.join(found_answers, on=["source_path", "record_index"], how="left")
            .join(learned, on=["source_path", "record_index"], how="left")
            .join(found, on="article_id", how="left"))


def main() -> None:
    args = sys.argv[1:]
    positional = [arg for arg in args if not arg.startswith("--")]
    half = positional[0] if positional else "tuning"
    corpora = Path(positional[1]) if len(positional) > 1 else ROOT.parent / "shared" / "corpora"
    scoring = _modules()[-1]
    from kcna_dataset.fields import genre_model
    frame = judged(corpora, labels(half))
    pl.Config(tbl_rows=40, tbl_cols=20, fmt_str_lengths=80)
    print(f"{half} half: {frame.height} articles")
    countries = {f"countries_{k}": v for k, v in scoring.country_scores(frame).items()}
    scores = scoring.field_scores(frame)
    bounds = scoring.intervals(scores)
    for key, value in {**scores, **countries}.items():
        interval = f"  (95 % {bounds[key][0]:.4f}-{bounds[key][1]:.4f})" if key in bounds else ""
        print(f"  {key:32s} {value:.4f}{interval}" if isinstance(value, float) else f"  {key:32s} {value}")
    print("the pipeline's article_type (rules + model), per class:")
    print(scoring.per_class(frame))
    print(scoring.confusion(frame))
    learned = frame.select(pl.col("article_type").eq(pl.col("article_type_model")).fill_null(False).mean()).item()
    print(f"learned baseline ({genre_model.MODEL_VERSION}) type accuracy {learned:.4f}; per class:")
    print(scoring.per_class(frame, found="article_type_model"))
    alone = frame.select(pl.col("article_type").eq(pl.col("article_type_rules")).fill_null(False).mean()).item()
    print(f"the rules alone: type accuracy {alone:.4f}; per class:")
    print(scoring.per_class(frame, found="article_type_rules"))
    if half == "test" and "--write" in args:
        path = scoring.write_figures(frame, half, LABELS.relative_to(ROOT).as_posix())
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

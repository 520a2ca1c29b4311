"""Score derived fields against reader labels (tests/labels/enrichment_eval_v11.csv, docs/labelling.md).

Pure functions: a frame of labels joined with a model's answers in, figures out. Every labelled article
counts: a missing answer (null) is wrong, never skipped; issuer accuracy is reported over all articles
(where null = null is right, because "nobody speaks" is an answer) and over the articles that have an
issuer (where it is not enough to say null).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import polars as pl

TYPES = ("press_statement", "statement", "answer", "commentary", "editorial", "message", "speech",
         "interview", "memorandum", "indictment", "report", "other")
LEAD_CHARS = 400


def lead(body: str, chars: int = LEAD_CHARS) -> str:
    """The first `chars` characters of the body, cut back to the last whole word: what the labeller read."""
    if len(body) <= chars:
        return body
    cut = body[:chars]
    return cut[: cut.rfind(" ")] if " " in cut else cut


_BODY_WORDS = (r"committee|association|society|council|union|federation|institute|front|party|league|ministry|agency|"
               r"academy|corps|alliance|movement|solidarity|organization|commission|assembly|congress|office|group|"
               r"centre|center|church|churches|department|bureau")
BODY_WORD = re.compile(rf"\b(?:{_BODY_WORDS})\b")
"""A word of a body's name in the singular: a ministry's sub-unit is told by it, and issuer.clean reads it to keep
'south Korean' before a national name."""
BODY_NAME = re.compile(rf"\b(?:{_BODY_WORDS}|confederation)s?\b")
"""A word that makes a name a body's in the comparison (guide: 'a word such as committee, association or ministry'),
plural too: the Korean Confederation of Trade Unions is a body."""


SECRETARIAT = re.compile(r"^secretariat of (?:the )?(?=\w)|(?<=\w) secretariat$")
"""A body's secretariat speaks for the body, as its central committee does: 'Secretariat of the CPRK', 'CPRK
Secretariat' and 'CPRK' are one issuer (twenty-second round; most tuning labels already wrote 'CPRK')."""

SUB_UNIT_OF_FM = re.compile(r"^(.+?),? (?:(?:of|at) (?:the )?)?(?:dprk )?ministry of foreign affairs(?: of (?:the )?dprk)?$")


def normalise_name(name: str | None) -> str:
    """docs/labelling.md, Comparison: lower-cased, without punctuation, a leading 'the' or extra spaces; the DPRK's
    long name is 'dprk', 'Foreign Ministry'/'FM' is 'ministry of foreign affairs', '<X> Ministry' is 'ministry of
    <x>'; and a body's national qualifier (a leading 'Korean', 'DPRK', 'south Korean', a trailing 'of south Korea')
    is dropped, because articles write the same body with and without it and issuer_country carries the country.
    Guide v2: a body's central committee (and its secretariat) is the body, and a ministry's sub-unit is named with
    or without the Foreign Ministry it belongs to ('Institute for American Studies of the Ministry of Foreign
    Affairs'); a body's name is compared without any 'the' inside it."""
    if name is None:
        return ""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    text = " ".join(words)
    text = re.sub(r"\bdemocratic people s republic of korea\b", "dprk", text)
    text = re.sub(r"\b(?:foreign ministry|fm)\b", "ministry of foreign affairs", text)
    sub_unit = SUB_UNIT_OF_FM.match(text)
    if sub_unit and BODY_WORD.search(sub_unit.group(1)):
        text = sub_unit.group(1)
    text = re.sub(r"\b(?!(?:of|the|dprk)\b)(\w+) ministry\b(?! of\b)", r"ministry of \1", text)
    text = SECRETARIAT.sub("", text)
    if BODY_NAME.search(text):  # a person's name keeps every word
        text = re.sub(r"^central (?:standing )?committee of (?:the )?(?=\w+ \w+)", "", text)
        text = re.sub(r"^(?:dprk|korean?|(?:south|s|north) korean) (?=\w+ \w+)", "", text)
        text = re.sub(r" (?:of|in) (?:south korea|the dprk|dprk|korea)$", "", text)
        text = re.sub(r" the\b", "", text)  # 'Institute for (the) Reunification of the Fatherland': one body
    return text


def _same(expected: str, found: str) -> pl.Expr:
    """Equal, with null = null counting as equal and null against a value as different."""
    return pl.col(expected).fill_null("") == pl.col(found).fill_null("")


def per_class(judged: pl.DataFrame, expected: str = "article_type", found: str = "article_type_found") -> pl.DataFrame:
    """Precision, recall, F1 and support per class; a null answer is a miss of the labelled class."""
    rows = []
    for cls in sorted(set(judged[expected].drop_nulls()) | set(judged[found].drop_nulls())):
        counts = judged.select(
            tp=((pl.col(expected) == cls) & (pl.col(found) == cls)).sum(),
            predicted=(pl.col(found) == cls).sum(),
            support=(pl.col(expected) == cls).sum(),
        ).row(0, named=True)
        precision = counts["tp"] / counts["predicted"] if counts["predicted"] else 0.0
        recall = counts["tp"] / counts["support"] if counts["support"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"class": cls, "support": counts["support"], "predicted": counts["predicted"],
                     "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)})
    return pl.DataFrame(rows, schema={"class": pl.String, "support": pl.Int64, "predicted": pl.Int64,
                                      "precision": pl.Float64, "recall": pl.Float64, "f1": pl.Float64})


def confusion(judged: pl.DataFrame, expected: str = "article_type", found: str = "article_type_found") -> pl.DataFrame:
    """Rows: the label; columns: the answer (`(none)` for a null answer); cells: article counts."""
    answered = judged.with_columns(pl.col(found).fill_null("(none)"))
    columns = [c for c in (*TYPES, "(none)") if c in set(answered[found])]
    table = answered.group_by(expected, found).len().pivot(on=found, index=expected, values="len")
    return (table.with_columns([pl.lit(0, pl.UInt32).alias(c) for c in columns if c not in table.columns])
            .select(expected, *columns).fill_null(0).sort(expected))


def field_scores(judged: pl.DataFrame) -> dict[str, float | int]:
    """Type accuracy, issuer accuracy (all / with an issuer), issuer_country, responds_to accuracy."""
    names = judged.with_columns(
        issuer_n=pl.col("issuer").map_elements(normalise_name, return_dtype=pl.String, skip_nulls=False),
        issuer_found_n=pl.col("issuer_found").map_elements(normalise_name, return_dtype=pl.String, skip_nulls=False),
    )
    has_issuer = names.filter(pl.col("issuer").is_not_null())
    out = {
        "articles": judged.height,
        "type_accuracy": judged.select(_same("article_type", "article_type_found").mean()).item(),
        "issuer_accuracy": names.select((pl.col("issuer_n") == pl.col("issuer_found_n")).mean()).item(),
        "articles_with_issuer": has_issuer.height,
        "issuer_accuracy_with_issuer":
            has_issuer.select((pl.col("issuer_n") == pl.col("issuer_found_n")).mean()).item(),
    }
    if "issuer_country_found" in judged.columns:
        out["issuer_country_accuracy"] = judged.select(_same("issuer_country", "issuer_country_found").mean()).item()
    if "responds_to_found" in judged.columns:
        out["responds_to_accuracy"] = judged.select(_same("responds_to", "responds_to_found").mean()).item()
    return out


def wilson(share: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson interval of an accuracy `share` measured on `n` articles: how far a figure from a few hundred
    labels can be from the rate on the whole corpus (457 test articles: about +-2.5 points; 1,332: about +-1.5)."""
    if n == 0:
        return float("nan"), float("nan")
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def intervals(scores: dict[str, float | int]) -> dict[str, list[float]]:
    """wilson() of each accuracy of field_scores(), on the articles it was measured on."""
    sizes = {key: scores["articles_with_issuer" if key == "issuer_accuracy_with_issuer" else "articles"]
             for key in scores if key.endswith("_accuracy") or key == "issuer_accuracy_with_issuer"}
    return {key: [round(bound, 4) for bound in wilson(scores[key], n)] for key, n in sizes.items()}


def country_scores(judged: pl.DataFrame) -> dict[str, float | int]:
    """Precision and recall of country mentions (title + lead) against every country the reader found.

    `countries` holds the reader's ISO codes (';'-separated), `countries_found` a list of the codes found.
    """
    sets = judged.select(
        expected=pl.col("countries").fill_null("").str.split(";")
        .list.eval(pl.element().filter(pl.element() != "")).list.unique(),
        found=pl.col("countries_found").fill_null([]).list.unique(),
    )
    counted = sets.select(
        true_positive=pl.col("found").list.set_intersection("expected").list.len().sum(),
        found=pl.col("found").list.len().sum(),
        expected=pl.col("expected").list.len().sum(),
    ).row(0, named=True)
    return {**counted,
            "precision": counted["true_positive"] / counted["found"] if counted["found"] else 0.0,
            "recall": counted["true_positive"] / counted["expected"] if counted["expected"] else 0.0}


FIGURES = Path(__file__).parent / "quality_v2.json"
"""The test half's figures as last measured (bench/labels/evaluate.py test --write), for the quality report."""


def write_figures(judged: pl.DataFrame, half: str, labels: str, path: Path = FIGURES) -> Path:
    """Store the figures of `judged` (the pipeline's fields and, where present, the learned model alone and the
    rules alone) as JSON; `labels` names the labels file they were scored on."""
    from kcna_dataset.fields import genre_combiner, genre_model, issuer, rules

    scores = field_scores(judged)
    out = {
        "labels": labels, "half": half,
        "rules": {**{name: rules.RULES[name] for name in ("genre_taxonomy", "issuers", "spanish_names", "speaker_patterns",
                                                          "responds_to", "gazetteer")},
                  "issuer_code": issuer.CODE_VERSION},
        "model": genre_model.MODEL_VERSION,
        "combiner": genre_combiner.COMBINER_VERSION,
        "fields": {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()},
        "intervals": intervals(scores),
        "countries": {k: round(v, 4) if isinstance(v, float) else v for k, v in country_scores(judged).items()},
        "per_class": per_class(judged).to_dicts(),
        "confusion": confusion(judged).to_dicts(),
    }
    if "article_type_model" in judged.columns:
        out["learned"] = {
            "model": genre_model.MODEL_VERSION,
            "type_accuracy": round(judged.select(_same("article_type", "article_type_model").mean()).item(), 4),
            "per_class": per_class(judged, found="article_type_model").to_dicts(),
        }
    if "article_type_rules" in judged.columns:
        out["rules_alone"] = {
            "type_accuracy": round(judged.select(_same("article_type", "article_type_rules").mean()).item(), 4),
            "per_class": per_class(judged, found="article_type_rules").to_dicts(),
        }
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return path


def read_figures(path: Path = FIGURES) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

"""`appearances`: the leaders' public activities as KCNA reports them (appearance_rules_v1.csv).

One row per article that reports a leader acting in person (inspecting, visiting, watching, meeting, attending),
keyed by article_id. Every step is a polars expression over whole columns:
- **leader**: the title begins with the leader's name (after honorifics) and then an activity verb; messages,
  gifts and greetings received are no appearance (`not_activity`).
- **activity_kind**: the first `kind` rule matching the title.
- **activity_date**: from the lead's first paragraph: an explicit date ("on June 4", "at 00:00 on Feb. 16"), else a
  weekday ("on Sunday", "Kim Jong Il Thursday visited": the latest such day on or before the reference date),
  else "today"/"yesterday"; "recently" gives null; a lead that says nothing of when gives the reference date.
  The reference date is the dateline's date, else the published date. A report published more than 30 days
  after the leader's death (`died` rows) is a reminiscence and no appearance.
- **report_date** is published_date; **lag_days** = report_date - activity_date.
- **place**: the object of the first guidance/visit verb in the lead ("gave field guidance to the Ryongsong
  Machine Complex"), or the venue of a performance ("at the People's Theatre"), as named; null where none.
- **companions**: the Korean names (a surname from the rule file and one or two more capitalised syllables) in the
  paragraphs that name companions ("He was accompanied by", "Present there were", "Seeing the performance with
  him were", "together with"), in the order named, without the leader himself, '; '-joined;
  **companion_entity_ids**: the same people as entity ids `person:<name>` (the scheme of mentions.entity_id).
"""

from __future__ import annotations

import functools

import polars as pl

from kcna_dataset.fields import rules

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
          "nov": 11, "dec": 12}
NOT_COMPANIONS = ("Kim Il Sung", "Kim Jong Il", "Kim Jong Suk")
"""Names that in a companions paragraph are things named after them (Kim Il Sung Socialist Youth League), or the
dead: none of them accompanies a leader in the corpus years."""
PLACE_VERB = (
    r"(?:inspected|visited|looked\s+round|toured|gave\s+(?:field|on-site|on-the-spot)\s+guidance\s+(?:to|over|at)"
    r"|provided\s+(?:field|on-site|on-the-spot)\s+guidance\s+(?:to|over|at)|made\s+a\s+field\s+survey\s+(?:of|for))"
)
PLACE_WORDS = r"(?:[Nn]o\.\s?|Mt\.\s|St\.\s|[^,.;:\n])+?"
PLACE_END = (r"(?:\s+(?:on|in\s+order\s+to|to\s+(?:learn|guide|pay|celebrate|congratulate|see|acquaint|watch))\s"
             r"|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|recently)\b|\s+and\s+(?:was|had|congratulated|enjoyed)\b|[,.;:\n]|$)")
VENUE = r"\bat\s+(?:the\s+)?([A-Z][^,.;\n]*?(?:Theatre|Theater|Stadium|Hall|Gymnasium|Arena|Square|Palace))\b"


@functools.cache
def _rules() -> dict[str, list[tuple[str, str]]]:
    table = rules.load("appearance_rules")
    grouped: dict[str, list[tuple[str, str]]] = {}
    for rule, value, pattern in table.select("rule", "value", "pattern").iter_rows():
        grouped.setdefault(rule, []).append((value or "", pattern))
    return grouped


def _first_match(source: pl.Expr, rows: list[tuple[str, str]], flags: str = "(?i)") -> pl.Expr:
    """The value of the first row whose pattern matches `source` (null if none)."""
    expr = pl.lit(None, pl.String)
    for value, pattern in reversed(rows):
        expr = pl.when(source.str.contains(flags + pattern)).then(pl.lit(value)).otherwise(expr)
    return expr


def _activity_date(lead: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """The date the lead's first paragraph gives (see the module's docstring)."""
    months = "|".join(MONTHS)
    explicit = lead.str.extract_groups(rf"(?i)\bon\s+({months})[a-z]*\.?\s+(\d{{1,2}})\b")
    month = explicit.struct.field("1").str.to_lowercase().replace_strict(
        list(MONTHS), list(MONTHS.values()), default=None, return_dtype=pl.Int32)
    day = explicit.struct.field("2").cast(pl.Int32, strict=False)
    year = reference.dt.year()
    this_year = pl.date(year, month, day)
    dated = pl.when(this_year > reference + pl.duration(days=1)).then(pl.date(year - 1, month, day)).otherwise(this_year)
    weekday = lead.str.extract(r"(?i)\b(" + "|".join(WEEKDAYS) + r")\b", 1).str.to_lowercase().replace_strict(
        list(WEEKDAYS), list(range(1, 8)), default=None, return_dtype=pl.Int32)
    back = (reference.dt.weekday().cast(pl.Int32) - weekday + 7) % 7
    relative = lead.str.extract(r"(?i)\b(today|yesterday|recently)\b", 1).str.to_lowercase()
    return (
        pl.when(month.is_not_null() & day.is_not_null() & day.is_between(1, 31)).then(dated)
        .when(weekday.is_not_null()).then(reference - pl.duration(days=back))
        .when(relative == "yesterday").then(reference - pl.duration(days=1))
        .when(relative == "recently").then(None)
        .otherwise(reference)
    )


def _companions(body: pl.Expr, leader: pl.Expr) -> pl.Expr:
    """The companions' names in order, as a list."""
    cue = _rules()["companion_cue"][0][1]
    surnames = _rules()["surname"][0][1]
    name = rf"\b(?:{surnames})\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b"
    paragraphs = body.str.extract_all(cue).list.join("\n")
    names = paragraphs.str.extract_all(name)
    # Filters inside the list keep the order named (set operations on lists do not).
    others = names.list.eval(pl.element().filter(~pl.element().is_in(NOT_COMPANIONS))).list.unique(maintain_order=True)
    without_un = others.list.eval(pl.element().filter(pl.element() != "Kim Jong Un"))
    return pl.when(leader == "Kim Jong Un").then(without_un).otherwise(others)


def extract_appearances(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article reporting a leader's public activity: article_id, leader, activity_date, report_date,
    lag_days, activity_kind, place, companions, companion_entity_ids (needs title, body, published_date,
    dateline_date)."""
    grouped = _rules()
    title = pl.col("title")
    leader = _first_match(title, grouped["leader"], "")
    acts = "|".join(p for _, p in grouped["activity"])
    refused = "|".join(p for _, p in grouped["not_activity"])
    # The verb right after the name: "Kim Jong Il Inspects ...", not "Kim Jong Il's Visit to Russia Reported".
    acting = title.str.contains(rf"(?i)\bKim\s+(?:Il\s+Sung|Jong\s+Il|Jong\s+Un)\s+(?:{acts})")
    # The lead: the first paragraph that names a leader (kcna.kp opens some reports with a paragraph of praise).
    first_paragraph = pl.col("body").str.split("\n\n").list.eval(
        pl.element().filter(pl.element().str.contains(r"Kim\s*(?:Il\s+Sung|Jong\s+Il|Jong\s+Un)"))).list.first()
    first_paragraph = pl.coalesce(first_paragraph, pl.col("body").str.split("\n\n").list.first())
    found = articles.with_columns(
        leader=leader,
        activity_kind=_first_match(title, grouped["kind"]),
        acts=acting & ~title.str.contains(rf"(?i)(?:{refused})"),
    ).filter(pl.col("leader").is_not_null() & pl.col("acts") & pl.col("activity_kind").is_not_null())
    died = {leader: date for leader, date in grouped.get("died", [])}
    if died:  # a leader does not appear after death: such titles head reminiscences
        death = pl.col("leader").replace_strict(list(died), list(died.values()), default=None).str.to_date()
        found = found.filter(death.is_null() | pl.col("published_date").is_null()
                             | (pl.col("published_date") <= death + pl.duration(days=30)))
    reference = pl.coalesce("dateline_date", "published_date")
    place = pl.coalesce(
        first_paragraph.str.extract(rf"(?i){PLACE_VERB}\s+(?:the\s+)?({PLACE_WORDS}){PLACE_END}", 1),
        first_paragraph.str.extract(VENUE, 1),
    ).str.strip_chars()
    companions = _companions(pl.col("body"), pl.col("leader"))
    found = found.with_columns(
        activity_date=_activity_date(first_paragraph, reference),
        report_date=pl.col("published_date"),
        place=pl.when(place.str.len_chars() > 0).then(place),
        companion_list=companions,
    ).with_columns(
        lag_days=(pl.col("report_date") - pl.col("activity_date")).dt.total_days().cast(pl.Int32),
        companions=pl.col("companion_list").list.join("; "),
        companion_entity_ids=pl.col("companion_list").list.eval(
            pl.lit("person:") + pl.element().str.to_lowercase().str.replace_all(" ", "_")).list.join("; "),
    )
    return found.select(
        "article_id", "leader", "activity_date", "report_date", "lag_days", "activity_kind", "place",
        companions=pl.when(pl.col("companions") != "").then(pl.col("companions")),
        companion_entity_ids=pl.when(pl.col("companion_entity_ids") != "").then(pl.col("companion_entity_ids")),
    )

"""Parse: raw records in, article fields out (plus reject rows), as vectorised polars expressions.

Takes the records frame of `extract` and gives, per record: title, published date and where it came
from, Juche year, dateline city/date/agency, clean body, end marker, and the content-derived
article_id. The real variations handled are listed in ../shared/corpora/README.md; each regex below
names the raw text it meets.
"""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl
import pyarrow as pa

from kcna_dataset.fields import rules

ARTICLE_ID_SALT = "kcna-article-v2"
KCNA_KP_KINDS = ("kcna_kp_records", "kcna_kp_feed", "kcna_kp_html")
"""kcna.kp records (a scraped list, the feed's envelopes, or saved pages of the site): the headline is
metadata, the text has no title line."""
MIN_BODY_WORDS = 3

# '22 November, Juche110(2021)' (the seed); also 'November 22, Juche 110 (2021)'.
DATE_LINE = (
    r"^\s*(?:(?P<dl_day>\d{1,2})\s+(?P<dl_month>[A-Za-z]+)|(?P<dl_month2>[A-Za-z]+)\s+(?P<dl_day2>\d{1,2}))"
    r"\s*,?\s*Juche\s*(?P<dl_juche>\d{1,3})\s*\(\s*(?P<dl_year>\d{4})\s*\)[ \t]*(?:\n|$)"
)
# kcna.kp headlines may end in a Juche date: 'Noble Ideal of ...\n[Juche113.1.17.]'.
HEADLINE_JUCHE_DATE = r"\s*\[\s*Juche\s*(?P<hj_year>\d{1,3})\.(?P<hj_month>\d{1,2})\.(?P<hj_day>\d{1,2})\.?\s*\]\s*$"
# 'Pyongyang, November 21 (KCNA) --', 'Pyongyang , March 20 (KCNA ) --', 'Pyongyang, March 20 (KCNA --',
# 'Tokyo May 13 (Korea News Service) --', 'Pyongyang, 16 de abril (ATCC) --', 'Pyongyang, primero de julio
# (ACNC) --', '(KCNA) -General ...', '(KCNA0 --', '(KCNA) ? A ...' (a dash lost to encoding damage),
# '(KCNA correspondent) --'. It may follow up to two subtitle lines ('--KCNA Analyst--').
CITY_AND_DAY = (
    r"(?P<city>[A-Za-z][A-Za-z'.\-]*(?: [A-Za-z][A-Za-z'.\-]*){0,3})\s*,?\s+"
    r"(?:(?P<month>[A-Za-z]{3,10})\.?,?\s+(?P<day>\d{1,2})|(?P<day_es>\d{1,2}|primero)\s+de\s+(?P<month_es>[A-Za-z]{4,10}))"
)
AGENCY_TAG = r"\(\s*(?P<agency_raw>[A-Za-z](?:[A-Za-z \-]{0,28}[A-Za-z])?)\s*[)0]?"
DASH = r"(?:-{1,2}|[?\u2013\u2014])[ \t]*"
DATELINE_CORE = CITY_AND_DAY + r"\s*(?:" + AGENCY_TAG + r")?\s*" + DASH
# A first line that opens with a dateline has its agency tag: without one, 'International support for 10-point
# programme' reads as city 'International support', month 'for', day 10 (16 corpus titles did), and the title was lost.
DATELINE_OPENS_TEXT = r"^\s*" + CITY_AND_DAY + r"\s*" + AGENCY_TAG + r"\s*" + DASH
DATELINE_IN_HEAD = r"^(?P<subtitle>(?:[^\n]*\n){0,2}?)\s*" + DATELINE_CORE
# A body of MIN_BODY_WORDS words or more holds at least MIN_BODY_WORDS - 1 spaces (clean_paragraphs leaves
# one between words): a search that stops at those spaces, where counting every space cost 0.5 s per 100k texts.
STUB_WORDS = "(?: [^ ]*){%d} " % (MIN_BODY_WORDS - 2)
# The end marker closes kcna.kp texts and the seed: '... against us. -0-'.
END_MARKER = r"\s*-0-\s*$"

# HTML entities survive in kcna.co.jp texts of 1999-2008, misspelt too ('&nbspl;', '&nsp;').
NBSP_ENTITY = r"&nb?sp[a-z]?;?"
LITERAL_REPLACEMENTS = {
    # Old Mac and Windows line ends; "\r\n" is listed before "\r" so that it wins (leftmost-first).
    "\r\n": "\n",
    "\r": "\n",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u200b": "",
    "\ufeff": "",
    "&amp;": "&",
    "&quot;": '"',
    "&#39;": "'",
    "&#039;": "'",
    "&apos;": "'",
    "&lt;": "<",
    "&gt;": ">",
    "&middot;": "·",
}

PARSED_COLUMNS = [
    "title",
    "published_date",
    "date_source",
    "juche_year",
    "juche_year_consistent",
    "dateline_city",
    "dateline_date",
    "agency",
    "body",
    "has_end_marker",
    "has_replacement_char",
    "title_mismatch",
    "article_id",
]


def normalise_text(text: pl.Expr) -> pl.Expr:
    """Line ends, entities, NBSP; then re-join hard-wrapped lines of the 1990s.

    1997: 'support for the workers and other \\npeople of South Korea' (a space before the break, lower
    case after it) is one line wrapped in two; 'long-\\nterm' is one word.
    """
    # No replacement creates or splits a match of another, so one pass of the literals does what a pass
    # per literal would. leftmost=True: aho-corasick's default (standard) matching ran 7x slower here.
    return (
        text.str.replace_all(NBSP_ENTITY, " ")
        .str.replace_many(list(LITERAL_REPLACEMENTS), list(LITERAL_REPLACEMENTS.values()), leftmost=True)
        .str.replace_all(r"([a-z]-)\n([a-z])", "${1}${2}")
        .str.replace_all(r" \n([a-z0-9(\"])", " ${1}")
    )


def clean_paragraphs(text: pl.Expr) -> pl.Expr:
    """One paragraph per non-blank line, blank-line separated, inner whitespace collapsed."""
    # A regex over every single space costs 3 s per 100k texts; a literal pass plus runs of 2+ is 8x cheaper.
    # Every line break left is one the first pass wrote, so it writes the blank line too (no pass to double
    # them; stripping the ends removes a doubled break as it did a single one).
    return (
        text.str.replace_all(r"[ \t]*\n\s*", "\n\n")
        .str.replace_all("\t", " ", literal=True)
        .str.replace_all(r"  +", " ")
        .str.strip_chars()
    )


def _collapse(text: pl.Expr) -> pl.Expr:
    return text.str.replace_all(r"\s+", " ").str.strip_chars()


def _comparable(text: pl.Expr) -> pl.Expr:
    """Title comparison key: letters and digits only, lower case (spelling of spaces/quotes ignored)."""
    return text.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "")


def _titles_differ(titles: pl.DataFrame) -> pl.Series:
    """title != _source_title_clean beyond spaces, quotes and case: compared in full only where the two
    are not equal as written (3% of the corpus), as _comparable is two passes over every title."""
    differ = titles.select(pl.col("title") != pl.col("_source_title_clean")).to_series()
    rows = differ.arg_true()
    compared = titles[rows].select(_comparable(pl.col("title")) != _comparable(pl.col("_source_title_clean")))
    return differ.scatter(rows, compared.to_series())


def _month_number(name: pl.Expr) -> pl.Expr:
    months = rules.mapping("month_names")
    return name.str.to_lowercase().replace_strict(months, default=None, return_dtype=pl.String).cast(pl.Int32)


def _agency(raw: pl.Expr) -> pl.Expr:
    """Fold known variants and typos ('KNCA', 'KCAN', 'kcna'); an unknown tag stays as written so that
    validation rejects it by name rather than it being guessed."""
    key = raw.str.to_uppercase().str.replace_all(r"\s+", "").str.replace(r"^CORRESPONSALDE(?:LA)?|CORRESPONDENT$", "")
    return key.replace_strict(rules.mapping("agency_tags"), default=None, return_dtype=pl.String).fill_null(raw)


def _iso_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """A date from parts, null where the parts are no real date (31 February)."""
    text = pl.format(
        "{}-{}-{}",
        year.cast(pl.String).str.zfill(4),
        month.cast(pl.String).str.zfill(2),
        day.cast(pl.String).str.zfill(2),
    )
    return text.str.to_date("%Y-%m-%d", strict=False)


def _cut_prefix(text: pl.Expr, prefix: pl.Expr) -> pl.Expr:
    """The text after a prefix captured from its start (a regex match anchored at '^'); the text itself
    where nothing was captured."""
    return text.str.slice(prefix.str.len_chars().fill_null(0))


def sha256_column(texts: pl.Series) -> pl.Series:
    """sha256 hex of each string (polars has no stable native hash; its hash() changes across versions).

    Hashed straight from the UTF-8 bytes of the Arrow buffer: no Python string per row to make and
    encode again.
    """
    array = texts.to_arrow()
    array = (array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array).cast(pa.large_string())
    if array.null_count:
        return pl.Series([hashlib.sha256(t.encode()).hexdigest() for t in texts], dtype=pl.String)
    _, offsets, data = array.buffers()
    ends = np.frombuffer(offsets, dtype=np.int64)[array.offset : array.offset + len(array) + 1].tolist()
    data = memoryview(data if data is not None else b"")
    sha256 = hashlib.sha256
    return pl.Series([sha256(data[start:end]).hexdigest() for start, end in zip(ends, ends[1:])], dtype=pl.String)


def parse_records(records: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Records (extract's RECORD_SCHEMA) -> (parsed: records + PARSED_COLUMNS, rejects)."""
    text = pl.col("raw_text")
    frame = records.with_columns(
        _empty=text.is_null() | (text.str.strip_chars().str.len_chars() == 0),
        _text=normalise_text(text.fill_null("")).str.strip_chars_start(),
    )

    # Date line ('22 November, Juche110(2021)'), at the very top of text files.
    # The whole match is captured and sliced off (a slice shares the text's bytes; a regex replace
    # copied every text to change the few that have a date line).
    frame = frame.with_columns(_dl=pl.col("_text").str.extract_groups(f"(?P<_dl_match>{DATE_LINE})")).unnest("_dl")
    frame = frame.with_columns(
        _dl_present=pl.col("dl_juche").is_not_null(),
        _text=_cut_prefix(pl.col("_text"), pl.col("_dl_match")).str.strip_chars_start(),
        _dl_month=_month_number(pl.coalesce("dl_month", "dl_month2")),
        _dl_day=pl.coalesce("dl_day", "dl_day2").cast(pl.Int32),
        _dl_juche=pl.col("dl_juche").cast(pl.Int32),
        _dl_year=pl.col("dl_year").cast(pl.Int32),
    )
    frame = frame.with_columns(_dl_date=_iso_date(pl.col("_dl_year"), pl.col("_dl_month"), pl.col("_dl_day")))

    # Title: the first line, except where the text starts with its dateline (kcna.kp stories have no
    # title line: the headline is in the metadata).
    frame = frame.with_columns(
        _lines=pl.col("_text").str.splitn("\n", 2).struct.rename_fields(["_first_line_raw", "_after_first_line"])
    ).unnest("_lines")
    first_line = pl.col("_first_line_raw")
    starts_with_dateline = first_line.str.contains(DATELINE_OPENS_TEXT)
    has_title_line = ~pl.col("source_kind").is_in(KCNA_KP_KINDS) & ~starts_with_dateline.fill_null(False)
    headline = pl.col("source_title").fill_null("")
    frame = frame.with_columns(
        _hj=headline.str.extract_groups(HEADLINE_JUCHE_DATE),
        _source_title_clean=_collapse(headline.str.replace(HEADLINE_JUCHE_DATE, "")),
        _has_title_line=has_title_line,
        _first_line=_collapse(first_line),
    ).unnest("_hj")
    frame = frame.with_columns(
        title=pl.when("_has_title_line").then("_first_line").otherwise("_source_title_clean"),
        _body=pl.when("_has_title_line")
        .then(pl.col("_after_first_line").fill_null(""))
        .otherwise("_text"),
        _hj_date=_iso_date(
            pl.col("hj_year").cast(pl.Int32) + 1911, pl.col("hj_month").cast(pl.Int32), pl.col("hj_day").cast(pl.Int32)
        ),
    )

    # Dateline at the head of the body.
    # One capturing pass (captures cost 10x a plain search): the whole match is captured too and cut
    # off the body, keeping the subtitle lines, instead of a second regex pass replacing it.
    frame = frame.with_columns(
        _dln=pl.col("_body").str.extract_groups(f"(?P<_dln_match>{DATELINE_IN_HEAD})")
    ).unnest("_dln")
    frame = frame.with_columns(
        _body=pl.when(pl.col("_dln_match").is_not_null())
        .then(pl.col("subtitle") + _cut_prefix(pl.col("_body"), pl.col("_dln_match")))
        .otherwise("_body"),
        dateline_city=_collapse(pl.col("city")),
        agency=_agency(pl.col("agency_raw")),
        _dln_month=_month_number(pl.coalesce("month", "month_es")),
        _dln_day=pl.coalesce("day", pl.col("day_es").replace("primero", "1")).cast(pl.Int32),
    )

    # Published date: date line > Juche date in the headline > the source's metadata.
    frame = frame.with_columns(
        published_date=pl.coalesce("_dl_date", "_hj_date", "source_date"),
        date_source=pl.when(pl.col("_dl_date").is_not_null())
        .then(pl.lit("date_line"))
        .when(pl.col("_hj_date").is_not_null())
        .then(pl.lit("headline_juche_date"))
        .when(pl.col("source_date").is_not_null())
        .then(pl.lit("source_metadata"))
        .otherwise(pl.lit("none")),
    )
    stated_juche = pl.coalesce(pl.col("_dl_juche"), pl.col("hj_year").cast(pl.Int32))
    stated_gregorian = pl.when(pl.col("_dl_present")).then("_dl_year").otherwise(pl.col("source_date").dt.year())
    frame = frame.with_columns(
        juche_year=pl.coalesce(stated_juche, pl.col("published_date").dt.year() - 1911).cast(pl.Int16),
        juche_year_consistent=pl.when(stated_juche.is_not_null()).then(
            stated_juche == stated_gregorian - 1911
        ),
    )

    # Dateline month/day to a full date: a December dateline on a January article is last year's.
    published_year = pl.col("published_date").dt.year()
    published_month = pl.col("published_date").dt.month()
    dateline_year = (
        pl.when((pl.col("_dln_month") == 12) & (published_month == 1))
        .then(published_year - 1)
        .when((pl.col("_dln_month") == 1) & (published_month == 12))
        .then(published_year + 1)
        .otherwise(published_year)
    )
    frame = frame.with_columns(dateline_date=_iso_date(dateline_year, pl.col("_dln_month"), pl.col("_dln_day")))

    body = pl.col("_body")
    frame = frame.with_columns(
        has_end_marker=body.str.strip_chars_end().str.ends_with("-0-"),
        body=clean_paragraphs(body.str.replace(END_MARKER, "")),
        has_replacement_char=pl.col("raw_text").fill_null("").str.contains("\ufffd", literal=True),
        title_mismatch=pl.col("source_title").is_not_null()
        & ~pl.col("source_kind").is_in(KCNA_KP_KINDS)
        & _titles_differ(frame.select("title", "_source_title_clean")),
    )

    reject_rules = [
        ("empty_text", pl.col("_empty"), pl.format("record has no text ({} record, e.g. a photo or video item)", "source_kind")),
        ("impossible_date", pl.col("_dl_present") & pl.col("_dl_date").is_null(),
         pl.format("date line names no real date: day {} month {} year {}", "_dl_day", "_dl_month", "_dl_year")),
        ("impossible_date", pl.col("hj_year").is_not_null() & pl.col("_hj_date").is_null(),
         pl.format("headline Juche date names no real date: Juche {}.{}.{}", "hj_year", "hj_month", "hj_day")),
        ("impossible_dateline_date", pl.col("_dln_month").is_not_null() & pl.col("published_date").is_not_null()
         & pl.col("dateline_date").is_null(),
         pl.format("dateline names no real date: month {} day {}", "_dln_month", "_dln_day")),
        # A stray README or log in the raw folder: text, but not an article of any KCNA form.
        ("not_an_article", (pl.col("source_kind") == "text_file") & ~pl.col("_dl_present") & pl.col("city").is_null(),
         pl.lit("text file has neither a date line ('22 November, Juche110(2021)') nor a dateline ('Pyongyang, November 21 (KCNA) --')")),
        ("missing_title", pl.col("title").str.len_chars() == 0, pl.lit("no title line in the text and none in the source metadata")),
        ("missing_body", pl.col("body").str.len_chars() == 0, pl.lit("text has a title but no body")),
        # Navigation debris scraped as articles: title 'BACK', body 'HOME'.
        ("stub_text", ~pl.col("body").str.contains(STUB_WORDS),
         pl.format("body has fewer than {} words: a stub, not an article", pl.lit(MIN_BODY_WORDS))),
    ]
    check = pl.when(reject_rules[0][1]).then(pl.lit(reject_rules[0][0]))
    reason = pl.when(reject_rules[0][1]).then(reject_rules[0][2])
    for name, condition, message in reject_rules[1:]:
        check = check.when(condition).then(pl.lit(name))
        reason = reason.when(condition).then(message)
    frame = frame.with_columns(_check=check)

    # Reasons are formatted for the rejected rows only: formatting them for every row was 20% of parse.
    rejected = frame.filter(pl.col("_check").is_not_null()).with_columns(_reason=reason)
    rejects = rejected.select(
        "source_path",
        "record_index",
        "raw_sha256",
        stage=pl.lit("parse"),
        check="_check",
        reason="_reason",
        raw_text="raw_text",
    )
    parsed = frame.filter(pl.col("_check").is_null())
    # An article is a text published on a date: the same text scraped twice or listed under several
    # topics is one article; the same text re-run on another day is another (a near-duplicate).
    id_text = parsed.select(
        pl.concat_str(
            [pl.lit(ARTICLE_ID_SALT), pl.col("published_date").cast(pl.String).fill_null("none"), "title", "body"],
            separator="\n",
        )
    ).to_series()
    parsed = parsed.with_columns(article_id=sha256_column(id_text).str.slice(0, 20))
    return parsed.select(*records.columns, *PARSED_COLUMNS), rejects

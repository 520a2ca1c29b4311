"""`events`: the events table (north-korea-provocations) with how KCNA covered each event.

A product computed from a dataset version, not a table publish writes: an event's coverage depends on every
article of the version (a refresh that adds an earlier report changes its first report date, which an
append-only table could only record by rewriting rows), and on an outside table that its publisher revises
every day. So `coverage(articles, events)` recomputes it whole, in about a second, from the version's
`articles` and the newest events file; `kcna events` writes it as Parquet with both named.

Matching (rule file event_terms_v1.csv): each event takes the first class whose pattern matches its `event`
text (else its `type`); an article reports it when published within the class's window (event date .. event
date + window_days) and the class's report terms match its title (missile launches) or its title or lead (title
+ first LEAD_CHARS of the body; the other classes). `report_lag_days` is the first report's date minus the event date; `silent` is true where the version
holds articles of the window (`covered`) but none reports the event, null where the version holds no article
of the window (the corpus does not cover those days, so silence cannot be told from a gap).
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.schemas.tables import EventCoverage
from kcna_dataset.storage import store

LEAD_CHARS = 1_000
EVENTS_SOURCE = "north-korea-provocations"
PROCESSED_CSV = "data/processed/north_korea_provocations_1958_present.csv"
"""Where the table sits in a checkout of the publisher's repository (and in ../shared/events/<source>/)."""
FETCHED = re.compile(r"\.fetched-(\d{4}-\d{2}-\d{2})\.csv(?:\.gz)?$")
"""The collector's file names: <raw>/north-korea-provocations/<name>.fetched-<date>.csv.gz (one per change)."""
REQUIRED = ("date", "type", "event", "description")

EVENT_COLUMNS = {name: column.dtype.type for name, column in EventCoverage.to_schema().columns.items()}
"""The columns of `events`, in order, from its model in schemas/tables.py (the one place they are declared)."""


class EventsError(store.StoreError):
    """An events file that cannot be read: names the file and the rows."""


def events_file(folder: Path) -> Path:
    """The events table in `folder`: the collector's newest fetched file, else the publisher's processed CSV,
    else the folder's only CSV; an error naming the folder where there is none."""
    folder = Path(folder)
    if folder.is_file():
        return folder
    fetched = sorted((m.group(1), p) for p in folder.glob("*.csv*") if (m := FETCHED.search(p.name)))
    if fetched:
        return fetched[-1][1]
    if (folder / PROCESSED_CSV).is_file():
        return folder / PROCESSED_CSV
    csvs = sorted(folder.glob("*.csv"))
    if len(csvs) == 1:
        return csvs[0]
    raise EventsError(f"no events table in {folder}: expected {PROCESSED_CSV} or <name>.fetched-<date>.csv.gz")


def read_events(path: Path) -> pl.DataFrame:
    """The events of one file (gzip or plain CSV): event_date, event_type, event, description. A missing column
    or an unreadable date is an error naming the file and the rows, never a silent drop."""
    path = Path(path)
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema_length=0)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as failure:
        raise EventsError(f"{path}: not a CSV table: {failure}") from None
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise EventsError(f"{path}: missing column(s) {', '.join(missing)}")
    frame = frame.with_columns(event_date=pl.col("date").str.strip_chars().str.to_date("%Y-%m-%d", strict=False))
    bad = frame.with_row_index("row", offset=2).filter(pl.col("event_date").is_null())
    if bad.height:
        rows = ", ".join(f"line {r} ({d!r})" for r, d in bad.select("row", "date").head(5).iter_rows())
        raise EventsError(f"{path}: {bad.height} event(s) without a readable date (YYYY-MM-DD): {rows}")
    return frame.select("event_date", event_type=pl.col("type"), event=pl.col("event"), description=pl.col("description"))


def classify(events: pl.DataFrame) -> pl.DataFrame:
    """events + event_class, report_pattern and window_days from event_terms (first matching class wins)."""
    terms = rules.load("event_terms")
    on_event, on_type = pl.lit(None, pl.String), pl.lit(None, pl.String)
    for row in reversed(terms.rows(named=True)):  # built inside out, so the first row is tried first
        on_event = pl.when(pl.col("event").fill_null("").str.contains("(?i)" + row["event_pattern"])).then(pl.lit(row["event_class"])).otherwise(on_event)
        on_type = pl.when(pl.col("event_type").fill_null("").str.contains("(?i)" + row["event_pattern"])).then(pl.lit(row["event_class"])).otherwise(on_type)
    classed = events.with_columns(event_class=pl.coalesce(on_event, on_type))
    return classed.join(
        terms.select("event_class", "report_pattern", "where", window_days=pl.col("window_days").cast(pl.Int32)),
        on="event_class", how="left",
    )


def coverage(articles: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """The `events` table: each event with its first report, lag, silence and the ids of the reports.

    `articles` needs article_id, published_date, title, body. The join is by date window first (a range join
    of a few hundred events with the articles of their windows), then the class's terms over title and lead.
    """
    classed = classify(events).with_row_index("event_row")
    dated = articles.filter(pl.col("published_date").is_not_null()).select(
        "article_id", "published_date", "title",
        head=pl.concat_str(["title", pl.col("body").str.slice(0, LEAD_CHARS)], separator="\n"),
    )
    windows = classed.select("event_row", "event_date", "report_pattern", "where",
                             window_end=pl.col("event_date") + pl.duration(days=pl.col("window_days")))
    in_window = windows.join_where(
        dated, pl.col("published_date") >= pl.col("event_date"), pl.col("published_date") <= pl.col("window_end")
    )
    covered = in_window.group_by("event_row").agg(covered=pl.len() > 0)
    reports = (
        in_window.filter(pl.when(pl.col("where") == "title").then(pl.col("title")).otherwise(pl.col("head"))
                         .str.contains("(?i)(?:" + pl.col("report_pattern") + ")"))
        .sort("published_date", "article_id")
        .group_by("event_row", maintain_order=True)
        .agg(first_report_date=pl.col("published_date").first(), report_article_ids=pl.col("article_id"))
    )
    table = (
        classed.join(covered, on="event_row", how="left").join(reports, on="event_row", how="left")
        .with_columns(covered=pl.col("covered").fill_null(False))
        .with_columns(
            report_lag_days=(pl.col("first_report_date") - pl.col("event_date")).dt.total_days().cast(pl.Int32),
            silent=pl.when(pl.col("covered")).then(pl.col("first_report_date").is_null()),
            report_count=pl.col("report_article_ids").list.len().fill_null(0).cast(pl.UInt32),
            report_article_ids=pl.col("report_article_ids").fill_null([]),
        )
        .sort("event_date", "event_row")
    )
    return EventCoverage.validate(table.select([pl.col(name).cast(dtype) for name, dtype in EVENT_COLUMNS.items()]))


def write(table: pl.DataFrame, to: Path, dataset_version: int, events_path: Path) -> Path:
    """The events table as one Parquet file, naming the dataset version, the events file and the rule version."""
    import pyarrow.parquet as pq

    to = Path(to)
    to.parent.mkdir(parents=True, exist_ok=True)
    arrow = table.to_arrow()
    arrow = arrow.replace_schema_metadata({
        "table": "events", "dataset_version": str(dataset_version), "events_file": Path(events_path).name,
        "rule": f"event_terms_{rules.RULES['event_terms']}",
    })
    pq.write_table(arrow, to, compression="zstd")
    return to


def for_version(out: Path, events_path: Path, version: int | None = None) -> tuple[pl.DataFrame, dict, Path]:
    """(the events table, the manifest row, the events file) of dataset version `version` of `out`."""
    row = store.version_row(Path(out), version)
    articles = store.scan_version(Path(out), row)["articles"].select("article_id", "published_date", "title", "body").collect()
    path = events_file(Path(events_path))
    return coverage(articles, read_events(path)), row, path

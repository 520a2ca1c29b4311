"""The quality report: one self-contained HTML file of charts about a dataset version.

Charts are Vega-Lite specs built with Altair and rendered to static SVG by vl-convert, then inlined:
the file holds no script and fetches nothing, so it opens offline and in any browser. Charts on fields
that later work adds (article types, entity mentions, the rhetoric index) appear when the column or
table exists in the version being reported, and are left out, with a note, when it does not.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import polars as pl
import vl_convert

from kcna_dataset.fields import scoring
from kcna_dataset.products import card
from kcna_dataset.products import stats
from kcna_dataset.storage import store

WIDTH = 760
COUNT_AXIS = alt.Axis(tickMinStep=1, format=",d")
"""Counts have no fractions: no 0.5-article ticks on small datasets."""
YEAR_AXIS = alt.Axis(labelAngle=0, labelOverlap="parity")
TEXT_COLUMNS = ("body", "raw_text")
TOP_ENTITIES = 8
ENTITY_COLUMNS = ("entity", "entity_name", "canonical_name", "name", "label")
"""Columns of a `mentions` table that may name the entity, in order of preference."""


@dataclass
class Section:
    """One block of the report: a heading, a sentence that says what to look at, and a chart (or a note)."""

    title: str
    caption: str
    chart: alt.TopLevelMixin | None = None
    note: str | None = None


def _source_labels() -> dict[str, str]:
    return {kind: note["publisher"] for kind, note in card.source_notes().items()}


def _with_publisher(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("source_kind").replace_strict(_source_labels(), default=pl.col("source_kind")).alias("source")
    )


def articles_per_month(with_source: pl.DataFrame) -> Section:
    monthly = _with_publisher(stats.per_month(with_source))
    chart = alt.Chart(monthly).mark_bar().encode(
        x=alt.X("month:T", title=None),
        y=alt.Y("articles:Q", title="articles per month", stack=True, axis=COUNT_AXIS),
        color=alt.Color("source:N", title="source", legend=alt.Legend(orient="top")),
        tooltip=["month:T", "source:N", "articles:Q"],
    ).properties(width=WIDTH, height=260)
    return Section("Articles per month, by source",
                   "Gaps are months the scrapers missed, not months KCNA was silent.", chart)


def language_mix(with_source: pl.DataFrame) -> Section:
    yearly = (
        with_source.filter(pl.col("published_date").is_not_null())
        .group_by(pl.col("published_date").dt.year().alias("year"), "language")
        .agg(pl.len().alias("articles"))
        .sort("year", "language")
    )
    chart = alt.Chart(yearly).mark_bar().encode(
        x=alt.X("year:O", title=None, axis=YEAR_AXIS),
        y=alt.Y("articles:Q", stack="normalize", title="share of the year's articles", axis=alt.Axis(format="%")),
        color=alt.Color("language:N", title="language", legend=alt.Legend(orient="top")),
        tooltip=["year:O", "language:N", "articles:Q"],
    ).properties(width=WIDTH, height=220)
    return Section("Language mix", "Share of each identified language, year by year.", chart)


def article_types(articles: pl.DataFrame) -> Section:
    if "article_type" not in articles.columns:
        return Section("Article types", "", note="This dataset version has no article_type column yet.")
    counted = stats.counts(articles, pl.col("article_type").fill_null("(none)"))
    chart = alt.Chart(counted).mark_bar().encode(
        x=alt.X("count:Q", title="articles", axis=COUNT_AXIS),
        y=alt.Y("article_type:N", sort="-x", title=None),
        tooltip=["article_type:N", "count:Q"],
    ).properties(width=WIDTH - 160, height=alt.Step(18))
    return Section("Article types", "What kind of text each article is.", chart)


def field_quality() -> Section:
    """How well article_type holds on the test half of the reader labels (issue 19): F1 per type of the pipeline
    (rules and learned model together), beside the model alone and the rules alone; the caption gives the field
    accuracies. The figures are those committed with the rules
    (kcna_dataset/fields/quality_v2.json), not computed from this version: the labelled texts are not shipped."""
    figures = scoring.read_figures()
    if figures is None:
        return Section("Derived fields against reader labels", "", note="No measured figures are committed.")
    answers = {"pipeline": figures["per_class"], "model alone": figures.get("learned", {}).get("per_class", []),
               "rules alone": figures.get("rules_alone", {}).get("per_class", [])}
    rows = [{"type": row["class"], "answer": answer, "f1": row["f1"], "labels": row["support"]}
            for answer, per_class in answers.items() for row in per_class if row["support"]]
    chart = alt.Chart(pl.DataFrame(rows)).mark_bar().encode(
        x=alt.X("f1:Q", title="F1 on the test half", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("type:N", title=None), yOffset="answer:N",
        color=alt.Color("answer:N", title=None, legend=alt.Legend(orient="top")),
        tooltip=["type:N", "answer:N", "f1:Q", "labels:Q"],
    ).properties(width=WIDTH - 200, height=alt.Step(9))
    f, c = figures["fields"], figures["countries"]
    bounds = figures.get("intervals", {})

    def within(key: str) -> str:
        """The 95 % interval of an accuracy, where the figures have it."""
        return f" [95 %: {bounds[key][0]:.1%}-{bounds[key][1]:.1%}]" if key in bounds else ""

    caption = (f"{f['articles']} articles labelled by a reader who never saw the rules (docs/labelling.md), "
               f"test half. Type accuracy {f['type_accuracy']:.1%}{within('type_accuracy')} (the model alone "
               f"{figures.get('learned', {}).get('type_accuracy', float('nan')):.1%}, the rules alone "
               f"{figures.get('rules_alone', {}).get('type_accuracy', float('nan')):.1%}); issuer {f['issuer_accuracy']:.1%}, "
               f"{f['issuer_accuracy_with_issuer']:.1%} on the {f['articles_with_issuer']} articles that have one; "
               f"issuer_country {f['issuer_country_accuracy']:.1%}{within('issuer_country_accuracy')}; "
               f"responds_to {f['responds_to_accuracy']:.1%}; "
               f"country mentions precision {c['precision']:.1%}, recall {c['recall']:.1%}.")
    return Section("Derived fields against reader labels", caption, chart)


def type_confusion() -> Section:
    """The test half's confusion matrix of article_type (reader's label against the pipeline's answer), from the
    committed figures (kcna_dataset/fields/quality_v2.json), with each type's precision and recall."""
    figures = scoring.read_figures()
    if figures is None or not figures.get("confusion"):
        return Section("Article types: confusion on the test half", "", note="No measured figures are committed.")
    cells = (pl.DataFrame(figures["confusion"]).rename({"article_type": "labelled"})
             .unpivot(index="labelled", variable_name="given", value_name="articles"))
    rates = {row["class"]: row for row in figures["per_class"]}
    cells = cells.with_columns(
        precision=pl.col("given").replace_strict({k: v["precision"] for k, v in rates.items()}, default=None),
        recall=pl.col("labelled").replace_strict({k: v["recall"] for k, v in rates.items()}, default=None))
    order = [row["article_type"] for row in figures["confusion"]]
    base = alt.Chart(cells).encode(
        x=alt.X("given:N", sort=order, title="the pipeline's article_type"),
        y=alt.Y("labelled:N", sort=order, title="the reader's label"))
    chart = (base.mark_rect().encode(
        color=alt.Color("articles:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=["labelled:N", "given:N", "articles:Q", "precision:Q", "recall:Q"])
        + base.mark_text(fontSize=9).encode(
            text=alt.condition(alt.datum.articles > 0, "articles:Q", alt.value("")))
    ).properties(width=WIDTH - 260, height=alt.Step(16))
    caption = (f"{figures['fields']['articles']} test-half articles: rows the reader's label, columns the answer; "
               "the diagonal is right. Precision and recall per type in each cell's tooltip; docs/enrichment.md "
               "has them as a table.")
    return Section("Article types: confusion on the test half", caption, chart)


def rejects_by_reason(rejects: pl.DataFrame) -> Section:
    if rejects.height == 0:
        return Section("Rejects by stage and reason", "", note="No raw record was rejected.")
    counted = stats.counts(rejects, "stage", "check")
    chart = alt.Chart(counted).mark_bar().encode(
        x=alt.X("count:Q", title="records rejected", axis=COUNT_AXIS),
        y=alt.Y("check:N", sort="-x", title=None),
        color=alt.Color("stage:N", title="stage", legend=alt.Legend(orient="top")),
        tooltip=["stage:N", "check:N", "count:Q"],
    ).properties(width=WIDTH - 160, height=alt.Step(18))
    return Section("Rejects by stage and reason",
                   "Raw records that did not become articles; each is kept in `rejects` with its text.", chart)


def top_entities(frames: dict[str, pl.DataFrame]) -> Section:
    mentions = frames.get("mentions")
    name = next((column for column in ENTITY_COLUMNS if mentions is not None and column in mentions.columns), None)
    if mentions is None or name is None or "article_id" not in mentions.columns:
        return Section("Top entities over time", "", note="This dataset version has no mentions table yet.")
    dated = mentions.join(frames["articles"].select("article_id", "published_date"), on="article_id")
    dated = dated.filter(pl.col("published_date").is_not_null()).rename({name: "entity"})
    top = stats.counts(dated, "entity").head(TOP_ENTITIES)["entity"]
    yearly = (
        dated.filter(pl.col("entity").is_in(top.implode()))
        .group_by(pl.col("published_date").dt.year().alias("year"), "entity")
        .agg(pl.len().alias("mentions"))
        .sort("year")
    )
    chart = alt.Chart(yearly).mark_line(point=True).encode(
        x=alt.X("year:O", title=None, axis=YEAR_AXIS),
        y=alt.Y("mentions:Q", title="mentions per year", axis=COUNT_AXIS),
        color=alt.Color("entity:N", title=None, sort=top.to_list(), legend=alt.Legend(orient="right")),
        tooltip=["year:O", "entity:N", "mentions:Q"],
    ).properties(width=WIDTH - 180, height=260)
    return Section("Top entities over time", f"The {TOP_ENTITIES} most mentioned entities, per year.", chart)


def rhetoric_index(with_source: pl.DataFrame) -> Section:
    column = "rhetoric_rate_per_1000_words"
    if column not in with_source.columns:
        return Section("Rhetoric index over time", "", note=f"This dataset version has no {column} column yet.")
    monthly = _with_publisher(
        with_source.filter(pl.col("published_date").is_not_null() & pl.col(column).is_not_null())
        .group_by(pl.col("published_date").dt.truncate("1mo").alias("month"), "source_kind")
        .agg(pl.col(column).mean().alias("index"))
        .sort("month")
    )
    chart = alt.Chart(monthly).mark_line().encode(
        x=alt.X("month:T", title=None),
        y=alt.Y("index:Q", title="rhetoric terms per 1,000 words (monthly mean)"),
        color=alt.Color("source:N", title="source", legend=alt.Legend(orient="top")),
        tooltip=["month:T", "source:N", alt.Tooltip("index:Q", format=".2f")],
    ).properties(width=WIDTH, height=240)
    return Section("Rhetoric index over time", "Monthly mean of rhetoric_rate_per_1000_words.", chart)


def changes(frames: dict[str, pl.DataFrame], version: int) -> Section:
    """What each version added (from the manifest), and this version's new rejects."""
    history = frames["versions"].select("dataset_version", "articles_added", "rejects_added").unpivot(
        index="dataset_version", variable_name="what", value_name="rows"
    ).with_columns(pl.col("what").str.replace("_added", " added"))
    chart = alt.Chart(history).mark_bar().encode(
        x=alt.X("dataset_version:O", title="dataset version", axis=alt.Axis(labelAngle=0)),
        xOffset="what:N",
        y=alt.Y("rows:Q", title="rows added", axis=COUNT_AXIS),
        color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
        tooltip=["dataset_version:O", "what:N", "rows:Q"],
    ).properties(width=min(WIDTH, 120 + 60 * frames["versions"].height), height=200)
    new_rejects = stats.counts(frames["rejects"].filter(pl.col("first_version") == version), "stage", "check")
    added = frames["articles"].filter(pl.col("first_version") == version).height
    caption = (f"Version {version} added {added:,} articles and {new_rejects['count'].sum():,} new rejects"
               + (": " + ", ".join(f"{r['stage']}/{r['check']} {r['count']:,}" for r in new_rejects.iter_rows(named=True))
                  if new_rejects.height else "") + ".")
    if frames["versions"].height < 2:
        caption += " It is the first version: there is nothing to compare with yet."
    return Section("Changes since the previous version", caption, chart)


def latest_revisions(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames with `articles` cut to the latest revision of each story (docs/stories.md): every count
    and chart counts a story once. Versions written before stories existed have every article."""
    articles = frames["articles"]
    if "is_latest_revision" not in articles.columns:
        return frames
    return {**frames, "articles": articles.filter(pl.col("is_latest_revision"))}


def build_sections(frames: dict[str, pl.DataFrame], version: int, events: pl.DataFrame | None = None,
                   diff=None) -> list[Section]:
    """The report's sections, in reading order (`events`: the events table with its coverage, if any; `diff`
    (products.version_diff): the comparison with the version before)."""
    from kcna_dataset.products import research_charts, story_report  # they build on this module's Section

    with_source = stats.articles_by_source(frames["articles"], frames["sources"])
    return [
        articles_per_month(with_source),
        language_mix(with_source),
        article_types(frames["articles"]),
        field_quality(),
        type_confusion(),
        rejects_by_reason(frames["rejects"]),
        top_entities(frames),
        rhetoric_index(with_source),
        *research_charts.sections(frames, events),
        story_report.revisions_and_removals_per_month(frames),
        story_report.most_changed(frames),
        changes(frames, version),
        story_report.version_changes(diff),
    ]


def svg(chart: alt.TopLevelMixin) -> str:
    """A chart as static SVG (no script, no fonts or data fetched)."""
    themed = chart.configure_view(strokeWidth=0).configure_axis(labelFontSize=11, titleFontSize=12)
    return vl_convert.vegalite_to_svg(themed.to_dict())


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f6f7f9; color: #1d232b; }
main { max-width: 900px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 8px 0 4px; } h2 { font-size: 19px; margin: 0 0 4px; }
.meta { color: #5a6472; font-size: 13px; margin-bottom: 16px; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-bottom: 18px; }
.figure { background: #fff; border-radius: 8px; padding: 10px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.figure b { display: block; font-size: 22px; } .figure span { color: #5a6472; font-size: 12px; }
section { background: #fff; border-radius: 8px; padding: 16px 18px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
section p { color: #5a6472; margin: 0 0 10px; font-size: 14px; }
.chart svg { max-width: 100%; height: auto; }
.note { color: #8a93a0; font-style: italic; }
"""


def render_html(sections: list[Section], frames: dict[str, pl.DataFrame], row: dict) -> str:
    """The report page: headline figures, then one section per chart."""
    articles = frames["articles"]
    quality = stats.quality(articles, frames["sources"], frames["rejects"])
    dates = articles["published_date"].drop_nulls()
    period = f"{dates.min():%Y-%m} to {dates.max():%Y-%m}" if dates.len() else "no dated article"
    figures = [
        (f"{quality['articles']:,}", "articles"),
        (f"{quality['sources']:,}", "source records"),
        (f"{quality['rejects']:,}", "rejected records"),
        (period, "period"),
        (f"{articles['language'].n_unique()}", "languages"),
        (f"{quality['replacement_char_articles'] / max(quality['articles'], 1):.1%}", "with encoding damage"),
    ]
    blocks = []
    for section in sections:
        body = (f'<div class="chart">{svg(section.chart)}</div>' if section.chart is not None
                else f'<p class="note">{html.escape(section.note or "")}</p>')
        caption = f"<p>{html.escape(section.caption)}</p>" if section.caption else ""
        blocks.append(f"<section><h2>{html.escape(section.title)}</h2>{caption}{body}</section>")
    figure_html = "".join(f'<div class="figure"><b>{html.escape(value)}</b><span>{label}</span></div>'
                          for value, label in figures)
    title = f"KCNA dataset, version {row['dataset_version']}: quality report"
    meta = (f"Committed {row['created_at']:%Y-%m-%d %H:%M} UTC · code {row['code_version']} · "
            f"input {row['input_fingerprint'][:12]} · report written {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><main><h1>{html.escape(title)}</h1>"
        f"<div class=\"meta\">{html.escape(meta)}</div><div class=\"figures\">{figure_html}</div>"
        + "".join(blocks)
        + "</main></body></html>\n"
    )


def write_report(out: Path, to: Path | None = None, version: int | None = None,
                 progress: Callable[[str], None] = lambda message: None, events: Path | None = None) -> Path:
    """Write the report of dataset version `version` (latest when None); returns the file's path. `events`: the
    events table (file or folder) for the coverage chart; left out, with a note, when None or absent."""
    out = Path(out)
    row = store.version_row(out, version)
    covered = None
    if events is not None and Path(events).exists():
        from kcna_dataset.products import events as event_coverage

        covered = event_coverage.for_version(out, Path(events), row["dataset_version"])[0]
    # Texts are the bulk of the tables and no chart needs them.
    frames = {table: frame.drop(TEXT_COLUMNS, strict=False).collect() for table, frame in store.scan_version(out, row).items()}
    frames = latest_revisions(frames)
    progress(f"read version {row['dataset_version']} ({frames['articles'].height:,} latest revisions of articles)")
    diff = None
    if row["dataset_version"] > frames["versions"]["dataset_version"].min():
        from kcna_dataset.products.version_diff import diff_versions

        diff = diff_versions(out, None, row["dataset_version"])
    sections = build_sections(frames, row["dataset_version"], covered, diff)
    target = Path(to) if to is not None else out / f"report_v{row['dataset_version']}.html"
    if target.is_dir():
        raise store.StoreError(f"{target} is a folder: give the report a file name, e.g. {target / 'report.html'}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(sections, frames, row), encoding="utf-8")
    progress(f"{sum(s.chart is not None for s in sections)} charts written")
    return target


"""The dataset card (README.md of a release), in the style of Hugging Face dataset cards.

Every figure comes from the tables of the version being released and its `versions` manifest row;
the words about each source and its licence come from the versioned rule file source_notes.
"""

from __future__ import annotations

import json

import polars as pl

from kcna_dataset.fields import rules
from kcna_dataset.products import stats

LOAD_SNIPPETS = """\
```python
import polars as pl;  articles = pl.read_parquet("data/articles.parquet")
import pandas as pd;  articles = pd.read_parquet("data/articles.parquet")
import pyarrow.parquet as pq;  articles = pq.read_table("data/articles.parquet")
import duckdb;  duckdb.sql("select language, count(*) from 'data/articles.parquet' group by 1").show()
from datasets import load_dataset;  articles = load_dataset("parquet", data_files="data/articles.parquet")["train"]
```

```r
library(arrow)
articles <- read_parquet("data/articles.parquet")
```

With this project installed, `kcna_dataset.load("articles", out="<this folder>")` reads it too.
Check the files first: `sha256sum -c SHA256SUMS`."""


def source_notes() -> dict[str, dict]:
    """source_kind -> publisher, provenance, licence and licence note (rule file source_notes)."""
    return {row["source_kind"]: row for row in rules.load("source_notes").iter_rows(named=True)}


def markdown_table(frame: pl.DataFrame) -> str:
    """A small frame as a Markdown table (numbers with thousands separators)."""
    def cell(value) -> str:
        if value is None:
            return ""
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)

    lines = ["| " + " | ".join(frame.columns) + " |", "|" + " --- |" * frame.width]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in frame.iter_rows()]
    return "\n".join(lines)


def _size_category(rows: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if rows < limit:
            return label
    return "n>1M"


def _front_matter(frames: dict[str, pl.DataFrame], languages: list[str], left_out: dict | None = None) -> str:
    """YAML header read by the Hugging Face hub: languages, size, and one config per table."""
    lines = ["---", "pretty_name: KCNA research dataset", "language:"]
    lines += [f"- {code}" for code in languages]
    lines += ["license: other", "license_name: mixed-see-licence-notes",
              "size_categories:", f"- {_size_category(frames['articles'].height)}",
              "task_categories:", "- text-classification", "- text-generation",
              "tags:", "- news", "- propaganda", "- north-korea", "configs:"]
    for table in frames:
        if left_out and table in left_out and left_out[table] is None:
            continue
        lines += [f"- config_name: {table}", f"  data_files: data/{table}.parquet"]
        if table == "articles":
            lines.append("  default: true")
    return "\n".join(lines + ["---", ""])


WHY_NO_TEXT = (
    "The texts are the agency's own words, and most of them come from scrapes that state no licence (see the "
    "licence notes): a release without them can be shared and archived where the texts cannot. Everything "
    "derived from them stays, so that a researcher with their own copy of the texts can join it back."
)
"""Why a text-free release (`kcna export --no-text`) leaves the texts out: said in its card."""


def left_out_section(left_out: dict[str, tuple[str, ...] | None]) -> list[str]:
    """The card's account of a text-free release: what is not in it, why, and how to join the texts back."""
    listed = [f"- `{table}`: " + ("the whole table" if columns is None else ", ".join(f"`{c}`" for c in columns))
              for table, columns in left_out.items()]
    return [
        "## What this release leaves out, and why",
        "",
        "This is a **text-free release** (`kcna export --no-text`). Left out:",
        "",
        *listed,
        "",
        WHY_NO_TEXT,
        "",
        "Kept: every article's `article_id`, `title`, dates and every derived field (type, issuer, language, counts, "
        "rhetoric, naming of south Korea, weapons terms, anniversaries ...), `mentions`, `near_duplicates`, the "
        "MinHash signatures, and the content hashes. To join your own copy of the texts: `sources.raw_sha256` is the "
        "sha256 of each raw record's text (UTF-8) as the scraper stored it, and `sources.source_path`/`record_index` "
        "name the record; `article_id` is the first 20 hex digits of sha256 over 'kcna-article-v2', the published "
        "date, the title and the clean body (this project's `kcna build` recomputes it from the raw files).",
        "",
    ]


def dataset_card(frames: dict[str, pl.DataFrame], row: dict, left_out: dict | None = None) -> str:
    """The README.md of a release of manifest `row`, from its tables (`left_out`: what a text-free release
    leaves out, table -> columns or None for the whole table)."""
    articles, sources, rejects = frames["articles"], frames["sources"], frames["rejects"]
    notes = source_notes()
    with_source = stats.articles_by_source(articles, sources)
    periods = stats.source_periods(with_source).with_columns(
        pl.col("source_kind").replace_strict({k: v["publisher"] for k, v in notes.items()}, default=pl.col("source_kind"))
        .alias("publisher")
    ).select("publisher", "source_kind", "articles", "first_date", "last_date", "undated")
    by_year = (
        with_source.with_columns(pl.col("published_date").dt.year().cast(pl.String).fill_null("undated").alias("year"))
        .pivot(on="source_kind", index="year", values="article_id", aggregate_function="len")
        .fill_null(0)
        .sort("year")
    )
    by_language = stats.counts(articles, "language")
    quality = stats.quality(articles, sources, rejects)
    rejects_by_reason = stats.counts(rejects, "stage", "check")
    gaps = stats.coverage_gaps(with_source)
    version = row["dataset_version"]
    rules_used = ", ".join(f"{name} {value}" for name, value in json.loads(row["rules_version"]).items())
    share = lambda count: f"{count / max(quality['articles'], 1):.2%}"  # noqa: E731

    sections = [
        _front_matter(frames, by_language["language"].to_list(), left_out),
        f"# KCNA research dataset, version {version}" + (", without texts" if left_out else ""),
        "",
        *(left_out_section(left_out) if left_out else []),
        "## What it is",
        "",
        f"{quality['articles']:,} articles of the Korean Central News Agency (KCNA), the state news agency of the "
        "Democratic People's Republic of Korea, as clean tables for research: one row per distinct article "
        "(`articles`), the verbatim raw record behind every article (`sources`), every raw record that could not "
        "become an article with its stage and reason (`rejects`), and the manifest of dataset versions "
        "(`versions`). Column by column: [data_dictionary.md](data_dictionary.md).",
        "",
        "## Sources and their periods",
        "",
        markdown_table(periods),
        "",
        *[f"- **{note['publisher']}** (`{kind}`): {note['provenance']}." for kind, note in notes.items()
          if kind in periods["source_kind"].to_list()],
        "",
        "## Counts",
        "",
        "By year and source (an article found in two raw forms counts under the first):",
        "",
        markdown_table(by_year),
        "",
        "By language (identified from the text):",
        "",
        markdown_table(by_language),
        "",
        "## How it was built",
        "",
        f"- dataset version: {version}, committed {row['created_at']:%Y-%m-%d %H:%M} UTC (trigger `{row['trigger']}`)",
        f"- code version: `{row['code_version']}`",
        f"- input fingerprint: `{row['input_fingerprint']}` (sha256 over path, size and sha256 of every raw file)",
        f"- raw files seen: {row['raw_files_seen']:,}; raw records read in this version's build: {row['raw_records_read']:,}",
        f"- rules and lexicons: {rules_used}",
        "",
        "Raw files are read, parsed, validated against the table models and enriched (language, counts); every raw "
        "record ends in exactly one `sources` row or one `rejects` row.",
        "",
        "## Known limitations",
        "",
        f"- **Coverage gaps.** The sources are scrapes, not the agency's archive; days are missing. Longest runs of "
        f"days without a dated article (14 days or more):",
        "",
        markdown_table(gaps) if gaps.height else "  none of 14 days or more.",
        "",
        f"- **Encoding damage.** {quality['replacement_char_articles']:,} articles ({share(quality['replacement_char_articles'])}) "
        "hold U+FFFD where an upstream encoding broke (mostly quotes): `has_replacement_char`.",
        f"- **Duplicates.** {quality['articles_with_several_sources']:,} articles were found in more than one raw record "
        f"({quality['duplicate_source_records']:,} extra records, e.g. one kcna.kp story listed under several topics); "
        "`articles` holds each once, `sources` every record. Near-duplicates (rewrites) are not merged.",
        f"- **Title mismatches.** {quality['title_mismatches']:,} source records carry a list-page title that differs "
        "from the title in the text (`sources.title_mismatch`); `articles.title` is the text's.",
        f"- **Undated articles.** {quality['undated_articles']:,} articles have no publication date (`date_source = 'none'`).",
        f"- **Rejected records.** {quality['rejects']:,} raw records did not become articles:",
        "",
        markdown_table(rejects_by_reason) if rejects.height else "  none.",
        "",
        "## Licence notes",
        "",
        *[f"- **{note['publisher']}**: {note['licence']}. {note['licence_note']}" for note in notes.values()],
        "- The code that built this release is MIT-licensed.",
        "",
        "## How to cite",
        "",
        "```bibtex",
        f"@misc{{kcna_dataset_v{version},",
        "  title  = {KCNA research dataset},",
        f"  note   = {{Dataset version {version}, code {row['code_version']}, input {row['input_fingerprint'][:12]}}},",
        f"  year   = {{{row['created_at']:%Y}}},",
        "}",
        "```",
        "",
        "Cite the dataset version and input fingerprint: together they name exactly these rows.",
        "",
        "## How to load",
        "",
        LOAD_SNIPPETS,
        "",
    ]
    return "\n".join(sections)

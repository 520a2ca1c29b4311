"""One batch of raw files through every stage: extract -> parse -> validate -> enrich, staged as Parquet.

The flow (flows/pipeline.py) runs `run_batch` once per batch in a task and hands publish the staged
paths, never frames: Prefect then neither pickles nor hashes corpora.
"""

from __future__ import annotations

import dataclasses
import io
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import polars as pl

from kcna_dataset.fields import article_type, issuer, language, near_duplicates
from kcna_dataset.schemas.arrow import arrow_schema
from kcna_dataset.schemas.tables import TABLES
from kcna_dataset.stages import enrich, extract, parse, stories, validate
from kcna_dataset.orchestration import faults

BATCH_BYTES = 8_000_000
"""Raw bytes per batch (~12,000 records of the gzipped day files): bounds memory whatever the corpus size,
and gives two threads enough batches to share (sizes tried: docs/benchmarks.md)."""

STAGED_TABLES = ("articles", "sources", "rejects", *enrich.DERIVED_TABLES)
"""The tables whose rows the batches stage (near_duplicates compares the staged signatures, later)."""


@dataclasses.dataclass(frozen=True)
class Staged:
    """A batch's output: the rows passed on and the rows rejected."""

    rows: Path
    rejects: Path
    tables: dict[str, Path] = dataclasses.field(default_factory=dict)
    """Rows of derived tables staged beside the batch (enrich: mentions, quotes, minhash_signatures)."""
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)
    """Time each stage spent on this batch (staging writes count in the batch's last stage)."""
    files: int = 0
    records: int = 0
    """Raw files read and records found (rows and rejects) by extract: the progress line, and the count
    that publish checks against the rows kept and rejected."""

    def path(self, table: str) -> Path:
        """The staged file that holds this batch's rows of a table."""
        if table in ("articles", "sources"):
            return self.rows
        return self.rejects if table == "rejects" else self.tables[table]


class Laps:
    """Seconds per stage within one batch."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def write_staged(frame: pl.DataFrame, path: Path) -> None:
    """Write a staging file: uncompressed, without statistics (read once, soon, on the same disk).

    Through Python's own file write: on a full disk polars reports only 'Invalid thrift: transport
    error', while a Python write raises OSError(ENOSPC), which `kcna build` turns into one clear line.
    """
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="uncompressed", statistics=False)
    path.write_bytes(buffer.getbuffer())


def run_batch(raw: Path, staging: Path, name: str, files: extract.FileBatch,
              hand_over: Callable[[str, Path], object] | None = None) -> Staged:
    """Read one batch of raw files, then parse, validate and enrich its records: derived columns of its
    articles, its rows of mentions, quotes and MinHash signatures, and the rejects of every stage.

    `hand_over`, if given, is called before enrich with ("sources", a staged file of the batch's valid rows)
    and ("minhash_signatures", its staged signatures, which need only the bodies): a refresh computes its
    stories and its near-duplicate pairs from them while the batch enriches."""
    laps = Laps()
    records, extract_rejects = extract.extract_files(raw, files)
    laps.lap("extract")
    faults.reach("parse")
    parsed, parse_rejects = parse.parse_records(records)
    laps.lap("parse")
    valid, validate_rejects = validate.validate_articles(parsed)
    folder = staging / "batches"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {table: folder / f"{name}.{table}.parquet" for table in enrich.DERIVED_TABLES}
    if hand_over is not None:
        valid_path = folder / f"{name}.valid.parquet"
        write_staged(valid, valid_path)
        hand_over("sources", valid_path)
    laps.lap("validate")
    signatures = None
    if hand_over is not None:
        signatures = near_duplicates.signatures(valid)
        write_staged(signatures, paths["minhash_signatures"])
        hand_over("minhash_signatures", paths["minhash_signatures"])
    enriched = enrich.enrich_articles(valid)
    enriched = stories.with_article_story(enriched)  # publish flags the texts that are not latest
    derived = enrich.derived_tables(enriched, signatures)
    rejects = pl.concat([extract_rejects, parse_rejects, validate_rejects])
    staged = Staged(folder / f"{name}.parquet", folder / f"{name}.rejects.parquet", paths, laps.seconds,
                    files=len(files), records=records.height + extract_rejects.height)
    write_staged(enriched, staged.rows)
    write_staged(rejects, staged.rejects)
    for table, frame in derived.items():
        if table != "minhash_signatures" or signatures is None:  # staged already, if handed over
            write_staged(frame, paths[table])
    laps.lap("enrich")
    return staged


def prepare() -> None:
    """Run parse, validate and enrich once on no records: what they set up once per process (pandera's
    checks, the gazetteer and lexicon patterns) is then ready for the first batch, as are the language
    tables and every table's declared schema, which a run of no records leaves unloaded."""
    records = pl.DataFrame(schema=extract.RECORD_SCHEMA)
    valid, _ = validate.validate_articles(parse.parse_records(records)[0])
    enrich.derived_tables(enrich.enrich_articles(valid))
    language.prepare()
    article_type.prepare()  # the patterns a few articles are matched with, row by row (ROW_BY_ROW_MAX)
    issuer.prepare()
    for table in TABLES:
        arrow_schema(table)


@dataclasses.dataclass(frozen=True)
class Pairs:
    """The near-duplicate pairs staged for publish, and the seconds spent finding them."""

    path: Path
    seconds: float


def find_pairs(signature_paths: list[Path], stored: Iterable[pa.RecordBatch] | None, staging: Path,
               stored_ids: pl.Series | None = None) -> Pairs:
    """Pairs of near-duplicate articles that involve a new article of the batches' staged signatures
    (`signature_paths`, the batches' `path("minhash_signatures")`); `stored` are the stored
    signatures (article_id, minhash) to compare with, read batch by batch (None in a full build): only those
    that share a band key with a new one are kept. `stored_ids`, the article ids of those signatures: an
    article of `batches` already stored (a record seen again) is not new, and its pairs are stored."""
    started = time.perf_counter()
    signatures = [pl.read_parquet(path) for path in signature_paths]
    new = pl.concat(signatures) if signatures else pl.DataFrame(schema=near_duplicates.SIGNATURE_SCHEMA)
    if stored_ids is not None:
        new = new.filter(~pl.col("article_id").is_in(stored_ids.implode()))
    # No new signatures (a refresh that only saw files vanish or records seen before): nothing to compare,
    # old signatures unread.
    existing = near_duplicates.stored_candidates(stored, new) if stored is not None and new.height else None
    pairs = near_duplicates.find_pairs(new, existing)
    staging.mkdir(parents=True, exist_ok=True)
    path = staging / "near_duplicates.parquet"
    write_staged(pairs, path)
    return Pairs(path, time.perf_counter() - started)

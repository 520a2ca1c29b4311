"""`kcna export`: a release folder that reads without this project, validated as a Frictionless Data Package."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from kcna_dataset.products import release
from kcna_dataset.storage import store
from kcna_dataset.cli.main import main as kcna
from kcna_dataset.schemas.keys import COLLECT_LEDGER_TABLE, LEDGER_TABLE
from kcna_dataset.schemas.tables import TABLES

RELEASED = [table for table in TABLES if table not in (LEDGER_TABLE, COLLECT_LEDGER_TABLE)]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def released(two_versions: Path, tmp_path_factory) -> Path:
    """Dataset version 1 of a two-version output folder, exported."""
    to = tmp_path_factory.mktemp("release") / "kcna-v1"
    assert kcna(["export", "--out", str(two_versions), "--version", "1", "--to", str(to)]) == 0
    return to


def test_release_holds_every_table_of_its_version_as_plain_parquet(released: Path, two_versions: Path):
    # Every table but the ledger, which is the build's bookkeeping of raw files, not data.
    assert sorted(p.name for p in (released / "data").iterdir()) == sorted(f"{t}.parquet" for t in RELEASED)
    for table in RELEASED:
        path = released / "data" / f"{table}.parquet"
        expected = store.load(table, version=1, out=two_versions)
        if table == "versions":
            expected = expected.filter(pl.col("dataset_version") <= 1)
        assert pl.read_parquet(path).sort(pl.all()).equals(expected.sort(pl.all()))
        parquet = pq.ParquetFile(path)
        assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
        schema = parquet.schema_arrow
        declared = TABLES[table].to_schema().columns
        assert {f.name: f.metadata[b"description"].decode() for f in schema} == {
            name: column.description for name, column in declared.items()
        }
        assert schema.metadata[b"dataset_version"] == b"1"


def test_datapackage_is_valid_for_frictionless_and_checks_the_data(released: Path):
    import frictionless

    report = frictionless.validate(released / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "type", "note", "fieldName", "cell"])
    descriptor = json.loads((released / "datapackage.json").read_text())
    assert sorted(r["name"] for r in descriptor["resources"]) == sorted(RELEASED)
    articles = descriptor["resources"][0]
    assert articles["schema"]["primaryKey"] == ["article_id"]
    fields = {field["name"]: field for field in articles["schema"]["fields"]}
    assert fields["published_date"]["type"] == "date" and not fields["published_date"]["constraints"]["required"]
    assert fields["language"]["constraints"]["enum"][:2] == ["en", "es"]
    assert descriptor["kcna"]["dataset_version"] == 1

    # The schema is not decoration: frictionless rejects data that breaks it.
    fields["title"]["constraints"]["maxLength"] = 3
    broken = released.parent / "broken-datapackage.json"
    broken.write_text(json.dumps(descriptor | {"resources": [articles | {"path": str(released / articles["path"])}]}))
    assert not frictionless.validate(broken).valid


def test_sha256sums_cover_every_file_and_catch_a_changed_byte(released: Path, tmp_path: Path):
    listed = [line.split("  ", 1)[1] for line in (released / "SHA256SUMS").read_text().splitlines()]
    on_disk = sorted(p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file())
    assert sorted(listed + ["SHA256SUMS"]) == on_disk
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=released).returncode == 0
    assert release.verify_checksums(released) == []

    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(released), str(copy)], check=True)
    card = copy / "README.md"
    card.write_text(card.read_text() + " ")
    (copy / "extra.txt").write_text("not released")
    assert release.verify_checksums(copy) == ["README.md", "extra.txt"]


def test_dataset_card_gives_counts_build_and_limitations_from_the_version(released: Path, two_versions: Path):
    card = (released / "README.md").read_text()
    row = store.version_row(two_versions, 1)
    articles = store.load("articles", version=1, out=two_versions)
    assert card.startswith("---\npretty_name: KCNA research dataset\n")
    assert "  data_files: data/articles.parquet\n  default: true" in card
    assert "# KCNA research dataset, version 1" in card
    assert f"{articles.height:,} articles of the Korean Central News Agency" in card
    assert row["input_fingerprint"] in card and row["code_version"] in card
    assert "| kcna.co.jp (KCNA's Japan mirror) | kcna_co_jp_day | 5 | 1997-01-01 | 2005-06-10 | 0 |" in card
    for section in ("## Known limitations", "**Encoding damage.**", "**Duplicates.**", "**Title mismatches.**",
                    "## Licence notes", "CC0", "## How to cite", "@misc{kcna_dataset_v1", "read_parquet"):
        assert section in card
    assert "| parse | empty_text | 2 |" in card
    assert (released / "data_dictionary.md").read_text().count("| `article_id` |") == 8  # articles, sources, the five derived tables and revisions


def test_release_loads_with_polars_pandas_duckdb_and_pyarrow(released: Path, two_versions: Path):
    import duckdb
    import pandas as pd
    import pyarrow.dataset as ds

    live_v1 = store.load("articles", version=1, out=two_versions)
    # docs/loading.md, release folder:
    from_store = store.load("articles", out=released)
    from_pandas = pd.read_parquet(released / "data" / "articles.parquet")
    from_duckdb = duckdb.sql(f"select count(*) from '{released}/data/articles.parquet'").fetchall()[0][0]
    from_arrow = pq.read_table(released / "data" / "articles.parquet")
    lazily = store.scan("articles", out=released).filter(pl.col("language") == "en").collect()
    assert from_store.sort("article_id").equals(live_v1.sort("article_id"))
    assert len(from_pandas) == from_duckdb == from_arrow.num_rows == live_v1.height
    assert lazily.height == live_v1.filter(pl.col("language") == "en").height
    # docs/loading.md, live tables:
    live_pandas = store.load("articles", version=2, out=two_versions).to_pandas()
    live_duckdb = duckdb.sql(f"select count(*) from read_parquet({store.file_uris('articles', 2, two_versions)!r})").fetchall()[0][0]
    live_arrow = ds.dataset(store.file_uris("articles", 2, two_versions)).to_table()
    assert len(live_pandas) == live_duckdb == live_arrow.num_rows == live_v1.height + 1
    with pytest.raises(store.StoreError, match="holds dataset version 1, not 2"):
        store.load("articles", version=2, out=released)


def test_export_errors_are_one_line(two_versions: Path, released: Path, tmp_path: Path, capsys):
    assert kcna(["export", "--out", str(two_versions), "--to", str(released)]) == 2
    assert kcna(["export", "--out", str(two_versions), "--version", "9", "--to", str(tmp_path / "new")]) == 2
    assert kcna(["export", "--out", str(tmp_path / "nothing"), "--to", str(tmp_path / "new")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3 and all(line.startswith("kcna export: ") for line in lines)
    assert "exists and is not empty" in lines[0] and "dataset version 9 does not exist" in lines[1]
    assert "no dataset in" in lines[2]

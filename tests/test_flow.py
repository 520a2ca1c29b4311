"""The real build-dataset flow on a real (temporary) Prefect server; tables read back as users read them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from deltalake import DeltaTable

from kcna_dataset.storage import store
from kcna_dataset.cli.main import main as kcna
from kcna_dataset.schemas.keys import RECORD_KEYS

pytestmark = pytest.mark.usefixtures("prefect_server")


def _build(raw: Path, out: Path, **options) -> dict:
    from kcna_dataset.flows.pipeline import build_dataset

    return build_dataset(raw=str(raw), out=str(out), trigger="test", **options)


def test_build_writes_every_table_and_accounts_for_every_record(raw_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = _build(raw_dir, out)
    assert summary["dataset_version"] == 1
    articles = store.load("articles", out=out)
    sources = store.load("sources", out=out)
    rejects = store.load("rejects", out=out)
    # Nothing lost: every record read is a source row or a reject row.
    assert summary["raw_records_read"] == sources.height + rejects.height == 14
    # kcna.kp lists one story under two topics: two sources, one article.
    assert sources.height == articles.height + 1
    assert articles["article_id"].is_unique().all()
    assert set(sources["article_id"]) == set(articles["article_id"])
    assert sorted(rejects["check"].to_list()) == ["empty_text", "empty_text", "stub_text", "wrong_shape"]
    assert articles["first_version"].unique().to_list() == [1]
    row = store.latest(out)
    assert row["raw_records_read"] == 14 and row["trigger"] == "test"
    assert json.loads(row["rejects_by_reason"])["parse/empty_text"] == 2
    assert set(json.loads(row["delta_versions"])) == {*RECORD_KEYS, "ledger"}


def test_unchanged_input_adds_no_version_and_new_input_adds_one(raw_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    _build(raw_dir, out)
    assert _build(raw_dir, out)["dataset_version"] is None
    assert store.manifest(out).height == 1

    extra = raw_dir / "text" / "new_article.txt"
    extra.write_text("2 January, Juche113(2024)\n\nNew Article\n\nPyongyang, January 1 (KCNA) -- A new text arrived.\n")
    summary = _build(raw_dir, out)
    assert (summary["dataset_version"], summary["articles_added"], summary["sources_added"]) == (2, 1, 1)
    assert summary["rejects_added"] == 0  # the old rejects are not written twice

    v1, v2 = store.load("articles", version=1, out=out), store.load("articles", version=2, out=out)
    assert v2.height == v1.height + 1
    assert v2.filter(pl.col("first_version") == 2)["title"].to_list() == ["New Article"]


def test_users_load_tables_with_polars_pandas_and_duckdb(raw_dir: Path, tmp_path: Path):
    import duckdb
    import pandas as pd

    out = tmp_path / "out"
    _build(raw_dir, out)
    (raw_dir / "text" / "seed_press_statement.txt").unlink()
    _build(raw_dir, out, full=True)

    # The README's one-liners.
    latest = pl.read_delta(str(out / "articles"))
    first = pl.read_delta(str(out / "articles"), version=store.delta_version(out, "articles", 1))
    as_pandas = DeltaTable(str(out / "articles")).to_pandas()
    in_duckdb = duckdb.sql(f"select count(*) from read_parquet({store.file_uris('articles', 1, out)!r})").fetchall()[0][0]
    assert isinstance(as_pandas, pd.DataFrame)
    assert first.height == in_duckdb == latest.height + 1
    assert len(as_pandas) == latest.height


def test_interrupted_publish_is_rolled_back_by_the_next_build(raw_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    _build(raw_dir, out)
    committed = store.load("articles", out=out)
    # A build killed after writing a table but before its manifest row: the table is ahead of the manifest.
    from deltalake import write_deltalake

    write_deltalake(str(out / "articles"), committed.head(1).to_arrow(), mode="append")
    assert pl.read_delta(str(out / "articles")).height == committed.height + 1
    assert store.load("articles", out=out).height == committed.height  # readers of versions never see it

    summary = _build(raw_dir, out, full=True)
    assert any("restored" in note for note in summary["recovered"])
    assert pl.read_delta(str(out / "articles")).height == committed.height


def test_a_run_records_its_parameters_as_prefect_would(raw_dir: Path, tmp_path: Path):
    """The server holds a run's parameters as they were given; a Path is recorded as its text."""
    from prefect import Flow, get_client
    from prefect.client.schemas.sorting import FlowRunSort

    from kcna_dataset.flows.pipeline import build_dataset

    parameters = {"raw": str(raw_dir), "out": str(tmp_path / "out"), "full": True, "trigger": "test"}
    build_dataset(**parameters)
    with get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(sort=FlowRunSort.END_TIME_DESC, limit=1)
    assert run.parameters == Flow.serialize_parameters(build_dataset, parameters) == parameters
    assert build_dataset.serialize_parameters({**parameters, "raw": raw_dir}) == parameters


def test_cli_build_and_versions(raw_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert kcna(["build", "--raw", str(raw_dir), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "dataset version 1 written" in printed and "rejected 2: parse/empty_text" in printed
    assert kcna(["versions", "--out", str(out)]) == 0
    assert "      1  " in capsys.readouterr().out


def test_cli_user_errors_are_one_line(tmp_path: Path, capsys):
    assert kcna(["build", "--raw", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "raw folder" in err and "does not exist" in err

    stranger = tmp_path / "not-ours"
    stranger.mkdir()
    (stranger / "thesis.docx").write_text("mine")
    raw = tmp_path / "raw"
    shutil.copytree(Path(__file__).parent / "fixtures" / "raw", raw)
    assert kcna(["build", "--raw", str(raw), "--out", str(stranger)]) == 2
    assert "did not write" in capsys.readouterr().err

"""The same flow on prefect-dask's DaskTaskRunner (a LocalCluster of two worker processes) writes the
same tables as the default thread runner."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.storage import store
from kcna_dataset.schemas.keys import RECORD_KEYS

pytestmark = [pytest.mark.usefixtures("prefect_server"), pytest.mark.slow]


def _tables(out: Path) -> dict[str, pl.DataFrame]:
    return {table: store.load(table, out=out).sort(keys, nulls_last=True) for table, keys in RECORD_KEYS.items()}


def test_dask_local_cluster_writes_the_same_tables(raw_dir: Path, tmp_path: Path):
    from distributed import LocalCluster

    from kcna_dataset.flows.pipeline import build_dataset, task_runner

    # A re-run of the seed a day later, so that every table, near_duplicates included, has rows to compare.
    seed = (raw_dir / "text" / "seed_press_statement.txt").read_text()
    (raw_dir / "text" / "rerun_of_seed.txt").write_text(seed.replace("22 November", "23 November"))
    # And a leader's visit, for a row of appearances.
    (raw_dir / "text" / "leader_visit.txt").write_text(
        "3 March, Juche112(2023)\n\nKim Jong Un Visits Factory\n\nPyongyang, March 2 (KCNA) -- Kim Jong Un visited "
        "the Sinuiju Textile Mill.\n\nHe was accompanied by Jo Yong Won.\n")
    threads = build_dataset(raw=str(raw_dir), out=str(tmp_path / "threads"), trigger="test")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = build_dataset.with_options(task_runner=task_runner(dask_address=cluster.scheduler_address))
        dask = on_dask(raw=str(raw_dir), out=str(tmp_path / "dask"), trigger="test")

    assert dask["raw_records_read"] == threads["raw_records_read"] > 0
    expected, got = _tables(tmp_path / "threads"), _tables(tmp_path / "dask")
    for table in RECORD_KEYS:
        assert got[table].height > 0
        assert got[table].equals(expected[table]), table

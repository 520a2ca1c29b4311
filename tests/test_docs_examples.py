"""Every Python block of the README and docs/loading.md runs against a built dataset, and what it makes is checked.

A block runs in a folder laid out as the docs assume: `data/processed` (two dataset versions) and a release of
the latest version in `releases/kcna-v3`. Each variable a block defines must be one the checks know, so a new
example cannot slip in unchecked.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from kcna_dataset.cli.main import main as kcna
from kcna_dataset.storage import store
from tests.conftest import PROJECT_ROOT

PAGES = ("README.md", "docs/loading.md")


def python_blocks(page: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (PROJECT_ROOT / page).read_text(encoding="utf-8"), flags=re.S)


def _rows(value) -> int:
    return value.num_rows if hasattr(value, "num_rows") else len(value)


@pytest.fixture(scope="module")
def docs_folder(two_versions: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    shutil.copytree(two_versions, folder / "data" / "processed")
    assert kcna(["export", "--out", str(folder / "data" / "processed"), "--to", str(folder / "releases" / "kcna-v3")]) == 0
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_every_python_block_runs_and_gives_the_dataset(page: str, docs_folder: Path, monkeypatch):
    live = docs_folder / "data" / "processed"
    latest = store.load("articles", out=live)
    expected = {
        "articles": lambda v: _rows(v) == latest.height,
        "first": lambda v: v.height == store.load("articles", version=1, out=live).height == latest.height - 1,
        "english": lambda v: v.height == latest.filter(pl.col("language") == "en").height > 0
        and set(v["language"]) == {"en"},
        "manifest": lambda v: v["dataset_version"].to_list() == [1, 2],
        "released": lambda v: v.sort("article_id").equals(latest.sort("article_id")),
        "by_language": lambda v: dict(v) == dict(latest["language"].value_counts().iter_rows()),
        "table": lambda v: v.num_rows == latest.height,
        "current": lambda v: v.sort("article_id").equals(latest.filter(pl.col("is_latest_revision")).sort("article_id"))
        and v.height > 0,
    }
    blocks = python_blocks(page)
    assert blocks, f"{page} has no Python block"
    monkeypatch.chdir(docs_folder)
    for block in blocks:
        namespace: dict = {}
        for line in block.splitlines():  # each line stands alone in the docs: run it so, and check what it made
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            before = dict(namespace)
            exec(compile(line, page, "exec"), namespace)
            made = {name for name, value in namespace.items() if not name.startswith("__") and before.get(name) is not value}
            values = {name: namespace[name] for name in made if not hasattr(namespace[name], "__path__")}
            for name, value in values.items():
                if name in ("pl", "k", "duckdb", "pd", "ds", "pq"):
                    continue
                assert name in expected, f"{page}: `{line.strip()}` makes {name!r}, which no check covers"
                assert expected[name](value), f"{page}: `{line.strip()}` gave a wrong {name!r}"


DOCS = ("README.md", *sorted(str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "docs").glob("*.md")))


def test_every_link_of_the_docs_reaches_a_file_of_the_repository():
    """A relative link in the README or docs/ names a file that exists (a rule file renamed or held back is not
    left linked)."""
    broken = []
    for page in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", (PROJECT_ROOT / page).read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target) and not ((PROJECT_ROOT / page).parent / target).exists():
                broken.append(f"{page}: {target}")
    assert not broken


def test_the_tables_of_derived_columns_name_the_rules_and_models_in_use():
    """Each column table row names the version in use of the rule tables, model and combiner it links, so a reader
    who follows the link reads the rules that made the column."""
    from kcna_dataset.fields import genre_combiner, genre_model
    from kcna_dataset.fields.rules import RULES

    named, stale = 0, []
    for page in DOCS:
        for line in (PROJECT_ROOT / page).read_text(encoding="utf-8").splitlines():
            if not line.startswith("|"):
                continue
            linked = re.findall(r"rules/([a-z_]+)_(v\d+)\.csv\)", line)  # a row of a column table, not of a history
            for table, version in linked:
                named += 1
                if RULES.get(table) != version:
                    stale.append(f"{page}: {table}_{version} (in use: {RULES.get(table)})")
            for kind, current in (("genre_tfidf", genre_model.MODEL_VERSION), ("genre_combiner",
                                                                               genre_combiner.COMBINER_VERSION)):
                stale += [f"{page}: {found}" for found in re.findall(rf"\b{kind}_v\d+\b", line) if linked and found != current]
    assert named >= 8 and not stale, stale

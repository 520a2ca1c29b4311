"""The data dictionary is derived from the pandera models: every column of every table, described."""

from __future__ import annotations

import json
from pathlib import Path

import pandera.polars as pa
import pytest

from kcna_dataset.products import dictionary
from kcna_dataset.cli.main import main as kcna
from kcna_dataset.schemas.tables import TABLES, declared_columns


def test_every_column_of_every_table_has_a_description():
    undescribed = [
        f"{table}.{name}"
        for table, model in TABLES.items()
        for name, column in model.to_schema().columns.items()
        if not (column.description or "").strip()
    ]
    assert undescribed == [], f"columns without a description in schemas/tables.py: {undescribed}"
    assert all((model.__doc__ or "").strip() for model in TABLES.values()), "every table model needs a docstring"


def test_dictionary_lists_every_declared_column_in_markdown_and_json(tmp_path: Path):
    assert kcna(["dictionary", "--out", str(tmp_path)]) == 0
    machine = json.loads((tmp_path / "data_dictionary.json").read_text())
    markdown = (tmp_path / "data_dictionary.md").read_text()
    assert [table["name"] for table in machine["tables"]] == list(TABLES)
    for table in machine["tables"]:
        declared = declared_columns(table["name"])  # in the order written: own columns, then shared ones
        assert [column["name"] for column in table["columns"]] == list(declared)
        assert f"## `{table['name']}`" in markdown
        for column in table["columns"]:
            assert column["description"] == declared[column["name"]].description
            assert f"| `{column['name']}` | {column['type']} |" in markdown
    articles = {column["name"]: column for column in machine["tables"][0]["columns"]}
    assert articles["published_date"] == articles["published_date"] | {"type": "Date", "nullable": True}
    assert "isin: KCNA, KNS-KCNA, KNS, ATCC, ACNC" in articles["agency"]["checks"]


def test_a_table_added_later_appears_with_its_example_and_rule(monkeypatch: pytest.MonkeyPatch):
    class Mention(pa.DataFrameModel):
        """One row per entity named in an article."""

        article_id: str = pa.Field(description="The article.")
        entity: str = pa.Field(
            description="Canonical entity name.",
            metadata={"example": "Kim Jong Un", "rule": "agency_tags"},
        )

    # A name no real table has: the derived schemas are cached per table name.
    monkeypatch.setitem(TABLES, "mentions_added_later", Mention)
    built = dictionary.build()
    mentions = next(table for table in built["tables"] if table["name"] == "mentions_added_later")
    entity = mentions["columns"][1]
    assert (entity["example"], entity["rule"]) == ("Kim Jong Un", "agency_tags v2")
    assert "| `entity` | String | no | Canonical entity name. |  | `Kim Jong Un` | agency_tags v2 |" in dictionary.to_markdown(built)


def test_examples_come_from_the_data_where_the_model_gives_none():
    import polars as pl

    sample = pl.DataFrame({"title": [None, "Second title " + "x" * 100]})
    columns = {c["name"]: c for c in dictionary.table_columns("articles", sample)}
    assert columns["title"]["example"].startswith("Second title") and len(columns["title"]["example"]) == 80
    assert columns["body"]["example"] is None

"""The data dictionary: every column of every table, derived from the pandera models in schemas/tables.py.

Nothing here names a table or a column: a table added to `TABLES`, or a column added to a model, appears
in the dictionary (Markdown for people, JSON for machines) without a change to this module. A column's
example and the rule or lexicon that produced it come from its Field `metadata={"example": ..., "rule": ...}`;
where a model gives no example, one is taken from the data when a dataset is at hand.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from pathlib import Path

import polars as pl

from kcna_dataset.fields.rules import RULES
from kcna_dataset.schemas.arrow import arrow_schema, polars_schema
from kcna_dataset.schemas.keys import RECORD_KEYS
from kcna_dataset.schemas.tables import PRODUCTS, TABLES, declared_columns

EXAMPLE_CHARS = 80
"""Longer example values (bodies, raw texts) are cut to this many characters."""

MARKDOWN_NAME = "data_dictionary.md"
JSON_NAME = "data_dictionary.json"


def _check_text(check) -> str:
    """A pandera check as a short phrase: 'isin: KCNA, KNS', 'ge: 1', 'str_matches: ^[0-9a-f]{20}$'."""
    stats = {key: value for key, value in (check.statistics or {}).items() if value is not None}
    name = {"greater_than_or_equal_to": "ge", "less_than_or_equal_to": "le", "greater_than": "gt",
            "less_than": "lt", "equal_to": "eq", "not_equal_to": "ne"}.get(check.name, check.name)
    if "allowed_values" in stats:
        return f"{name}: {', '.join(map(str, stats['allowed_values']))}"
    stats.pop("include_min", None), stats.pop("include_max", None)
    if len(stats) == 1:
        return f"{name}: {next(iter(stats.values()))}"
    return f"{name}: " + ", ".join(f"{key}={value}" for key, value in stats.items())


def _rule_text(rule: str | None) -> str | None:
    """A rule named by its RULES key gains the version in use ('rhetoric_lexicon' -> 'rhetoric_lexicon v1')."""
    if rule is None:
        return None
    return f"{rule} {RULES[rule]}" if rule in RULES else str(rule)


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str) and len(value) > EXAMPLE_CHARS:
        return value[: EXAMPLE_CHARS - 1] + "…"
    return value


def _data_examples(frame: pl.DataFrame | None) -> dict:
    """The first non-null value of each column of a frame (an empty dict without one)."""
    if frame is None or frame.height == 0:
        return {}
    firsts = frame.select(pl.all().drop_nulls().first()).row(0, named=True)
    return {name: value for name, value in firsts.items() if value is not None}


def table_columns(table: str, sample: pl.DataFrame | None = None, left_out: tuple[str, ...] = ()) -> list[dict]:
    """One dict per column of `table` (but those `left_out`): name, types, nullability, uniqueness, checks,
    description, example, rule."""
    arrow = arrow_schema(table)
    dtypes = polars_schema(table)
    from_data = _data_examples(sample)
    columns = []
    for name, column in declared_columns(table).items():
        if name in left_out:
            continue
        metadata = column.metadata or {}
        example = metadata.get("example", from_data.get(name))
        columns.append({
            "name": name,
            "type": str(dtypes[name]),
            "arrow_type": str(arrow.field(name).type),
            "nullable": bool(column.nullable),
            "unique": bool(column.unique),
            "checks": [_check_text(check) for check in column.checks],
            "description": column.description or "",
            "example": _jsonable(example),
            "rule": _rule_text(metadata.get("rule")),
        })
    return columns


def product_columns(model) -> list[dict]:
    """One dict per column of a product's model (a table computed on demand, not stored): as table_columns."""
    return [{
        "name": name, "type": str(column.dtype), "nullable": bool(column.nullable), "unique": bool(column.unique),
        "checks": [_check_text(check) for check in column.checks], "description": column.description or "",
        "example": _jsonable((column.metadata or {}).get("example")), "rule": _rule_text((column.metadata or {}).get("rule")),
    } for name, column in model.to_schema().columns.items()]


def build(samples: dict[str, pl.DataFrame] | None = None, left_out: dict[str, tuple[str, ...] | None] | None = None) -> dict:
    """The whole dictionary as plain data; `samples` (table -> a few rows) supplies examples the models lack;
    `left_out` (table -> columns, or None for the whole table) is what a text-free release does not hold."""
    samples, left_out = samples or {}, left_out or {}
    return {
        "tables": [
            {
                "name": table,
                "description": (model.__doc__ or "").strip(),
                "record_key": RECORD_KEYS.get(table, []),
                "columns": table_columns(table, samples.get(table), left_out.get(table) or ()),
            }
            for table, model in TABLES.items()
            if not (table in left_out and left_out[table] is None)
        ],
        "products": [
            {"name": name, "description": inspect.cleandoc(model.__doc__ or ""), "columns": product_columns(model)}
            for name, model in PRODUCTS.items()
        ],
        "rules": dict(RULES),
    }


def _cell(value) -> str:
    """A value in a Markdown table cell: pipes escaped, newlines flattened."""
    if value is None or value == [] or value == "":
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(dictionary: dict) -> str:
    """The dictionary as Markdown: one section per table, one row per column."""
    lines = ["# Data dictionary", "",
             "Generated from the pandera models in `schemas/tables.py` (the one source of truth).", ""]
    for table in dictionary["tables"]:
        lines += [f"## `{table['name']}`", "", table["description"], ""]
        if table["record_key"]:
            lines += [f"Record key: {', '.join(f'`{key}`' for key in table['record_key'])}.", ""]
        lines += ["| column | type | nullable | description | checks | example | rule |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for column in table["columns"]:
            flags = "yes" if column["nullable"] else "no"
            checks = "; ".join(column["checks"] + (["unique"] if column["unique"] else []))
            example = f"`{_cell(column['example'])}`" if column["example"] is not None else ""
            lines.append(
                f"| `{column['name']}` | {column['type']} | {flags} | {_cell(column['description'])} | "
                f"{_cell(checks)} | {example} | {_cell(column['rule'])} |"
            )
        lines.append("")
    for product in dictionary.get("products", []):
        lines += [f"## `{product['name']}` (computed on demand)", "", product["description"].replace("\n", " "), "",
                  "| column | type | nullable | description | checks | example | rule |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for column in product["columns"]:
            example = f"`{_cell(column['example'])}`" if column["example"] is not None else ""
            lines.append(f"| `{column['name']}` | {column['type']} | {'yes' if column['nullable'] else 'no'} | "
                         f"{_cell(column['description'])} | {_cell('; '.join(column['checks']))} | {example} | {_cell(column['rule'])} |")
        lines.append("")
    rules = ", ".join(f"{name} {version}" for name, version in dictionary["rules"].items())
    lines += ["## Rules and lexicons", "", f"Versions in use: {rules}.", ""]
    return "\n".join(lines)


def write(folder: Path, samples: dict[str, pl.DataFrame] | None = None,
          left_out: dict[str, tuple[str, ...] | None] | None = None) -> list[Path]:
    """Write data_dictionary.md and data_dictionary.json into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    dictionary = build(samples, left_out)
    markdown, machine = folder / MARKDOWN_NAME, folder / JSON_NAME
    markdown.write_text(to_markdown(dictionary), encoding="utf-8")
    machine.write_text(json.dumps(dictionary, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return [markdown, machine]

"""Polars and Arrow schemas derived from the pandera models: the writer never infers a schema."""

from __future__ import annotations

import functools

import polars as pl
import pyarrow as pa_arrow

from kcna_dataset.schemas.tables import declared_columns


@functools.cache
def polars_schema(table: str) -> pl.Schema:
    """Column name -> polars dtype, in declaration order."""
    return pl.Schema({name: col.dtype.type for name, col in declared_columns(table).items()})


@functools.cache
def arrow_schema(table: str) -> pa_arrow.Schema:
    """The Parquet/Delta schema of a table, with nullability and descriptions as field metadata."""
    columns = declared_columns(table)
    empty = pl.DataFrame(schema=polars_schema(table)).to_arrow()
    fields = []
    for field in empty.schema:
        col = columns[field.name]
        # Delta stores large_string as string anyway; plain string keeps readers (R, DuckDB) simple.
        dtype = pa_arrow.string() if pa_arrow.types.is_large_string(field.type) else field.type
        dtype = pa_arrow.binary() if pa_arrow.types.is_large_binary(dtype) else dtype
        fields.append(
            pa_arrow.field(
                field.name, dtype, nullable=col.nullable, metadata={"description": col.description or ""}
            )
        )
    return pa_arrow.schema(fields)


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Select and cast a frame to the table's declared columns, in order; a missing column is an error."""
    schema = polars_schema(table)
    missing = [name for name in schema if name not in frame.columns]
    if missing:
        raise ValueError(f"{table}: frame lacks declared columns {missing}")
    return frame.select([pl.col(name).cast(dtype, strict=True) for name, dtype in schema.items()])


def empty(table: str) -> pl.DataFrame:
    """A frame with no rows and the table's schema."""
    return pl.DataFrame(schema=polars_schema(table))

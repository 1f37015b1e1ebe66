"""Atomic writes that work the same on DuckDB and PostgreSQL: stage the new rows in a table,
then replace the matching rows in one transaction (one multi-statement SQL string, which both
engines run atomically between BEGIN and COMMIT)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Mapping

import pyarrow as pa
import sqlglot as sg
import sqlglot.expressions as sge

from faelled.engine.database import Database


def _dialect(db: Database) -> str:
    return "postgres" if db.dialect == "postgres" else "duckdb"


def replace_where(
    db: Database, table: str, equals: Mapping[str, str | int], rows: pa.Table
) -> None:
    """Delete the rows of `table` where every column in `equals` has its value, and insert
    `rows`, atomically. `rows` must have the table's columns."""
    dialect = _dialect(db)
    staging = f"_stage_{table}_{secrets.token_hex(4)}"
    db.backend.create_table(staging, rows, temp=False)
    try:
        terms = [sg.column(col).eq(sge.convert(value)) for col, value in equals.items()]
        delete = sge.delete(table, where=sge.and_(*terms) if terms else None).sql(dialect)
        cols = ", ".join(sg.to_identifier(c).sql(dialect) for c in rows.column_names)
        insert = (
            f"INSERT INTO {sg.to_identifier(table).sql(dialect)} ({cols}) "
            f"SELECT {cols} FROM {sg.to_identifier(staging).sql(dialect)}"
        )
        db.raw_sql(f"BEGIN; {delete}; {insert}; COMMIT;")
    except Exception:
        # A failed statement leaves the transaction open (and aborted): close it, keep the error.
        with contextlib.suppress(Exception):
            db.raw_sql("ROLLBACK")
        raise
    finally:
        db.backend.drop_table(staging, force=True)


def append(db: Database, table: str, rows: pa.Table) -> None:
    db.backend.insert(table, rows)

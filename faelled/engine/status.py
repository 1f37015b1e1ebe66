"""What a database holds: engine, schema version, tables and row counts."""

from __future__ import annotations

from typing import Any

from faelled.engine.database import Database, open_database
from faelled.engine.migrations import schema_version
from faelled.settings import Settings


def status_of(db: Database) -> dict[str, Any]:
    return {
        "engine": db.dialect,
        "schema_version": schema_version(db),
        "tables": db.row_counts(),
    }


def database_status(settings: Settings) -> dict[str, Any]:
    with open_database(settings, read_only=settings.is_duckdb) as db:
        return status_of(db)

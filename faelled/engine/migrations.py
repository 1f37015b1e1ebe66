"""Versioned schema for the tables Fælled owns.

Each area (reference, ingest, kpi, survey, …) keeps its own ordered list of migrations with ids
"<area>:<n>" in its own module, and lists it in AREAS below. A migration runs once and is recorded
in `faelled_migrations`; later work appends migrations, never edits applied ones."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa

from faelled.engine.database import Database

MIGRATIONS_TABLE = "faelled_migrations"

# module path → attribute MIGRATIONS: list[Migration]; applied in this order.
AREAS: list[str] = [
    "faelled.reference.store",
    "faelled.ingest.store",
    "faelled.kpi.store",
    "faelled.kpi.catalogue",
    "faelled.survey.store",
    "faelled.access.store",
    "faelled.privacy.decisions",
]


@dataclass(frozen=True)
class Migration:
    id: str  # "<area>:<n>", e.g. "reference:1"
    name: str
    apply: Callable[[Database], None]


def all_migrations() -> list[Migration]:
    out: list[Migration] = []
    for path in AREAS:
        out.extend(importlib.import_module(path).MIGRATIONS)
    ids = [m.id for m in out]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate migration ids: {ids}")
    return out


def applied_ids(db: Database) -> set[str]:
    if not db.has_table(MIGRATIONS_TABLE):
        return set()
    return set(db.table(MIGRATIONS_TABLE).id.to_pyarrow().to_pylist())


def migrate(db: Database) -> list[Migration]:
    """Apply the migrations not yet applied; return them."""
    if not db.has_table(MIGRATIONS_TABLE):
        db.backend.create_table(
            MIGRATIONS_TABLE,
            schema=ibis.schema(
                {"id": dt.string, "name": dt.string, "applied_at": dt.Timestamp(timezone="UTC")}
            ),
        )
    done = applied_ids(db)
    applied = []
    for m in all_migrations():
        if m.id in done:
            continue
        m.apply(db)
        row = {"id": m.id, "name": m.name, "applied_at": datetime.now(UTC)}
        db.backend.insert(
            MIGRATIONS_TABLE,
            pa.Table.from_pylist(
                [row],
                schema=pa.schema(
                    [
                        ("id", pa.string()),
                        ("name", pa.string()),
                        ("applied_at", pa.timestamp("us", "UTC")),
                    ]
                ),
            ),
        )
        applied.append(m)
    return applied


def schema_version(db: Database) -> int:
    """How many migrations this database has applied."""
    return len(applied_ids(db))

"""Versioned schema for the tables Fælled owns. Each migration runs once, in order, and is
recorded in `faelled_migrations`; later issues append migrations, never edit old ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa

from faelled.engine.database import Database
from faelled.reference import reference

MIGRATIONS_TABLE = "faelled_migrations"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Database], None]


def _reference_tables(db: Database) -> None:
    """Reference data as real tables, so definitions that join on it compile to SQL that runs on
    every engine (DESIGN decision 2)."""
    ref = reference()
    tables = {
        "ref_municipalities": [m.as_dict() for m in ref.municipalities],
        "ref_regions": [
            {"code": r.code, "dst_code": r.dst_code, "name": r.name, "name_en": r.name_en}
            for r in ref.regions
        ],
        "ref_kommunegrupper": [
            {"code": g.code, "name": g.name, "name_en": g.name_en} for g in ref.kommunegrupper
        ],
        "ref_landsdele": [
            {"code": ld.code, "name": ld.name, "dst_region_code": ld.dst_region_code}
            for ld in ref.landsdele
        ],
    }
    for name, rows in tables.items():
        db.backend.create_table(name, pa.Table.from_pylist(rows), overwrite=True)


MIGRATIONS: list[Migration] = [
    Migration(1, "reference tables", _reference_tables),
]


def applied_versions(db: Database) -> set[int]:
    if not db.has_table(MIGRATIONS_TABLE):
        return set()
    t = db.table(MIGRATIONS_TABLE)
    return {int(v) for v in t.version.to_pyarrow().to_pylist()}


def migrate(db: Database) -> list[Migration]:
    """Apply the migrations not yet applied; return them."""
    if not db.has_table(MIGRATIONS_TABLE):
        db.backend.create_table(
            MIGRATIONS_TABLE,
            schema=ibis.schema(
                {"version": dt.int32, "name": dt.string, "applied_at": dt.Timestamp(timezone="UTC")}
            ),
        )
    done = applied_versions(db)
    applied = []
    for m in MIGRATIONS:
        if m.version in done:
            continue
        m.apply(db)
        db.backend.insert(
            MIGRATIONS_TABLE,
            pa.Table.from_pylist(
                [{"version": m.version, "name": m.name, "applied_at": datetime.now(UTC)}],
                schema=pa.schema(
                    [
                        ("version", pa.int32()),
                        ("name", pa.string()),
                        ("applied_at", pa.timestamp("us", "UTC")),
                    ]
                ),
            ),
        )
        applied.append(m)
    return applied


def schema_version(db: Database) -> int:
    return max(applied_versions(db), default=0)

"""Reference data as real tables in the database, so definitions that join on it compile to SQL
that runs on every engine (DESIGN decision 2)."""

from __future__ import annotations

import pyarrow as pa

from faelled.engine.database import Database
from faelled.engine.migrations import Migration
from faelled.reference.tables import reference


def load_reference_tables(db: Database) -> None:
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


MIGRATIONS = [Migration("reference:1", "reference tables", load_reference_tables)]

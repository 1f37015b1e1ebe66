"""Row-level reads: the only way personal data leaves its table. Each read is checked by the
policy, needs a stated purpose, and is audited with that purpose and the number of rows."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from faelled.access.audit import AuditLog, Export, RowRead
from faelled.access.policy import Actor, check
from faelled.catalog.contracts import ColumnType, Contract
from faelled.engine.database import Database
from faelled.errors import InputError, NotFound

MIN_PURPOSE = 5
MAX_ROWS = 10_000


def municipality_column(contract: Contract) -> str | None:
    for column in contract.columns:
        if column.type is ColumnType.municipality:
            return column.name
    return None


def require_purpose(purpose: str | None) -> str:
    text = (purpose or "").strip()
    if len(text) < MIN_PURPOSE:
        raise InputError(
            "Angiv formålet med opslaget / state the purpose of this read.",
            hint="Formålet skrives i audit-loggen, fx 'kvalitetssikring af levering 2025'.",
        )
    return text[:500]


def read_rows(
    db: Database,
    actor: Actor,
    contract: Contract,
    municipality: str,
    *,
    purpose: str | None,
    limit: int = 1000,
    offset: int = 0,
    export_format: str | None = None,
    audit: AuditLog | None = None,
) -> pa.Table:
    """One municipality's rows of a dataset, for its own analysts and stewards."""
    action: Any = "export" if export_format else "read"
    check(actor, action, f"rows:{contract.name}:{municipality}")
    why = require_purpose(purpose)
    column = municipality_column(contract)
    if column is None or not db.has_table(contract.name):
        raise NotFound(f"Datasættet {contract.name} har ingen rækker endnu / has no rows yet.")
    t = db.table(contract.name)
    t = t.filter(t[column] == municipality)
    order = [c for c in contract.keys if c in t.columns] or list(t.columns[:1])
    result: pa.Table = t.order_by(order).limit(min(limit, MAX_ROWS), offset=offset).to_pyarrow()
    log = audit or AuditLog(db)
    log.record(actor, RowRead(contract.name, municipality, why, result.num_rows))
    if export_format:
        log.record(
            actor,
            Export(
                f"rows:{contract.name}:{municipality}",
                export_format,
                result.num_rows,
                purpose=why,
                municipality=municipality,
            ),
        )
    return result

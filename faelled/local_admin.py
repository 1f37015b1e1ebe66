"""What the local administrator (the command line) asks of the database, one function per
question: `kpi show|values|search|import-catalogue`, `peers`, `benchmark` and `audit export`.
The CLI runs them on the DuckDB file when no server holds it; otherwise the server runs the very
same functions behind its local-token routes (faelled/web/system_reads.py, DESIGN decision 4), so
both paths give the same answer, byte for byte, and audit the same way."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from faelled.access import Actor
from faelled.errors import NotFound

if TYPE_CHECKING:
    from faelled.catalog.kpis import KPI
    from faelled.engine import Database
    from faelled.settings import Settings


def area_values(db: Database, kpi_id: str, code: str) -> list[dict[str, Any]]:
    """A municipality's totals (no breakdown) of one key figure, period by period."""
    if not db.has_table("kpi_values"):
        return []
    kv = db.table("kpi_values")
    expr = kv.filter(
        (kv.kpi == kpi_id)
        & (kv.area_type == "municipality")
        & (kv.area == code)
        & (kv.breakdown == "")
    ).order_by("period")
    rows: list[dict[str, Any]] = expr.select("period", "value", "n").to_pyarrow().to_pylist()
    return rows


def public_values(db: Database, kpi: KPI, period: str | None) -> list[dict[str, Any]]:
    """One key figure for all municipalities in `period` (default: the latest), disclosed as the
    public sees it: suppressed values are None. Sorted by municipality code."""
    from faelled.privacy.disclosure import KpiRows, disclose

    rows: list[dict[str, Any]] = []
    if db.has_table("kpi_values"):
        kv = db.table("kpi_values")
        # Every area and breakdown: suppression is decided on the full table.
        rows = kv.filter(kv.kpi == kpi.id).to_pyarrow().to_pylist()
    if not rows:
        raise NotFound(
            f"{kpi.id} har ingen værdier endnu / has no values yet.",
            hint="Kør 'faelled compute' først.",
        )
    chosen = period or max(r["period"] for r in rows)
    totals = [
        r
        for r in rows
        if r["period"] == chosen and r["area_type"] == "municipality" and r["breakdown"] == ""
    ]
    shown = disclose(Actor.public(), KpiRows(kpi.id, rows), kpi, totals)
    return [
        {"area": r["area"], "value": None if r["value"] is None else float(r["value"])}
        for r in sorted(shown, key=lambda r: int(r["area"]))
    ]


def search_catalogue(
    db: Database | None, settings: Settings, text: str, domain: str | None, limit: int
) -> list[dict[str, Any]]:
    """Fælled's key figures and the imported ones (none without a database), by title."""
    from faelled.catalog.kpis import load_kpis
    from faelled.kpi.catalogue import Catalogue, external_entries, faelled_entries

    entries = faelled_entries(load_kpis(settings).values())
    if db is not None:
        entries += external_entries(db)
    return [e.as_dict() for e in Catalogue(entries).search(text, domain=domain, limit=limit)]


def import_catalogue(db: Database, entries: list[dict[str, Any]], source: str) -> int:
    """Replace the catalogue entries from `source` (read from its file by the CLI)."""
    from faelled.kpi.catalogue import Entry, import_entries

    return import_entries(db, [Entry(**e) for e in entries], source)


def peers(
    db: Database,
    code: str,
    domain: str | None,
    k: int,
    indicators: list[str],
    weights: dict[str, float],
) -> dict[str, Any]:
    """Computed comparable municipalities, from the installation's covariates."""
    from faelled.benchmark.data import read_covariates
    from faelled.benchmark.report import peer_group

    group = peer_group(
        read_covariates(db), code, domain, k=k, indicators=indicators, weights=weights
    )
    return group.as_dict()


def benchmark(
    db: Database, kpi: KPI, municipality: str, period: str | None, k: int
) -> dict[str, Any]:
    """A municipality's standing on one key figure."""
    from faelled.benchmark.report import benchmark as run
    from faelled.benchmark.report import read_inputs

    return run(read_inputs(db, kpi.id), kpi, municipality, period, k=k).as_dict()


def export_audit(
    db: Database, actor: Actor, fmt: str, municipality: str | None, since: date | None
) -> tuple[str, int]:
    """The audit log as CSV or JSON text, oldest first; the export is audited itself."""
    from faelled.access import check
    from faelled.access.audit import AuditLog, Export

    check(actor, "export", "audit")
    log = AuditLog(db)
    start = datetime.combine(since, datetime.min.time(), UTC) if since else None
    entries = log.entries(municipality=municipality, since=start, newest_first=False)
    text = (
        log.export_csv(entries)
        if fmt == "csv"
        else json.dumps([e.public() for e in entries], ensure_ascii=False, indent=1)
    )
    log.record(actor, Export("audit", fmt, len(entries), municipality=municipality))
    return text, len(entries)

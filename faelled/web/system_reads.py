"""The local administrator's key-figure, benchmark and export routes: what `faelled kpi show|
values|search|import-catalogue`, `faelled peers`, `faelled benchmark` and `faelled audit export`
ask a running server that owns the DuckDB file (DESIGN decision 4). Authenticated by the local
token in FAELLED_HOME/server.json, like `system.info`. Each route calls the same function in
faelled/local_admin.py as the CLI's local path, so the answer (and the audit entry) is the same;
the public API answers the public, these answer the operator."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from faelled import local_admin as ask
from faelled.access.policy import Actor, check
from faelled.engine import Database
from faelled.web.deps import database
from faelled.web.system import local_admin

router = APIRouter(prefix="/api/v1/system", tags=["system"], include_in_schema=False)
LocalAdmin = Annotated[Actor, Depends(local_admin)]
Db = Annotated[Database, Depends(database)]
Text = Annotated[str, Field(max_length=500)]


class CatalogueIn(BaseModel):
    source: Annotated[str, Field(max_length=50)]
    entries: list[dict[str, Any]] = Field(max_length=100_000)


class AuditExportIn(BaseModel):
    format: Annotated[str, Field(max_length=10)] = "csv"
    municipality: Text | None = None
    since: date | None = None


def _kpi(kpi_id: str, request: Request) -> Any:
    from faelled.catalog.kpis import get_kpi

    return get_kpi(kpi_id, request.app.state.settings)


@router.get("/kpis/{kpi_id}/values/{code}")
def kpi_area_values(
    kpi_id: str, code: str, actor: LocalAdmin, db: Db, request: Request
) -> list[dict[str, Any]]:
    check(actor, "read", "system:kpis")
    return ask.area_values(db, _kpi(kpi_id, request).id, code)


@router.get("/kpis/{kpi_id}/public-values")
def kpi_public_values(
    kpi_id: str, actor: LocalAdmin, db: Db, request: Request, period: str | None = None
) -> list[dict[str, Any]]:
    check(actor, "read", "system:kpis")
    return ask.public_values(db, _kpi(kpi_id, request), period)


@router.get("/catalogue")
def catalogue(
    actor: LocalAdmin,
    db: Db,
    request: Request,
    text: str = "",
    domain: str | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    check(actor, "read", "system:kpis")
    return ask.search_catalogue(db, request.app.state.settings, text, domain, limit)


@router.post("/catalogue")
def catalogue_import(body: CatalogueIn, actor: LocalAdmin, db: Db) -> dict[str, int]:
    check(actor, "write", "system:catalogue")
    return {"imported": ask.import_catalogue(db, body.entries, body.source)}


@router.get("/peers/{code}")
def peers(
    code: str,
    actor: LocalAdmin,
    db: Db,
    domain: str | None = None,
    k: int = 10,
    indicator: Annotated[list[str] | None, Query(max_length=50)] = None,
    weight: Annotated[list[str] | None, Query(max_length=50)] = None,
) -> dict[str, Any]:
    """`indicator` and `weight` come in pairs ("" for no weight), as the CLI parsed them."""
    check(actor, "read", "system:benchmark")
    names = indicator or []
    weights = {n: float(w) for n, w in zip(names, weight or [], strict=False) if w}
    return ask.peers(db, code, domain, k, names, weights)


@router.get("/benchmark")
def benchmark(
    actor: LocalAdmin,
    db: Db,
    request: Request,
    municipality: Annotated[str, Query(max_length=200)],
    kpi: str,
    period: str | None = None,
    k: int = 10,
) -> dict[str, Any]:
    check(actor, "read", "system:benchmark")
    return ask.benchmark(db, _kpi(kpi, request), municipality, period, k)


@router.post("/audit/export")
def audit_export(body: AuditExportIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    text, count = ask.export_audit(db, actor, body.format, body.municipality, body.since)
    return {"text": text, "count": count}

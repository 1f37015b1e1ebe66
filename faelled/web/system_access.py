"""The local administrator's access routes: what `faelled audit verify`, `faelled users list` and
`faelled agreements list` ask a running server that owns the DuckDB file (DESIGN decision 4).
Authenticated by the local token in FAELLED_HOME/server.json, like `system.info`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from faelled.access.agreements import list_agreements
from faelled.access.audit import AuditLog
from faelled.access.policy import Actor, check
from faelled.access.users import list_users
from faelled.engine import Database
from faelled.web.deps import database
from faelled.web.system import local_admin

router = APIRouter(prefix="/api/v1/system", tags=["system"], include_in_schema=False)
LocalAdmin = Annotated[Actor, Depends(local_admin)]
Db = Annotated[Database, Depends(database)]


@router.get("/audit/verify")
def audit_verify(actor: LocalAdmin, db: Db) -> dict[str, Any]:
    check(actor, "admin", "audit")
    result = AuditLog(db).verify()
    return {
        "ok": result.ok,
        "rows": result.rows,
        "head": result.head,
        "problems": [{"seq": p.seq, "message": p.message} for p in result.problems],
    }


@router.get("/audit/scan")
def audit_scan(actor: LocalAdmin, db: Db, request: Request) -> list[dict[str, Any]]:
    from faelled.privacy.scan import scan_database, scan_files

    check(actor, "admin", "audit")
    findings = scan_database(db) + scan_files(request.app.state.settings.home)
    return [{"where": f.where, "count": f.count} for f in findings]


@router.get("/users")
def users(actor: LocalAdmin, db: Db) -> list[dict[str, Any]]:
    return [u.public() for u in list_users(db, actor)]


@router.get("/agreements")
def agreements(actor: LocalAdmin, db: Db) -> list[dict[str, Any]]:
    return [a.public() for a in list_agreements(db, actor)]

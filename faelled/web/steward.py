"""The steward's API and pages: agreements, the audit log, data-subject access reports, row-level
reads with a purpose, and one's own API tokens. Every route asks the policy first."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from faelled.access.agreements import (
    add_agreement,
    end_agreement,
    list_agreements,
)
from faelled.access.audit import AuditLog, Export
from faelled.access.policy import Actor, Forbidden, check, is_allowed
from faelled.access.rows import read_rows
from faelled.access.sessions import issue_token, list_tokens, revoke_token
from faelled.access.subject import Pseudonymise, subject_access_report
from faelled.access.users import list_users
from faelled.catalog.contracts import Domain, get_contract, load_contracts
from faelled.engine import Database
from faelled.errors import FaelledError
from faelled.reference import resolve
from faelled.web.deps import database
from faelled.web.pages import render
from faelled.web.security import csrf_token_for, current_actor

api = APIRouter(prefix="/api/v1", tags=["access"])
pages = APIRouter(include_in_schema=False)

ActorDep = Annotated[Actor, Depends(current_actor)]
DbDep = Annotated[Database, Depends(database)]


class NotAvailable(FaelledError):
    code = "not_available"
    status = 503


def _scope(actor: Actor, municipality: str | None) -> str | None:
    """The municipality a steward's list covers: their own, unless the operator names one."""
    if municipality:
        return resolve(municipality)
    return actor.municipality


# --- who am I -----------------------------------------------------------------------------------


@api.get("/me", summary="Hvem er jeg / who am I")
def me(request: Request, actor: ActorDep) -> dict[str, Any]:
    check(actor, "read", "me")
    return {
        "user": actor.user,
        "role": actor.role,
        "municipality": actor.municipality,
        "scopes": sorted(actor.scopes) if actor.scopes is not None else None,
        "csrf_token": csrf_token_for(request) if actor.scopes is None else None,
    }


# --- agreements ---------------------------------------------------------------------------------


class AgreementIn(BaseModel):
    municipality: str = Field(max_length=60)
    kind: Literal["tilslutningsaftale", "databehandleraftale"]
    signed: date
    valid_from: date | None = None
    valid_to: date | None = None
    domains: list[Domain] = Field(default_factory=list, max_length=10)
    processor: str = Field(default="", max_length=200)
    sub_processors: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=50
    )
    embargo_days: int = Field(default=0, ge=0, le=3650)


class EndIn(BaseModel):
    on: date


@api.get("/agreements", summary="Aftaler / agreements")
def agreements_list(
    actor: ActorDep, db: DbDep, municipality: str | None = Query(None, max_length=60)
) -> dict[str, Any]:
    values = [a.public() for a in list_agreements(db, actor, _scope(actor, municipality))]
    return {"values": values, "count": len(values)}


@api.post("/agreements", status_code=201, summary="Registrér en aftale / register an agreement")
def agreements_add(body: AgreementIn, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    agreement = add_agreement(
        db,
        actor,
        municipality=body.municipality,
        kind=body.kind,
        signed=body.signed,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        domains=[d.value for d in body.domains],
        processor=body.processor,
        sub_processors=body.sub_processors,
        embargo_days=body.embargo_days,
    )
    return agreement.public()


@api.post("/agreements/{agreement_id}/end", summary="Afslut en aftale / end an agreement")
def agreements_end(agreement_id: str, body: EndIn, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    return end_agreement(db, actor, agreement_id, body.on).public()


# --- audit log ----------------------------------------------------------------------------------


def _audit_scope(
    actor: Actor, municipality: str | None, action: Literal["read", "export"]
) -> str | None:
    scope = _scope(actor, municipality)
    check(actor, action, f"audit:{scope}" if scope else "audit")
    return scope


@api.get("/audit", summary="Audit-loggen / the audit log")
def audit_list(
    actor: ActorDep,
    db: DbDep,
    municipality: str | None = Query(None, max_length=60),
    event: str | None = Query(None, max_length=40),
    page: int = Query(1, ge=1, le=1_000_000),
    per_page: int = Query(100, ge=1, le=1000),
) -> dict[str, Any]:
    scope = _audit_scope(actor, municipality, "read")
    entries = AuditLog(db).entries(
        municipality=scope, event=event, limit=per_page, offset=(page - 1) * per_page
    )
    return {"values": [e.public() for e in entries], "count": len(entries), "page": page}


@api.get("/audit/export", summary="Eksportér audit-loggen / export the audit log")
def audit_export(
    actor: ActorDep,
    db: DbDep,
    format: Literal["csv", "json"] = "csv",
    municipality: str | None = Query(None, max_length=60),
) -> Response:
    scope = _audit_scope(actor, municipality, "export")
    log = AuditLog(db)
    entries = log.entries(municipality=scope, newest_first=False)
    log.record(actor, Export("audit", format, len(entries), municipality=scope))
    name = f"audit-{scope or 'all'}-{date.today().isoformat()}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "csv":
        return Response(log.export_csv(entries), media_type="text/csv", headers=headers)
    body = json.dumps([e.public() for e in entries], ensure_ascii=False)
    return Response(body, media_type="application/json", headers=headers)


# --- users and tokens ---------------------------------------------------------------------------


@api.get("/users", summary="Brugere / users")
def users_list(
    actor: ActorDep, db: DbDep, municipality: str | None = Query(None, max_length=60)
) -> dict[str, Any]:
    values = [u.public() for u in list_users(db, actor, _scope(actor, municipality))]
    return {"values": values, "count": len(values)}


class TokenIn(BaseModel):
    scopes: list[Literal["read", "export", "write", "admin"]] = Field(min_length=1, max_length=4)
    days: int = Field(default=90, ge=1, le=365)
    label: str = Field(default="", max_length=100)


@api.get("/tokens", summary="Mine API-tokens / my API tokens")
def tokens_list(actor: ActorDep, db: DbDep) -> dict[str, Any]:
    check(actor, "read", "tokens")
    values = [t.public() for t in list_tokens(db, actor, actor.user or "")]
    return {"values": values, "count": len(values)}


@api.post("/tokens", status_code=201, summary="Nyt API-token / a new API token (shown once)")
def tokens_add(body: TokenIn, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    check(actor, "write", "tokens")
    if actor.scopes is not None:
        raise Forbidden("Et token kan ikke udstede tokens / a token cannot issue tokens.")
    secret, info = issue_token(
        db, actor, actor.user or "", scopes=list(body.scopes), days=body.days, label=body.label
    )
    return {"token": secret, **info.public()}


@api.delete("/tokens/{token_id}", summary="Tilbagekald et token / revoke a token")
def tokens_revoke(token_id: str, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    check(actor, "write", "tokens")
    revoke_token(db, actor, token_id)
    return {"revoked": token_id}


# --- row-level data -----------------------------------------------------------------------------


@api.get("/rows/{dataset}/{municipality}", summary="Rækker (kun egen kommune) / row-level data")
def rows(
    dataset: str,
    municipality: str,
    actor: ActorDep,
    db: DbDep,
    request: Request,
    purpose: str = Query(..., min_length=5, max_length=500),
    format: Literal["json", "csv"] = "json",
    limit: int = Query(1000, ge=1, le=10_000),
    offset: int = Query(0, ge=0, le=100_000_000),
) -> Response:
    code = resolve(municipality)
    # The policy first: whether the dataset exists is itself no business of an outsider.
    check(actor, "export" if format == "csv" else "read", f"rows:{dataset}:{code}")
    contract = get_contract(dataset, request.app.state.settings)
    table = read_rows(
        db,
        actor,
        contract,
        code,
        purpose=purpose,
        limit=limit,
        offset=offset,
        export_format="csv" if format == "csv" else None,
    )
    records = table.to_pylist()
    if format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=table.column_names)
        writer.writeheader()
        writer.writerows(records)
        return Response(
            out.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{dataset}-{code}.csv"'},
        )
    body = {"values": records, "count": len(records), "dataset": dataset, "municipality": code}
    return Response(
        json.dumps(body, ensure_ascii=False, default=str), media_type="application/json"
    )


# --- data-subject access (GDPR art. 15) ---------------------------------------------------------


class SubjectIn(BaseModel):
    cpr: str = Field(min_length=10, max_length=20)


def pseudonymiser(request: Request) -> Pseudonymise:
    found: Pseudonymise | None = getattr(request.app.state, "pseudonymise", None)
    if found is None:
        from faelled.access.subject import installation_pseudonymiser

        found = installation_pseudonymiser(request.app.state.settings)
    if found is None:
        raise NotAvailable(
            "Pseudonymisering er ikke sat op i denne installation / pseudonymisation is not "
            "available in this installation.",
            hint="Indsigtsrapporten kræver indlæsningsmodulets nøgle (faelled ingest).",
        )
    return found


def _report(request: Request, actor: Actor, db: Database, cpr: str) -> dict[str, Any]:
    check(actor, "read", f"subject:{actor.municipality}")
    report = subject_access_report(
        db,
        actor,
        cpr,
        pseudonymise=pseudonymiser(request),
        contracts=list(load_contracts(request.app.state.settings).values()),
    )
    return report.public()


@api.post("/subject-access", summary="Indsigtsrapport (GDPR art. 15) / subject access report")
def subject_access(body: SubjectIn, request: Request, actor: ActorDep, db: DbDep) -> dict[str, Any]:
    # POST, so the CPR number is in the body: never in a URL, where proxies and logs keep it.
    return _report(request, actor, db, body.cpr)


# --- pages --------------------------------------------------------------------------------------


def _signed_in(actor: Actor) -> None:
    check(actor, "read", "me")


@pages.get("/forvaltning")
def steward_home(request: Request, actor: ActorDep) -> Response:
    _signed_in(actor)
    own = actor.municipality
    can = {
        "agreements": is_allowed(actor, "read", f"agreements:{own}" if own else "agreements"),
        "audit": is_allowed(actor, "read", f"audit:{own}" if own else "audit"),
        "subject": is_allowed(actor, "read", f"subject:{own}"),
    }
    return render(request, "steward.html", {"can": can})


@pages.get("/forvaltning/aftaler")
def agreements_page(request: Request, actor: ActorDep, db: DbDep) -> Response:
    scope = actor.municipality
    agreements = [a.public() for a in list_agreements(db, actor, scope)]
    can_write = is_allowed(actor, "write", f"agreements:{scope}" if scope else "agreements")
    return render(
        request,
        "agreements.html",
        {"agreements": agreements, "can_write": can_write, "domains": [d.value for d in Domain]},
    )


@pages.post("/forvaltning/aftaler")
def agreements_page_add(
    actor: ActorDep,
    db: DbDep,
    municipality: Annotated[str, Form(max_length=60)],
    kind: Annotated[str, Form(max_length=40)],
    signed: Annotated[date, Form()],
    domains: Annotated[list[str] | None, Form()] = None,
    processor: Annotated[str, Form(max_length=200)] = "",
    sub_processors: Annotated[str, Form(max_length=2000)] = "",
    embargo_days: Annotated[int, Form(ge=0, le=3650)] = 0,
) -> Response:
    add_agreement(
        db,
        actor,
        municipality=municipality,
        kind=kind,
        signed=signed,
        domains=domains or [],
        processor=processor,
        sub_processors=[s for s in sub_processors.split(",") if s.strip()],
        embargo_days=embargo_days,
    )
    return RedirectResponse("/forvaltning/aftaler", status_code=303)


@pages.post("/forvaltning/aftaler/{agreement_id}/afslut")
def agreements_page_end(agreement_id: str, actor: ActorDep, db: DbDep) -> Response:
    end_agreement(db, actor, agreement_id, date.today())
    return RedirectResponse("/forvaltning/aftaler", status_code=303)


@pages.get("/forvaltning/log")
def audit_page(
    request: Request,
    actor: ActorDep,
    db: DbDep,
    municipality: str | None = Query(None, max_length=60),
) -> Response:
    scope = _audit_scope(actor, municipality, "read")
    entries = [e.public() for e in AuditLog(db).entries(municipality=scope, limit=200)]
    return render(request, "audit.html", {"entries": entries, "municipality": scope})


@pages.get("/forvaltning/indsigt")
def subject_page(request: Request, actor: ActorDep) -> Response:
    check(actor, "read", f"subject:{actor.municipality}")
    return render(request, "subject.html", {"report": None, "error": None})


@pages.post("/forvaltning/indsigt")
def subject_page_report(
    request: Request,
    actor: ActorDep,
    db: DbDep,
    cpr: Annotated[str, Form(max_length=20)],
) -> Response:
    try:
        report = _report(request, actor, db, cpr)
    except Forbidden:
        raise
    except FaelledError as exc:
        return render(request, "subject.html", {"report": None, "error": exc.message}, exc.status)
    return render(request, "subject.html", {"report": report, "error": None})


@pages.post("/forvaltning/indsigt.json")
def subject_page_download(
    request: Request,
    actor: ActorDep,
    db: DbDep,
    cpr: Annotated[str, Form(max_length=20)],
) -> Response:
    report = _report(request, actor, db, cpr)
    name = f"indsigt-{report['subject'][:12]}-{date.today().isoformat()}.json"
    return Response(
        json.dumps(report, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
